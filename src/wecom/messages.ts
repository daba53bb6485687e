/**
 * The bodies message/send takes (应用消息): text, markdown and the button_interaction template
 * card, checked against WeCom's limits here, where the message is made, rather than refused by
 * WeCom at delivery. Texts arrive already rendered from the i18n catalogs.
 */

/** text.content and markdown.content: at most 2048 bytes (UTF-8) each. */
export const CONTENT_MAX_BYTES = 2048;
/** button_interaction: at most 6 buttons. */
export const BUTTONS_MAX = 6;
/** task_id: at most 128 bytes of letters, digits and _-@, unique within the app. */
const TASK_ID = /^[A-Za-z0-9_\-@]{1,128}$/;

/**
 * A button either calls back (`key`: the click's EventKey, at most 1024 bytes, unique within the
 * card) or opens a page (`url`, WeCom's button type 1), for a step that needs something typed.
 */
export type CardButton = {
  text: string;
  /** 1 blue (default), 2 grey, 3 red, 4 blue outline. */
  style?: 1 | 2 | 3 | 4;
} & ({ key: string; url?: never } | { url: string; key?: never });

export interface ButtonCard {
  taskId: string;
  title: string;
  description?: string;
  /** Plain text under the title (sub_title_text): what is asked, at most 112 characters. */
  text?: string;
  /** Words someone typed (a reason, a question, a result), set apart as a quote (quote_area). */
  quote?: { title?: string; text: string };
  /** Label and value pairs under the title (at most 6). */
  facts?: { label: string; value: string; url?: string }[];
  /** Where a tap on the card leads (a page in WeCom). */
  url?: string;
  buttons: CardButton[];
}

export type TextMessage = { msgtype: 'text'; text: { content: string } };
export type MarkdownMessage = { msgtype: 'markdown'; markdown: { content: string } };
export type CardMessage = { msgtype: 'template_card'; template_card: Record<string, unknown> };
export type WeComMessage = TextMessage | MarkdownMessage | CardMessage;

export function textMessage(content: string): TextMessage {
  return { msgtype: 'text', text: { content: clip(content, CONTENT_MAX_BYTES) } };
}

export function markdownMessage(content: string): MarkdownMessage {
  return { msgtype: 'markdown', markdown: { content: clip(content, CONTENT_MAX_BYTES) } };
}

export function buttonCard(card: ButtonCard): CardMessage {
  if (!TASK_ID.test(card.taskId)) throw new Error(`task_id must be 1 to 128 letters, digits, _, - or @ (got ${JSON.stringify(card.taskId)})`);
  if (card.buttons.length < 1 || card.buttons.length > BUTTONS_MAX) throw new Error(`a button card has 1 to ${BUTTONS_MAX} buttons (got ${card.buttons.length})`);
  for (const b of card.buttons) if (b.key !== undefined && Buffer.byteLength(b.key) > 1024) throw new Error(`a button key is at most 1024 bytes (${JSON.stringify(b.key.slice(0, 40))}...)`);
  const keys = card.buttons.flatMap((b) => (b.key === undefined ? [] : [b.key]));
  if (new Set(keys).size !== keys.length) throw new Error(`a card's button keys must differ (got ${keys.join(', ')})`);
  return {
    msgtype: 'template_card',
    template_card: {
      card_type: 'button_interaction',
      main_title: { title: clipWidth(card.title, 36), ...(card.description && { desc: clipWidth(card.description, 44) }) },
      ...(card.text && { sub_title_text: clipWidth(card.text, 112) }),
      ...(card.quote?.text && { quote_area: { type: 0, ...(card.quote.title && { title: clipWidth(card.quote.title, 20) }), quote_text: clipWidth(card.quote.text, 200) } }),
      ...(card.facts?.length && {
        horizontal_content_list: card.facts.slice(0, 6).map((f) => ({ keyname: clipWidth(f.label, 7), value: clipWidth(f.value, 30), ...(f.url && { type: 1, url: f.url }) })),
      }),
      ...(card.url && { card_action: { type: 1, url: card.url } }),
      task_id: card.taskId,
      button_list: card.buttons.map((b) => ({ text: clipWidth(b.text, 10), style: b.style ?? 1, ...(b.url === undefined ? { key: b.key } : { type: 1, url: b.url }) })),
    },
  };
}

/** At most `max` bytes of UTF-8, cut at a character, with an ellipsis when cut. */
export function clip(text: string, max: number): string {
  if (Buffer.byteLength(text) <= max) return text;
  let out = '';
  for (const ch of text) {
    if (Buffer.byteLength(out + ch) > max - 3) break;
    out += ch;
  }
  return `${out}…`;
}

/**
 * WeCom counts a card's lengths ("at most 10 characters" for a button) in Chinese characters; a
 * Latin letter takes about half the width, so English gets twice the letters. A label may take
 * 7 where WeCom suggests 5: "First contact" cut to "First co…" would say less than it wraps.
 */
function clipWidth(text: string, max: number): string {
  let width = 0;
  let out = '';
  for (const ch of text) {
    width += /[\u0000-\u024f]/.test(ch) ? 0.5 : 1;
    if (width > max) return `${[...out].slice(0, -1).join('')}…`;
    out += ch;
  }
  return out;
}

/**
 * What a click shows on the card that was clicked: its buttons turned into one that cannot be
 * clicked, reading `label` (who decided what, when), or a whole new card in its place (a
 * question to answer first). The click's response_code allows one such update.
 */
export type CardUpdate = { label: string } | { card: CardMessage['template_card'] };

/** The body of update_template_card for `update`, to the member who clicked. */
export function cardUpdateBody(responseCode: string, member: string, update: CardUpdate): Record<string, unknown> {
  const change = 'card' in update ? { template_card: update.card } : { button: { replace_name: clipWidth(update.label, 40) } };
  return { userids: [member], response_code: responseCode, ...change };
}
