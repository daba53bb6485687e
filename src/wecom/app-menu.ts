/**
 * The app's menu (自定义菜单) in WeCom's chat with the app: 登记投诉 opens the filing form and
 * 我的投诉 the member's own page, each a `view` item whose link goes through WeCom's OAuth
 * (appLink), so a tap opens the page at once. Pledge sets it at start-up with menu/create,
 * which replaces the app's whole menu: every start (and every replica) sets the same one, so
 * nothing needs comparing first. WeCom allows the app's own Secret to set its menu; where an
 * admin keeps the menu by hand, WECOM_MENU=off leaves it alone (the `click` items of
 * listeners/menu.ts still answer). A refusal stops start-up with one line that says what to do.
 */
import { ConfigError } from '../config/config-error';
import { t, type Locale } from '../i18n';
import { WeComApiError, type WeComApi } from './api-client';
import { appLink, type AppLinkSettings } from './app-links';

export interface ViewItem {
  type: 'view';
  name: string;
  url: string;
}

/** The menu/create body: the two pages, named in the team's language. */
export function appMenu(locale: Locale, links: AppLinkSettings): { button: ViewItem[] } {
  return {
    button: [
      { type: 'view', name: t(locale, 'wecom.menu.file'), url: appLink(links, { page: 'file' }) },
      { type: 'view', name: t(locale, 'wecom.menu.mine'), url: appLink(links, { page: 'mine' }) },
    ],
  };
}

/** Sets the menu; a refusal (or WeCom out of reach) is a ConfigError of one line. */
export async function setAppMenu(api: WeComApi, agentId: number, menu: { button: ViewItem[] }): Promise<void> {
  try {
    await api.post('menu/create', menu, { agentid: String(agentId) });
  } catch (error) {
    const why = error instanceof WeComApiError ? `errcode ${error.errcode} ${error.errmsg}` : String(error instanceof Error ? error.message : error);
    throw new ConfigError(
      `WeCom refused the app's menu (menu/create): ${why}. Check the app's Secret, its trusted IP (企业可信IP) and that it may set its own menu, or set WECOM_MENU=off and keep the menu by hand in the admin console (README, "Run it on WeCom").`,
    );
  }
}
