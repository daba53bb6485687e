/**
 * Issue 15, point 5: Pledge end to end under a team's worth of load. 20 members file 200
 * complaints at once through signed HTTP (the complaint modal's view_submission), each owner
 * accepts and starts investigating each of theirs, and the outbox delivers everything to the
 * local stand-in of Slack's Web API. Measured: complaints per second from the first filing to
 * the last step, p50/p99 of each kind of request, the time from the last step until the outbox
 * is empty, and the check that matters more than speed: every complaint where it should be,
 * every message delivered, none delivered twice. On the embedded database and the server.
 *
 * Slack's 200 is only the ack; the work, and any refusal, come after it (outcomes.ts). Each
 * request's outcome is waited for and reported, and each step waits for the one before it to be
 * done, as a person presses a button only once the card shows it: Start investigation appears
 * after the accept has committed, not when its press was acked.
 */
import { FixedClock } from '../src/clock';
import { t } from '../src/i18n';
import { listUndelivered } from '../src/db/outbox';
import { createPledge } from '../src/pledge';
import { CARD_ACTIONS_BLOCK, ACCEPT_ACTION, complaintActionId, FIELD, FILE_COMPLAINT_VIEW } from '../src/slack/ids';
import { blockActionPayload, inputValue, postInteraction, viewSubmissionPayload } from '../test/support/signed-requests';
import { startSlackStandIn, type RecordedCall } from '../test/support/slack-stand-in';
import { BENCH_NOW, benchConfig } from './bench-config';
import type { BenchOptions, DbKind, Section, SectionResult } from './options';
import { answeredAt, OutcomeWatch, type ComplaintRow, type Expect, type Outcome } from './outcomes';
import { fmtMs, oneLine, openBenchDb, round1, timed } from './seeded-db';
import { summarize, table } from './stats';

const MEMBERS = 20;
const COMPLAINTS = 200;
const SECRET = 'bench-signing-secret';
/** How long a request may take to show its outcome (a transaction's queue allows 60 s). */
const OUTCOME_WITHIN_MS = 90_000;
const STEPS = ['file', 'accept', 'start_investigation'] as const;
type Step = (typeof STEPS)[number];

/** The key each outbox message carries in its Slack metadata: one delivery per key. */
const keyOf = (call: RecordedCall) => (call.args.metadata as { event_payload?: { key?: string } } | undefined)?.event_payload?.key;

export const endToEnd: Section = {
  title: `end to end: ${MEMBERS} members file ${COMPLAINTS} complaints at once over signed HTTP, each accepted and investigated, until the outbox is empty`,
  async run(options: BenchOptions): Promise<SectionResult> {
    const lines: string[] = [];
    const json: Record<string, unknown> = {};
    for (const kind of options.dbs) {
      try {
        const r = await onDb(kind);
        lines.push(...r.lines, '');
        json[kind] = r.json;
      } catch (error) {
        lines.push(`${kind}: could not run: ${oneLine(error)}`, '');
        json[kind] = { error: oneLine(error) };
      }
    }
    return { lines, json };
  },
};

async function onDb(kind: DbKind): Promise<{ lines: string[]; json: Record<string, unknown> }> {
  const bench = await openBenchDb(kind);
  const standIn = await startSlackStandIn();
  const config = await benchConfig();
  const pledge = await createPledge({
    slack: { botToken: 'xoxb-bench', signingSecret: SECRET, apiUrl: standIn.url, mode: 'http' },
    config,
    db: bench.db,
    clock: new FixedClock(BENCH_NOW),
    logLevel: 'error',
    log: () => {},
    outboxIntervalMs: 100,
    schedules: false,
  });
  try {
    const baseUrl = `http://127.0.0.1:${await pledge.start(0, '127.0.0.1')}`;
    const acks: Record<Step, number[]> = { file: [], accept: [], start_investigation: [] };
    const outcomes: Record<Step, Outcome[]> = { file: [], accept: [], start_investigation: [] };
    const notDone: string[] = [];
    const watch = new OutcomeWatch(bench.db.prisma, standIn.calls, OUTCOME_WITHIN_MS);
    /** Sends one request and waits for its outcome: true when done. */
    const step = async (name: Step, i: number, payload: object, expect: Expect): Promise<boolean> => {
      const sentAt = performance.now();
      const answer = await postInteraction(baseUrl, SECRET, payload).catch((error: Error) => ({ status: 0, body: `${error.name}: ${error.message}` }));
      acks[name].push(performance.now() - sentAt);
      const outcome: Outcome =
        answer.status !== 200
          ? { kind: 'failed', text: `HTTP ${answer.status} ${answer.body.slice(0, 200)}` }
          : name === 'file' && answer.body.includes('"errors"')
            ? { kind: 'refused', text: answer.body.slice(0, 200) } // field errors in the modal
            : await watch.outcome(sentAt, expect);
      outcomes[name].push(outcome);
      if (outcome.kind !== 'done') notDone.push(`${name} #${i}: ${outcome.kind}: ${outcome.text}`);
      return outcome.kind === 'done';
    };
    const categories = config.groups.flatMap((g) => g.categories);
    const started = performance.now();
    await Promise.all(
      Array.from({ length: COMPLAINTS }, async (_, i) => {
        const member = `UMEMBER${String(i % MEMBERS).padStart(2, '0')}`;
        const viewId = `VLOAD${String(i).padStart(5, '0')}`;
        const key = `slack:view:${viewId}`;
        const title = `Load complaint ${i}`;
        // A valid filing is acked first and saved after; one that fails then is answered by a
        // message to the filer saying so (services/file-acknowledged.ts).
        const failedLater = t(config.locale, 'filer.filing_failed', { title });
        let c: ComplaintRow | undefined;
        const fileDone = await step('file', i, filing(member, viewId, categories[i % categories.length]!, title, i), {
          done: (seen) => (c = seen.byKey.get(key)) !== undefined,
          refused: (seen) => seen.calls.find((c) => c.method === 'chat.postMessage' && c.args.channel === member && String(c.args.text ?? '').startsWith(failedLater))?.args.text as string | undefined,
        });
        if (!fileDone || !c) return;
        const { id, ownerId } = c;
        // The owner presses Accept on the card the filing posted ...
        const accepted = await step('accept', i, blockActionPayload({ actionId: ACCEPT_ACTION, blockId: CARD_ACTIONS_BLOCK, value: id, userId: ownerId, responseUrl: standIn.responseUrl(`a-${i}`) }), {
          done: (seen) => seen.byId.get(id)?.status !== 'new',
          refused: (seen) => answeredAt(seen, `/hooks/a-${i}`),
        });
        if (!accepted) return;
        // ... and Start investigation once the card shows it: after the accept is done.
        await step('start_investigation', i, blockActionPayload({ actionId: complaintActionId('start_investigation'), blockId: CARD_ACTIONS_BLOCK, value: `start_investigation:${id}`, userId: ownerId, responseUrl: standIn.responseUrl(`s-${i}`) }), {
          done: (seen) => seen.byId.get(id)?.status === 'investigating',
          refused: (seen) => answeredAt(seen, `/hooks/s-${i}`),
        });
      }),
    );
    const stepsMs = performance.now() - started;
    // The runner polls every 100 ms and delivers what it finds; the outbox is empty when nothing is left to send.
    const drained = await timed(async () => {
      for (;;) {
        await pledge.outbox.idle();
        await pledge.dispatcher.drain();
        if ((await listUndelivered(bench.db.prisma, 1)).length === 0) return;
      }
    });
    const check = await intact(bench.db.prisma, standIn.calls);
    const s = Object.fromEntries(STEPS.map((step) => [step, summarize(acks[step])])) as Record<Step, ReturnType<typeof summarize>>;
    const d = Object.fromEntries(STEPS.map((step) => [step, summarize(outcomes[step].flatMap((o) => (o.kind === 'done' ? [o.ms] : [])))])) as Record<Step, ReturnType<typeof summarize>>;
    const counts = Object.fromEntries(STEPS.map((step) => [step, countKinds(outcomes[step])])) as Record<Step, Record<Outcome['kind'], number>>;
    const perSecond = COMPLAINTS / (stepsMs / 1000);
    const ok = notDone.length === 0 && check.problems.length === 0;
    const undone = STEPS.reduce((n, step) => n + COMPLAINTS - counts[step].done, 0);
    const summary = `${check.complaints}/${COMPLAINTS} investigating, ${check.delivered} messages delivered, ${check.undelivered} not, ${check.twice} twice, ${undone} request(s) not done`;
    return {
      lines: [
        `${kind}: ${bench.where}`,
        `  ${COMPLAINTS * STEPS.length} signed requests (${COMPLAINTS} each of ${STEPS.join(', ')}), all complaints at once, each complaint's steps in turn`,
        ...table(
          ['request', 'n', 'ack p50 ms', 'ack p99 ms', 'ack max ms', 'done p50 ms', 'done p99 ms', 'done', 'refused', 'failed', 'silent'],
          STEPS.map((step) => [step, String(s[step].n), fmtMs(s[step].p50), fmtMs(s[step].p99), fmtMs(s[step].max), fmtMs(d[step].p50), fmtMs(d[step].p99), ...OUTCOME_KINDS.map((k) => String(counts[step][k]))]),
        ).map((l) => `  ${l}`),
        `  ack: Slack's 200; done: from sending to the change seen in the database (looked for every 100 ms); a step is sent once the one before is done`,
        `  refused: Pledge answered in words instead (response_url, a DM, or the modal's errors; listed below); silent: neither within ${OUTCOME_WITHIN_MS / 1000} s`,
        `  ${perSecond.toFixed(1)} complaints per second (${fmtMs(stepsMs)} ms from the first filing to the last step); the outbox empty ${fmtMs(drained.ms)} ms after that`,
        `  ${summary}: ${ok ? 'nothing lost, nothing sent twice' : 'PROBLEMS'}`,
        ...[...notDone.slice(0, 10), ...check.problems.slice(0, 5)].map((p) => `    ${p}`),
      ],
      json: {
        perSecond: round1(perSecond),
        stepsMs: round1(stepsMs),
        drainMs: round1(drained.ms),
        requests: Object.fromEntries(
          STEPS.map((step) => [step, { n: s[step].n, p50: round1(s[step].p50), p99: round1(s[step].p99), max: round1(s[step].max), doneP50: round1(d[step].p50), doneP99: round1(d[step].p99), ...counts[step] }]),
        ),
        ...check,
        failures: notDone.length,
        notDone: notDone.slice(0, 20),
        watchReadErrors: watch.readErrors,
        intact: ok,
        summary,
      },
    };
  } finally {
    await pledge.stop();
    await standIn.close();
    await bench.close();
  }
}

const OUTCOME_KINDS = ['done', 'refused', 'failed', 'silent'] as const;

function countKinds(outcomes: readonly Outcome[]): Record<Outcome['kind'], number> {
  const counts = { done: 0, refused: 0, failed: 0, silent: 0 };
  for (const o of outcomes) counts[o.kind] += 1;
  return counts;
}

function filing(userId: string, viewId: string, category: string, title: string, i: number) {
  const text = (v: string) => inputValue.text(v);
  return viewSubmissionPayload({
    callbackId: FILE_COMPLAINT_VIEW,
    userId,
    viewId,
    privateMetadata: '',
    values: {
      [FIELD.title.block]: { [FIELD.title.action]: text(title) },
      [FIELD.details.block]: { [FIELD.details.action]: text(`Filed by the end-to-end bench, number ${i}.`) },
      [FIELD.category.block]: { [FIELD.category.action]: inputValue.select(category) },
      [FIELD.priority.block]: { [FIELD.priority.action]: inputValue.select('normal') },
      [FIELD.source.block]: { [FIELD.source.action]: inputValue.select('chat') },
      [FIELD.customerName.block]: { [FIELD.customerName.action]: text('') },
      [FIELD.customerContact.block]: { [FIELD.customerContact.action]: text('') },
    },
  });
}

/** Every complaint investigating; every outbox row delivered and none failed; no key delivered twice. */
async function intact(prisma: Parameters<typeof listUndelivered>[0], calls: RecordedCall[]) {
  const complaints = await prisma.complaint.count({ where: { status: 'investigating' } });
  const delivered = await prisma.notification.count({ where: { sentAt: { not: null } } });
  const undelivered = await prisma.notification.count({ where: { sentAt: null } });
  const perKey = new Map<string, number>();
  for (const call of calls) {
    const key = keyOf(call);
    if (key && (call.response.body as { ok?: boolean }).ok) perKey.set(key, (perKey.get(key) ?? 0) + 1);
  }
  const twice = [...perKey.values()].filter((n) => n > 1).length;
  const problems = [
    ...(complaints === COMPLAINTS ? [] : [`${COMPLAINTS - complaints} complaint(s) not investigating`]),
    ...(undelivered === 0 ? [] : [`${undelivered} outbox message(s) never delivered`]),
    ...(twice === 0 ? [] : [`${twice} message(s) delivered more than once`]),
  ];
  return { complaints, delivered, undelivered, twice, problems };
}
