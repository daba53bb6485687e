/** Prints what each person saw since the last look: posts, DMs, thread lines, forms, ephemerals. */
import { formatDateTime, type Locale } from '../src/i18n';
import type { SlackStandIn } from '../test/support/slack-stand-in';
import { say } from './narration';
import { blocksAsText, plainText } from '../test/support/message-text';
import type { Inbox } from './inbox';

export const NAMES: Record<string, string> = { UALICE: 'Alice', UBOB: 'Bob', UCAROL: 'Carol', UDANA: 'Dana', CBILLING: 'billing' };
const nameOf = (id: string) => NAMES[id] ?? NAMES[id.replace(/^D/, '')] ?? id;

export class Printer {
  private cursor = 0;
  constructor(
    private readonly standIn: SlackStandIn,
    private readonly locale: Locale,
    private readonly write: (line: string) => void,
    /** The outside customers' SMS and e-mail, printed after what Slack showed. */
    private readonly inbox?: Inbox,
  ) {}

  /** What an outside customer reads on their complaint page. */
  page(who: string, lines: readonly string[]): void {
    this.write(`\n- ${say(this.locale, 'seen_page', { who })}${say(this.locale, 'colon')}`);
    for (const line of lines) this.write(`    ${line}`);
  }

  time(at: Date): void {
    this.write(`\n## ${formatDateTime(this.locale, at, 'Asia/Shanghai')}`);
  }

  /** Everything the bot sent since the last call, one block per message, and who saw it. */
  flush(actor?: string): void {
    const calls = this.standIn.calls.slice(this.cursor);
    this.cursor = this.standIn.calls.length;
    const s = (k: Parameters<typeof say>[1], p: Record<string, string> = {}) => say(this.locale, k, p);
    for (const call of calls) {
      const a = call.args;
      const channel = String(a.channel ?? '');
      let heading: string | undefined;
      switch (call.method) {
        case 'chat.postMessage':
          heading = /^[UWD]/.test(channel)
            ? s('seen_dm', { who: nameOf(channel) })
            : s(a.thread_ts ? 'seen_thread' : 'seen_channel', { channel: nameOf(channel) });
          break;
        case 'chat.update':
          heading = /^D/.test(channel) ? `${s('dm_updated', { who: nameOf(channel) })}` : s('updated', { channel: nameOf(channel) });
          break;
        case 'chat.postEphemeral':
          heading = s('seen_privately', { who: nameOf(String(a.user)) });
          break;
        case 'response_url':
          heading = s('seen_privately', { who: nameOf(String(a._path).split('/').pop() ?? '') });
          break;
        case 'views.open':
          heading = s('seen_modal', { who: nameOf(actor ?? '') });
          break;
        case 'views.publish':
          this.write(`  (${s('home', { who: nameOf(String(a.user_id)) })})`);
          continue;
        default:
          continue;
      }
      const view = a.view as { title?: { text?: string }; blocks?: unknown } | undefined;
      const body = call.method === 'views.open' ? [`«${view?.title?.text ?? ''}»`, ...blocksAsText(view?.blocks, { names: nameOf })] : blocksAsText(a.blocks, { names: nameOf });
      this.write(`\n- ${heading}${s('colon')}`);
      for (const line of body.length ? body : [plainText(String(a.text ?? ''), { names: nameOf })]) this.write(`    ${line}`);
    }
    for (const m of this.inbox?.take() ?? []) {
      this.write(`\n- ${s(m.via === 'sms' ? 'seen_sms' : 'seen_email', { who: m.who })}${s('colon')}`);
      for (const line of m.lines) this.write(line.trim() ? `    ${line}` : '');
    }
  }
}
