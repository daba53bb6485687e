/**
 * A person in the demo's imaginary workspace: types slash commands, presses the buttons the
 * bot actually sent, and fills in the modals it actually opened, all as correctly signed
 * requests into the real Bolt app. Nothing here knows Pledge's rules.
 */
import type { RecordedCall, SlackStandIn } from '../test/support/slack-stand-in';
import { blockActionPayload, postInteraction, postSlashCommand, viewSubmissionPayload } from '../test/support/signed-requests';

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

export class SlackUser {
  constructor(
    readonly id: string,
    private readonly world: World,
  ) {}

  async command(text: string, channelId = 'CBILLING'): Promise<void> {
    await postSlashCommand(this.world.baseUrl, this.world.secret, { text, user_id: this.id, channel_id: channelId, response_url: this.world.standIn.responseUrl(this.id) });
    await this.world.settle();
  }

  /** Presses the button with `actionId` (or whose id starts with it) in a message the bot sent. */
  async press(message: RecordedCall, actionId: string | RegExp): Promise<void> {
    const found = findElement(message.args.blocks, actionId);
    if (!found) throw new Error(`no ${String(actionId)} button in that message`);
    const body = message.response.body as { channel?: string; ts?: string };
    await postInteraction(
      this.world.baseUrl,
      this.world.secret,
      blockActionPayload({
        actionId: String(found.element.action_id),
        blockId: String(found.block.block_id ?? 'actions'),
        value: String(found.element.value ?? ''),
        userId: this.id,
        channelId: body.channel ?? String(message.args.channel),
        messageTs: body.ts ?? '',
        responseUrl: this.world.standIn.responseUrl(this.id),
      }),
    );
    await this.world.settle();
  }

  /** Chooses the option whose value starts with `<valuePrefix>:` in a message's ⋯ menu. */
  async choose(message: RecordedCall, valuePrefix: string): Promise<void> {
    const found = findOption(message.args.blocks, valuePrefix);
    if (!found) throw new Error(`no ${valuePrefix} in that message's menu`);
    const body = message.response.body as { channel?: string; ts?: string };
    await postInteraction(
      this.world.baseUrl,
      this.world.secret,
      blockActionPayload({
        actionId: String(found.element.action_id),
        blockId: String(found.block.block_id ?? 'actions'),
        actionType: 'overflow',
        selectedOption: { value: found.value },
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
