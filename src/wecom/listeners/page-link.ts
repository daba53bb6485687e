/**
 * The answer that leads a member to one of Pledge's pages inside WeCom: a text_notice template
 * card (no buttons, nothing to update later) whose tap opens the page through WeCom's OAuth
 * (appLink). Without PLEDGE_PUBLIC_URL there are no pages to link to, and the answer says so
 * in words instead of leaving the member without one.
 */
import { t, type Locale } from '../../i18n';
import { appLink, type AppLinkSettings } from '../app-links';
import { textMessage, type WeComMessage } from '../messages';

export type LinkedPage = 'file' | 'mine';

export function pageLinkMessage(locale: Locale, links: AppLinkSettings | undefined, page: LinkedPage): WeComMessage {
  if (!links) return textMessage(t(locale, 'wecom.reply.no_pages'));
  const url = appLink(links, { page });
  const title = t(locale, page === 'file' ? 'wecom.menu.file' : 'wecom.menu.mine');
  return {
    msgtype: 'template_card',
    template_card: {
      card_type: 'text_notice',
      main_title: { title, desc: t(locale, page === 'file' ? 'wecom.reply.file.text' : 'wecom.reply.mine.text') },
      card_action: { type: 1, url },
      jump_list: [{ type: 1, title: t(locale, 'wecom.reply.open'), url }],
    },
  };
}
