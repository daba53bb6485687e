/**
 * Pledge acts on WeCom's verified callbacks through its listeners (src/wecom/listeners): a kind
 * nobody listens to is logged once, however often WeCom sends it.
 */
import { beforeEach, expect, it } from 'vitest';
import type { WeComEnv } from '../../src/config/wecom-env';
import { describeEachDb } from '../support/db';
import { useHarness } from '../support/pledge-harness';
import { postCallback, WECOM_AES_KEY, WECOM_TOKEN } from '../support/wecom-callbacks';
import { WECOM_AGENT_ID, WECOM_CORP_ID, WECOM_SECRET } from '../support/wecom-stand-in';

const env: WeComEnv = { corpId: WECOM_CORP_ID, agentId: WECOM_AGENT_ID, secret: WECOM_SECRET, token: WECOM_TOKEN, encodingAesKey: WECOM_AES_KEY, apiUrl: 'http://127.0.0.1:9/cgi-bin/' };

describeEachDb('WeCom listeners', (getDb) => {
  let logged: string[] = [];
  const h = useHarness(getDb, { wecom: { env }, log: (_level, message) => void logged.push(message) });
  beforeEach(() => {
    logged = [];
  });

  it('routes a verified callback to the listeners, once across WeCom\'s retries', async () => {
    const now = Math.floor(h.clock.now().getTime() / 1000);
    const location = `<xml><ToUserName><![CDATA[${WECOM_CORP_ID}]]></ToUserName><FromUserName><![CDATA[zhangsan]]></FromUserName><CreateTime>${now}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[LOCATION]]></Event><AgentID>${WECOM_AGENT_ID}</AgentID></xml>`;
    const o = { timestamp: now, receiverId: WECOM_CORP_ID, agentId: WECOM_AGENT_ID };
    expect((await postCallback(h.baseUrl, location, o)).status).toBe(200);
    expect((await postCallback(h.baseUrl, location, o)).status).toBe(200);
    await h.deliver();
    expect(logged.filter((l) => l.startsWith('wecom callback:'))).toEqual(['wecom callback: event:LOCATION received; nothing listens to it']);
  });
});
