/**
 * A person in the demo's imaginary Slack workspace: types slash commands, presses the buttons
 * the bot actually sent (on the complaint's post in #billing, or in their DMs), and fills in the
 * modals it actually opened, all as correctly signed requests into the real Bolt app. Nothing
 * here knows Pledge's rules.
 */
import { ACCEPT_ACTION, ACTION_FIELD, APPROVE_ACTION, complaintActionId, CONSENT_AGREE_ACTION, ESCALATION_APPROVE_ACTION, FIELD, SURVEY_RATE_ACTION } from '../src/slack/ids';
import type { RecordedCall, SlackStandIn } from '../test/support/slack-stand-in';
import { blockActionPayload, postInteraction, postSlashCommand, viewSubmissionPayload, type BlockActionInput } from '../test/support/signed-requests';
import type { ChatUser, Filing, TypedStep } from './chat-user';

type Obj = Record<string, unknown>;

export interface World {
  baseUrl: string;
  secret: string;
  standIn: SlackStandIn;
  /** Waits until the bot has finished answering and delivering. */
  settle(): Promise<void>;
}

/** A value for a modal input, by the input's action id. */
export type Answer = string | { option: string } | { date: Date } | { user: string } | { options: string[] };

/** The group's channel in the demo's configuration. */
export const BILLING_CHANNEL = 'CBILLING';

export class SlackUser implements ChatUser {
  constructor(
    readonly id: string,
    private readonly world: World,
  ) {}

  // What the story asks, the Slack way.

  async file(f: Filing): Promise<void> {
    await this.command('');
    await this.submit({
      [FIELD.title.action]: f.title,
      [FIELD.details.action]: f.details,
      [FIELD.category.action]: { option: f.category },
      [FIELD.priority.action]: { option: f.priority },
      [FIELD.source.action]: { option: f.source },
      ...(f.customerName !== undefined && { [FIELD.customerName.action]: f.customerName }),
      ...(f.customerContact !== undefined && { [FIELD.customerContact.action]: f.customerContact }),
    });
  }

  accept(reference: string): Promise<void> {
    return this.press(this.post(reference), ACCEPT_ACTION);
  }

  startInvestigation(reference: string): Promise<void> {
    return this.press(this.post(reference), complaintActionId('start_investigation'));
  }

  /** The step's button on the complaint's post, or its entry in the post's ⋯ menu; then its modal. */
  async act(reference: string, typed: TypedStep): Promise<void> {
    const post = this.post(reference);
    const button = complaintActionId(typed.step);
    if (findElement(post.args.blocks, button)) await this.press(post, button);
    else await this.choose(post, typed.step);
    const answers: Record<string, Answer> = { [ACTION_FIELD.text.action]: typed.text };
    if (typed.step === 'request_extension') answers[ACTION_FIELD.due.action] = { date: typed.due };
    if (typed.step === 'resolve') {
      answers[ACTION_FIELD.basis.action] = typed.basis;
      if (typed.delivery) answers[ACTION_FIELD.delivery.action] = { option: typed.delivery };
    }
    await this.submit(answers);
  }

  async answerInfo(reference: string, text: string): Promise<void> {
    const answer = complaintActionId('answer_info');
    await this.press(this.dm(reference, answer), answer);
    await this.submit({ [ACTION_FIELD.text.action]: text });
  }

  approve(reference: string): Promise<void> {
    return this.press(this.dm(reference, APPROVE_ACTION), APPROVE_ACTION);
  }

  /** Approves the escalation and, in its modal, leaves the complaint with its handler. */
  async takeEscalation(reference: string): Promise<void> {
    await this.press(this.dm(reference, ESCALATION_APPROVE_ACTION), ESCALATION_APPROVE_ACTION);
    await this.submit({ [ACTION_FIELD.take.action]: { option: 'keep' } });
  }

  consent(reference: string): Promise<void> {
    return this.press(this.dm(reference, CONSENT_AGREE_ACTION), CONSENT_AGREE_ACTION);
  }

  async rate(reference: string, rating: number, comment: string): Promise<void> {
    await this.press(this.dm(reference, SURVEY_RATE_ACTION), `${SURVEY_RATE_ACTION}:${rating}`);
    await this.submit({ [ACTION_FIELD.text.action]: comment });
  }

  /** The latest version of a message the bot sent (posted, then updated in place). */
  private latest(match: (c: RecordedCall) => boolean): RecordedCall {
    const found = [...this.world.standIn.calls].reverse().find((c) => (c.method === 'chat.postMessage' || c.method === 'chat.update') && match(c));
    if (!found) throw new Error('the demo expected a message that never came');
    return found;
  }

  /** The complaint's post in the group's channel. */
  private post(reference: string): RecordedCall {
    return this.latest((c) => c.args.channel === BILLING_CHANNEL && !c.args.thread_ts && JSON.stringify(c.args.blocks ?? '').includes(`${reference} ·`));
  }

  /** The latest DM to this person about the complaint with a button `actionPrefix`. */
  private dm(reference: string, actionPrefix: string): RecordedCall {
    return this.latest((c) => {
      const blocks = JSON.stringify(c.args.blocks ?? '');
      return c.args.channel === this.id && blocks.includes(actionPrefix) && blocks.includes(reference);
    });
  }

  // What a person does in Slack.

  async command(text: string, channelId = 'CBILLING'): Promise<void> {
    await postSlashCommand(this.world.baseUrl, this.world.secret, { text, user_id: this.id, channel_id: channelId, response_url: this.world.standIn.responseUrl(this.id) });
    await this.world.settle();
  }

  /** Presses the button with `actionId` (or whose id starts with it) in a message the bot sent. */
  async press(message: RecordedCall, actionId: string | RegExp): Promise<void> {
    const found = findElement(message.args.blocks, actionId);
    if (!found) throw new Error(`no ${String(actionId)} button in that message`);
    await this.interactWith(message, found, { value: String(found.element.value ?? '') });
  }

  /** Chooses the option whose value starts with `<valuePrefix>:` in a message's ⋯ menu. */
  async choose(message: RecordedCall, valuePrefix: string): Promise<void> {
    const found = findOption(message.args.blocks, valuePrefix);
    if (!found) throw new Error(`no ${valuePrefix} in that message's menu`);
    await this.interactWith(message, found, { actionType: 'overflow', selectedOption: { value: found.value } });
  }

  /** Sends Slack's block_actions for `found`, an element of a message the bot sent. */
  private async interactWith(message: RecordedCall, found: { block: Obj; element: Obj }, what: Pick<BlockActionInput, 'value' | 'actionType' | 'selectedOption'>): Promise<void> {
    const body = message.response.body as { channel?: string; ts?: string };
    await postInteraction(
      this.world.baseUrl,
      this.world.secret,
      blockActionPayload({
        actionId: String(found.element.action_id),
        blockId: String(found.block.block_id ?? 'actions'),
        ...what,
        userId: this.id,
        channelId: body.channel ?? String(message.args.channel),
        messageTs: body.ts ?? '',
        responseUrl: this.world.standIn.responseUrl(this.id),
      }),
    );
    await this.world.settle();
  }

  /** The modal most recently opened for anyone (the demo acts one person at a time). */
  lastModal(): Obj {
    const opened = [...this.world.standIn.calls].reverse().find((c) => c.method === 'views.open' || c.method === 'views.update');
    if (!opened) throw new Error('no modal is open');
    return { ...(opened.args.view as Obj), id: (opened.response.body as { view: { id: string } }).view.id };
  }

  /** Fills the open modal's inputs by action id and submits it. */
  async submit(answers: Record<string, Answer>): Promise<unknown> {
    const view = this.lastModal();
    const values: Record<string, Record<string, object>> = {};
    for (const block of (view.blocks as Obj[]) ?? []) {
      if (block.type !== 'input') continue;
      const el = block.element as Obj;
      const answer = answers[String(el.action_id)] ?? initial(el);
      values[String(block.block_id)] = { [String(el.action_id)]: leaf(el, answer) };
    }
    const res = await postInteraction(
      this.world.baseUrl,
      this.world.secret,
      viewSubmissionPayload({ callbackId: String(view.callback_id), userId: this.id, viewId: String(view.id), privateMetadata: String(view.private_metadata ?? ''), values }),
    );
    await this.world.settle();
    const answer = (res.body ? res.json() : undefined) as { response_action?: string; errors?: unknown } | undefined;
    // The story never means to type something the bot refuses: a refusal is the demo's bug.
    if (answer?.response_action === 'errors') throw new Error(`the form was refused: ${JSON.stringify(answer.errors)}`);
    return answer;
  }
}

function findElement(blocks: unknown, actionId: string | RegExp): { block: Obj; element: Obj } | undefined {
  for (const block of (Array.isArray(blocks) ? blocks : []) as Obj[]) {
    const elements = [...((block.elements as Obj[] | undefined) ?? []), ...(block.accessory ? [block.accessory as Obj] : [])];
    for (const element of elements) {
      const id = String(element.action_id ?? '');
      if (typeof actionId === 'string' ? id === actionId || id.startsWith(`${actionId}:`) : actionId.test(id)) return { block, element };
    }
  }
  return undefined;
}

function findOption(blocks: unknown, valuePrefix: string): { block: Obj; element: Obj; value: string } | undefined {
  for (const block of (Array.isArray(blocks) ? blocks : []) as Obj[]) {
    for (const element of (block.elements as Obj[] | undefined) ?? []) {
      if (element.type !== 'overflow') continue;
      const option = ((element.options as Obj[] | undefined) ?? []).find((o) => String(o.value).startsWith(`${valuePrefix}:`));
      if (option) return { block, element, value: String(option.value) };
    }
  }
  return undefined;
}

function initial(el: Obj): Answer | undefined {
  if (typeof el.initial_value === 'string') return el.initial_value;
  const opt = el.initial_option as Obj | undefined;
  return opt ? { option: String(opt.value) } : undefined;
}

/** One input's entry in view.state.values, shaped as Slack sends it for that element type. */
function leaf(el: Obj, answer: Answer | undefined): object {
  const type = String(el.type);
  if (typeof answer === 'string' || answer === undefined) return { type, value: answer ?? null };
  if ('option' in answer) return { type, selected_option: { text: { type: 'plain_text', text: answer.option }, value: answer.option } };
  if ('options' in answer) return { type, selected_options: answer.options.map((v) => ({ text: { type: 'plain_text', text: v }, value: v })) };
  if ('user' in answer) return { type, selected_user: answer.user };
  return { type, selected_date_time: Math.floor(answer.date.getTime() / 1000) };
}
