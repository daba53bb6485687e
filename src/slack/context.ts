/** What every Slack listener is registered with: the services and how to speak to people. */
import type { Locale } from '../i18n';
import type { Services } from '../services';
import type { MetadataSeal } from './sealed-metadata';

export interface SlackContext {
  services: Services;
  locale: Locale;
  timeZone: string;
  /** Years the business calendar has no holiday data for: supervisors see them on App Home. */
  calendarWarnings?: readonly string[];
  /** Seals what modals carry in private_metadata (sealed-metadata.ts); made by createSlackApp. */
  seal: MetadataSeal;
}
