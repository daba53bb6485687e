/**
 * Pledge's pages inside WeCom in tests: a Pledge with WeCom's settings pointed at the local
 * stand-in (its getuserinfo and authorize page), and a member's browser that signs in the way
 * WeCom's OAuth redirect does (a one-time code on the page's URL) and keeps its cookies.
 */
import type { WeComEnv } from '../../src/config/wecom-env';
import { browserLike, PUBLIC_URL } from './complaint-page';
import type { TestDb } from './db';
import { startHarness, type Harness, type HarnessOptions } from './pledge-harness';
import { WECOM_AES_KEY, WECOM_TOKEN } from './wecom-callbacks';
import { startWeComStandIn, WECOM_AGENT_ID, WECOM_CORP_ID, WECOM_SECRET, type WeComStandIn } from './wecom-stand-in';

export interface PagesWorld {
  h: Harness;
  wecom: WeComStandIn;
  env: WeComEnv;
  /** A member's browser inside WeCom, not yet signed in. */
  browser(): ReturnType<typeof browserLike> & { signIn(userid: string, path: string): Promise<{ res: Response; body: string }> };
  /** The page's address on the test server (links name PLEDGE_PUBLIC_URL, which is elsewhere). */
  at(path: string): string;
  stop(): Promise<void>;
}

export async function startPagesWorld(db: TestDb, options: HarnessOptions = {}): Promise<PagesWorld> {
  const wecom = await startWeComStandIn({ members: ['UFILER', 'UOWN1', 'UOWN2', 'UOWN3', 'ULEAD1', 'ULEAD2', 'USRV1', 'USUP1'] });
  const env: WeComEnv = { corpId: WECOM_CORP_ID, agentId: WECOM_AGENT_ID, secret: WECOM_SECRET, token: WECOM_TOKEN, encodingAesKey: WECOM_AES_KEY, apiUrl: wecom.url };
  const h = await startHarness(db, { publicUrl: PUBLIC_URL, ...options, wecom: { env, authorizeUrl: wecom.authorizeUrl, ...options.wecom } });
  const at = (path: string) => new URL(path, `${h.baseUrl}/`).toString();
  return {
    h,
    wecom,
    env,
    at,
    browser() {
      const b = browserLike();
      return {
        ...b,
        /** WeCom's redirect back with a fresh code, then the page it sends the browser on to. */
        async signIn(userid: string, path: string) {
          const back = await b.get(at(`${path}${path.includes('?') ? '&' : '?'}code=${wecom.oauthCode(userid)}&state=pledge`));
          if (back.res.status !== 303) throw new Error(`sign-in answered ${back.res.status}: ${back.body.slice(0, 200)}`);
          return b.get(new URL(back.res.headers.get('location')!, at(path)).toString());
        },
      };
    },
    async stop() {
      await h.stop();
      await wecom.close();
    },
  };
}

/** The hidden fields a page's form carries. */
export const hiddenOf = (html: string, name: string): string => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';
