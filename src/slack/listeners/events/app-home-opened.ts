/**
 * Opening Pledge's Home tab: the answer is the person's Home as it is now, published at once.
 * (Later changes that concern them re-publish it through the outbox.)
 */
import type { App } from '@slack/bolt';
import { homeView } from '../../blocks/home';
import type { SlackContext } from '../../context';

export function register(app: App, { services, locale, timeZone, calendarWarnings = [] }: SlackContext): void {
  app.event('app_home_opened', async ({ event, client }) => {
    // The Messages tab fires this event too; it has nothing to publish.
    if (event.tab !== 'home') return;
    const home = await services.homeFor(event.user, [...calendarWarnings]);
    await client.views.publish({ user_id: event.user, view: homeView({ locale, timeZone, home }) as never });
  });
}
