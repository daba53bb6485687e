/**
 * Crash safety of delivery: Pledge is killed with SIGKILL while Slack has a message but has not
 * answered yet. After a restart everything is delivered, and the message that was in flight is
 * found by its metadata tag instead of being posted a second time. The killed Pledge is a
 * process (only a process can be killed); the restart is a Pledge composed in the test process
 * on the same data folder and settings, which is what a restart amounts to for the outbox.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock';
import { createDb } from '../../src/db/create-db';
import { createPledge } from '../../src/pledge';
import { complaintSubmission, SECRET, TEST_CONFIG_YAML, testConfig } from '../support/pledge-harness';
import { freePort, startMain, PROCESS_TEST_TIMEOUT_MS } from '../support/processes';
import { postInteraction } from '../support/signed-requests';
import { startSlackStandIn } from '../support/slack-stand-in';
import { copyEmbeddedTemplate } from '../support/db';
import { scratchDir } from '../support/scratch';

const keyOf = (args: Record<string, unknown>) => (args.metadata as { event_payload?: { key?: string } } | undefined)?.event_payload?.key;

describe('a delivery cut short by SIGKILL', { timeout: PROCESS_TEST_TIMEOUT_MS }, () => {
  const dir = scratchDir('pledge-crash-delivery-');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is completed after a restart, and the in-flight message is not sent twice', async () => {
    copyEmbeddedTemplate(join(dir, 'data'));
    const yaml = `${TEST_CONFIG_YAML}\noutbox:\n  leaseSeconds: 2\n`;
    writeFileSync(join(dir, 'pledge.config.yml'), yaml);
    const standIn = await startSlackStandIn();
    try {
      const port = await freePort();
      const env = {
        SLACK_BOT_TOKEN: 'xoxb-test',
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: standIn.url,
        PORT: String(port),
        PLEDGE_DATA_DIR: join(dir, 'data'),
        PLEDGE_CONFIG: join(dir, 'pledge.config.yml'),
        LOG_LEVEL: 'error',
      };
      standIn.hold('chat.postMessage', 60_000); // Slack takes the first post and never answers
      const first = startMain(env);
      await first.waitFor(/listening on port/);
      const res = await postInteraction(`http://127.0.0.1:${port}`, SECRET, complaintSubmission('UFILER', { title: 'In flight' }));
      expect(res.status).toBe(200);
      const inFlight = await standIn.waitFor('chat.postMessage');
      first.child.kill('SIGKILL');
      await first.exited;
      standIn.hold('chat.postMessage', 0);
      const inFlightKey = keyOf(inFlight.args);
      expect(inFlightKey).toBeTruthy();

      // The restart: main.ts's composition on the same folder and settings, with its outbox poll (2 s).
      const db = await createDb({ kind: 'embedded', dataDir: join(dir, 'data') });
      try {
        const second = await createPledge({
          slack: { botToken: env.SLACK_BOT_TOKEN, signingSecret: SECRET, apiUrl: standIn.url, mode: 'http' },
          config: await testConfig(yaml),
          db,
          clock: systemClock,
          logLevel: 'error',
          log: () => {},
          schedules: false,
        });
        await second.start(0, '127.0.0.1');
        try {
          // The first process had claimed every message; the claims lapse after 2 s, then the poll
          // delivers. Wait for the third distinct message, however long a busy machine takes.
          const keys = () => new Set(standIn.callsTo('chat.postMessage').map((c) => keyOf(c.args)));
          await standIn.waitFor('chat.postMessage', () => keys().size >= 3, PROCESS_TEST_TIMEOUT_MS);
        } finally {
          await second.stop();
        }

        const posts = standIn.callsTo('chat.postMessage');
        const perKey = new Map<string, number>();
        for (const p of posts) perKey.set(keyOf(p.args) ?? '?', (perKey.get(keyOf(p.args) ?? '?') ?? 0) + 1);
        expect([...perKey.values()]).toEqual([1, 1, 1]);
        expect(standIn.callsTo('conversations.history').length + standIn.callsTo('conversations.replies').length).toBeGreaterThan(0);

        const rows = await db.prisma.notification.findMany({ where: { kind: { in: ['complaint.post', 'owner.assigned', 'filer.confirmed'] } } });
        expect(rows).toHaveLength(3);
        expect(rows.every((r) => r.sentAt && r.resultMessageId)).toBe(true);
        const again = rows.find((r) => r.dedupeKey === inFlightKey)!;
        expect(again.attempts).toBeGreaterThanOrEqual(2);
        expect(again.resultMessageId).toBe((inFlight.response.body as { ts: string }).ts);
      } finally {
        await db.close();
      }
    } finally {
      await standIn.close();
    }
  });
});
