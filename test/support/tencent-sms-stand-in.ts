/**
 * A local stand-in of Tencent Cloud SMS's API (SendSms, version 2021-01-11), built from its
 * documentation: it checks each request's TC3-HMAC-SHA256 signature the way the service does
 * (the Authorization header's form, the credential's date against X-TC-Timestamp, the signature
 * recomputed from the canonical request with the account's secret key) and answers as the
 * service does, errors included (AuthFailure.SignatureFailure, unapproved templates, a wrong
 * number of template parameters).
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { Agent, createServer, type AgentOptions, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export const TENCENT_SECRET_ID = 'AKIDtestsecretid0000000000000000000';
export const TENCENT_SECRET_KEY = 'test-secret-key-0000000000000000';
export const TENCENT_APP_ID = '1400000001';

export interface SentSms {
  phone: string;
  templateId: string;
  params: string[];
  signName: string;
}

export interface TencentSmsStandIn {
  /** The provider's own host name (the SDK signs for the service it names), on the stand-in's port. */
  endpoint: string;
  /** Routes that host name to the stand-in on loopback; nothing leaves the machine. */
  agent: Agent;
  sent: SentSms[];
  /** Every request's outcome: 'Ok' or the error code answered. */
  outcomes: string[];
  close(): Promise<void>;
}

const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');
const hmac = (key: string | Buffer, s: string) => createHmac('sha256', key).update(s).digest();
const AUTH = /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/sms\/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/;

/** `templates`: the approved template ids and how many parameters each takes. */
export async function startTencentSmsStandIn(templates: Record<string, number>): Promise<TencentSmsStandIn> {
  const sent: SentSms[] = [];
  const outcomes: string[] = [];
  const server = createServer(async (req, res) => {
    const body = await read(req);
    const answer = (response: Record<string, unknown>) => {
      outcomes.push((response.Error as { Code?: string } | undefined)?.Code ?? 'Ok');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ Response: { ...response, RequestId: randomUUID() } }));
    };
    const error = (code: string, message: string) => answer({ Error: { Code: code, Message: message } });

    const auth = AUTH.exec(String(req.headers.authorization ?? ''));
    if (!auth) return error('AuthFailure.SignatureFailure', 'The Authorization header is not in the TC3-HMAC-SHA256 form.');
    const [, secretId, date, signedHeaders, signature] = auth;
    if (secretId !== TENCENT_SECRET_ID) return error('AuthFailure.SecretIdNotFound', 'The SecretId is not found.');
    if (req.headers['x-tc-action'] !== 'SendSms' || req.headers['x-tc-version'] !== '2021-01-11') return error('InvalidAction', 'The action or version is not supported.');
    const timestamp = Number(req.headers['x-tc-timestamp']);
    if (new Date(timestamp * 1000).toISOString().slice(0, 10) !== date) return error('AuthFailure.SignatureFailure', 'The credential date does not match X-TC-Timestamp.');
    // The service refuses a signature more than five minutes off its own clock.
    if (Math.abs(Date.now() / 1000 - timestamp) > 300) return error('AuthFailure.SignatureExpire', 'The signature expired.');
    const names = signedHeaders!.split(';');
    if (!names.includes('content-type') || !names.includes('host')) return error('AuthFailure.SignatureFailure', 'content-type and host must be signed.');
    const canonicalHeaders = names
      .map((n) => `${n}:${n === 'host' ? String(req.headers.host).replace(/:\d+$/, '') : String(req.headers[n] ?? '').trim().toLowerCase()}\n`)
      .join('');
    const canonical = ['POST', '/', '', canonicalHeaders, signedHeaders, sha256(body)].join('\n');
    const toSign = ['TC3-HMAC-SHA256', String(timestamp), `${date}/sms/tc3_request`, sha256(canonical)].join('\n');
    const key = hmac(hmac(hmac(`TC3${TENCENT_SECRET_KEY}`, date!), 'sms'), 'tc3_request');
    if (createHmac('sha256', key).update(toSign).digest('hex') !== signature) return error('AuthFailure.SignatureFailure', 'The provided credentials could not be validated.');

    const p = JSON.parse(body.toString('utf8')) as { PhoneNumberSet?: string[]; SmsSdkAppId?: string; SignName?: string; TemplateId?: string; TemplateParamSet?: string[] };
    if (p.SmsSdkAppId !== TENCENT_APP_ID) return error('InvalidParameterValue.SdkAppIdNotExist', 'SdkAppId does not exist.');
    if (!p.SignName) return error('MissingParameter.EmptyPhoneNumberSet', 'SignName is required for mainland numbers.');
    const wanted = templates[p.TemplateId ?? ''];
    if (wanted === undefined) return error('FailedOperation.TemplateIncorrectOrUnapproved', 'The template is not approved.');
    const params = p.TemplateParamSet ?? [];
    if (params.length !== wanted) return error('InvalidParameterValue.TemplateParameterFormatError', 'The template parameters do not match.');
    const phone = p.PhoneNumberSet?.[0] ?? '';
    if (!/^\+861\d{10}$/.test(phone)) {
      return answer({ SendStatusSet: [{ SerialNo: '', PhoneNumber: phone, Fee: 0, SessionContext: '', Code: 'InvalidParameterValue.IncorrectPhoneNumber', Message: 'incorrect number', IsoCode: '' }] });
    }
    sent.push({ phone, templateId: p.TemplateId!, params, signName: p.SignName });
    answer({ SendStatusSet: [{ SerialNo: `2645:${sent.length}`, PhoneNumber: phone, Fee: 1, SessionContext: '', Code: 'Ok', Message: 'send success', IsoCode: 'CN' }] });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://sms.tencentcloudapi.com:${(server.address() as AddressInfo).port}`,
    agent: new Agent({ lookup: toLoopback } as AgentOptions),
    sent,
    outcomes,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A DNS lookup that answers 127.0.0.1 for any name. */
function toLoopback(_host: string, options: { all?: boolean } | ((...args: unknown[]) => void), callback?: (...args: unknown[]) => void) {
  const cb = typeof options === 'function' ? options : callback!;
  if (typeof options === 'object' && options.all) cb(null, [{ address: '127.0.0.1', family: 4 }]);
  else cb(null, '127.0.0.1', 4);
}

function read(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
