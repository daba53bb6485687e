/**
 * A WeCom template card as the text a member reads, for the message snapshots: the title, the
 * text, the quote, the facts, then the buttons in [brackets], each with what it does: `⚙ key`
 * for a click, `→ page` for a page in WeCom (its path and request, from the OAuth link).
 * Without `plumbing` (the demo), only what the member reads: no keys, no links.
 */
type Card = {
  main_title?: { title?: string; desc?: string };
  sub_title_text?: string;
  quote_area?: { title?: string; quote_text?: string };
  horizontal_content_list?: { keyname: string; value: string }[];
  card_action?: { url?: string };
  button_list?: { text: string; key?: string; url?: string; type?: number }[];
};

/** The page an OAuth link leads to: redirect_uri's path and query. */
export function pageOf(link: string): string {
  const redirect = new URL(link).searchParams.get('redirect_uri');
  if (!redirect) return link;
  const page = new URL(redirect);
  return `${page.pathname}${page.search}`;
}

export function cardAsText(card: Card, short: (s: string) => string = (s) => s, { plumbing = true }: { plumbing?: boolean } = {}): string {
  const lines = [`== ${card.main_title?.title ?? ''} ==`];
  if (card.main_title?.desc) lines.push(card.main_title.desc);
  if (card.sub_title_text) lines.push(card.sub_title_text);
  if (card.quote_area?.quote_text) lines.push(`  | ${card.quote_area.title ? `${card.quote_area.title}: ` : ''}${card.quote_area.quote_text.split('\n').join('\n  | ')}`);
  for (const f of card.horizontal_content_list ?? []) lines.push(`  *${f.keyname}* ${f.value}`);
  if (plumbing && card.card_action?.url) lines.push(`(tap: ${short(pageOf(card.card_action.url))})`);
  lines.push((card.button_list ?? []).map((b) => `[${b.text}]`).join(' '));
  if (plumbing) lines.push(`  ⚙ ${(card.button_list ?? []).map((b) => (b.type === 1 && b.url ? `→ ${short(pageOf(b.url))}` : `${short(b.key ?? '')}`)).join(' · ')}`);
  return lines.join('\n');
}
