/** `reach:` in pledge.config.yml and the secrets beside it in the environment. */
import { describe, expect, it } from 'vitest';
import { oneGroupYaml } from '../support/one-group-yaml';
import { ConfigError, loadEnv, loadPledgeConfig } from '../../src/config';
import { complainantChannels } from '../../src/reach/channels';

const base = `
locale: zh-CN${oneGroupYaml()}`;

const reach = `
reach:
  organisation: { en: Acme Water, zh-CN: 某某水务 }
  email:
    host: smtp.acme.example
    user: complaints@acme.example
    from: "某某水务 <complaints@acme.example>"
  sms:
    provider: tencent
    appId: 1400000001
    signName: 某某水务
    templates: { registered: 2000001, result: "2000007" }
`;

const errorOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  throw new Error('no error');
};

describe('reach configuration', () => {
  it('is absent unless configured', () => {
    expect(loadPledgeConfig(base).reach).toBeUndefined();
  });

  it('reads the organisation in the locale, SMTP with its defaults, and SMS templates as strings, with quiet hours and a cap by default', () => {
    const config = loadPledgeConfig(base + reach);
    expect(config.reach).toEqual({
      organisation: '某某水务',
      organisationIn: { en: 'Acme Water', 'zh-CN': '某某水务' },
      email: { host: 'smtp.acme.example', port: 587, secure: false, requireTLS: true, user: 'complaints@acme.example', from: '某某水务 <complaints@acme.example>' },
      sms: {
        provider: 'tencent',
        region: 'ap-guangzhou',
        appId: '1400000001',
        signName: '某某水务',
        templates: { registered: '2000001', result: '2000007' },
        quietHours: { from: '21:00', to: '08:00' },
        dailyCap: 5,
      },
    });
  });

  it('names what is wrong, where', () => {
    const bad = (base + reach).replace('    appId: 1400000001\n', '').replace('templates: {', 'quietHours: { from: "9pm", to: "08:00" }\n    templates: { welcome: 1,');
    const message = errorOf(() => loadPledgeConfig(bad));
    expect(message).toContain('reach.sms.appId');
    expect(message).toContain('SmsSdkAppId');
    expect(message).toContain('reach.sms.quietHours.from: expected a local time such as 21:00, got "9pm"');
    expect(message).toContain('unknown field "welcome"');
    expect(errorOf(() => loadPledgeConfig((base + reach).replace('provider: tencent', 'provider: twilio')))).toContain('expected one of tencent, aliyun, got "twilio"');
  });

  it('reads the channels\u2019 secrets from the environment and refuses to start without them', () => {
    const env = loadEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', PLEDGE_SMTP_PASSWORD: ' pw ', PLEDGE_SMS_SECRET_ID: 'AKID1', PLEDGE_SMS_SECRET_KEY: 'k' });
    expect(env.reachSecrets).toEqual({ smtpPassword: 'pw', smsSecretId: 'AKID1', smsSecretKey: 'k' });
    const config = loadPledgeConfig(base + reach).reach;
    const message = errorOf(() => complainantChannels(config, {}));
    expect(message).toContain('PLEDGE_SMTP_PASSWORD is not set');
    expect(message).toContain('PLEDGE_SMS_SECRET_ID and PLEDGE_SMS_SECRET_KEY');
    const channels = complainantChannels(config, env.reachSecrets);
    expect(channels.sms?.provider).toBe('tencent');
    expect(channels.email).toBeDefined();
    channels.email?.close?.();
  });
});
