import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config';
import { loadWeComEnv, weComConfigured, WECOM_API_URL } from '../../src/config/wecom-env';

const good = {
  WECOM_CORP_ID: 'ww0a1b2c3d4e5f6a7b',
  WECOM_AGENT_ID: '1000002',
  WECOM_SECRET: 'x8mH3tq9dS2k7VbLwR4nZc6yPf1gJa0eUo5iKs7XhQ',
  WECOM_TOKEN: 'QDG6eK',
  WECOM_ENCODING_AES_KEY: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
};

function problems(env: Record<string, string>): readonly string[] {
  try {
    loadWeComEnv(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('loadWeComEnv', () => {
  it('reads the five settings, trimmed, with WeCom\'s own API as the default', () => {
    expect(loadWeComEnv({ ...good, WECOM_SECRET: ` ${good.WECOM_SECRET}\n` })).toEqual({
      corpId: good.WECOM_CORP_ID,
      agentId: 1000002,
      secret: good.WECOM_SECRET,
      token: 'QDG6eK',
      encodingAesKey: good.WECOM_ENCODING_AES_KEY,
      apiUrl: WECOM_API_URL,
    });
    expect(loadWeComEnv({ ...good, WECOM_API_URL: 'http://127.0.0.1:4020/cgi-bin' }).apiUrl).toBe('http://127.0.0.1:4020/cgi-bin/');
  });

  it('names every missing setting on a line of its own, with where to find it', () => {
    const lines = problems({ WECOM_CORP_ID: good.WECOM_CORP_ID });
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^WECOM_AGENT_ID is not set\. Copy the AgentId/);
    expect(lines[1]).toMatch(/^WECOM_SECRET is not set\./);
    expect(lines[2]).toMatch(/^WECOM_TOKEN is not set\..*接收消息/);
    expect(lines[3]).toMatch(/^WECOM_ENCODING_AES_KEY is not set\./);
  });

  it('reads WECOM_MENU: off leaves the app menu to the admin console; on or unset sets it; anything else is named', () => {
    expect(loadWeComEnv({ ...good, WECOM_MENU: 'off' }).menu).toBe(false);
    expect(loadWeComEnv({ ...good, WECOM_MENU: ' OFF ' }).menu).toBe(false);
    expect(loadWeComEnv({ ...good, WECOM_MENU: 'on' }).menu).toBeUndefined();
    expect(problems({ ...good, WECOM_MENU: 'no' })).toEqual(['WECOM_MENU must be on or off (got "no").']);
    // WECOM_MENU alone does not make a deployment a WeCom one.
    expect(weComConfigured({ WECOM_MENU: 'off' })).toBe(false);
  });

  it('says what is wrong with a bad value, and never echoes a secret', () => {
    const lines = problems({ ...good, WECOM_AGENT_ID: 'abc', WECOM_SECRET: 'short!', WECOM_TOKEN: 'has spaces in it', WECOM_ENCODING_AES_KEY: 'tooShortKey', WECOM_API_URL: 'ftp://x' });
    expect(lines).toEqual([
      'WECOM_AGENT_ID must be the app\'s AgentId, a whole number such as 1000002 (got "abc").',
      'WECOM_SECRET must be the app\'s Secret, 16 to 128 letters, digits, - or _ (got 6 characters).',
      'WECOM_TOKEN must be the callback Token, 1 to 32 letters and digits as WeCom generates it (got 16 characters).',
      'WECOM_ENCODING_AES_KEY must be the callback EncodingAESKey, exactly 43 letters and digits (got 11 characters).',
      'WECOM_API_URL must be an http(s) URL such as https://qyapi.weixin.qq.com/cgi-bin/ (got "ftp://x").',
    ]);
    expect(lines.join('\n')).not.toContain('short!');
  });

  it('tells whether the deployment means WeCom at all', () => {
    expect(weComConfigured({ SLACK_BOT_TOKEN: 'xoxb-1' })).toBe(false);
    expect(weComConfigured({ WECOM_CORP_ID: '  ' })).toBe(false);
    expect(weComConfigured({ WECOM_TOKEN: 'abc' })).toBe(true);
  });
});
