/**
 * What a person does in the chat, and what they see there, said without a platform: the
 * contract suite (test/integration/chat-contract.test.ts) tells each story once through this
 * and runs it on Slack and on WeCom. Each implementation does what that platform's person does
 * (Slack: signed requests to the Bolt app, its buttons and modals; WeCom: encrypted callbacks
 * for card clicks, OAuth'd pages for filing and typed steps) and reads what that platform's
 * stand-in received, as text.
 */
import type { FixedClock } from '../../../src/clock';
import type { Pledge } from '../../../src/pledge';
import type { TestDb } from '../db';
import { testConfigYaml } from '../pledge-harness';

export type Platform = 'slack' | 'wecom';

/** The people of the contract's configuration (CONTRACT_YAML): the same ids on both platforms. */
export const PEOPLE = { filer: 'UFILER', leader: 'ULEAD1', supervisor: 'USUP1' } as const;
/** The billing group's chat: a Slack channel id, and a WeCom group chat's chatid. */
export const BILLING_CHAT = 'CBILLING';

/**
 * One configuration for both platforms, the Slack tests' own with nobody away: UFILER, UOWN1...
 * are valid Slack user ids and valid WeCom UserIDs alike, and CBILLING a Slack channel id and a
 * WeCom chatid alike.
 */
export const CONTRACT_YAML = testConfigYaml({ members: ['UOWN1', 'UOWN2'] });
export const CONTRACT_MEMBERS = ['UFILER', 'UOWN1', 'UOWN2', 'ULEAD1', 'ULEAD2', 'USRV1', 'USUP1'];
export const CONTRACT_CHATS = ['CBILLING', 'CSERVICE'];

/** What the filing form asks, as the person types it. */
export interface Filing {
  title: string;
  details: string;
  category: string;
  priority: string;
  source: string;
}

export const FILING: Filing = { title: 'Charged twice', details: 'Card charged twice on 28 Nov', category: 'billing', priority: 'normal', source: 'chat' };

export interface Filed {
  id: string;
  reference: string;
  ownerId: string;
}

/** A lifecycle step taken with a press alone. */
export type PressStep = 'start_investigation' | 'withdraw';
/** A lifecycle step that needs typed input, with what is typed. */
export type TypedStep = { step: 'propose_solution'; text: string } | { step: 'resolve'; text: string; basis: string } | { step: 'request_rejection'; text: string };

/** A decision a button stands for, named alike on both platforms. */
export type Decision = 'accept' | 'start_investigation' | 'withdraw' | 'approve' | 'decline' | 'escalation_approve' | 'rate';

export interface ChatDriver {
  readonly platform: Platform;
  readonly pledge: Pledge;
  readonly db: TestDb;
  readonly clock: FixedClock;

  // What a person does.
  /** Files through the platform's form (Slack's modal, WeCom's 登记投诉 page); delivers what it sends. */
  file(filerId: string, filing?: Partial<Filing>): Promise<Filed>;
  /** Presses Accept where the handler was asked. */
  accept(personId: string, c: Filed): Promise<void>;
  /** Presses a step's button. */
  press(personId: string, step: PressStep, c: Filed): Promise<void>;
  /** Opens a step's form (Slack's modal, WeCom's page) and submits it. */
  act(personId: string, c: Filed, step: TypedStep): Promise<void>;
  /** Answers the request in `personId`'s messages: approve with a press, decline with a reason. */
  answerApproval(personId: string, approvalId: string, answer: { approve: true } | { decline: string }): Promise<void>;
  /** The leader takes the escalated complaint over (approve: "I take it", with a note). */
  takeOverEscalation(personId: string, escalationId: string, note: string): Promise<void>;
  /** The filer rates the result from the follow-up (回访) they were sent. */
  rate(personId: string, c: Filed, rating: number, comment: string): Promise<void>;

  // What the world does.
  /** Delivers everything the outbox holds now. */
  deliver(): Promise<void>;

  // What a person sees.
  /** The messages `personId` received directly, as text, oldest first. */
  messagesTo(personId: string): string[];
  /** The messages the group's chat received (on Slack, with its threads), as text, oldest first. */
  groupChat(chat?: string): string[];
  /** The decisions on buttons in the messages `personId` received directly, with what each names. */
  buttonsFor(personId: string): { decision: Decision; target: string }[];

  stop(): Promise<void>;
}
