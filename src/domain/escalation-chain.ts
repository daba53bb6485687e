/**
 * Who an escalation is put before. Levels count along the whole chain (1 the group leader, 2
 * the department head, then the supervisors), so a level names the same rank whoever is
 * skipped: a complaint the leader handles is escalated straight to level 2.
 */
export interface ChainStep {
  level: number;
  approverId: string;
}

/**
 * The first level above `fromLevel` (0: none yet) whose person is not among `passOver`, the
 * people the limit is theirs to meet: an escalation asks someone above them, never them about
 * their own limit. Undefined at the top of the chain.
 */
export function nextInChain(chain: readonly string[], fromLevel: number, passOver: Iterable<string>): ChainStep | undefined {
  const skip = new Set(passOver);
  for (let i = Math.max(0, fromLevel); i < chain.length; i++) {
    const approverId = chain[i]!;
    if (!skip.has(approverId)) return { level: i + 1, approverId };
  }
  return undefined;
}
