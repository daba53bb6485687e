/**
 * The ways into filing on WeCom (issue 14, point 5): a text message to the app and the app's
 * menu (登记投诉, 我的投诉), each sent encrypted and signed as WeCom sends it, answered with one
 * DM (through the stand-in's message/send) whose tap opens the page through WeCom's OAuth, and
 * still one when WeCom sends the same callback again. What the member wrote is filed nowhere.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { appMenu, MENU_KEYS } from '../../src/wecom/listeners/menu';
import { describeEachDb } from '../support/db';
import { PUBLIC_URL } from '../support/complaint-page';
import { menuClickXml, postCallback, textMessageXml } from '../support/wecom-callbacks';
import { WECOM_AGENT_ID, WECOM_CORP_ID } from '../support/wecom-stand-in';
import { startPagesWorld, type PagesWorld } from '../support/wecom-pages';

describeEachDb('filing on WeCom: the menu and a message to the app', (getDb) => {
  let w: PagesWorld;
  beforeEach(async () => {
    w = await startPagesWorld(getDb());
  });
  afterEach(async () => {
    await w.stop();
  });
  const now = () => Math.floor(w.h.clock.now().getTime() / 1000);
  const signed = () => ({ timestamp: now(), receiverId: WECOM_CORP_ID, agentId: WECOM_AGENT_ID });
  /** The page a delivered card opens: its link is WeCom's authorize page, back to the page. */
  const pageOf = (sent: Record<string, unknown>) => {
    const card = sent.template_card as { card_type: string; card_action: { url: string }; main_title: { title: string } };
    expect(card.card_type).toBe('text_notice');
    const link = new URL(card.card_action.url);
    expect(`${link.origin}${link.pathname}`).toBe(w.wecom.authorizeUrl);
    return { title: card.main_title.title, page: link.searchParams.get('redirect_uri') };
  };

  it('answers a text message with one DM that opens the filing form, once across WeCom\u2019s retries, and files nothing', async () => {
    const xml = textMessageXml(WECOM_CORP_ID, 'UFILER', '我的账单被重复扣费了', '7243957357437265972', now(), WECOM_AGENT_ID);
    expect((await postCallback(w.h.baseUrl, xml, signed())).status).toBe(200);
    await w.h.deliver();
    expect((await postCallback(w.h.baseUrl, xml, signed())).status).toBe(200);
    await w.h.deliver();
    expect(w.wecom.delivered).toHaveLength(1);
    expect(w.wecom.delivered[0]!.touser).toBe('UFILER');
    expect(pageOf(w.wecom.delivered[0]!)).toEqual({ title: 'File a complaint', page: new URL('wecom/app/file', PUBLIC_URL).toString() });
    expect(JSON.stringify(w.wecom.delivered[0])).not.toContain('重复扣费');
    expect(await getDb().prisma.complaint.count()).toBe(0);
  });

  it('answers the menu\u2019s 登记投诉 and 我的投诉 with their pages, and ignores an item it does not know', async () => {
    for (const [i, key] of [MENU_KEYS.file, MENU_KEYS.mine, 'some_old_item'].entries()) {
      expect((await postCallback(w.h.baseUrl, menuClickXml(WECOM_CORP_ID, 'UOWN1', now() + i, WECOM_AGENT_ID, key), signed())).status).toBe(200);
    }
    await w.h.deliver();
    expect(w.wecom.delivered.map(pageOf)).toEqual([
      { title: 'File a complaint', page: new URL('wecom/app/file', PUBLIC_URL).toString() },
      { title: 'My complaints', page: new URL('wecom/app/mine', PUBLIC_URL).toString() },
    ]);
  });

  it('the menu README asks for has exactly the keys the listener answers', () => {
    expect(appMenu({ file: '登记投诉', mine: '我的投诉' })).toEqual({
      button: [
        { type: 'click', name: '登记投诉', key: MENU_KEYS.file },
        { type: 'click', name: '我的投诉', key: MENU_KEYS.mine },
      ],
    });
  });
});
