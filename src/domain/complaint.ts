/** The complaint as the domain sees it: no chat platform, no database. */
export const PRIORITIES = ['normal', 'major', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const SOURCES = ['chat', 'phone', 'email', 'web', 'in_person'] as const;
export type Source = (typeof SOURCES)[number];

export const STATUSES = [
  'new',
  'accepted',
  'investigating',
  'waiting_on_complainant',
  'solution_proposed',
  'resolved',
  'rejected',
  'withdrawn',
] as const;
export type Status = (typeof STATUSES)[number];

/** Statuses that still count toward an owner's open load and appear on boards. */
export const OPEN_STATUSES: readonly Status[] = [
  'new',
  'accepted',
  'investigating',
  'waiting_on_complainant',
  'solution_proposed',
];

export type ContactKind = 'phone' | 'email';

/** Who a consent or rating came from: the complainant in chat, or staff recording it for them. */
export type RecordedBy = 'complainant' | 'staff';

/** What a request needs another person's yes for. */
export type RequestKind = 'rejection' | 'handover' | 'extension';

/** What a filer submits, after parsing; validated by domain/validate-complaint.ts. */
export interface ComplaintDraft {
  title: string;
  details: string;
  category: string;
  priority: Priority;
  source: Source;
  customerName?: string;
  customerContact?: string;
  originChannelId?: string;
  originMessageId?: string;
  originPermalink?: string;
}

/** A complaint as shown to people: what builders render. Contact is always masked here. */
export interface ComplaintCard {
  id: string;
  reference: string;
  title: string;
  details: string;
  category: string;
  /** The category's display name (pledge.config.yml), where known; the id otherwise. */
  categoryName?: string;
  priority: Priority;
  source: Source;
  status: Status;
  filerId: string;
  /** The handler (承办人): accepts and works the complaint. */
  ownerId: string;
  /** The first contact (首问负责人): stays accountable and informed; null until known (see domain/first-contact.ts). */
  firstContactId: string | null;
  groupId: string;
  groupName: string;
  filedAt: Date;
  acceptedAt: Date | null;
  /** Who pressed Accept (the handler, or the leader for them). */
  acceptedById: string | null;
  ackDueAt: Date | null;
  customerName: string | null;
  maskedContact: string | null;
  originPermalink: string | null;
  /** The proposed solution, once there is one. */
  solution: string | null;
  /** The result reported back (or, when rejected, the explanation). */
  result: string | null;
  /** Why that result (findings, policy, what was agreed); absent on cards built before it was read. */
  resultBasis?: string | null;
  /**
   * The earliest running limit: what is due next, and when; if it was extended, on whose consent.
   * Null when nothing runs (or paused).
   */
  nextDue: {
    stage: string;
    dueAt: Date;
    extendedBy?: RecordedBy | null;
    /** What an extension would suggest instead (domain/sla.ts suggestedExtension): set where one is asked for. */
    suggestedDueAt?: Date;
  } | null;
  /** The satisfaction rating, and whether the complainant gave it or staff recorded it for them. */
  followUp: { rating: number; by: RecordedBy } | null;
  /** 归档: when it was archived, beside its status (the outcome, which archiving leaves as it was). */
  archivedAt: Date | null;
  /**
   * Requests waiting for an answer: the leader's, for a rejection or handover; the complainant's,
   * for an extension. Absent on cards built without them.
   */
  waiting?: { kind: RequestKind; approverId: string }[];
  /** True while the complaint waits on the complainant (its clocks are stopped). */
  paused: boolean;
  /** An open limit was computed into a year without holiday data: it may fall on a public holiday. */
  unknownYear?: boolean;
  specialChannelId: string | null;
  channelId: string | null;
  rootMessageId: string | null;
  /** The outside customer's contact row (its id only: the value stays sealed). */
  contactId?: string | null;
  /** The complainant's own language where they chose one (the public form); null: the configured one. */
  locale?: 'en' | 'zh-CN' | null;
  /** Whether the latest message to the complainant by e-mail or SMS reached them, and when. */
  reach?: ReachState | null;
}

export interface ReachState {
  channel: 'email' | 'sms';
  state: 'sent' | 'failed' | 'pending';
  at: Date | null;
}
