/**
 * Customers' contact details never reach a log, even at LOG_LEVEL=debug: filed, refused as
 * invalid, shown, accepted, delivered, revealed. Everything written to stdout and stderr, and
 * everything handed to Pledge's own log function, is captured and searched.
 */
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { FixedClock } from '../../src/clock';
import { createPledge, type SlackPledge } from '../../src/pledge';
import { revealContact } from '../../src/services/reveal-contact';
import { ACCEPT_ACTION, FILE_FROM_MESSAGE_CALLBACK, REVEAL_CONTACT_ACTION } from '../../src/slack/ids';
import { describeEachDb } from '../support/db';
import { complaintSubmission, SECRET, testConfig } from '../support/pledge-harness';
import { blockActionPayload, messageShortcutPayload, postInteraction, postSlashCommand } from '../support/signed-requests';
import { startSlackStandIn, type SlackStandIn } from '../support/slack-stand-in';

const SECRETS = ['Li Lei', '13812345678', '李雷', 'li.lei@example.cn'];

describeEachDb('logs', (getDb) => {
  let pledge: SlackPledge;
  let standIn: SlackStandIn;
  let baseUrl: string;
  let captured: string[];

  beforeEach(async () => {
    captured = [];
    const keep = (...args: unknown[]) => void captured.push(args.map((a) => (a instanceof Error ? `${a.stack} ${JSON.stringify(a)}` : typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
    for (const level of ['debug', 'info', 'log', 'warn', 'error'] as const) vi.spyOn(console, level).mockImplementation(keep);
    const write = (chunk: unknown) => (keep(String(chunk)), true);
    vi.spyOn(process.stdout, 'write').mockImplementation(write as never);
    vi.spyOn(process.stderr, 'write').mockImplementation(write as never);

    standIn = await startSlackStandIn();
    pledge = await createPledge({
      slack: { botToken: 'xoxb-test', signingSecret: SECRET, apiUrl: standIn.url, mode: 'http' },
      config: await testConfig(),
      db: getDb(),
      clock: new FixedClock(new Date('2026-11-30T02:00:00Z')),
      logLevel: 'debug',
      log: (level, message) => keep(level, message),
      outboxIntervalMs: 3_600_000,
    });
    baseUrl = `http://127.0.0.1:${await pledge.start(0, '127.0.0.1')}`;
  });
  afterEach(async () => {
    await pledge.stop();
    await standIn.close();
    vi.restoreAllMocks();
  });

  it('never contain a customer\'s name or contact, at debug level, on success or refusal', async () => {
    const settle = () => pledge.slack.settled();
    // Refused: a contact that is neither a phone number nor an e-mail, and a title too long.
    await postInteraction(baseUrl, SECRET, complaintSubmission('UFILER', { customerName: '李雷', customerContact: 'call 13812345678 after 6', title: 'x'.repeat(200) }));
    // Filed, twice (the second is a retry of the first).
    const submission = complaintSubmission('UFILER', { customerName: 'Li Lei', customerContact: '13812345678' }, 'VLOGS1');
    await postInteraction(baseUrl, SECRET, submission);
    await postInteraction(baseUrl, SECRET, submission);
    await postInteraction(baseUrl, SECRET, complaintSubmission('UFILER', { customerName: '李雷', customerContact: 'li.lei@example.cn' }, 'VLOGS2'));
    await settle(); // each stored after its ack
    await pledge.outbox.idle();
    await pledge.dispatcher.drain();
    const row = await getDb().prisma.complaint.findFirstOrThrow({ where: { submissionKey: 'slack:view:VLOGS1' } });
    await postSlashCommand(baseUrl, SECRET, { text: `show ${row.reference}`, user_id: row.ownerId, response_url: standIn.responseUrl() });
    await postInteraction(baseUrl, SECRET, blockActionPayload({ actionId: ACCEPT_ACTION, value: row.id, userId: row.ownerId, responseUrl: standIn.responseUrl() }));
    // Revealed through the card's button (and refused to a stranger): answered privately, never logged.
    for (const userId of [row.ownerId, 'USTRANGER']) {
      await postInteraction(baseUrl, SECRET, blockActionPayload({ actionId: REVEAL_CONTACT_ACTION, value: row.id, userId, responseUrl: standIn.responseUrl(`reveal-${userId}`) }));
    }
    // Filing from a message that quotes the customer: the modal opens prefilled with it.
    await postInteraction(
      baseUrl,
      SECRET,
      messageShortcutPayload({ callbackId: FILE_FROM_MESSAGE_CALLBACK, userId: 'UFILER', message: { ts: '1700000000.000300', text: 'Li Lei called from 13812345678' } }),
    );
    // Something that is logged for sure (a payload Bolt cannot route), to prove the capture works.
    await postInteraction(baseUrl, SECRET, { type: 'message_action', note: 'Li Lei 13812345678' });
    // A Slack failure while delivering: the error is logged, the message is not.
    standIn.failNext('chat.postMessage', 5, { status: 500, body: { ok: false, error: 'internal_error' } });
    await settle();
    await pledge.dispatcher.drain();
    await revealContact({ prisma: getDb().prisma, config: await testConfig(), clock: new FixedClock(new Date()) }, row.ownerId, row.id);

    // The run did happen, and did log.
    expect(await getDb().prisma.complaint.count()).toBe(2);
    expect(standIn.callsTo('views.open')).toHaveLength(1);
    expect(captured.join('\n')).toContain('refused a payload Bolt could not route');
    expect(JSON.stringify(standIn.callsTo('response_url').filter((c) => c.args._path === `/hooks/reveal-${row.ownerId}`))).toContain('13812345678');
    const logs = captured.join('\n');
    for (const secret of SECRETS) expect(logs).not.toContain(secret);
  });
});
