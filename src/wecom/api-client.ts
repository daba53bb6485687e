/**
 * WeCom's server API (qyapi.weixin.qq.com/cgi-bin/) with its access token.
 *
 * The token comes from `gettoken` and lives `expires_in` seconds (7200); WeCom limits how often
 * it may be fetched, and fetching it per message would hit that limit on a busy day. So one
 * token is kept per process, renewed a few minutes before it ends, and callers that need one
 * while it is being fetched wait for that same fetch. When WeCom says the token is invalid or
 * expired (40014, 42001: it may end early, say when the secret is reset) the token is dropped
 * and the call made once more with a fresh one; concurrent callers who got the same answer for
 * the same token share that one renewal.
 */
import type { Clock } from '../clock';

export interface WeComApiOptions {
  corpId: string;
  secret: string;
  /** Ends with '/'. */
  apiUrl: string;
  clock: Clock;
  /** Renew this long before the token ends. */
  marginSeconds?: number;
  timeoutMs?: number;
}

/** WeCom answered with an error code (errcode is never 0 here). */
export class WeComApiError extends Error {
  override name = 'WeComApiError';
  constructor(
    readonly method: string,
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(`${method}: errcode ${errcode} ${errmsg}`);
  }
}

export const TOKEN_INVALID = 40014;
export const TOKEN_EXPIRED = 42001;
export const RATE_LIMITED = 45009;

export interface WeComAnswer {
  errcode: number;
  errmsg: string;
  [field: string]: unknown;
}

export class WeComApi {
  private token: { value: string; renewAt: number } | undefined;
  private fetching: Promise<string> | undefined;
  /** How many times gettoken was called: read by the demo and benchmarks, never by logic. */
  tokenFetches = 0;

  constructor(private readonly options: WeComApiOptions) {}

  /** The current token, fetched once when missing or near its end. */
  async accessToken(): Promise<string> {
    const now = this.options.clock.now().getTime();
    if (this.token && now < this.token.renewAt) return this.token.value;
    this.fetching ??= this.fetchToken().finally(() => {
      this.fetching = undefined;
    });
    return this.fetching;
  }

  /** POST `body` as JSON to `method` with the token (and `query`: menu/create's agentid); renews the token once if WeCom refuses it. */
  post(method: string, body: unknown, query: Record<string, string> = {}): Promise<WeComAnswer> {
    return this.withToken(method, (token) => this.request(method, { ...query, access_token: token }, body));
  }

  /** GET `method` with the token and `query` (auth/getuserinfo). */
  get(method: string, query: Record<string, string>): Promise<WeComAnswer> {
    return this.withToken(method, (token) => this.request(method, { ...query, access_token: token }));
  }

  private async withToken(method: string, call: (token: string) => Promise<WeComAnswer>): Promise<WeComAnswer> {
    const token = await this.accessToken();
    let answer = await call(token);
    if (answer.errcode === TOKEN_EXPIRED || answer.errcode === TOKEN_INVALID) {
      // Only the first caller to see this token refused drops it; the others then share its renewal.
      if (this.token?.value === token) this.token = undefined;
      answer = await call(await this.accessToken());
    }
    if (answer.errcode !== 0) throw new WeComApiError(method, answer.errcode, answer.errmsg);
    return answer;
  }

  private async fetchToken(): Promise<string> {
    this.tokenFetches++;
    const answer = await this.request('gettoken', { corpid: this.options.corpId, corpsecret: this.options.secret });
    if (answer.errcode !== 0 || typeof answer.access_token !== 'string') {
      throw new WeComApiError('gettoken', answer.errcode, answer.errmsg);
    }
    const lifetime = typeof answer.expires_in === 'number' ? answer.expires_in : 7200;
    const margin = Math.min(this.options.marginSeconds ?? 300, lifetime / 2);
    this.token = { value: answer.access_token, renewAt: this.options.clock.now().getTime() + (lifetime - margin) * 1000 };
    return answer.access_token;
  }

  private async request(method: string, query: Record<string, string>, body?: unknown): Promise<WeComAnswer> {
    const url = new URL(method, this.options.apiUrl);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    const response = await fetch(url, {
      method: body === undefined ? 'GET' : 'POST',
      ...(body !== undefined && { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
    });
    // WeCom answers 200 with an errcode; anything else is a proxy or an outage, worth a retry.
    // The URL carries the token and the secret: never in an error message.
    if (!response.ok) throw new Error(`WeCom ${method}: HTTP ${response.status}`);
    const answer = (await response.json()) as Partial<WeComAnswer>;
    return { ...answer, errcode: Number(answer.errcode ?? 0), errmsg: String(answer.errmsg ?? '') };
  }
}
