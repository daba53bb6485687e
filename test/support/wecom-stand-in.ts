/**
 * A local stand-in of WeCom's server API (qyapi.weixin.qq.com/cgi-bin/), built from its
 * documentation (developer.work.weixin.qq.com: 获取access_token, 发送应用消息, 更新模版卡片消息,
 * 应用推送消息 appchat/send, 群机器人 webhook/send, 网页授权 auth/getuserinfo, 读取成员 user/get,
 * 邮箱获取userid user/get_userid_by_email, 创建菜单 menu/create, 全局错误码).
 * It answers HTTP 200 with an errcode as WeCom does: 41001 no token, 40014 a token it never
 * issued, 42001 an expired one, 40013 and 40001 a wrong corp id or secret, 40056 another
 * agent, 81013 a recipient who is not a member, 44004 and 45002 empty or too-long content, 40029
 * an OAuth code that is unknown or used, 45009 a robot past 20 messages a minute, 86003 a group
 * chat it does not know, 93000 a robot key it does not know, 60111 a UserID that is no member
 * (user/get; UserIDs match whatever their case, as WeCom's do), 46004 an e-mail no member has as
 * that type of address (email_type 1 企业邮箱, the default, or 2 个人邮箱). Past WeCom's 30
 * messages a minute (1,000 an hour) to one member, message/send still says ok and the message is
 * dropped, as WeCom's own documentation says it is: `dropped` lists those.
 * menu/create takes the agent's whole menu (it replaces the one before) and checks it as WeCom
 * documents it: 1 to 3 items, each a `sub_button` list of 1 to 5 or one of the documented types;
 * a name at most 16 bytes (a sub-item's 40), a click's key at most 128, a view's url at most
 * 1024 (40016 to 40027), its agentid the app's (40056); `menu(agentId)` reads what was set.
 * Group messages it took (appchat/send and webhook/send) are listed in `posted`, in order.
 * Everything received is recorded for the tests to read.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const WECOM_CORP_ID = 'ww0a1b2c3d4e5f6a7b';
export const WECOM_AGENT_ID = 1000002;
export const WECOM_SECRET = 'test-app-secret-0000000000000000000000000000';
export const WECOM_ROBOT_KEY = '693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa';

export interface Received {
  method: string;
  path: string;
  query: Record<string, string>;
  body: Record<string, unknown> | undefined;
  errcode: number;
}

/** A message a group chat shows: `to` is `chat:<chatid>` or `robot:<key>`. */
export interface Posted {
  to: string;
  body: Record<string, unknown>;
}

export interface WeComStandIn {
  /** The API base, ending in /cgi-bin/. */
  url: string;
  received: Received[];
  /** message/send bodies WeCom would show to the member (accepted and within the limits). */
  delivered: Record<string, unknown>[];
  /** message/send bodies answered ok but dropped: past the member's limit. */
  dropped: Record<string, unknown>[];
  /** Group messages taken (appchat/send, webhook/send), in order. */
  posted: Posted[];
  /** How many times gettoken issued a new token. */
  tokensIssued: number;
  /** Ends the current token early (as a secret reset does): calls with it get 42001. */
  expireToken(): void;
  /** A code as WeCom's OAuth redirect carries it, for `userid`. */
  oauthCode(userid: string): string;
  /**
   * A click on a card as WeCom reports it: the callback carries a response_code of its own,
   * good for one update_template_card within 72 hours.
   */
  clickCode(): string;
  /** A code for someone outside the organisation: getuserinfo answers an openid and no userid. */
  outsiderCode(openid: string): string;
  /**
   * WeCom's OAuth authorize page (open.weixin.qq.com/connect/oauth2/authorize): it sends the
   * browser back to redirect_uri with a fresh code for whoever `signIn` named, and `state`.
   */
  authorizeUrl: string;
  signIn(userid: string): void;
  /** The next call to `path` (or the one after `skip` more that go through) answers this errcode, once. */
  failNext(path: string, errcode: number, errmsg: string, options?: { skip?: number }): void;
  calls(path: string): Received[];
  /** The menu menu/create last set for the agent, as it was sent; undefined before any. */
  menu(agentId: number): Record<string, unknown> | undefined;
  /** Members' e-mail addresses, for user/get_userid_by_email: address -> member and its type (1 企业邮箱, 2 个人邮箱). */
  emails: Map<string, { userid: string; type: 1 | 2 }>;
  close(): Promise<void>;
}

export interface StandInOptions {
  members?: string[];
  chats?: string[];
  /** Robot keys it knows; WECOM_ROBOT_KEY by default. */
  robots?: string[];
  /** WeCom's clock: the tests' own, so limits and expiries follow it. */
  now?: () => Date;
  tokenLifetimeSeconds?: number;
}

const ERR = {
  ok: [0, 'ok'],
  noToken: [41001, 'access_token missing'],
  badToken: [40014, 'invalid access_token'],
  expired: [42001, 'access_token expired'],
  badCorp: [40013, 'invalid corpid'],
  badSecret: [40001, 'invalid credential'],
  badAgent: [40056, 'invalid agentid'],
  nobody: [81013, 'user & party & tag all invalid'],
  empty: [44004, 'empty content'],
  tooLong: [45002, 'content size out of limit'],
  badType: [40008, 'invalid message type'],
  badCode: [40029, 'invalid code'],
  freq: [45009, 'api freq out of limit'],
  // The documentation names no code for a used or stale response_code; this is WeCom's generic invalid parameter.
  badResponseCode: [40058, 'invalid response_code: used, expired or unknown'],
  badChat: [86003, 'chat not exist'],
  badWebhook: [93000, 'invalid webhook url'],
  noUserId: [60111, 'userid not found'],
  noEmail: [46004, 'user no exist'],
  badParam: [40058, 'invalid parameter'],
} as const satisfies Record<string, readonly [number, string]>;

export async function startWeComStandIn(options: StandInOptions = {}): Promise<WeComStandIn> {
  const now = options.now ?? (() => new Date());
  const members = new Set(options.members ?? ['zhangsan', 'lisi', 'wangwu']);
  const chats = new Set(options.chats ?? ['wrkSFfCgAAxxxx']);
  const lifetime = options.tokenLifetimeSeconds ?? 7200;
  const tokens = new Map<string, number>(); // token -> expiry (ms)
  let current: string | undefined;
  const responseCodes = new Map<string, number>(); // code -> issued at (ms)
  const oauthCodes = new Map<string, string>();
  const outsiderCodes = new Map<string, string>();
  let signedIn: string | undefined;
  const memberSends = new Map<string, number[]>();
  const robots = new Set(options.robots ?? [WECOM_ROBOT_KEY]);
  const emails = new Map<string, { userid: string; type: 1 | 2 }>();
  const robotSends = new Map<string, number[]>();
  const failures = new Map<string, { errcode: number; errmsg: string; skip: number }>();
  const menus = new Map<string, Record<string, unknown>>(); // agentid -> the menu set
  const state = { received: [] as Received[], delivered: [] as Record<string, unknown>[], dropped: [] as Record<string, unknown>[], posted: [] as Posted[], tokensIssued: 0 };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://wecom');
    const query = Object.fromEntries(url.searchParams);
    const raw = req.method === 'POST' ? await read(req) : '';
    let body: Record<string, unknown> | undefined;
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : undefined;
    } catch {
      return reply(res, state, req, url.pathname, query, undefined, { errcode: 47001, errmsg: 'data format error' });
    }
    if (url.pathname === '/connect/oauth2/authorize') return authorize(res, query, signedIn, (userid) => {
      const code = randomBytes(16).toString('hex');
      oauthCodes.set(code, userid);
      return code;
    });
    const path = url.pathname.replace(/^\/cgi-bin\//, '');
    const answer = (err: readonly [number, string], extra: Record<string, unknown> = {}) => reply(res, state, req, path, query, body, { errcode: err[0], errmsg: err[1], ...extra });
    const forced = failures.get(path);
    if (forced && forced.skip > 0) forced.skip--;
    else if (forced) {
      failures.delete(path);
      return reply(res, state, req, path, query, body, { errcode: forced.errcode, errmsg: forced.errmsg });
    }
    const t = now().getTime();

    if (path === 'gettoken') {
      if (query.corpid !== WECOM_CORP_ID) return answer(ERR.badCorp);
      if (query.corpsecret !== WECOM_SECRET) return answer(ERR.badSecret);
      // Within its lifetime gettoken hands out the same token again.
      if (!current || (tokens.get(current) ?? 0) <= t) {
        current = randomBytes(32).toString('base64url');
        tokens.set(current, t + lifetime * 1000);
        state.tokensIssued++;
      }
      return answer(ERR.ok, { access_token: current, expires_in: Math.round(((tokens.get(current) ?? t) - t) / 1000) });
    }
    if (path === 'webhook/send') {
      const key = query.key ?? '';
      if (!robots.has(key)) return answer(ERR.badWebhook);
      const sends = robotSends.get(key) ?? [];
      if (within(sends, t, 60_000) >= 20) return answer(ERR.freq);
      // A robot's markdown takes 4096 bytes, twice an app message's.
      const problem = contentProblem(body, 4096);
      if (problem) return answer(problem);
      sends.push(t);
      robotSends.set(key, sends);
      state.posted.push({ to: `robot:${key}`, body: body! });
      return answer(ERR.ok);
    }

    if (!query.access_token) return answer(ERR.noToken);
    const expiry = tokens.get(query.access_token);
    if (expiry === undefined) return answer(ERR.badToken);
    if (expiry <= t) return answer(ERR.expired);

    if (path === 'message/send') {
      if (body?.agentid !== WECOM_AGENT_ID) return answer(ERR.badAgent);
      const to = String(body.touser ?? '').split('|').filter(Boolean);
      const invalid = to.filter((u) => !members.has(u));
      if (to.length === invalid.length) return answer(ERR.nobody);
      const problem = contentProblem(body);
      if (problem) return answer(problem);
      for (const member of to.filter((u) => members.has(u))) {
        const sends = memberSends.get(member) ?? [];
        const over = within(sends, t, 60_000) >= 30 || within(sends, t, 3_600_000) >= 1000;
        sends.push(t);
        memberSends.set(member, sends);
        (over ? state.dropped : state.delivered).push({ ...body, touser: member });
      }
      const card = body.template_card as { card_type?: string } | undefined;
      const responseCode = card && card.card_type !== 'text_notice' && card.card_type !== 'news_notice' ? randomBytes(16).toString('hex') : undefined;
      if (responseCode) responseCodes.set(responseCode, t);
      return answer(ERR.ok, { invaliduser: invalid.join('|'), invalidparty: '', invalidtag: '', unlicenseduser: '', msgid: randomBytes(12).toString('hex'), ...(responseCode && { response_code: responseCode }) });
    }
    if (path === 'message/update_template_card') {
      if (body?.agentid !== WECOM_AGENT_ID) return answer(ERR.badAgent);
      const code = String(body.response_code ?? '');
      const issued = responseCodes.get(code);
      // One update per code, within 72 hours of the send or the click that gave it.
      if (issued === undefined || t - issued > 72 * 3_600_000) return answer(ERR.badResponseCode);
      // Either the buttons become one that cannot be clicked, or a whole new card takes the place.
      const problem = body.template_card ? contentProblem({ msgtype: 'template_card', template_card: body.template_card }) : updateButtonProblem(body);
      if (problem) return answer(problem);
      responseCodes.delete(code);
      return answer(ERR.ok, { invaliduser: [] });
    }
    if (path === 'appchat/send') {
      if (!chats.has(String(body?.chatid ?? ''))) return answer(ERR.badChat);
      const problem = contentProblem(body);
      if (problem) return answer(problem);
      state.posted.push({ to: `chat:${String(body!.chatid)}`, body: body! });
      return answer(ERR.ok);
    }
    if (path === 'menu/create') {
      // The agent is in the query (menu/create?access_token=...&agentid=...), not the body.
      if (query.agentid !== String(WECOM_AGENT_ID)) return answer(ERR.badAgent);
      const problem = menuProblem(body);
      if (problem) return answer(problem);
      menus.set(query.agentid, body!);
      return answer(ERR.ok);
    }
    if (path === 'user/get') {
      // UserIDs are case-insensitive in WeCom; the answer carries the member's own spelling.
      const userid = [...members].find((m) => m.toLowerCase() === String(query.userid ?? '').toLowerCase());
      return userid ? answer(ERR.ok, { userid }) : answer(ERR.noUserId);
    }
    if (path === 'user/get_userid_by_email') {
      const type = body?.email_type ?? 1;
      if (type !== 1 && type !== 2) return answer(ERR.badParam);
      const found = emails.get(String(body?.email ?? ''));
      return found && found.type === type && members.has(found.userid) ? answer(ERR.ok, { userid: found.userid }) : answer(ERR.noEmail);
    }
    if (path === 'auth/getuserinfo') {
      const userid = oauthCodes.get(query.code ?? '');
      const openid = outsiderCodes.get(query.code ?? '');
      if (openid) {
        outsiderCodes.delete(query.code!);
        return answer(ERR.ok, { openid, external_userid: '' });
      }
      if (!userid) return answer(ERR.badCode);
      // A code works once (and for five minutes).
      oauthCodes.delete(query.code!);
      return answer(ERR.ok, { userid, user_ticket: randomBytes(16).toString('hex'), expires_in: 1800 });
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/cgi-bin/`,
    authorizeUrl: `${origin}/connect/oauth2/authorize`,
    signIn(userid) {
      signedIn = userid;
    },
    outsiderCode(openid) {
      const code = randomBytes(16).toString('hex');
      outsiderCodes.set(code, openid);
      return code;
    },
    received: state.received,
    delivered: state.delivered,
    dropped: state.dropped,
    posted: state.posted,
    get tokensIssued() {
      return state.tokensIssued;
    },
    expireToken() {
      if (current) tokens.set(current, now().getTime());
    },
    oauthCode(userid) {
      const code = randomBytes(16).toString('hex');
      oauthCodes.set(code, userid);
      return code;
    },
    clickCode() {
      const code = randomBytes(16).toString('hex');
      responseCodes.set(code, now().getTime());
      return code;
    },
    failNext(path, errcode, errmsg, options = {}) {
      failures.set(path, { errcode, errmsg, skip: options.skip ?? 0 });
    },
    calls: (path) => state.received.filter((r) => r.path === path),
    emails,
    menu: (agentId) => menus.get(String(agentId)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** What WeCom says of a message body's content: text and markdown at most 2048 bytes (a robot's markdown 4096), never empty. */
function contentProblem(body: Record<string, unknown> | undefined, markdownMax = 2048): readonly [number, string] | undefined {
  const type = String(body?.msgtype ?? '');
  if (type === 'text' || type === 'markdown') {
    const content = String((body?.[type] as { content?: unknown } | undefined)?.content ?? '');
    if (!content) return ERR.empty;
    if (Buffer.byteLength(content) > (type === 'markdown' ? markdownMax : 2048)) return ERR.tooLong;
    return undefined;
  }
  if (type === 'template_card') {
    const card = body?.template_card as { card_type?: string; task_id?: string; button_list?: unknown[]; main_title?: { title?: string; desc?: string } } | undefined;
    if (!card?.main_title?.title && !card?.main_title?.desc) return ERR.empty;
    if (card.card_type === 'button_interaction') {
      if (!/^[A-Za-z0-9_\-@]{1,128}$/.test(card.task_id ?? '')) return [40058, 'invalid task_id'];
      if (!Array.isArray(card.button_list) || card.button_list.length < 1 || card.button_list.length > 6) return [40058, 'invalid button_list'];
    }
    return undefined;
  }
  return ERR.badType;
}

/** update_template_card's button.replace_name: the words the clicked card's button then shows. */
function updateButtonProblem(body: Record<string, unknown>): readonly [number, string] | undefined {
  const name = (body.button as { replace_name?: unknown } | undefined)?.replace_name;
  return typeof name === 'string' && name ? undefined : [40058, 'invalid button.replace_name'];
}

const MENU_TYPES = ['click', 'view', 'scancode_push', 'scancode_waitmsg', 'pic_sysphoto', 'pic_photo_or_album', 'pic_weixin', 'location_select', 'view_miniprogram'];
const KEYED = new Set(MENU_TYPES.filter((t) => t !== 'view' && t !== 'view_miniprogram'));

/** What WeCom says of a menu/create body (创建菜单 and its error codes), or nothing when it takes it. */
function menuProblem(body: Record<string, unknown> | undefined): readonly [number, string] | undefined {
  const items = body?.button;
  if (!Array.isArray(items) || items.length < 1 || items.length > 3) return [40016, 'invalid button size'];
  const bytes = (v: unknown) => (typeof v === 'string' ? Buffer.byteLength(v) : 0);
  const item = (b: Record<string, unknown>, sub: boolean): readonly [number, string] | undefined => {
    const type = String(b.type ?? '');
    if (!MENU_TYPES.includes(type)) return sub ? [40024, 'invalid sub button type'] : [40017, 'invalid button type'];
    if (bytes(b.name) < 1 || bytes(b.name) > (sub ? 40 : 16)) return sub ? [40025, 'invalid sub button name size'] : [40018, 'invalid button name size'];
    if (KEYED.has(type) && (bytes(b.key) < 1 || bytes(b.key) > 128)) return sub ? [40026, 'invalid sub button key size'] : [40019, 'invalid button key size'];
    if (type === 'view' && (bytes(b.url) < 1 || bytes(b.url) > 1024)) return sub ? [40027, 'invalid sub button url size'] : [40020, 'invalid button url size'];
    return undefined;
  };
  for (const b of items as Record<string, unknown>[]) {
    const subs = b?.sub_button;
    if (Array.isArray(subs) && subs.length > 0) {
      if (bytes(b.name) < 1 || bytes(b.name) > 16) return [40018, 'invalid button name size'];
      if (subs.length > 5) return [40023, 'invalid sub button size'];
      for (const sb of subs as Record<string, unknown>[]) {
        const problem = item(sb ?? {}, true);
        if (problem) return problem;
      }
    } else {
      const problem = item(b ?? {}, false);
      if (problem) return problem;
    }
  }
  return undefined;
}

/** The authorize page: checks what WeCom checks of the link, then redirects with a code (302, as WeCom does). */
function authorize(res: ServerResponse, query: Record<string, string>, signedIn: string | undefined, issue: (userid: string) => string): void {
  const ok = query.appid === WECOM_CORP_ID && query.response_type === 'code' && query.scope === 'snsapi_base' && query.agentid === String(WECOM_AGENT_ID) && /^https?:\/\//.test(query.redirect_uri ?? '');
  if (!ok || !signedIn) return void res.writeHead(400, { 'content-type': 'text/plain' }).end(ok ? 'nobody signed in to the stand-in' : 'invalid authorize link');
  const back = new URL(query.redirect_uri!);
  back.searchParams.set('code', issue(signedIn));
  back.searchParams.set('state', query.state ?? '');
  res.writeHead(302, { location: back.toString() }).end();
}

function within(times: number[], t: number, windowMs: number): number {
  return times.filter((x) => x > t - windowMs).length;
}

function reply(res: ServerResponse, state: { received: Received[] }, req: IncomingMessage, path: string, query: Record<string, string>, body: Record<string, unknown> | undefined, answer: { errcode: number; errmsg: string }): void {
  state.received.push({ method: req.method ?? '', path, query, body, errcode: answer.errcode });
  res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' }).end(JSON.stringify(answer));
}

function read(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
