import { t, type Locale } from '../../i18n';
import { COMMAND } from '../ids';
import { mrkdwn, plain, type SlackMessage } from './common';
import { escapeText } from './escape';
import { code } from './markup';

/** The message shortcut's name as manifest.yml gives it: Slack shows it in English whatever the locale. */
export const SHORTCUT_NAME = 'File as complaint';

/** The command reference: the catalog says what each does, the commands come from ids.ts. */
export function helpMessage(locale: Locale): SlackMessage {
  const ref = escapeText(t(locale, 'help.ref_placeholder'));
  const command = (args = '') => code(args ? `${COMMAND} ${args}` : COMMAND);
  const commands = [
    t(locale, 'help.file', { command: command() }),
    t(locale, 'help.help', { command: command('help') }),
    t(locale, 'help.mine', { command: command('mine') }),
    t(locale, 'help.show', { command: command(`show ${ref}`) }),
    t(locale, 'help.history', { command: command(`history ${ref}`) }),
    t(locale, 'help.digest', { command: command('digest') }),
    t(locale, 'help.stats', { command: command('stats [week|month|quarter] [chart]'), chart: code('chart') }),
  ].map((line) => `• ${line}`);
  return {
    text: `${t(locale, 'help.fallback')} (${COMMAND})`,
    blocks: [
      { type: 'header', text: plain(t(locale, 'help.title')) },
      { type: 'section', text: mrkdwn(t(locale, 'help.intro')) },
      { type: 'section', text: mrkdwn(commands.join('\n')) },
      { type: 'context', elements: [mrkdwn(t(locale, 'help.shortcut', { shortcut: SHORTCUT_NAME }))] },
    ],
  };
}
