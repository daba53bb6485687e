/**
 * Makes user text inert in mrkdwn: without this, a title like `<!channel>`
 * would ping everyone and `<https://evil|bank>` would render as a disguised
 * link. Slack asks for exactly these three characters to be escaped.
 */
export function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The inverse, for message text Slack hands us (shortcuts, conversations.history): it arrives
 * with exactly these three characters as entities. One pass, so a literal "&lt;" someone typed
 * (sent as "&amp;lt;") comes back as "&lt;", not "<".
 */
export function unescapeText(s: string): string {
  return s.replace(/&(amp|lt|gt);/g, (_, name: 'amp' | 'lt' | 'gt') => ({ amp: '&', lt: '<', gt: '>' })[name]);
}
