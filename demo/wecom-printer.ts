/**
 * Prints what each person saw in WeCom since the last look, in the order WeCom's API took it:
 * the app's menu, its cards (their text and buttons) and messages, the group chat's markdown, a
 * clicked card once it shows the decision, and the pages people opened inside WeCom.
 */
import type { Locale } from '../src/i18n';
import { cardAsText } from '../test/support/wecom-card-text';
import type { WeComStandIn } from '../test/support/wecom-stand-in';
import { pageAsText } from './complainant';
import type { Inbox } from './inbox';
import { PrinterBase } from './printer';

type Obj = Record<string, unknown>;
type TemplateCard = Parameters<typeof cardAsText>[0] & { jump_list?: { title?: string }[] };

export class WeComPrinter extends PrinterBase {
  private cursor = 0;
  /** The cards clicked, by the click's response_code: an update names only the code. */
  private readonly clicked = new Map<string, { member: string; card: TemplateCard }>();

  constructor(
    private readonly wecom: WeComStandIn,
    /** People and group chats by their WeCom ids, as the story names them. */
    private readonly names: Readonly<Record<string, string>>,
    locale: Locale,
    write: (line: string) => void,
    inbox?: Inbox,
  ) {
    super(locale, write, inbox, 'wecom');
  }

  private nameOf = (id: string) => this.names[id] ?? id;

  /** A click is about to be sent: the card it updates is this one. */
  clicking(responseCode: string, member: string, card: TemplateCard): void {
    this.clicked.set(responseCode, { member, card });
  }

  /** A page a member opened inside WeCom (what arrived before it is printed first). */
  wecomPage(who: string, html: string): void {
    this.flush();
    this.block(this.s('seen_wecom_page', { who: this.nameOf(who) }), wecomPageAsText(html));
  }

  /** What the page said once the form was sent: its outcome line. */
  pageAnswer(html: string): void {
    this.flush();
    const flash = sectionText(html, 'flash');
    if (flash) this.block(this.s('wecom_page_answer'), [flash]);
  }

  flush(): void {
    const calls = this.wecom.received.slice(this.cursor);
    this.cursor = this.wecom.received.length;
    for (const call of calls) {
      if (call.errcode !== 0 || !call.body) continue;
      const b = call.body;
      switch (call.path) {
        case 'message/send': {
          const who = this.nameOf(String(b.touser));
          if (b.msgtype === 'template_card') this.block(this.s('seen_card', { who }), cardLines(b.template_card as TemplateCard));
          else this.block(this.s('seen_app_message', { who }), markdownLines(String((b[String(b.msgtype)] as Obj | undefined)?.content ?? '')));
          break;
        }
        case 'appchat/send':
        case 'webhook/send': {
          const group = this.nameOf(call.path === 'appchat/send' ? String(b.chatid) : 'robot');
          this.block(this.s('seen_group_chat', { group }), markdownLines(String((b.markdown as Obj | undefined)?.content ?? (b.text as Obj | undefined)?.content ?? '')));
          break;
        }
        case 'menu/create': {
          const items = ((b.button as { name?: string }[] | undefined) ?? []).map((item) => `[${item.name ?? ''}]`);
          this.block(this.s('seen_menu'), [items.join(' ')]);
          break;
        }
        case 'message/update_template_card': {
          const clicked = this.clicked.get(String(b.response_code));
          const label = String((b.button as Obj | undefined)?.replace_name ?? '');
          this.block(this.s('card_updated', { who: this.nameOf(clicked?.member ?? '') }), [`== ${clicked?.card.main_title?.title ?? ''} ==`, this.s('card_decided', { label })]);
          break;
        }
      }
    }
    this.flushInbox();
  }
}

/** A card as the member reads it: no keys, no links; a notice card's link as [its title]. */
function cardLines(card: TemplateCard): string[] {
  const jumps = (card.jump_list ?? []).map((j) => `[${j.title ?? ''}]`).join(' ');
  return [...cardAsText(card, (s) => s, { plumbing: false }).split('\n'), jumps].filter((l) => l.trim());
}

/** WeCom markdown as it arrives, but for the OAuth links, which say only where they go. */
function markdownLines(markdown: string): string[] {
  return markdown
    .replace(/\[([^\]]*)\]\((https?:[^)]*)\)/g, '[$1](…)')
    .split('\n')
    .filter((l) => l.trim());
}

/** A page inside WeCom as text: without the app's navigation, choices of a list as (option). */
export function wecomPageAsText(html: string): string[] {
  const plain = html
    .replace(/<nav[\s\S]*?<\/nav>/g, '')
    .replace(/<option value="">[\s\S]*?<\/option>/g, '')
    .replace(/<option[^>]*>([\s\S]*?)<\/option>/g, ' ($1)');
  return pageAsText(plain, { full: true });
}

/** The text of a page's section of that class (flash: what was done; error: a refusal). */
export function sectionText(html: string, kind: 'flash' | 'error'): string | undefined {
  const inner = new RegExp(`<section class="${kind}"[^>]*>([\\s\\S]*?)</section>`).exec(html)?.[1];
  return inner?.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
}
