// Signed HTTP requests into the REAL Bolt app's HTTPReceiver, plus payload
// factories shaped like what Slack sends.
//
// Facts about @slack/bolt 5.1 / @slack/web-api 8.2, read in their source and
// proven by test/integration/bolt-harness.test.ts:
//
// - Bound port: `app.start({ port: 0, host: '127.0.0.1' })` (or `receiver.start`)
//   resolves to the node http.Server; `(server.address() as AddressInfo).port`.
//   `app.stop()` closes it. A custom receiver makes App ignore its own
//   signingSecret / processBeforeResponse / customRoutes options.
// - Authenticity: a wrong or missing x-slack-signature, a missing timestamp,
//   or a timestamp older than 5 minutes -> HTTP 401 with an empty body, and no
//   middleware or listener runs (verification happens before the app sees the
//   request). Only staleness is checked: a future timestamp is accepted.
//   Bolt's staleness check reads the real Date.now(), so do not fake Date
//   while sending requests. A body that is signed correctly but not parseable -> 400.
// - Content type: Bolt compares content-type to exactly
//   'application/x-www-form-urlencoded' (no "; charset=..."), otherwise it
//   JSON-parses the body. These helpers send that exact header.
// - ack bodies: with processBeforeResponse false (the default) the HTTP
//   response is written the moment ack() is called; ack(obj) becomes a 200
//   JSON body, e.g. a view_submission's `{ response_action: 'errors', errors }`,
//   ack('text') a plain-text 200, ack() an empty 200. Work after ack() runs
//   after the response left. Not acking within 3001 ms -> 404.
// - processBeforeResponse (a receiver option when you pass a receiver; an App
//   option otherwise): ack() only stores the body; it is written after ALL
//   middleware and listeners have finished (needed on FaaS, which freezes the
//   process once the response is sent). If a listener throws and app.error
//   rethrows, the default processEventErrorHandler answers 500 instead.
// - Retries: HTTPReceiver reads x-slack-retry-num / x-slack-retry-reason into
//   `context.retryNum` (number, parsed with parseInt) and `context.retryReason`
//   (string); both are undefined when the headers are absent.
// - WebClient (8.2, fetch based) sends form-encoded bodies with nested values
//   JSON-stringified, and the token as `Authorization: Bearer`. A 429 with
//   Retry-After (whole seconds) pauses the client's queue that long, then
//   retries under retryConfig; `rejectRateLimitedCalls: true` throws
//   WebAPIRateLimitedError (code slack_webapi_rate_limited_error, retryAfter)
//   instead. A non-200 status throws WebAPIHTTPError, also retried under
//   retryConfig; the default config retries 10 times over about 30 minutes.
// - App with `token` (and tokenVerificationEnabled, the default) calls
//   auth.test as it is constructed, so start the stand-in first. Its answer
//   fills context.botUserId / botId; the built-in ignoreSelf middleware then
//   drops events whose user is the bot (UBOT in the stand-in).
// - respond() in a listener POSTs JSON to the payload's response_url; point it
//   at standIn.responseUrl() to record it as method 'response_url'.
import { createHmac, randomBytes } from 'node:crypto';

export interface SignOptions {
  /** Default '/slack/events'. */
  path?: string;
  /** Send a signature computed with the wrong secret. */
  forgeSignature?: boolean;
  /** Send a timestamp six minutes in the past (Bolt allows five). */
  staleTimestamp?: boolean;
  /** Explicit x-slack-request-timestamp in seconds (default: now). */
  timestamp?: number;
  /** Extra or overriding headers. */
  headers?: Record<string, string>;
}

export interface EventOptions extends SignOptions {
  retryNum?: number;
  retryReason?: string;
}

export interface SignedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  json(): unknown;
}

export function signBody(
  secret: string,
  body: string,
  timestamp: number = Math.floor(Date.now() / 1000),
): { 'x-slack-signature': string; 'x-slack-request-timestamp': string } {
  const hash = createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
  return { 'x-slack-signature': `v0=${hash}`, 'x-slack-request-timestamp': String(timestamp) };
}

export async function postSigned(
  baseUrl: string,
  secret: string,
  body: string,
  contentType: 'application/x-www-form-urlencoded' | 'application/json',
  opts: SignOptions = {},
): Promise<SignedResponse> {
  const now = Math.floor(Date.now() / 1000);
  const timestamp = opts.timestamp ?? (opts.staleTimestamp ? now - 6 * 60 : now);
  const signed = signBody(opts.forgeSignature ? `${secret}-forged` : secret, body, timestamp);
  const url = new URL(opts.path ?? '/slack/events', baseUrl);
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': contentType, ...signed, ...opts.headers },
    body,
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: Object.fromEntries(res.headers.entries()),
    body: text,
    json: () => JSON.parse(text) as unknown,
  };
}

export interface SlashCommandFields {
  command?: string;
  text?: string;
  user_id?: string;
  user_name?: string;
  channel_id?: string;
  channel_name?: string;
  team_id?: string;
  team_domain?: string;
  trigger_id?: string;
  response_url?: string;
  api_app_id?: string;
  [field: string]: string | undefined;
}

export function postSlashCommand(
  baseUrl: string,
  secret: string,
  fields: SlashCommandFields = {},
  opts: SignOptions = {},
): Promise<SignedResponse> {
  const form = {
    token: 'verification-token',
    team_id: 'T1',
    team_domain: 'example',
    channel_id: 'C1',
    channel_name: 'complaints',
    user_id: 'U1',
    user_name: 'user1',
    command: '/complaint',
    text: '',
    api_app_id: 'A1',
    is_enterprise_install: 'false',
    response_url: 'https://hooks.slack.com/commands/T1/1/x',
    trigger_id: triggerId(),
    ...fields,
  };
  const body = new URLSearchParams(
    Object.entries(form).filter((e): e is [string, string] => e[1] !== undefined),
  ).toString();
  return postSigned(baseUrl, secret, body, 'application/x-www-form-urlencoded', opts);
}

export function postInteraction(
  baseUrl: string,
  secret: string,
  payload: object,
  opts: SignOptions = {},
): Promise<SignedResponse> {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return postSigned(baseUrl, secret, body, 'application/x-www-form-urlencoded', opts);
}

export function postEvent(
  baseUrl: string,
  secret: string,
  envelope: object,
  opts: EventOptions = {},
): Promise<SignedResponse> {
  const headers: Record<string, string> = {};
  if (opts.retryNum !== undefined) headers['x-slack-retry-num'] = String(opts.retryNum);
  if (opts.retryReason !== undefined) headers['x-slack-retry-reason'] = opts.retryReason;
  return postSigned(baseUrl, secret, JSON.stringify(envelope), 'application/json', {
    ...opts,
    headers: { ...headers, ...opts.headers },
  });
}

// ---- payload factories ------------------------------------------------------

const TEAM = { id: 'T1', domain: 'example' };
const APP_ID = 'A1';
const BOT_USER = 'UBOT';

export function triggerId(): string {
  return `1700000000.1.${randomBytes(8).toString('hex')}`;
}

function userOf(userId: string) {
  return { id: userId, username: userId.toLowerCase(), name: userId.toLowerCase(), team_id: TEAM.id };
}

export interface BlockActionInput {
  actionId: string;
  value?: string;
  userId: string;
  channelId?: string;
  messageTs?: string;
  triggerId?: string;
  blockId?: string;
  /** Set for an action inside a modal or App Home instead of a message. */
  viewId?: string;
  privateMetadata?: string;
  responseUrl?: string;
  /** Default 'button'; for selects pass the element type and selectedOption. */
  actionType?: string;
  selectedOption?: { value: string; text?: string };
}

export function blockActionPayload(input: BlockActionInput): Record<string, unknown> {
  const messageTs = input.messageTs ?? '1700000000.000100';
  const action: Record<string, unknown> = {
    type: input.actionType ?? 'button',
    action_id: input.actionId,
    block_id: input.blockId ?? 'actions',
    action_ts: '1700000001.000001',
  };
  if (input.value !== undefined) action.value = input.value;
  if (action.type === 'button') action.text = { type: 'plain_text', text: input.actionId, emoji: true };
  if (input.selectedOption) action.selected_option = option(input.selectedOption.value, input.selectedOption.text);
  const base = {
    type: 'block_actions',
    user: userOf(input.userId),
    api_app_id: APP_ID,
    token: 'verification-token',
    trigger_id: input.triggerId ?? triggerId(),
    team: TEAM,
    enterprise: null,
    is_enterprise_install: false,
    actions: [action],
  };
  if (input.viewId) {
    return {
      ...base,
      container: { type: 'view', view_id: input.viewId },
      view: viewObject({ id: input.viewId, callbackId: '', values: {}, privateMetadata: input.privateMetadata ?? '' }),
    };
  }
  const channelId = input.channelId ?? 'C1';
  return {
    ...base,
    container: { type: 'message', message_ts: messageTs, channel_id: channelId, is_ephemeral: false },
    channel: { id: channelId, name: 'complaints' },
    message: { type: 'message', subtype: 'bot_message', text: '', user: BOT_USER, bot_id: 'BBOT', ts: messageTs },
    response_url: input.responseUrl ?? 'https://hooks.slack.com/actions/T1/1/x',
    state: { values: {} },
  };
}

function option(value: string, text = value) {
  return { text: { type: 'plain_text', text, emoji: true }, value };
}

/** Leaves of a view's state.values, as Slack sends them per element type. */
export const inputValue = {
  text: (value: string | null) => ({ type: 'plain_text_input', value }),
  select: (value: string | null, text?: string) => ({
    type: 'static_select',
    selected_option: value === null ? null : option(value, text),
  }),
  multiSelect: (values: string[]) => ({ type: 'multi_static_select', selected_options: values.map((v) => option(v)) }),
  radio: (value: string | null, text?: string) => ({
    type: 'radio_buttons',
    selected_option: value === null ? null : option(value, text),
  }),
  checkboxes: (values: string[]) => ({ type: 'checkboxes', selected_options: values.map((v) => option(v)) }),
  user: (id: string | null) => ({ type: 'users_select', selected_user: id }),
  users: (ids: string[]) => ({ type: 'multi_users_select', selected_users: ids }),
  conversation: (id: string | null) => ({ type: 'conversations_select', selected_conversation: id }),
  channel: (id: string | null) => ({ type: 'channels_select', selected_channel: id }),
  date: (isoDate: string | null) => ({ type: 'datepicker', selected_date: isoDate }),
  number: (value: string | null) => ({ type: 'number_input', value }),
  email: (value: string | null) => ({ type: 'email_text_input', value }),
};

/** A leaf may be a plain string (short for a plain_text_input) or an inputValue.* object. */
export type ViewValues = Record<string, Record<string, string | object>>;

function stateValues(values: ViewValues): Record<string, Record<string, object>> {
  return Object.fromEntries(
    Object.entries(values).map(([blockId, actions]) => [
      blockId,
      Object.fromEntries(
        Object.entries(actions).map(([actionId, v]) => [actionId, typeof v === 'string' ? inputValue.text(v) : v]),
      ),
    ]),
  );
}

function viewObject(v: { id: string; callbackId: string; values: ViewValues; privateMetadata: string }) {
  return {
    id: v.id,
    team_id: TEAM.id,
    type: 'modal',
    callback_id: v.callbackId,
    private_metadata: v.privateMetadata,
    blocks: [],
    state: { values: stateValues(v.values) },
    hash: `${v.id}-hash`,
    title: { type: 'plain_text', text: 'Pledge' },
    close: null,
    submit: { type: 'plain_text', text: 'Submit' },
    previous_view_id: null,
    root_view_id: v.id,
    app_id: APP_ID,
    external_id: '',
    app_installed_team_id: TEAM.id,
    bot_id: 'BBOT',
  };
}

export interface ViewSubmissionInput {
  callbackId: string;
  userId: string;
  values?: ViewValues;
  privateMetadata?: string;
  viewId?: string;
  triggerId?: string;
}

export function viewSubmissionPayload(input: ViewSubmissionInput): Record<string, unknown> {
  return {
    type: 'view_submission',
    team: TEAM,
    user: userOf(input.userId),
    api_app_id: APP_ID,
    token: 'verification-token',
    trigger_id: input.triggerId ?? triggerId(),
    view: viewObject({
      id: input.viewId ?? 'V000001',
      callbackId: input.callbackId,
      values: input.values ?? {},
      privateMetadata: input.privateMetadata ?? '',
    }),
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

export interface MessageShortcutInput {
  callbackId: string;
  userId: string;
  channelId?: string;
  message: { ts: string; text: string; user?: string; thread_ts?: string };
  triggerId?: string;
  responseUrl?: string;
}

export function messageShortcutPayload(input: MessageShortcutInput): Record<string, unknown> {
  const channelId = input.channelId ?? 'C1';
  return {
    type: 'message_action',
    token: 'verification-token',
    action_ts: '1700000001.000001',
    team: TEAM,
    user: userOf(input.userId),
    channel: { id: channelId, name: 'complaints' },
    is_enterprise_install: false,
    enterprise: null,
    callback_id: input.callbackId,
    trigger_id: input.triggerId ?? triggerId(),
    response_url: input.responseUrl ?? 'https://hooks.slack.com/app/T1/1/x',
    message_ts: input.message.ts,
    message: { type: 'message', user: input.message.user ?? 'U2', ...input.message },
  };
}

/** An Events API envelope around `event`. */
export function eventEnvelope(event: Record<string, unknown>, eventId = `Ev${randomBytes(5).toString('hex')}`) {
  return {
    token: 'verification-token',
    team_id: TEAM.id,
    api_app_id: APP_ID,
    event,
    type: 'event_callback',
    event_id: eventId,
    event_time: 1700000000,
    authorizations: [{ enterprise_id: null, team_id: TEAM.id, user_id: BOT_USER, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  };
}

export function reactionAddedEnvelope(input: {
  user: string;
  reaction: string;
  channel: string;
  ts: string;
  eventId?: string;
  itemUser?: string;
}) {
  return eventEnvelope(
    {
      type: 'reaction_added',
      user: input.user,
      reaction: input.reaction,
      item_user: input.itemUser ?? BOT_USER,
      item: { type: 'message', channel: input.channel, ts: input.ts },
      event_ts: '1700000001.000001',
    },
    input.eventId,
  );
}

export function appHomeOpenedEnvelope(input: { user: string; tab?: 'home' | 'messages'; channel?: string; eventId?: string }) {
  return eventEnvelope(
    {
      type: 'app_home_opened',
      user: input.user,
      channel: input.channel ?? `D${input.user}`,
      tab: input.tab ?? 'home',
      event_ts: '1700000001.000001',
    },
    input.eventId,
  );
}

/** What Pledge put in a modal's private_metadata, under its seal (src/slack/sealed-metadata.ts). */
export function openedMetadata(sealed: string): unknown {
  return JSON.parse(sealed.replace(/^p1\.[A-Za-z0-9_-]{43}\./, ''));
}
