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

export interface CardButton {
  text: string;
  /** The value the click's callback carries back (EventKey): at most 1024 bytes. */
  key: string;
  /** 1 blue (default), 2 grey, 3 red, 4 blue outline. */
  style?: 1 | 2 | 3 | 4;
}

export interface ButtonCard {
  taskId: string;
  title: string;
  description?: string;
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
  for (const b of card.buttons) if (Buffer.byteLength(b.key) > 1024) throw new Error(`a button key is at most 1024 bytes (${JSON.stringify(b.key.slice(0, 40))}...)`);
  return {
    msgtype: 'template_card',
    template_card: {
      card_type: 'button_interaction',
      main_title: { title: clipChars(card.title, 36), ...(card.description && { desc: clipChars(card.description, 44) }) },
      ...(card.facts?.length && {
        horizontal_content_list: card.facts.slice(0, 6).map((f) => ({ keyname: clipChars(f.label, 5), value: clipChars(f.value, 30), ...(f.url && { type: 1, url: f.url }) })),
      }),
      ...(card.url && { card_action: { type: 1, url: card.url } }),
      task_id: card.taskId,
      button_list: card.buttons.map((b) => ({ text: clipChars(b.text, 10), key: b.key, style: b.style ?? 1 })),
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

/** WeCom counts a card's lengths in characters, and cuts longer ones itself, mid-word. */
function clipChars(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
