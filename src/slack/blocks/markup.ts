/**
 * Slack's own emphasis, added around catalog words by the renderer: the catalogs hold words
 * only (GLOSSARY.md), so another chat platform can render the same texts its own way. Every
 * value given here must already be mrkdwn-safe (escaped).
 */

export const bold = (mrkdwn: string): string => (mrkdwn ? `*${mrkdwn}*` : '');
export const italic = (mrkdwn: string): string => (mrkdwn ? `_${mrkdwn}_` : '');
/** A command or id to type; its text shows verbatim, so it needs no escaping beyond `&<>`. */
export const code = (mrkdwn: string): string => `\`${mrkdwn}\``;

/** The cues a reader scans for, one per kind of news. */
export const EMOJI = {
  alarm: ':rotating_light:',
  done: ':white_check_mark:',
  no: ':x:',
  up: ':arrow_up:',
  breached: ':red_circle:',
  atRisk: ':large_orange_circle:',
  dueToday: ':large_yellow_circle:',
  open: ':white_circle:',
} as const;

export const withEmoji = (emoji: keyof typeof EMOJI, mrkdwn: string): string => `${EMOJI[emoji]} ${mrkdwn}`;
