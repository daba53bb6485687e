/**
 * Links to Pledge's own pages inside WeCom (the filing form, 我的投诉, a step that needs typed
 * input, a complaint). WeCom opens them in its built-in browser through OAuth (snsapi_base), so
 * the page learns who the member is from WeCom, never from the link: a link forwarded to
 * someone else identifies that someone else. Each path is under APP_PREFIX and relative to
 * PLEDGE_PUBLIC_URL, which must be on the app's trusted domain (可信域名).
 */
export const APP_PREFIX = '/wecom/app';

/** The pages a link can open; `step` names a lifecycle action that needs typed input. */
export type AppPage =
  | { page: 'file' }
  | { page: 'mine' }
  | { page: 'complaint'; complaintId: string }
  | { page: 'step'; complaintId: string; step: string; requestId?: string };

/** The page's path under PLEDGE_PUBLIC_URL, as the route that serves it parses it. */
export function appPagePath(target: AppPage): string {
  switch (target.page) {
    case 'file':
      return `${APP_PREFIX}/file`;
    case 'mine':
      return `${APP_PREFIX}/mine`;
    case 'complaint':
      return `${APP_PREFIX}/complaints/${encodeURIComponent(target.complaintId)}`;
    case 'step': {
      const base = `${APP_PREFIX}/complaints/${encodeURIComponent(target.complaintId)}/${encodeURIComponent(target.step)}`;
      return target.requestId ? `${base}?request=${encodeURIComponent(target.requestId)}` : base;
    }
  }
}

export interface AppLinkSettings {
  corpId: string;
  agentId: number;
  publicUrl: URL;
  /** WeCom's OAuth authorize page; tests and demos point it at a stand-in. */
  authorizeUrl?: string;
}

export const WECOM_AUTHORIZE_URL = 'https://open.weixin.qq.com/connect/oauth2/authorize';

/**
 * The link a card or a chat message carries: WeCom's authorize page, which sends the member
 * back to the page with a one-time `code` that the page exchanges (auth/getuserinfo) for their
 * userid. `state` is echoed back untouched; pages do not rely on it.
 */
export function appLink(settings: AppLinkSettings, target: AppPage, state = 'pledge'): string {
  const page = new URL(appPagePath(target).replace(/^\//, ''), withSlash(settings.publicUrl));
  const query = new URLSearchParams({
    appid: settings.corpId,
    redirect_uri: page.toString(),
    response_type: 'code',
    scope: 'snsapi_base',
    state,
    agentid: String(settings.agentId),
  });
  return `${settings.authorizeUrl ?? WECOM_AUTHORIZE_URL}?${query.toString()}#wechat_redirect`;
}

function withSlash(url: URL): URL {
  return url.pathname.endsWith('/') ? url : new URL(`${url.toString()}/`);
}

/** The link settings from WeCom's settings and PLEDGE_PUBLIC_URL: none without a public URL to link to. */
export function weComLinks(env: { corpId: string; agentId: number }, publicUrl: URL | undefined, authorizeUrl?: string): { links?: AppLinkSettings } {
  return publicUrl ? { links: { corpId: env.corpId, agentId: env.agentId, publicUrl, ...(authorizeUrl && { authorizeUrl }) } } : {};
}
