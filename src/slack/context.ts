/** What every Slack listener is registered with: the services and how to speak to people. */
import type { Locale } from '../i18n';
import type { Services } from '../services';
import type { MetadataSeal } from './sealed-metadata';

export interface SlackContext {
  services: Services;
  locale: Locale;
  /** The team's zone, for what concerns no one group (App Home, `/complaint mine`). */
  timeZone: string;
  /** A group's own zone (its calendar's): what is about one complaint is written in its group's. */
  timeZoneOf: (groupId: string) => string;
  /** Years the business calendar has no holiday data for: supervisors see them on App Home. */
  calendarWarnings?: readonly string[];
  /** Seals what modals carry in private_metadata (sealed-metadata.ts); made by createSlackApp. */
  seal: MetadataSeal;
}
