/**
 * The public form in tests: a Pledge with e-mail through a loopback SMTP server and SMS through
 * the Tencent stand-in, the form served at /complain, and a cookie-keeping client that walks it.
 */
import { smtpSender } from '../../src/reach/email';
import { tencentSender } from '../../src/reach/sms-tencent';
import { browserLike, csrfOf } from './complaint-page';
import type { TestDb } from './db';
import { startHarness, TEST_CONFIG_YAML, testConfig, type Harness } from './pledge-harness';
import { SMTP_PASSWORD, SMTP_USER, startLoopbackSmtp, type LoopbackSmtp } from './smtp';
import { startTencentSmsStandIn, TENCENT_APP_ID, TENCENT_SECRET_ID, TENCENT_SECRET_KEY, type TencentSmsStandIn } from './tencent-sms-stand-in';

/** Approved templates: registered (3 values), accepted (2), verify (code, minutes). */
export const FORM_TEMPLATES = { '2000001': 3, '2000002': 2, '2000009': 2 };
export const VERIFY_TEMPLATE = '2000009';

export function formYaml(o: { smtpPort: number; smsEndpoint: string; locale?: 'en' | 'zh-CN'; perAddressPerHour?: number; perContactPerDay?: number; trustProxy?: boolean }) {
  return `${TEST_CONFIG_YAML.replace('locale: en', `locale: ${o.locale ?? 'en'}`).replace('categories: [billing, refunds]', 'categories: [{ id: billing, name: { en: Billing, zh-CN: 账单 } }, refunds]')}
page:
  form:
    path: /complain
    categories: [billing, service]
    perAddressPerHour: ${o.perAddressPerHour ?? 20}
    perContactPerDay: ${o.perContactPerDay ?? 3}
    trustProxy: ${o.trustProxy ?? false}
reach:
  organisation: { en: Acme Water, zh-CN: 某某水务 }
  email:
    host: 127.0.0.1
    port: ${o.smtpPort}
    requireTLS: false
    user: ${SMTP_USER}
    from: "Acme complaints <complaints@acme.example>"
  sms:
    provider: tencent
    endpoint: ${o.smsEndpoint}
    appId: "${TENCENT_APP_ID}"
    signName: 某某水务
    templates: { registered: 2000001, accepted: 2000002, verify: ${VERIFY_TEMPLATE} }
`;
}

export interface FormWorld {
  h: Harness;
  smtp: LoopbackSmtp;
  sms: TencentSmsStandIn;
  stop(): Promise<void>;
}

export async function startFormWorld(db: TestDb, options: { locale?: 'en' | 'zh-CN'; perAddressPerHour?: number; perContactPerDay?: number; trustProxy?: boolean; publicUrl?: URL; log?: (level: string, message: string) => void; outboxPoll?: boolean } = {}): Promise<FormWorld> {
  const [smtp, sms] = await Promise.all([startLoopbackSmtp(), startTencentSmsStandIn(FORM_TEMPLATES)]);
  const config = await testConfig(formYaml({ smtpPort: smtp.port, smsEndpoint: sms.endpoint, ...options }));
  const h = await startHarness(db, {
    config,
    reach: {
      email: smtpSender(config.reach!.email!, SMTP_PASSWORD),
      sms: tencentSender(config.reach!.sms!, { secretId: TENCENT_SECRET_ID, secretKey: TENCENT_SECRET_KEY }, { agent: sms.agent }),
    },
    publicUrl: options.publicUrl ?? new URL('https://pledge.example.com/'),
    ...(options.log && { log: options.log }),
  });
  return {
    h,
    smtp,
    sms,
    async stop() {
      await h.stop();
      await Promise.all([smtp.close(), sms.close()]);
    },
  };
}

export const FORM_FIELDS = { name: 'Li Lei', contact: '13812345678', category: 'billing', details: 'Water bill doubled in November.\nMeter read twice.' };

/** A visitor: opens the form, sends it, and follows where it leads. */
export function visitor(baseUrl: string, headers: Record<string, string> = {}) {
  const b = browserLike();
  const url = (path: string) => new URL(path, `${baseUrl}/`).toString();
  return {
    browser: b,
    open: (query = '') => go(b, url(`complain${query}`), headers),
    async send(fields: Record<string, string>, options: { csrf?: boolean; query?: string } = {}) {
      const form = await go(b, url(`complain${options.query ?? ''}`), headers);
      const body = { ...(options.csrf === false ? {} : { csrf: csrfOf(form.body) }), lang: /name="lang" value="([^"]+)"/.exec(form.body)![1]!, website: '', ...fields };
      return post(b, url('complain'), body, headers);
    },
    verifyPage: () => go(b, url('complain/verify'), headers),
    /** Types a code, with the form's CSRF token (the verify page shows no form once it is used up or expired). */
    async enterCode(code: string) {
      const form = await go(b, url('complain'), headers);
      return post(b, url('complain/verify'), { csrf: csrfOf(form.body), code }, headers);
    },
    get: (path: string) => go(b, path.startsWith('http') ? path : url(path), headers),
    post: (path: string, fields: Record<string, string>) => post(b, path.startsWith('http') ? path : url(path), fields, headers),
  };
}

function go(b: ReturnType<typeof browserLike>, url: string, headers: Record<string, string>) {
  return b.get(url, headers);
}
function post(b: ReturnType<typeof browserLike>, url: string, fields: Record<string, string>, headers: Record<string, string>) {
  return b.post(url, fields, headers);
}

/** The code in the last verification SMS. */
export function lastCode(sms: TencentSmsStandIn): string {
  const sent = sms.sent.filter((s) => s.templateId === VERIFY_TEMPLATE).at(-1);
  if (!sent) throw new Error('no verification SMS arrived');
  return sent.params[0]!;
}
