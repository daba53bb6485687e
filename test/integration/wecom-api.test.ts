/**
 * The rest of WeCom's server API against the stand-in: a clicked card updated once with its
 * response code (not twice, not after 72 hours), group chat and robot messages (the robot's 20 a
 * minute), the member behind an OAuth code (once), and the app's menu checked as WeCom documents
 * menu/create. No database is involved.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/clock';
import { RATE_LIMITED, WeComApi, WeComApiError } from '../../src/wecom/api-client';
import { buttonCard, markdownMessage, textMessage } from '../../src/wecom/messages';
import { memberFromOAuthCode, sendToGroupChat, sendToRobot, updateCardButtons } from '../../src/wecom/server-api';
import { appMenu, setAppMenu } from '../../src/wecom/app-menu';
import { startWeComStandIn, WECOM_AGENT_ID, WECOM_CORP_ID, WECOM_ROBOT_KEY, WECOM_SECRET, type WeComStandIn } from '../support/wecom-stand-in';

describe('WeCom server API', () => {
  let wecom: WeComStandIn;
  let api: WeComApi;
  const clock = new FixedClock(new Date('2026-11-30T02:00:00Z'));
  beforeEach(async () => {
    clock.set(new Date('2026-11-30T02:00:00Z'));
    wecom = await startWeComStandIn({ now: () => clock.now() });
    api = new WeComApi({ corpId: WECOM_CORP_ID, secret: WECOM_SECRET, apiUrl: wecom.url, clock });
  });
  afterEach(() => wecom.close());

  const sendCard = async () => {
    const answer = await api.post('message/send', { touser: 'zhangsan', agentid: WECOM_AGENT_ID, ...buttonCard({ taskId: 'PLG-1-accept', title: '新投诉', buttons: [{ text: '受理', key: 'accept:c1' }] }) });
    return String(answer.response_code);
  };

  it('updates a clicked card once with its response code; a second use is refused', async () => {
    const code = await sendCard();
    await updateCardButtons(api, WECOM_AGENT_ID, ['zhangsan'], code, '已受理');
    expect(wecom.calls('message/update_template_card')[0]!.body).toMatchObject({ userids: ['zhangsan'], response_code: code, button: { replace_name: '已受理' } });
    await expect(updateCardButtons(api, WECOM_AGENT_ID, ['zhangsan'], code, '已受理')).rejects.toMatchObject({ errcode: 40058 });
  });

  it('refuses a response code older than 72 hours', async () => {
    const code = await sendCard();
    clock.advance(72 * 3_600_000 + 1_000);
    await expect(updateCardButtons(api, WECOM_AGENT_ID, ['zhangsan'], code, '已受理')).rejects.toBeInstanceOf(WeComApiError);
  });

  it('sends markdown to a group chat, and says when the chat does not exist', async () => {
    await sendToGroupChat(api, 'wrkSFfCgAAxxxx', markdownMessage('**今日摘要**'));
    expect(wecom.calls('appchat/send')[0]!.body).toMatchObject({ chatid: 'wrkSFfCgAAxxxx', msgtype: 'markdown', markdown: { content: '**今日摘要**' } });
    await expect(sendToGroupChat(api, 'nochat', textMessage('x'))).rejects.toMatchObject({ errcode: 86003 });
  });

  it('sends through a group robot with its key, 20 a minute, then WeCom\'s 45009', async () => {
    for (let i = 0; i < 20; i++) await sendToRobot(wecom.url, WECOM_ROBOT_KEY, textMessage(`第${i}条`));
    await expect(sendToRobot(wecom.url, WECOM_ROBOT_KEY, textMessage('第21条'))).rejects.toMatchObject({ errcode: RATE_LIMITED });
    clock.advance(60_000);
    await sendToRobot(wecom.url, WECOM_ROBOT_KEY, textMessage('下一分钟'));
    await expect(sendToRobot(wecom.url, 'not-the-key', textMessage('x'))).rejects.toMatchObject({ errcode: 93000 });
    expect(wecom.calls('gettoken')).toEqual([]); // robots need no access token
  });

  it('finds the member behind an OAuth code, once', async () => {
    const code = wecom.oauthCode('lisi');
    expect(await memberFromOAuthCode(api, code)).toBe('lisi');
    expect(await memberFromOAuthCode(api, code)).toBeUndefined();
    expect(await memberFromOAuthCode(api, 'forged')).toBeUndefined();
  });

  it('refuses a wrong secret with WeCom\'s 40001, without the secret in the error', async () => {
    const wrong = new WeComApi({ corpId: WECOM_CORP_ID, secret: 'wrong-secret-wrong-secret', apiUrl: wecom.url, clock });
    const error = await wrong.post('message/send', {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ method: 'gettoken', errcode: 40001 });
    expect(String((error as Error).message)).not.toContain('wrong-secret');
  });

  it("sets the app's menu with menu/create, and refuses one WeCom would refuse, each with its documented errcode", async () => {
    const links = { corpId: WECOM_CORP_ID, agentId: WECOM_AGENT_ID, publicUrl: new URL('https://pledge.example.cn/') };
    const menu = appMenu('zh-CN', links);
    await setAppMenu(api, WECOM_AGENT_ID, menu);
    expect(wecom.menu(WECOM_AGENT_ID)).toEqual(menu);
    // Every name fits WeCom's 16 bytes, in both languages.
    for (const b of [...menu.button, ...appMenu('en', links).button]) expect(Buffer.byteLength(b.name)).toBeLessThanOrEqual(16);

    const view = (name: string, url = 'https://pledge.example.cn/') => ({ type: 'view', name, url });
    const refused = async (body: unknown, agentid = String(WECOM_AGENT_ID)) => (await api.post('menu/create', body, { agentid }).catch((e: WeComApiError) => e)) as WeComApiError;
    expect((await refused({ button: [view('a'), view('b'), view('c'), view('d')] })).errcode).toBe(40016);
    expect((await refused({ button: [] })).errcode).toBe(40016);
    expect((await refused({ button: [view('登记投诉和我的投诉')] })).errcode).toBe(40018);
    expect((await refused({ button: [{ type: 'view', name: 'a' }] })).errcode).toBe(40020);
    expect((await refused({ button: [{ type: 'click', name: 'a' }] })).errcode).toBe(40019);
    expect((await refused({ button: [{ type: 'link', name: 'a', url: 'https://x' }] })).errcode).toBe(40017);
    expect((await refused({ button: [{ name: 'more', sub_button: Array.from({ length: 6 }, (_, i) => view(`v${i}`)) }] })).errcode).toBe(40023);
    expect((await refused({ button: [view('a')] }, '1000003')).errcode).toBe(40056);
    // Refused, the menu set before stands.
    expect(wecom.menu(WECOM_AGENT_ID)).toEqual(menu);
  });
});
