/**
 * What the story's people do in their chat, said once for every platform: the story (story.ts)
 * tells it through this, and each platform's person does it that platform's way, on what the
 * bot actually sent them (slack-user.ts: slash commands, buttons and modals; wecom-user.ts: the
 * app's menu, card buttons and pages inside WeCom). Complaints are named by their reference, as
 * people read them; nothing here knows Pledge's rules.
 */
export type Platform = 'slack' | 'wecom';
export const PLATFORMS: readonly Platform[] = ['slack', 'wecom'];
export const isPlatform = (value: unknown): value is Platform => (PLATFORMS as readonly unknown[]).includes(value);

/** The filing form, as the person fills it in (options by their values). */
export interface Filing {
  title: string;
  details: string;
  category: string;
  priority: string;
  source: string;
  customerName?: string;
  customerContact?: string;
}

/** A step on a complaint that needs something typed, with what is typed. */
export type TypedStep =
  | { step: 'request_info' | 'request_rejection' | 'propose_solution'; text: string }
  | { step: 'request_extension'; due: Date; text: string }
  | { step: 'resolve'; text: string; basis: string; delivery?: string };

export interface ChatUser {
  readonly id: string;
  /** Opens the filing form where the platform offers it and files. */
  file(filing: Filing): Promise<void>;
  /** Accepts the complaint: they become its first responder. */
  accept(reference: string): Promise<void>;
  startInvestigation(reference: string): Promise<void>;
  /** Takes a step that needs typed input, through the platform's form for it. */
  act(reference: string, typed: TypedStep): Promise<void>;
  /** Answers the handler's question about their complaint. */
  answerInfo(reference: string, text: string): Promise<void>;
  /** Approves the request put to them (a rejection) about the complaint. */
  approve(reference: string): Promise<void>;
  /** Takes on the escalation of the complaint, leaving it with its handler. */
  takeEscalation(reference: string): Promise<void>;
  /** Agrees to the extension asked of them as the complainant. */
  consent(reference: string): Promise<void>;
  /** Rates the result of their complaint (回访), with a comment where the platform asks for one. */
  rate(reference: string, rating: number, comment: string): Promise<void>;
}

/** What the demo prints: what each person saw since the last look, as that platform shows it. */
export interface DemoPrinter {
  time(at: Date): void;
  /** Everything the bot sent since the last call; `actor` is who just acted (a form they opened). */
  flush(actor?: string): void;
  /** What an outside customer reads on their complaint page. */
  page(who: string, lines: readonly string[]): void;
}

/** One platform's stage: its people, its printer, and a way to wait until the bot is done. */
export interface ChatStage {
  platform: Platform;
  people: { alice: ChatUser; bob: ChatUser; carol: ChatUser };
  printer: DemoPrinter;
  /** Waits until the bot has finished answering and delivering. */
  settle(): Promise<void>;
}
