/** WeCom's callbacks reach the one listener registered for their kind; other kinds are logged and dropped. */
import { expect, it } from 'vitest';
import { routeOf, weComListeners, type WeComCallback, type WeComListenerContext } from '../../src/wecom/listeners';
import type { XmlFields } from '../../src/wecom/xml';

const click: XmlFields = { ToUserName: 'ww1', FromUserName: 'lisi', CreateTime: '1764468000', MsgType: 'event', Event: 'template_card_event', EventKey: 'accept:c1', TaskId: 't1', ResponseCode: 'rc1' };
const textMessage: XmlFields = { FromUserName: 'zhangsan', CreateTime: '1764468000', MsgType: 'text', Content: '我要投诉', MsgId: '7243957357437265972' };
const menu: XmlFields = { FromUserName: 'zhangsan', CreateTime: '1764468000', MsgType: 'event', Event: 'click', EventKey: 'file' };

it('names a callback by its event, or by its message type', () => {
  expect(routeOf(click)).toBe('event:template_card_event');
  expect(routeOf(menu)).toBe('event:click');
  expect(routeOf(textMessage)).toBe('text');
});

it('hands each callback to its listener with the sender and its retry-proof key, and logs the rest', async () => {
  const got: [string, WeComCallback][] = [];
  const logged: string[] = [];
  const ctx = { log: (_level: string, m: string) => void logged.push(m) } as unknown as WeComListenerContext;
  const at = new Date('2026-11-30T02:00:00Z');
  const handle = weComListeners(ctx, {
    'event:template_card_event': async (_ctx, cb) => void got.push(['card', cb]),
    text: async (_ctx, cb) => void got.push(['text', cb]),
  });
  await handle(click, at);
  await handle(textMessage, at);
  await handle(menu, at);
  await handle({ ...menu, Event: 'toString' }, at);
  expect(got.map(([name, cb]) => [name, cb.from, cb.key, cb.at])).toEqual([
    ['card', 'lisi', 'wecom:event:lisi:1764468000:template_card_event:accept:c1:rc1', at],
    ['text', 'zhangsan', 'wecom:msg:7243957357437265972', at],
  ]);
  expect(logged).toEqual(['wecom callback: event:click received; nothing listens to it', 'wecom callback: event:toString received; nothing listens to it']);
});
