/**
 * Makes user text inert in mrkdwn: without this, a title like `<!channel>`
 * would ping everyone and `<https://evil|bank>` would render as a disguised
 * link. Slack asks for exactly these three characters to be escaped.
 */
export function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
