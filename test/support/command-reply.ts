/**
 * A slash command's answer as the caller sees it: Pledge acks at once and posts the answer to the
 * command's response_url, privately (ephemeral), once.
 */
import { expect } from 'vitest';
import type { Harness } from './pledge-harness';
import type { RecordedCall } from './slack-stand-in';

/** Runs `/complaint <text>` as `userId` and returns its one private answer. */
export async function privateReply(h: Harness, text: string, userId: string): Promise<RecordedCall> {
  const before = h.standIn.callsTo('response_url').length;
  expect((await h.command(text, userId)).status).toBe(200);
  await h.settle();
  const replies = h.standIn.callsTo('response_url').slice(before);
  expect(replies).toHaveLength(1);
  expect(replies[0]!.args.response_type).toBe('ephemeral');
  return replies[0]!;
}
