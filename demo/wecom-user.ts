/**
 * A member of the demo's imaginary WeCom organisation: taps the app's menu, clicks the buttons
 * of the cards the app actually sent them, and fills in the pages inside WeCom those cards link
 * to, through their WeCom client (test/support/wecom-member.ts: callbacks encrypted and signed as
 * WeCom sends them, pages through WeCom's OAuth). Nothing here knows Pledge's rules; a click or a
 * page the bot refuses stops the demo, as a refused Slack form does.
 */
import { DateTime } from 'luxon';
import { parseClick, type Click } from '../src/wecom/cards/keys';
import { MENU_KEYS } from '../src/wecom/listeners/menu';
import type { OpenedPage, WeComClient } from '../test/support/wecom-member';
import type { WeComStandIn } from '../test/support/wecom-stand-in';
import type { ChatUser, Filing, TypedStep } from './chat-user';
import { sectionText, type WeComPrinter } from './wecom-printer';

export interface WeComWorld {
  client: WeComClient;
  wecom: WeComStandIn;
  printer: WeComPrinter;
  /** The group's zone: a page's date and time are typed in it. */
  timeZone: string;
  /** Waits until the bot has finished answering and delivering. */
  settle(): Promise<void>;
}

interface Card {
  task_id: string;
  main_title?: { title?: string; desc?: string };
  card_action?: { url?: string };
  button_list?: { text: string; key?: string; url?: string; type?: number }[];
}

/** The step a link opens: the last part of its page's path (app-links.ts). */
function stepOf(link: string): string | undefined {
  const page = new URL(link).searchParams.get('redirect_uri') ?? link;
  return /\/complaints\/[^/?#]+\/([a-z_]+)(?:[?#]|$)/.exec(page)?.[1];
}

export class WeComUser implements ChatUser {
  /** Cards clicked: updated since, they show the decision and no buttons. */
  private readonly clicked = new Set<string>();

  constructor(
    readonly id: string,
    private readonly w: WeComWorld,
  ) {}

  /**
   * 登记投诉 in the app's menu: the `view` item Pledge set at start-up opens the form inside
   * WeCom; a menu kept by hand with `click` items (WECOM_MENU=off) is answered with a card that does.
   */
  async file(f: Filing): Promise<void> {
    const form = await this.open(this.menuLink('file') ?? (await this.menuAnswer()));
    const { customerName = '', customerContact = '', ...rest } = f;
    await this.send(form, { ...rest, customerName, customerContact });
  }

  accept(reference: string): Promise<void> {
    return this.click(reference, (c) => c.verb === 'accept');
  }

  startInvestigation(reference: string): Promise<void> {
    return this.click(reference, (c) => c.verb === 'start_investigation');
  }

  async act(reference: string, typed: TypedStep): Promise<void> {
    const fields: Record<string, string> = { text: typed.text };
    if (typed.step === 'request_extension') fields.due = DateTime.fromJSDate(typed.due, { zone: this.w.timeZone }).toFormat("yyyy-MM-dd'T'HH:mm");
    if (typed.step === 'resolve') {
      fields.basis = typed.basis;
      if (typed.delivery) fields.delivery = typed.delivery;
    }
    await this.send(await this.openStep(reference, typed.step), fields);
  }

  async answerInfo(reference: string, text: string): Promise<void> {
    await this.send(await this.openStep(reference, 'answer_info'), { text });
  }

  approve(reference: string): Promise<void> {
    return this.click(reference, (c) => c.verb === 'approve');
  }

  /** Take on escalation, a click: the complaint stays with its handler. */
  takeEscalation(reference: string): Promise<void> {
    return this.click(reference, (c) => c.verb === 'escalation_approve');
  }

  consent(reference: string): Promise<void> {
    return this.click(reference, (c) => c.verb === 'consent_agree');
  }

  /** On WeCom the follow-up card rates with one click; a comment would need its page, unused here. */
  rate(reference: string, rating: number): Promise<void> {
    return this.click(reference, (c) => c.verb === 'rate' && c.rating === rating);
  }

  /** The page a `view` item of the app's menu opens, as Pledge last set the menu (menu/create). */
  private menuLink(page: 'file' | 'mine'): string | undefined {
    const set = this.w.wecom.calls('menu/create').filter((c) => c.errcode === 0).at(-1)?.body as { button?: { type?: string; url?: string }[] } | undefined;
    return set?.button?.find((b) => b.type === 'view' && b.url && new URL(new URL(b.url).searchParams.get('redirect_uri') ?? b.url).pathname.endsWith(`/${page}`))?.url;
  }

  /** A click on the menu's 登记投诉 `click` item: the app answers with a card that opens the form. */
  private async menuAnswer(): Promise<string> {
    await this.w.client.clickMenu(this.id, MENU_KEYS.file);
    await this.w.settle();
    const link = this.cards().at(-1)?.card_action?.url;
    if (!link) throw new Error(`the app answered ${this.id}'s 登记投诉 without a link to the form`);
    return link;
  }

  /** The cards the app sent this member, oldest first. */
  private cards(): Card[] {
    return this.w.wecom.delivered.filter((d) => d.touser === this.id && d.msgtype === 'template_card').map((d) => d.template_card as Card);
  }

  /** Their cards about the complaint, newest first; clicked ones only with `clicked`. */
  private about(reference: string, { clicked = false } = {}): Card[] {
    return this.cards()
      .filter((c) => c.main_title?.title?.startsWith(`${reference} ·`) && (clicked || !this.clicked.has(c.task_id)))
      .reverse();
  }

  /** The text messages the app sent them: on a click, only a refusal. */
  private texts(): string[] {
    return this.w.wecom.delivered.filter((d) => d.touser === this.id && d.msgtype === 'text').map((d) => String((d.text as { content?: string }).content));
  }

  private async click(reference: string, wanted: (click: Click) => boolean): Promise<void> {
    for (const card of this.about(reference)) {
      const button = card.button_list?.find((b) => {
        const click = b.key ? parseClick(b.key) : undefined;
        return click !== undefined && wanted(click);
      });
      if (!button) continue;
      const before = this.texts().length;
      const code = await this.w.client.clickCard(this.id, card.task_id, button.key!);
      this.clicked.add(card.task_id);
      this.w.printer.clicking(code, this.id, card);
      await this.w.settle();
      const refused = this.texts().slice(before);
      if (refused.length) throw new Error(`${this.id}'s click on "${button.text}" was refused: ${refused.join(' / ')}`);
      return;
    }
    throw new Error(`no card about ${reference} offers ${this.id} that button`);
  }

  /**
   * The step's page: from a button on their newest card that has it, or else (a card holds six
   * buttons) from the complaint's page in WeCom, which lists every step open to them.
   */
  private async openStep(reference: string, step: string): Promise<OpenedPage> {
    for (const card of this.about(reference)) {
      const button = card.button_list?.find((b) => b.url && stepOf(b.url) === step);
      if (button) return this.open(button.url!);
    }
    const tap = this.about(reference, { clicked: true }).find((c) => c.card_action?.url)?.card_action?.url;
    if (!tap) throw new Error(`no card about ${reference} leads ${this.id} to its page`);
    const complaint = await this.w.client.open(this.id, tap);
    const href = [...complaint.body.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]!).find((h) => stepOf(new URL(h, complaint.url).toString()) === step);
    if (!href) throw new Error(`the page of ${reference} offers ${this.id} no ${step}`);
    const url = new URL(href, complaint.url).toString();
    const page = await complaint.browser.get(url);
    return this.shown({ browser: complaint.browser, url, body: page.body });
  }

  private async open(link: string): Promise<OpenedPage> {
    return this.shown(await this.w.client.open(this.id, link));
  }

  /** Prints the page they see; a page that refuses them before anything is typed stops the demo. */
  private shown(page: OpenedPage): OpenedPage {
    this.w.printer.wecomPage(this.id, page.body);
    const refusal = sectionText(page.body, 'error');
    if (refusal) throw new Error(`${this.id} was refused the page: ${refusal}`);
    return page;
  }

  /** Sends the page's form and reads the page it leads to; settles what it set off. */
  private async send(page: OpenedPage, fields: Record<string, string>): Promise<void> {
    const answer = await this.w.client.submit(page, fields);
    const refusal = sectionText(answer.body, 'error');
    if (refusal) throw new Error(`${this.id}'s form was refused: ${refusal}`);
    this.w.printer.pageAnswer(answer.body);
    await this.w.settle();
  }
}
