/**
 * What a member's WeCom client does for them, for the tests and the demo alike: their clicks on
 * cards and on the app's menu go to Pledge as WeCom's callbacks (encrypted and signed,
 * wecom-callbacks.ts), and the links in cards open Pledge's pages in WeCom's browser through
 * OAuth (the stand-in's authorize page, then the page with its one-time code). Nothing here
 * knows Pledge's rules, and nothing needs vitest: a step that goes wrong throws, saying what
 * came back.
 */
import { browserLike } from './complaint-page';
import { cardClickXml, menuClickXml, postCallback } from './wecom-callbacks';
import { WECOM_AGENT_ID, WECOM_CORP_ID, type WeComStandIn } from './wecom-stand-in';

export interface OpenedPage {
  browser: ReturnType<typeof browserLike>;
  /** The page's address on Pledge's server. */
  url: string;
  body: string;
}

/** A page as text, for an error message. */
const gist = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').slice(0, 500);

export class WeComClient {
  /** Callbacks sent so far: WeCom tells events apart by sender and CreateTime. */
  private sent = 0;

  constructor(
    private readonly o: {
      /** Where Pledge listens (links name PLEDGE_PUBLIC_URL, which may be elsewhere). */
      baseUrl: string;
      wecom: WeComStandIn;
      /** WeCom's time, which callbacks carry: the test's or the demo's clock. */
      clock: { now(): Date };
    },
  ) {}

  /** Two callbacks in one second of the clock get a CreateTime each, as two real events would. */
  private createTime(): number {
    return Math.floor(this.o.clock.now().getTime() / 1000) + this.sent++;
  }

  /** Sends a callback as WeCom does; Pledge must take it (200). */
  async callback(xml: string): Promise<void> {
    const res = await postCallback(this.o.baseUrl, xml, { timestamp: Math.floor(this.o.clock.now().getTime() / 1000), receiverId: WECOM_CORP_ID, agentId: WECOM_AGENT_ID });
    if (res.status !== 200) throw new Error(`Pledge answered WeCom's callback ${res.status}: ${await res.text()}`);
  }

  /** `member` clicks the button with `key` on the card `taskId`; returns the click's response_code (one update of that card). */
  async clickCard(member: string, taskId: string, key: string): Promise<string> {
    const responseCode = this.o.wecom.clickCode();
    await this.callback(cardClickXml(WECOM_CORP_ID, member, this.createTime(), WECOM_AGENT_ID, { eventKey: key, taskId, responseCode }));
    return responseCode;
  }

  /** `member` clicks an item of the app's menu. */
  async clickMenu(member: string, key: string): Promise<void> {
    await this.callback(menuClickXml(WECOM_CORP_ID, member, this.createTime(), WECOM_AGENT_ID, key));
  }

  /**
   * Opens a link from a card or a menu answer as `member`: WeCom's authorize page sends the
   * browser back to the page with a one-time code, which Pledge exchanges and drops, sending
   * the browser on to the page itself.
   */
  async open(member: string, link: string): Promise<OpenedPage> {
    this.o.wecom.signIn(member);
    const authorized = await fetch(link, { redirect: 'manual' });
    if (authorized.status !== 302) throw new Error(`WeCom's authorize page did not take ${link}: ${authorized.status}`);
    const back = new URL(authorized.headers.get('location')!);
    const local = (u: URL) => `${this.o.baseUrl}${u.pathname}${u.search}`;
    const browser = browserLike();
    const signedIn = await browser.get(local(back));
    if (signedIn.res.status !== 303) throw new Error(`signing in answered ${signedIn.res.status}: ${gist(signedIn.body)}`);
    const pageUrl = new URL(signedIn.res.headers.get('location')!, back);
    const page = await browser.get(local(pageUrl));
    if (page.res.status !== 200) throw new Error(`the page answered ${page.res.status}: ${gist(page.body)}`);
    return { browser, url: local(pageUrl), body: page.body };
  }

  /**
   * Sends the page's form with its hidden fields and `fields`. The page must take it (303);
   * returns the page it sends the browser on to.
   */
  async submit(opened: OpenedPage, fields: Record<string, string>): Promise<OpenedPage> {
    const hidden = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(opened.body)?.[1] ?? '';
    const posted = await opened.browser.post(opened.url, { csrf: hidden('csrf'), key: hidden('key'), ...fields });
    if (posted.res.status !== 303) throw new Error(`the page refused the form (${posted.res.status}): ${gist(posted.body)}`);
    const next = new URL(posted.res.headers.get('location')!, opened.url).toString();
    const page = await opened.browser.get(next);
    return { browser: opened.browser, url: next, body: page.body };
  }
}
