/**
 * What WeCom's listeners work with: the services they call, where they queue their answers
 * (the outbox), and how they write (locale, zones, links to Pledge's pages in WeCom).
 */
import type { Clock } from '../../clock';
import type { Store } from '../../db/tx';
import type { ComplaintCard } from '../../domain/complaint';
import type { Locale } from '../../i18n';
import type { Services } from '../../services';
import type { AppLinkSettings } from '../app-links';
import type { XmlFields } from '../xml';

export interface WeComListenerContext {
  services: Services;
  prisma: Store;
  clock: Clock;
  locale: Locale;
  /** A complaint as chat shows it, by id. */
  card(complaintId: string): Promise<ComplaintCard | undefined>;
  /** The zone of a complaint's group: dates in an answer read in it. */
  timeZoneOf(groupId: string): string;
  /** Links to Pledge's pages inside WeCom; absent when PLEDGE_PUBLIC_URL is not set. */
  links?: AppLinkSettings;
  log(level: 'info' | 'warn' | 'error', message: string): void;
  /** Tells the outbox runner an answer was queued (it would find it on its next poll anyway). */
  queued?(): void;
}

/** One verified callback, as a listener gets it. */
export interface WeComCallback {
  message: XmlFields;
  /** The member who sent it (FromUserName): WeCom vouches for it, the signature checked. */
  from: string;
  /** When the outbox delivered it to the listener. */
  at: Date;
  /** The callback's identity across WeCom's retries (callback.ts callbackKey): answers are keyed on it. */
  key: string;
}

export type WeComListener = (ctx: WeComListenerContext, callback: WeComCallback) => Promise<void>;
