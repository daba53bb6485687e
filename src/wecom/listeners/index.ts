/**
 * WeCom's callbacks, routed: each verified callback (delivered once by the outbox, kind
 * `wecom.callback`) goes to the one listener registered for its kind, which parses it, calls
 * one service and answers. The kind is `event:<Event>` for events (a card's button:
 * `event:template_card_event`; a menu item: `event:click`) and the MsgType for messages
 * (`text`). A kind nobody listens to is logged and dropped: WeCom sends many events (entering
 * the app, location) that ask nothing of Pledge.
 *
 * A listener that throws leaves the callback in the outbox to be tried again, so listeners
 * answer refusals in words (reply.ts) and throw only for what a retry may mend (the database).
 */
import type { CallbackHandler } from '../wecom';
import { callbackKey } from '../callback';
import { text, type XmlFields } from '../xml';
import { cardClick } from './card-click';
import type { WeComListener, WeComListenerContext } from './context';
import { onMenuClick } from './menu';
import { onText } from './text';

export type { WeComCallback, WeComListener, WeComListenerContext } from './context';

/** The listeners by callback kind (see routeOf). Register new ones here. */
export const LISTENERS: Readonly<Record<string, WeComListener>> = {
  text: onText,
  'event:click': onMenuClick,
  'event:template_card_event': cardClick,
};

/** The kind a callback is routed by: `event:<Event>` for events, otherwise its MsgType. */
export function routeOf(message: XmlFields): string {
  const type = text(message, 'MsgType') ?? '';
  return type === 'event' ? `event:${text(message, 'Event') ?? ''}` : type;
}

/** The handler createWeCom calls for each verified callback. */
export function weComListeners(ctx: WeComListenerContext, listeners: Readonly<Record<string, WeComListener>> = LISTENERS): CallbackHandler {
  return async (message, at) => {
    const route = routeOf(message);
    const listener = Object.hasOwn(listeners, route) ? listeners[route] : undefined;
    if (!listener) return ctx.log('info', `wecom callback: ${route || 'unknown'} received; nothing listens to it`);
    await listener(ctx, { message, from: text(message, 'FromUserName') ?? '', at, key: callbackKey(message) ?? '' });
  };
}
