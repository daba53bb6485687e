import { t, type Locale } from '../../i18n';
import { COMMAND } from '../ids';
import { mrkdwn, plain, type SlackMessage } from './common';
import { escapeText } from './escape';

/** The command reference. The `/complaint` in the catalog must match COMMAND in ids.ts. */
export function helpMessage(locale: Locale): SlackMessage {
  const ref = escapeText(t(locale, 'help.ref_placeholder'));
  const commands = [
    t(locale, 'help.file'),
    t(locale, 'help.help'),
    t(locale, 'help.mine'),
    t(locale, 'help.show', { ref }),
    t(locale, 'help.history', { ref }),
    t(locale, 'help.digest'),
    t(locale, 'help.stats'),
  ].map((line) => `• ${line}`);
  return {
    text: `${t(locale, 'help.fallback')} (${COMMAND})`,
    blocks: [
      { type: 'header', text: plain(t(locale, 'help.title')) },
      { type: 'section', text: mrkdwn(t(locale, 'help.intro')) },
      { type: 'section', text: mrkdwn(commands.join('\n')) },
      { type: 'context', elements: [mrkdwn(t(locale, 'help.shortcut'))] },
    ],
  };
}
