import { describe, expect, it } from 'vitest';
import { appLink, appPagePath } from '../../src/wecom/app-links';

describe('links to Pledge pages inside WeCom', () => {
  const settings = { corpId: 'ww0123456789abcdef', agentId: 1000002, publicUrl: new URL('https://pledge.example.com/base') };

  it('names each page by a path under /wecom/app', () => {
    expect(appPagePath({ page: 'file' })).toBe('/wecom/app/file');
    expect(appPagePath({ page: 'mine' })).toBe('/wecom/app/mine');
    expect(appPagePath({ page: 'complaint', complaintId: 'c 1' })).toBe('/wecom/app/complaints/c%201');
    expect(appPagePath({ page: 'step', complaintId: 'c1', step: 'reject', requestId: 'r1' })).toBe('/wecom/app/complaints/c1/reject?request=r1');
  });

  it('goes through WeCom OAuth (snsapi_base) and back to the page under the public URL', () => {
    const link = new URL(appLink(settings, { page: 'step', complaintId: 'c1', step: 'resolve' }));
    expect(link.origin + link.pathname).toBe('https://open.weixin.qq.com/connect/oauth2/authorize');
    expect(link.hash).toBe('#wechat_redirect');
    expect(link.searchParams.get('appid')).toBe('ww0123456789abcdef');
    expect(link.searchParams.get('scope')).toBe('snsapi_base');
    expect(link.searchParams.get('agentid')).toBe('1000002');
    expect(link.searchParams.get('redirect_uri')).toBe('https://pledge.example.com/base/wecom/app/complaints/c1/resolve');
  });
});
