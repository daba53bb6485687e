import type { Line } from '../../chat/port';
import type { Locale } from '../../i18n';
import { mrkdwn, type SlackMessage } from './common';
import { renderLine } from './line';

export interface ThreadLineInput {
  locale: Locale;
  timeZone: string;
  line: Line;
}

/**
 * One step in the complaint's thread (and its special channel). Both are channels, where many
 * people read: personal data in the typed text is masked.
 */
export function threadLineMessage({ locale, timeZone, line }: ThreadLineInput): SlackMessage {
  const text = renderLine({ locale, timeZone, mask: true }, line);
  return { text, blocks: [{ type: 'section', text: mrkdwn(text) }] };
}
