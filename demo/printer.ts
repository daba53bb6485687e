/** Prints what each person saw since the last look: posts, DMs, thread lines, forms, ephemerals. */
import { formatDateTime, type Locale } from '../src/i18n';
import type { SlackStandIn } from '../test/support/slack-stand-in';
import { say, type NarrationKey } from './narration';
import { blocksAsText, plainText } from '../test/support/message-text';
import type { DemoPrinter, Platform } from './chat-user';
import type { Inbox } from './inbox';

/** What every platform's printer shares: the time, the outside customers' messages and pages. */
export abstract class PrinterBase implements DemoPrinter {
  constructor(
    protected readonly locale: Locale,
    protected readonly write: (line: string) => void,
    /** The outside customers' SMS and e-mail, printed after what the chat showed. */
    private readonly inbox: Inbox | undefined,
    private readonly platform: Platform,
  ) {}

  abstract flush(actor?: string): void;

  protected s(key: NarrationKey, params: Record<string, string> = {}): string {
    return say(this.locale, key, params, this.platform);
  }

  /** One thing someone saw: who and where, then its lines indented. */
  protected block(heading: string, lines: readonly string[]): void {
    this.write(`\n- ${heading}${this.s('colon')}`);
    for (const line of lines) this.write(line.trim() ? `    ${line}` : '');
  }

  /** What an outside customer reads on their complaint page. */
  page(who: string, lines: readonly string[]): void {
    this.write(`\n- ${this.s('seen_page', { who })}${this.s('colon')}`);
    for (const line of lines) this.write(`    ${line}`);
  }

  time(at: Date): void {
    this.write(`\n## ${formatDateTime(this.locale, at, 'Asia/Shanghai')}`);
  }

  /** The SMS and e-mail that reached the outside customers since the last look. */
  protected flushInbox(): void {
    for (const m of this.inbox?.take() ?? []) this.block(this.s(m.via === 'sms' ? 'seen_sms' : 'seen_email', { who: m.who }), m.lines);
  }
}

export const NAMES: Record<string, string> = { UALICE: 'Alice', UBOB: 'Bob', UCAROL: 'Carol', UDANA: 'Dana', CBILLING: 'billing' };
const nameOf = (id: string) => NAMES[id] ?? NAMES[id.replace(/^D/, '')] ?? id;

export class Printer extends PrinterBase {
  private cursor = 0;
  constructor(
    private readonly standIn: SlackStandIn,
    locale: Locale,
    write: (line: string) => void,
    inbox?: Inbox,
  ) {
    super(locale, write, inbox, 'slack');
  }

  /** Everything the bot sent since the last call, one block per message, and who saw it. */
  flush(actor?: string): void {
    const calls = this.standIn.calls.slice(this.cursor);
    this.cursor = this.standIn.calls.length;
    const s = (k: NarrationKey, p: Record<string, string> = {}) => this.s(k, p);
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
    this.flushInbox();
  }
}
