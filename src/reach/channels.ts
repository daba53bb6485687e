/** The complainant channels the configuration asks for, built from it and the environment's secrets. */
import { ConfigError } from '../config/config-error';
import type { ReachSecrets } from '../config/env';
import type { ReachConfig } from '../config/reach';
import { smtpSender } from './email';
import type { ComplainantChannels, SmsSender } from './port';
import { tencentSender } from './sms-tencent';

export function complainantChannels(reach: ReachConfig | undefined, secrets: ReachSecrets): ComplainantChannels {
  if (!reach) return {};
  const problems: string[] = [];
  if (reach.email?.user && !secrets.smtpPassword) {
    problems.push(`PLEDGE_SMTP_PASSWORD is not set: pledge.config.yml reach.email.user logs in to ${reach.email.host} and needs its password.`);
  }
  if (reach.sms && (!secrets.smsSecretId || !secrets.smsSecretKey)) {
    problems.push(`PLEDGE_SMS_SECRET_ID and PLEDGE_SMS_SECRET_KEY must both be set for reach.sms (the ${reach.sms.provider} account's API key pair).`);
  }
  if (problems.length) throw new ConfigError(problems);
  let sms: SmsSender | undefined;
  if (reach.sms) {
    const keys = { secretId: secrets.smsSecretId!, secretKey: secrets.smsSecretKey! };
    if (reach.sms.provider === 'tencent') sms = tencentSender(reach.sms, keys);
    else throw new ConfigError([`reach.sms.provider: ${reach.sms.provider} is not supported yet; use tencent.`]);
  }
  return {
    ...(reach.email && { email: smtpSender(reach.email, secrets.smtpPassword) }),
    ...(sms && { sms }),
  };
}
