/** Cards as an extension's form gets them: with the service's suggestion, in a Shanghai team's CN calendar. */
import { teamCalendars } from '../../src/calendar-data/build';
import { loadPledgeConfig } from '../../src/config';
import type { ComplaintCard } from '../../src/domain/complaint';
import { withSuggestedExtension } from '../../src/services/extension-suggestion';

const YAML = 'locale: en\ntimezone: Asia/Shanghai\ncalendar:\n  country: CN\ngroups:\n  - {id: g, name: G, leader: U0L, members: [U0M], channel: C0G, categories: [c]}\n';
const calendar = teamCalendars(loadPledgeConfig(YAML) as never, new Date('2026-11-30T00:00:00Z')).calendarFor('g');

export const suggesting = (card: ComplaintCard): ComplaintCard => withSuggestedExtension({ calendarFor: () => calendar }, card);
