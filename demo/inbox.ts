/**
 * The outside customers' side of the demo: a real SMTP server on loopback for their e-mail and
 * a local stand-in of Tencent Cloud SMS for their phones (the same ones the tests use). Pledge
 * sends through its configured adapters, unaware; what the demo prints is what arrived there,
 * the SMS worded by the provider's approved template as the phone would show it.
 */
import { startLoopbackSmtp, SMTP_PASSWORD, SMTP_USER, type LoopbackSmtp } from '../test/support/smtp';
import { startTencentSmsStandIn, TENCENT_APP_ID, TENCENT_SECRET_ID, TENCENT_SECRET_KEY, type TencentSmsStandIn } from '../test/support/tencent-sms-stand-in';
import { tencentSender } from '../src/reach/sms-tencent';
import { smtpSender } from '../src/reach/email';
import type { ReachConfig } from '../src/config/reach';
import type { ComplainantChannels } from '../src/reach/port';
import type { Locale } from '../src/i18n';

/** The SMS signature the provider approved, as the phone shows it in 【】. */
export const signName = (locale: Locale) => (locale === 'zh-CN' ? '某某会员服务' : 'Acme Member Services');

/**
 * The approved templates (README, "Reaching complainants", in the team's language), with the
 * demo's public URL as their fixed host. Pledge sends only the values ({1}, {2}, ...).
 */
const templates = (u: string, locale: Locale): Record<string, string> =>
  locale === 'zh-CN'
    ? {
        '2000001': `您的投诉已登记，编号{1}，我们将于{2}前受理。查看进展：${u}{3}`,
        '2000002': '您的投诉{1}已受理，我们将于{2}前提出初步解决方案。',
        '2000003': `您的投诉{1}有新进展，详情：${u}{2}`,
        '2000004': `为继续处理您的投诉{1}，需要您答复，请在此答复：${u}{2}`,
        '2000005': `您的投诉{1}需要延期至{2}，是否同意？请在此答复：${u}{3}`,
        '2000006': '经您同意，您的投诉{1}处理时限延期至{2}。',
        '2000007': `您的投诉{1}已办结，处理结果与依据及满意度评价：${u}{2}`,
        '2000008': `您的投诉{1}的处理意见及申请复核方式：${u}{2}`,
      }
    : {
        '2000001': `Your complaint {1} is registered; we will accept it by {2}. Follow it here: ${u}{3}`,
        '2000002': 'Your complaint {1} is accepted; we will propose a solution by {2}.',
        '2000003': `There is progress on your complaint {1}: ${u}{2}`,
        '2000004': `We need your answer to go on with your complaint {1}. Answer here: ${u}{2}`,
        '2000005': `May we have until {2} for your complaint {1}? Answer here: ${u}{3}`,
        '2000006': 'With your consent, the time limit of your complaint {1} now ends {2}.',
        '2000007': `Your complaint {1} is resolved. The result, its basis and a satisfaction question: ${u}{2}`,
        '2000008': `Our answer to your complaint {1}, and how to ask for a review: ${u}{2}`,
      };

/** pledge.config.yml's `reach:` for the demo, pointing at the stand-ins. */
export const reachYaml = (locale: Locale, smtpPort: number, smsEndpoint: string) => `
reach:
  organisation: { en: ${signName('en')}, zh-CN: ${signName('zh-CN')} }
  email:
    host: 127.0.0.1
    port: ${smtpPort}
    requireTLS: false
    user: ${SMTP_USER}
    from: "Acme complaints <complaints@acme.example>"
  sms:
    provider: tencent
    endpoint: ${smsEndpoint}
    appId: "${TENCENT_APP_ID}"
    signName: ${signName(locale)}
    templates: { registered: 2000001, accepted: 2000002, progress: 2000003, question: 2000004, extension: 2000005, extended: 2000006, result: 2000007, rejected: 2000008 }
`;

export interface Delivered {
  /** Who got it: the demo's name for the address or number. */
  who: string;
  via: 'sms' | 'email';
  /** The lines a person reads: the SMS as shown on the phone, or the e-mail's subject and text. */
  lines: string[];
}

export class Inbox {
  private smsSeen = 0;
  private mailSeen = 0;
  private wording: Record<string, string> = {};

  private constructor(
    readonly smtp: LoopbackSmtp,
    readonly sms: TencentSmsStandIn,
    /** The stand-in's approved templates (id: how many values), filled in by approve(). */
    private readonly approved: Record<string, number>,
    /** Names for the customers' addresses and numbers (+86…), so neither is printed. */
    private readonly names: Record<string, string>,
  ) {}

  static async start(names: Record<string, string>): Promise<Inbox> {
    const approved: Record<string, number> = {};
    const [smtp, sms] = await Promise.all([startLoopbackSmtp(), startTencentSmsStandIn(approved)]);
    return new Inbox(smtp, sms, approved, names);
  }

  /** Once the public URL is known: the provider approves the templates with its host in them. */
  approve(publicUrl: string, locale: Locale): void {
    this.wording = templates(publicUrl, locale);
    for (const [id, text] of Object.entries(this.wording)) this.approved[id] = (text.match(/\{\d\}/g) ?? []).length;
  }

  /** The channels Pledge sends through, built from its config as main.ts would, with the stand-ins' credentials. */
  channels(reach: ReachConfig): ComplainantChannels {
    return {
      email: smtpSender(reach.email!, SMTP_PASSWORD),
      sms: tencentSender(reach.sms!, { secretId: TENCENT_SECRET_ID, secretKey: TENCENT_SECRET_KEY }, { agent: this.sms.agent }),
    };
  }

  private smsText(m: { templateId: string; params: string[]; signName: string }): string {
    const text = (this.wording[m.templateId] ?? `(template ${m.templateId})`).replace(/\{(\d)\}/g, (_, n: string) => m.params[Number(n) - 1] ?? '');
    return `【${m.signName}】${text}`;
  }

  /** Everything that arrived since the last look. */
  take(): Delivered[] {
    const out: Delivered[] = [];
    for (const m of this.sms.sent.slice(this.smsSeen)) out.push({ who: this.names[m.phone] ?? '?', via: 'sms', lines: [this.smsText(m)] });
    this.smsSeen = this.sms.sent.length;
    for (const a of this.smtp.arrived.slice(this.mailSeen)) {
      const who = a.envelopeTo.map((to) => this.names[to]).find(Boolean) ?? '?';
      out.push({ who, via: 'email', lines: [`«${a.mail.subject ?? ''}»`, ...(a.mail.text ?? '').trim().split('\n')] });
    }
    this.mailSeen = this.smtp.arrived.length;
    return out;
  }

  /** The page link in the latest SMS or e-mail that reached `who` (each customer here has one of the two). */
  linkFor(who: string): string {
    const texts = [
      ...this.sms.sent.filter((m) => this.names[m.phone] === who).map((m) => this.smsText(m)),
      ...this.smtp.arrived.filter((a) => a.envelopeTo.some((to) => this.names[to] === who)).map((a) => a.mail.text ?? ''),
    ];
    for (const text of texts.reverse()) {
      const link = /https?:\/\/[^\s/]+\/p\/[A-Za-z0-9_-]{43}/.exec(text)?.[0];
      if (link) return link;
    }
    throw new Error(`no page link reached ${who}`);
  }

  async close(): Promise<void> {
    await Promise.all([this.smtp.close(), this.sms.close()]);
  }
}
