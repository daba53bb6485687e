/**
 * Issue 15, point 5: Pledge end to end under a team's worth of load. 20 members file 200
 * complaints at once through signed HTTP (the complaint modal's view_submission), each owner
 * accepts and starts investigating each of theirs, and the outbox delivers everything to the
 * local stand-in of Slack's Web API. Measured: complaints per second from the first filing to
 * the last step, p50/p99 of each kind of request, the time from the last step until the outbox
 * is empty, and the check that matters more than speed: every complaint where it should be,
 * every message delivered, none delivered twice. On the embedded database and the server.
 */
import { FixedClock } from '../src/clock';
import { listUndelivered } from '../src/db/outbox';
import { createPledge } from '../src/pledge';
import { CARD_ACTIONS_BLOCK, ACCEPT_ACTION, complaintActionId, FIELD, FILE_COMPLAINT_VIEW } from '../src/slack/ids';
import { blockActionPayload, inputValue, postInteraction, viewSubmissionPayload } from '../test/support/signed-requests';
import { startSlackStandIn, type RecordedCall } from '../test/support/slack-stand-in';
import { BENCH_NOW, benchConfig } from './bench-config';
import type { BenchOptions, DbKind, Section, SectionResult } from './options';
import { fmtMs, oneLine, openBenchDb, round1, timed } from './seeded-db';
import { summarize, table } from './stats';

const MEMBERS = 20;
const COMPLAINTS = 200;
const SECRET = 'bench-signing-secret';
/** How long a filing acked before it was saved may take to be saved (its transaction's queue allows 60 s). */
const FILED_WITHIN_MS = 90_000;
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
  const pledge = createPledge({
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
    const latencies: Record<Step, number[]> = { file: [], accept: [], start_investigation: [] };
    const failures: string[] = [];
    const send = async (step: Step, payload: object) => {
      const { ms, value } = await timed(() => postInteraction(baseUrl, SECRET, payload));
      latencies[step].push(ms);
      if (value.status !== 200) failures.push(`${step}: HTTP ${value.status} ${value.body.slice(0, 120)}`);
    };
    const categories = config.groups.flatMap((g) => g.categories);
    const filed = async (submissionKey: string) => {
      for (const until = performance.now() + FILED_WITHIN_MS; performance.now() < until; await new Promise((r) => setTimeout(r, 50))) {
        const c = await bench.db.prisma.complaint.findUnique({ where: { submissionKey }, select: { id: true, ownerId: true } });
        if (c) return c;
      }
      return null;
    };
    const started = performance.now();
    await Promise.all(
      Array.from({ length: COMPLAINTS }, async (_, i) => {
        const member = `UMEMBER${String(i % MEMBERS).padStart(2, '0')}`;
        const viewId = `VLOAD${String(i).padStart(5, '0')}`;
        await send('file', filing(member, viewId, categories[i % categories.length]!, i));
        // A filing slower than its 2 s budget is acked first and saved after: wait for it, as
        // the owner waits for its card before pressing Accept.
        const c = await filed(`slack:view:${viewId}`);
        if (!c) return void failures.push(`file: ${viewId} saved nothing within ${FILED_WITHIN_MS / 1000} s`);
        await send('accept', blockActionPayload({ actionId: ACCEPT_ACTION, blockId: CARD_ACTIONS_BLOCK, value: c.id, userId: c.ownerId, responseUrl: standIn.responseUrl(`a-${i}`) }));
        const action = complaintActionId('start_investigation');
        await send('start_investigation', blockActionPayload({ actionId: action, blockId: CARD_ACTIONS_BLOCK, value: `start_investigation:${c.id}`, userId: c.ownerId, responseUrl: standIn.responseUrl(`s-${i}`) }));
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
    const s = Object.fromEntries(STEPS.map((step) => [step, summarize(latencies[step])])) as Record<Step, ReturnType<typeof summarize>>;
    const perSecond = COMPLAINTS / (stepsMs / 1000);
    const ok = failures.length === 0 && check.problems.length === 0;
    const summary = `${check.complaints}/${COMPLAINTS} investigating, ${check.delivered} messages delivered, ${check.undelivered} not, ${check.twice} twice`;
    return {
      lines: [
        `${kind}: ${bench.where}`,
        `  ${COMPLAINTS * STEPS.length} signed requests (${COMPLAINTS} each of ${STEPS.join(', ')}), all complaints at once, each complaint's steps in turn`,
        ...table(['request', 'n', 'p50 ms', 'p99 ms', 'max ms'], STEPS.map((step) => [step, String(s[step].n), fmtMs(s[step].p50), fmtMs(s[step].p99), fmtMs(s[step].max)])).map((l) => `  ${l}`),
        `  ${perSecond.toFixed(1)} complaints per second (${fmtMs(stepsMs)} ms from the first filing to the last step); the outbox empty ${fmtMs(drained.ms)} ms after that`,
        `  ${summary}: ${ok ? 'nothing lost, nothing sent twice' : 'PROBLEMS'}`,
        ...[...failures.slice(0, 5), ...check.problems.slice(0, 5)].map((p) => `    ${p}`),
      ],
      json: {
        perSecond: round1(perSecond),
        stepsMs: round1(stepsMs),
        drainMs: round1(drained.ms),
        requests: Object.fromEntries(STEPS.map((step) => [step, { n: s[step].n, p50: round1(s[step].p50), p99: round1(s[step].p99), max: round1(s[step].max) }])),
        ...check,
        failures: failures.length,
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

function filing(userId: string, viewId: string, category: string, i: number) {
  const text = (v: string) => inputValue.text(v);
  return viewSubmissionPayload({
    callbackId: FILE_COMPLAINT_VIEW,
    userId,
    viewId,
    privateMetadata: '',
    values: {
      [FIELD.title.block]: { [FIELD.title.action]: text(`Load complaint ${i}`) },
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
