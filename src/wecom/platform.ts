/**
 * What a Pledge on WeCom runs on: the callback, its listeners, the pages inside WeCom, the app's
 * menu and the dispatcher's WeCom adapter. createPledge imports this module only where WeCom is
 * configured, so a Slack deployment never loads it (issue 15, point 4: memory at rest).
 */
import type { Clock } from '../clock';
import type { Locale } from '../i18n';
import { weComLinks } from './app-links';
import { WeComChat } from './chat-port';
import { WeComGroupChat, type GroupChatDeps } from './group-chat';
import type { WeCom } from './wecom';

export { weComLinks } from './app-links';
export { appMenu, setAppMenu } from './app-menu';
export { weComListeners } from './listeners';
export { weComPageRoutes } from './pages/routes';
export { createWeCom } from './wecom';

/** WeCom's adapter: members' DMs through the app, the groups' chats through appchat or their robots. */
export function weComChat(
  wecom: WeCom,
  settings: { env: { corpId: string; agentId: number; apiUrl: string }; authorizeUrl?: string; robotKeys?: ReadonlyMap<string, string> },
  deps: { prisma: GroupChatDeps['prisma']; clock: Clock; locale: Locale; publicUrl?: URL; timeZoneOf(groupId: string): string },
): WeComChat {
  const groups = new WeComGroupChat({
    api: wecom.api,
    apiUrl: settings.env.apiUrl,
    robotKeys: settings.robotKeys ?? new Map(),
    prisma: deps.prisma,
    clock: deps.clock,
    locale: deps.locale,
    timeZoneOf: deps.timeZoneOf,
    ...weComLinks(settings.env, deps.publicUrl),
  });
  return new WeComChat(wecom.sender, deps.locale, deps.timeZoneOf, groups, weComLinks(settings.env, deps.publicUrl, settings.authorizeUrl).links);
}
