/**
 * Callbacks as WeCom sends them (加解密方案说明), built here from the documentation with
 * node:crypto, not with the library Pledge decrypts with, so a mistake shared by both cannot
 * pass unseen. Each can be spoiled the ways the tests need: another signature, another corp id,
 * another time.
 */
import { createCipheriv, createHash, randomBytes } from 'node:crypto';

export const WECOM_TOKEN = 'QDG6eK';
/** 43 characters: base64 of a 32-byte key without its '='. */
export const WECOM_AES_KEY = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';

export interface CallbackOptions {
  /** Seconds since the epoch; the tests' clock, not the machine's. */
  timestamp: number;
  nonce?: string;
  /** The receiver id sealed inside: our corp id, unless a test says otherwise. */
  receiverId: string;
  token?: string;
  aesKey?: string;
  /** Replaces the computed signature. */
  signature?: string;
}

/** Encrypts `message` as WeCom does: random(16) + length(4, big-endian) + message + receiver id, PKCS#7 to 32, AES-256-CBC. */
export function encryptForWeCom(message: string, receiverId: string, aesKey = WECOM_AES_KEY): string {
  const key = Buffer.from(`${aesKey}=`, 'base64');
  const msg = Buffer.from(message, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(msg.length);
  const plain = Buffer.concat([randomBytes(16), length, msg, Buffer.from(receiverId, 'utf8')]);
  const pad = 32 - (plain.length % 32);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
}

export function signForWeCom(token: string, timestamp: string, nonce: string, ciphertext: string): string {
  return createHash('sha1').update([token, timestamp, nonce, ciphertext].sort().join('')).digest('hex');
}

function signedQuery(o: CallbackOptions, ciphertext: string): URLSearchParams {
  const nonce = o.nonce ?? randomBytes(6).toString('hex');
  const timestamp = String(o.timestamp);
  return new URLSearchParams({ msg_signature: o.signature ?? signForWeCom(o.token ?? WECOM_TOKEN, timestamp, nonce, ciphertext), timestamp, nonce });
}

/** The GET WeCom sends when the callback URL is saved: the answer must be `echo`. */
export function urlCheck(baseUrl: string, echo: string, o: CallbackOptions): Promise<Response> {
  const echostr = encryptForWeCom(echo, o.receiverId, o.aesKey);
  const query = signedQuery(o, echostr);
  query.set('echostr', echostr);
  return fetch(`${baseUrl}/wecom/callback?${query}`);
}

/** A POST callback carrying `inner` (the plaintext XML), encrypted and signed; `signal` gives up on the answer, as WeCom does after 5 s. */
export function postCallback(baseUrl: string, inner: string, o: CallbackOptions & { agentId: number; signal?: AbortSignal }): Promise<Response> {
  const ciphertext = encryptForWeCom(inner, o.receiverId, o.aesKey);
  const body = `<xml><ToUserName><![CDATA[${o.receiverId}]]></ToUserName><AgentID><![CDATA[${o.agentId}]]></AgentID><Encrypt><![CDATA[${ciphertext}]]></Encrypt></xml>`;
  return fetch(`${baseUrl}/wecom/callback?${signedQuery(o, ciphertext)}`, { method: 'POST', body, headers: { 'content-type': 'text/xml' }, ...(o.signal && { signal: o.signal }) });
}

/** A member's text message to the app (消息格式: 文本消息). */
export function textMessageXml(corpId: string, from: string, content: string, msgId: string, createTime: number, agentId: number): string {
  return `<xml><ToUserName><![CDATA[${corpId}]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName><CreateTime>${createTime}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>${msgId}</MsgId><AgentID>${agentId}</AgentID></xml>`;
}

/** A click on an item of the app's menu (菜单事件: 点击菜单拉取消息的事件推送, Event click). */
export function menuClickXml(corpId: string, from: string, createTime: number, agentId: number, eventKey: string): string {
  return `<xml><ToUserName><![CDATA[${corpId}]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName><CreateTime>${createTime}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[click]]></Event><EventKey><![CDATA[${eventKey}]]></EventKey><AgentID>${agentId}</AgentID></xml>`;
}

/** A click on a button_interaction card (模板卡片事件推送: template_card_event). */
export function cardClickXml(corpId: string, from: string, createTime: number, agentId: number, click: { eventKey: string; taskId: string; responseCode: string }): string {
  return `<xml><ToUserName><![CDATA[${corpId}]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName><CreateTime>${createTime}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[template_card_event]]></Event><EventKey><![CDATA[${click.eventKey}]]></EventKey><TaskId><![CDATA[${click.taskId}]]></TaskId><CardType><![CDATA[button_interaction]]></CardType><ResponseCode><![CDATA[${click.responseCode}]]></ResponseCode><AgentID>${agentId}</AgentID></xml>`;
}
