/**
 * WeCom's parts as the composition root mounts them: the callback route on the HTTP server, and
 * the outbox kinds WeCom code delivers itself (`wecom.callback`: a verified callback to act on;
 * `wecom.message`: a message to one member). The chat port's adapter builds on these.
 */
import type { MessageRef } from '../chat/port';
import type { Clock } from '../clock';
import type { WeComEnv } from '../config/wecom-env';
import type { ClaimedMessage } from '../db/outbox';
import type { Store } from '../db/tx';
import { WeComApi } from './api-client';
import { CALLBACK_KIND, weComCallbackRoute, type CallbackDeps, type CallbackRoute } from './callback';
import type { CardMessage, WeComMessage } from './messages';
import { WeComSender } from './sender';
import type { XmlFields } from './xml';

export const MESSAGE_KIND = 'wecom.message';
/**
 * A clicked card shown decided (payload: responseCode, label) or replaced by another card (payload:
 * responseCode, card: a template_card); keyed on the click's response_code, so once.
 */
export const CARD_UPDATE_KIND = 'wecom.card.update';

/** Acts on one verified callback, once (the outbox delivers each callback's row once). */
export type CallbackHandler = (message: XmlFields, at: Date) => Promise<void>;

export interface WeComDeps {
  env: WeComEnv;
  prisma: Store;
  clock: Clock;
  log: (level: 'info' | 'warn' | 'error', message: string) => void;
  queued?: () => void;
  /** Marks a callback being answered, so deliveries wait for it (chat/answers-first.ts). */
  answering?: () => () => void;
  onCallback?: CallbackHandler;
  windowSeconds?: number;
  gather?: CallbackDeps['gather'];
}

export interface WeCom {
  api: WeComApi;
  sender: WeComSender;
  route: CallbackRoute;
  kinds: Record<string, (message: ClaimedMessage, now: Date) => Promise<MessageRef | void>>;
}

export function createWeCom(deps: WeComDeps): WeCom {
  const { env, prisma, clock, log } = deps;
  const api = new WeComApi({ corpId: env.corpId, secret: env.secret, apiUrl: env.apiUrl, clock });
  const sender = new WeComSender(api, env.agentId, prisma, clock);
  const route = weComCallbackRoute({
    keys: { token: env.token, encodingAesKey: env.encodingAesKey, corpId: env.corpId },
    agentId: env.agentId,
    prisma,
    clock,
    log,
    ...(deps.queued && { queued: deps.queued }),
    ...(deps.answering && { answering: deps.answering }),
    ...(deps.windowSeconds !== undefined && { windowSeconds: deps.windowSeconds }),
    ...(deps.gather && { gather: deps.gather }),
  });
  return {
    api,
    sender,
    route,
    kinds: {
      [CALLBACK_KIND]: async (row, now) => {
        const message = row.payload.message as XmlFields;
        if (deps.onCallback) return deps.onCallback(message, now);
        // Nothing acts on callbacks until the WeCom adapter's listeners exist (issue 14, points 4-5).
        log('info', `wecom callback: ${String(message.MsgType ?? '')} ${String(message.Event ?? '')} received; no handler yet`);
      },
      [MESSAGE_KIND]: async (row) => {
        const sent = await sender.toMember(row.target, row.payload.message as WeComMessage);
        return { channel: row.target, id: sent.msgid };
      },
      [CARD_UPDATE_KIND]: async (row) => {
        const { responseCode, label, card } = row.payload as { responseCode: string; label?: string; card?: CardMessage['template_card'] };
        await sender.updateCard(row.target, responseCode, card ? { card } : { label: String(label) });
      },
    },
  };
}
