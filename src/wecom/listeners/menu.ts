/**
 * A menu's `click` items for 登记投诉 and 我的投诉, for a menu an admin keeps by hand
 * (WECOM_MENU=off; Pledge's own menu, app-menu.ts, opens the pages with `view` items). WeCom
 * sends the member's click as an event carrying the item's key; the answer is a card that opens
 * the page.
 */
import { text } from '../xml';
import type { WeComListener } from './context';
import { pageLinkMessage, type LinkedPage } from './page-link';
import { reply } from './reply';

/** The menu items' keys (EventKey), as menu/create was given them. */
export const MENU_KEYS: Readonly<Record<LinkedPage, string>> = { file: 'pledge_file', mine: 'pledge_mine' };

/** The menu/create body for the app: both items as clicks; see README for `view` items that open the pages at once. */
export function appMenu(names: Readonly<Record<LinkedPage, string>>): { button: { type: 'click'; name: string; key: string }[] } {
  return { button: (['file', 'mine'] as const).map((page) => ({ type: 'click', name: names[page], key: MENU_KEYS[page] })) };
}

export const onMenuClick: WeComListener = async (ctx, callback) => {
  const key = text(callback.message, 'EventKey') ?? '';
  const page = (Object.keys(MENU_KEYS) as LinkedPage[]).find((p) => MENU_KEYS[p] === key);
  // A menu item of another version of the menu: nothing to answer.
  if (!page) return ctx.log('info', `wecom menu: a click on an unknown item (${key.slice(0, 40)}) ignored`);
  await reply(ctx, callback, pageLinkMessage(ctx.locale, ctx.links, page));
};
