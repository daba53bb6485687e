/**
 * The contract's person on WeCom, on a Pledge whose only platform is WeCom (no Slack settings):
 * they click the buttons of the cards they received (template_card_event callbacks, encrypted
 * and signed as WeCom sends them, to /wecom/callback), open the pages those cards and the app's
 * menu link to (through WeCom's OAuth at the stand-in's authorize page, then Pledge's own
 * pages), and read what the WeCom stand-in delivered to them and to their group's chat, as text.
 */
import { expect } from 'vitest';
import { FixedClock } from '../../../src/clock';
import { loadPledgeConfig, resolvePeople } from '../../../src/config';
import { createPledge } from '../../../src/pledge';
import { appLink, type AppLinkSettings, type AppPage } from '../../../src/wecom/app-links';
import { parseClick } from '../../../src/wecom/cards/keys';
import { wecomIds } from '../../../src/wecom/chat-ids';
import { MENU_KEYS } from '../../../src/wecom/listeners/menu';
import type { TestDb } from '../db';
import { WECOM_AES_KEY, WECOM_TOKEN } from '../wecom-callbacks';
import { WeComClient, type OpenedPage } from '../wecom-member';
import { startWeComStandIn, WECOM_AGENT_ID, WECOM_CORP_ID, WECOM_SECRET } from '../wecom-stand-in';
import { CONTRACT_CHATS, CONTRACT_MEMBERS, CONTRACT_YAML, FILING, type ChatDriver, type Decision, type Filed, type Filing } from './chat-driver';

const PUBLIC_URL = new URL('https://pledge.example.cn/');

interface Card {
  task_id: string;
  card_type: string;
  main_title?: { title?: string; desc?: string };
  sub_title_text?: string;
  quote_area?: { title?: string; quote_text?: string };
  horizontal_content_list?: { keyname?: string; value?: string }[];
  card_action?: { url?: string };
  jump_list?: { title?: string; url?: string }[];
  button_list?: { text: string; key?: string; type?: number; url?: string }[];
}

interface WeComButton {
  decision: Decision;
  target: string;
  /** A button that calls back carries a key; one that opens a page, its link. */
  key?: string;
  url?: string;
  card: Card;
}

/** What a card's button key names (src/wecom/cards/keys.ts), as a decision of the contract. */
function decisionOfKey(key: string): { decision: Decision; target: string } | undefined {
  const click = parseClick(key);
  switch (click?.verb) {
    case 'accept':
    case 'start_investigation':
    case 'withdraw':
      return { decision: click.verb, target: click.complaintId };
    // Withdraw asks "are you sure?" on the card first (src/wecom/cards/filer.ts); yes withdraws.
    case 'withdraw_confirmed':
      return { decision: 'withdraw', target: click.complaintId };
    case 'approve':
      return { decision: 'approve', target: click.approvalId };
    case 'escalation_approve':
      return { decision: 'escalation_approve', target: click.escalationId };
    case 'rate':
      return { decision: 'rate', target: click.complaintId };
    default:
      return undefined;
  }
}

/** What a page link names: a step page answering a request (`?request=`) or one on a complaint. */
function decisionOfLink(url: string): { decision: Decision; target: string } | undefined {
  const page = new URL(new URL(url).searchParams.get('redirect_uri') ?? url);
  const [, step] = /\/complaints\/[^/]+\/([a-z_]+)$/.exec(page.pathname) ?? [];
  if (step === 'approval_decline') return { decision: 'decline', target: page.searchParams.get('request') ?? '' };
  return undefined;
}

/** Markdown as a person reads it: without the bold marks. */
const readable = (markdown: string) => markdown.replace(/\*\*([^*]*)\*\*/g, '$1');

function cardAsText(card: Card): string {
  return [
    card.main_title?.title,
    card.main_title?.desc,
    card.quote_area?.title,
    card.quote_area?.quote_text,
    card.sub_title_text,
    ...(card.horizontal_content_list ?? []).map((h) => `${h.keyname ?? ''}: ${h.value ?? ''}`),
    ...(card.button_list ?? []).map((b) => `[${b.text}]`),
    ...(card.jump_list ?? []).map((j) => `[${j.title ?? ''}]`),
  ]
    .filter((s): s is string => !!s)
    .join('\n');
}

export async function startWeComDriver(db: TestDb, now?: Date): Promise<ChatDriver> {
  const clock = new FixedClock(now ?? new Date('2026-11-30T02:00:00Z'));
  const wecom = await startWeComStandIn({ members: CONTRACT_MEMBERS, chats: CONTRACT_CHATS, now: () => clock.now() });
  const config = await resolvePeople(loadPledgeConfig(CONTRACT_YAML, 'test', wecomIds), () => Promise.reject(new Error('no e-mail in this config')), wecomIds);
  const env = { corpId: WECOM_CORP_ID, agentId: WECOM_AGENT_ID, secret: WECOM_SECRET, token: WECOM_TOKEN, encodingAesKey: WECOM_AES_KEY, apiUrl: wecom.url };
  const pledge = await createPledge({
    wecom: { env, authorizeUrl: wecom.authorizeUrl },
    config,
    db,
    clock,
    publicUrl: PUBLIC_URL,
    log: () => {},
    // The tests drive delivery themselves (deliver()), so the poll never fires mid-test.
    outboxIntervalMs: 3_600_000,
    schedules: false,
  });
  const baseUrl = `http://127.0.0.1:${await pledge.start(0, '127.0.0.1')}`;
  const links: AppLinkSettings = { corpId: WECOM_CORP_ID, agentId: WECOM_AGENT_ID, publicUrl: PUBLIC_URL, authorizeUrl: wecom.authorizeUrl };
  const deliver = async () => {
    await pledge.outbox.idle();
    await pledge.dispatcher.drain();
  };

  // The members' WeCom client: card and menu clicks as callbacks, pages through OAuth.
  const client = new WeComClient({ baseUrl, wecom, clock });
  async function callback(send: () => Promise<unknown>): Promise<void> {
    await send();
    await deliver();
  }
  const open = (member: string, link: string) => client.open(member, link);
  /** Fills a page's form with its hidden fields and `fields`; the page must take it (303). */
  async function submitPage(opened: OpenedPage, fields: Record<string, string>) {
    await client.submit(opened, fields);
    await deliver();
  }

  const deliveredTo = (member: string) => wecom.delivered.filter((d) => d.touser === member);
  const updates = () => wecom.calls('message/update_template_card').filter((c) => c.errcode === 0);
  /** The cards a member has: those sent, and those an update put in place of one they clicked. */
  const cardsTo = (member: string) => [
    ...deliveredTo(member).filter((d) => d.msgtype === 'template_card').map((d) => d.template_card as Card),
    ...updates()
      .filter((c) => c.body?.template_card && (c.body.userids as string[]).includes(member))
      .map((c) => c.body!.template_card as Card),
  ];
  /** Cards answered by a click are updated (update_template_card): their buttons are gone. */
  const clickedCodes = new Map<string, Card>(); // response_code of a click -> the card clicked
  const answered = () => new Set(updates().map((c) => clickedCodes.get(String(c.body?.response_code))));

  function buttonsSeenBy(member: string): WeComButton[] {
    const done = answered();
    return cardsTo(member)
      .filter((card) => !done.has(card))
      .flatMap((card) =>
        (card.button_list ?? []).flatMap((b) => {
          const named = b.key ? decisionOfKey(b.key) : b.url ? decisionOfLink(b.url) : undefined;
          return named ? [{ ...named, ...(b.key && { key: b.key }), ...(b.url && { url: b.url }), card }] : [];
        }),
      );
  }

  function find(member: string, decision: Decision, target: string, key?: string): WeComButton {
    const button = buttonsSeenBy(member).find((b) => b.decision === decision && b.target === target && (!key || b.key === key));
    expect(button, `a ${decision} button for ${target} on a card ${member} received`).toBeDefined();
    return button!;
  }

  async function click(member: string, b: WeComButton): Promise<void> {
    expect(b.key, 'a button that calls back').toBeDefined();
    // The response_code WeCom puts in the click, good for one update of the clicked card.
    await callback(async () => clickedCodes.set(await client.clickCard(member, b.card.task_id, b.key!), b.card));
  }

  const stepPage = (complaintId: string, step: string, requestId?: string) => appLink(links, { page: 'step', complaintId, step, ...(requestId && { requestId }) } as AppPage);

  return {
    platform: 'wecom',
    pledge,
    db,
    clock,

    async file(filerId, filing: Partial<Filing> = {}): Promise<Filed> {
      // 登记投诉 in the app's menu: WeCom sends the click; Pledge answers with a card opening the form.
      await callback(() => client.clickMenu(filerId, MENU_KEYS.file));
      const answer = cardsTo(filerId).at(-1);
      expect(answer?.card_action?.url, 'a card that opens the filing form').toBeDefined();
      const form = await open(filerId, answer!.card_action!.url!);
      await submitPage(form, { ...FILING, ...filing });
      const row = await db.prisma.complaint.findFirstOrThrow({ where: { filerId }, orderBy: { seq: 'desc' } });
      return { id: row.id, reference: row.reference, ownerId: row.ownerId };
    },
    async accept(member, c) {
      await click(member, find(member, 'accept', c.id));
    },
    async press(member, step, c) {
      await click(member, find(member, step, c.id));
      // The card asks "are you sure?" in its place, as Slack's button does before it sends: yes.
      if (step === 'withdraw') await click(member, find(member, step, c.id));
    },
    async act(member, c, typed) {
      const fields: Record<string, string> = typed.step === 'resolve' ? { text: typed.text, basis: typed.basis } : { text: typed.text };
      await submitPage(await open(member, stepPage(c.id, typed.step)), fields);
    },
    async answerApproval(member, approvalId, answer) {
      if ('approve' in answer) return click(member, find(member, 'approve', approvalId));
      const b = find(member, 'decline', approvalId);
      await submitPage(await open(member, b.url!), { text: answer.decline });
    },
    async takeOverEscalation(member, escalationId, note) {
      find(member, 'escalation_approve', escalationId);
      const escalation = await db.prisma.escalation.findUniqueOrThrow({ where: { id: escalationId } });
      // Taking over with a note needs words: the step's page (a click alone takes it without one).
      await submitPage(await open(member, stepPage(escalation.complaintId, 'escalation_approve', escalationId)), { take: 'self', note });
    },
    async rate(member, c, rating, comment) {
      find(member, 'rate', c.id, `rate:${rating}:${c.id}`);
      // A rating with a comment: the follow-up's page (a click alone records the rating without one).
      await submitPage(await open(member, stepPage(c.id, 'survey')), { rating: String(rating), text: comment });
    },

    deliver,

    messagesTo: (member) =>
      deliveredTo(member).map((d) => {
        if (d.msgtype === 'template_card') return cardAsText(d.template_card as Card);
        return readable(String((d[String(d.msgtype)] as { content?: string } | undefined)?.content ?? ''));
      }),
    groupChat: (chat = 'CBILLING') => wecom.posted.filter((p) => p.to === `chat:${chat}`).map((p) => readable(String((p.body.markdown as { content?: string } | undefined)?.content ?? ''))),
    buttonsFor: (member) => buttonsSeenBy(member).map(({ decision, target }) => ({ decision, target })),

    async stop() {
      await pledge.stop();
      await wecom.close();
    },
  };
}
