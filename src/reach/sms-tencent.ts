/**
 * SMS through Tencent Cloud SMS (API 2021-01-11, SendSms) with its official SDK, which signs
 * each request with TC3-HMAC-SHA256. Mainland numbers are sent as +86 and 11 digits.
 */
import type { Agent } from 'node:http';
import type * as tencent from 'tencentcloud-sdk-nodejs-sms';
import type { SmsConfig } from '../config/reach';
import { PermanentReachError, type SmsOut, type SmsSender } from './port';

export interface SmsSecrets {
  secretId: string;
  secretKey: string;
}

const DEFAULT_ENDPOINT = 'https://sms.tencentcloudapi.com';

// Codes worth another try later: limits that lift and the provider's own trouble.
const TRANSIENT = /^(LimitExceeded|InternalError|RequestLimitExceeded|FailedOperation\.(ContainDailyLimit|PhoneNumberDailyLimit))/;

/**
 * `agent` lets a test route the provider's host name to a stand-in on loopback: the SDK signs
 * for the service named by the endpoint's first label (sms.…), so the host name must stay.
 */
export function tencentSender(config: SmsConfig, secrets: SmsSecrets, options: { agent?: Agent } = {}): SmsSender {
  const url = new URL(config.endpoint ?? DEFAULT_ENDPOINT);
  // The SDK (some 15 MB resident once loaded) is loaded with the first message, not at start:
  // a bot whose complainants are never texted, or not yet, does not keep it (issue 15, point 4).
  let client: Promise<InstanceType<typeof tencent.sms.v20210111.Client>> | undefined;
  const sdk = () =>
    (client ??= import('tencentcloud-sdk-nodejs-sms').then(
      (t) =>
        new t.sms.v20210111.Client({
          credential: { secretId: secrets.secretId, secretKey: secrets.secretKey },
          region: config.region,
          profile: { signMethod: 'TC3-HMAC-SHA256', httpProfile: { endpoint: url.host, protocol: `${url.protocol}//`, reqTimeout: 15, ...(options.agent && { agent: options.agent }) } },
        }),
    ));
  return {
    provider: 'tencent',
    async send(m: SmsOut) {
      let response;
      try {
        response = await (await sdk()).SendSms({
          PhoneNumberSet: [e164(m.to)],
          SmsSdkAppId: config.appId!,
          SignName: config.signName,
          TemplateId: m.templateId,
          TemplateParamSet: m.params,
        });
      } catch (error) {
        // The SDK's error: its code (AuthFailure.SignatureFailure, ...) says what; its message may quote the request.
        const code = (error as { code?: string }).code || 'request failed';
        throw TRANSIENT.test(code) || code === 'request failed' ? new Error(`Tencent SMS ${code}`) : new PermanentReachError(`Tencent SMS ${code}`);
      }
      const status = response.SendStatusSet?.[0];
      if (!status) throw new Error(`Tencent SMS: no send status (request ${response.RequestId ?? '?'})`);
      if (status.Code !== 'Ok') {
        const what = `Tencent SMS ${status.Code} (request ${response.RequestId ?? '?'})`;
        throw TRANSIENT.test(status.Code ?? '') ? new Error(what) : new PermanentReachError(what);
      }
      return { id: status.SerialNo ?? response.RequestId ?? '' };
    },
  };
}

/** +86 for an 11-digit mainland number; anything already international stays as it is. */
export function e164(number: string): string {
  const digits = number.replace(/[^\d+]/g, '');
  if (digits.startsWith('+')) return digits;
  if (digits.startsWith('00')) return `+${digits.slice(2)}`;
  return /^1\d{10}$/.test(digits) ? `+86${digits}` : `+${digits}`;
}
