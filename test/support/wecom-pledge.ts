/**
 * A whole Pledge that speaks WeCom: the real HTTP server (its /wecom/callback), the outbox
 * delivering through the WeCom adapter to the local stand-in of WeCom's API, and clicks on the
 * cards it sent, encrypted and signed as WeCom sends them (wecom-callbacks.ts).
 */
import { afterEach, beforeEach, expect } from 'vitest';
import { loadPledgeConfig, resolvePeople } from '../../src/config';
import type { WeComEnv } from '../../src/config/wecom-env';
import { WeComApi } from '../../src/wecom/api-client';
import { WeComChat } from '../../src/wecom/chat-port';
import { wecomIds } from '../../src/wecom/chat-ids';
import { WeComSender } from '../../src/wecom/sender';
import type { XmlFields } from '../../src/wecom/xml';
import type { TestDb } from './db';
import { startHarness, useHarness, type Harness, type HarnessOptions } from './pledge-harness';
import { cardClickXml, postCallback, WECOM_AES_KEY, WECOM_TOKEN } from './wecom-callbacks';
import { startWeComStandIn, WECOM_AGENT_ID, WECOM_CORP_ID, WECOM_SECRET, type WeComStandIn } from './wecom-stand-in';

export const PUBLIC_URL = new URL('https://pledge.example.cn/');
/** One group of WeCom members by UserID, its channel an app group chat (a chatid). */
export const WECOM_ONE_GROUP_YAML = `
locale: zh-CN
timezone: Asia/Shanghai
groups:
  - id: billing
    name: 账务组
    leader: wangwu
    members: [lisi]
    channel: wrkSFfCgAAxxxx
    categories: [billing]
`;

/** That configuration as Pledge reads it, people by UserID (no e-mail to look up). */
export const weComOneGroupConfig = () =>
  resolvePeople(loadPledgeConfig(WECOM_ONE_GROUP_YAML, 'test', wecomIds), () => Promise.reject(new Error('no e-mail in this config')), wecomIds);
export const MEMBERS = ['UFILER', 'UOWN1', 'UOWN2', 'UOWN3', 'ULEAD1', 'ULEAD2', 'USRV1', 'USUP1'];

export interface SentCard {
  touser: string;
  task_id: string;
  main_title: { title: string; desc?: string };
  sub_title_text?: string;
  quote_area?: { title?: string; quote_text: string };
  button_list: { text: string; key?: string; type?: number; url?: string; style: number }[];
}

export interface WeComPledge {
  h: Harness;
  wecom: WeComStandIn;
  /** The button cards delivered to `member`, oldest first. */
  cards(member: string): SentCard[];
  /** The text messages delivered to `member`. */
  texts(member: string): string[];
  /** Clicks `buttonText` on `card` as `member` (WeCom sends the callback; it is delivered). Returns the click's XML, to send again. */
  click(member: string, card: SentCard, buttonText: string): Promise<string>;
  /** Sends a callback again, as WeCom retries one it thinks unanswered, and delivers. */
  resend(xml: string): Promise<void>;
  /** update_template_card calls that WeCom accepted: a clicked card's buttons given way to words, or another card in its place. */
  updates(): { userids: string[]; response_code: string; button?: { replace_name: string }; template_card?: Omit<SentCard, 'touser'> }[];
  /** The cards that update_template_card put in place of a card `member` clicked, oldest first. */
  shown(member: string): SentCard[];
}

export function useWeComPledge(getDb: () => TestDb, options: HarnessOptions = {}): () => WeComPledge {
  let current: WeComPledge | undefined;
  let created = 0;
  beforeEach(async () => {
    let clock: Harness['clock'] | undefined;
    const wecom = await startWeComStandIn({ members: MEMBERS, now: () => clock?.now() ?? new Date('2026-11-30T02:00:00Z') });
    const env: WeComEnv = { corpId: WECOM_CORP_ID, agentId: WECOM_AGENT_ID, secret: WECOM_SECRET, token: WECOM_TOKEN, encodingAesKey: WECOM_AES_KEY, apiUrl: wecom.url };
    const h = await startHarness(getDb(), {
      ...options,
      publicUrl: PUBLIC_URL,
      wecom: { env },
      chat: {
        ids: wecomIds,
        create: ({ locale, timeZoneOf }) => {
          const api = new WeComApi({ corpId: env.corpId, secret: env.secret, apiUrl: env.apiUrl, clock: { now: () => clock!.now() } });
          const sender = new WeComSender(api, env.agentId, getDb().prisma, { now: () => clock!.now() });
          return new WeComChat(sender, locale, timeZoneOf, undefined, { corpId: env.corpId, agentId: env.agentId, publicUrl: PUBLIC_URL });
        },
      },
    });
    clock = h.clock;
    const seconds = () => Math.floor(h.clock.now().getTime() / 1000) + created;
    const send = async (xml: string) => {
      const res = await postCallback(h.baseUrl, xml, { timestamp: Math.floor(h.clock.now().getTime() / 1000), receiverId: WECOM_CORP_ID, agentId: WECOM_AGENT_ID });
      expect(res.status).toBe(200);
      await h.deliver();
    };
    current = {
      h,
      wecom,
      cards: (member) =>
        wecom.delivered.filter((d) => d.touser === member && d.msgtype === 'template_card').map((d) => ({ touser: member, ...(d.template_card as Omit<SentCard, 'touser'>) })),
      texts: (member) => wecom.delivered.filter((d) => d.touser === member && d.msgtype === 'text').map((d) => (d.text as { content: string }).content),
      async click(member, card, buttonText) {
        const button = card.button_list.find((b) => b.text === buttonText);
        expect(button?.key, `a button "${buttonText}" that calls back, on ${card.main_title.title}`).toBeDefined();
        // Two clicks in one second are two events to WeCom; CreateTime keeps them apart here.
        created++;
        const xml = cardClickXml(WECOM_CORP_ID, member, seconds(), WECOM_AGENT_ID, { eventKey: button!.key!, taskId: card.task_id, responseCode: wecom.clickCode() });
        await send(xml);
        return xml;
      },
      resend: send,
      updates: () => wecom.calls('message/update_template_card').filter((c) => c.errcode === 0).map((c) => c.body as never),
      shown: (member) =>
        current!
          .updates()
          .filter((u) => u.template_card && u.userids.includes(member))
          .map((u) => ({ touser: member, ...u.template_card! })),
    };
  });
  afterEach(async () => {
    await current?.h.stop();
    await current?.wecom.close();
    current = undefined;
    created = 0;
  });
  return () => {
    if (!current) throw new Error('no WeCom Pledge outside a test');
    return current;
  };
}

/**
 * A Pledge that takes WeCom's callbacks and only records what it is asked to act on (`acts`,
 * emptied before each test); WeCom's server API is never reached.
 */
export function useCallbackPledge(getDb: () => TestDb, wecom: Pick<NonNullable<HarnessOptions['wecom']>, 'gather'> = {}) {
  const acts: XmlFields[] = [];
  const env: WeComEnv = { corpId: WECOM_CORP_ID, agentId: WECOM_AGENT_ID, secret: WECOM_SECRET, token: WECOM_TOKEN, encodingAesKey: WECOM_AES_KEY, apiUrl: 'http://127.0.0.1:9/cgi-bin/' };
  const options: HarnessOptions = { wecom: { env, onCallback: async (message) => void acts.push(message), ...wecom } };
  const h = useHarness(getDb, options);
  beforeEach(() => {
    acts.length = 0;
  });
  const now = () => Math.floor(h.clock.now().getTime() / 1000);
  const ours = () => ({ timestamp: now(), receiverId: WECOM_CORP_ID, agentId: WECOM_AGENT_ID });
  return { h, acts, options, now, ours };
}
