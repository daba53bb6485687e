/**
 * What services see of the database: a transaction handle and the one function that opens it.
 * Services never import the generated client; they pass `Tx` on to the stores in db/.
 */
import type { PrismaClient } from './generated/client';
import type { Prisma } from './generated/client';

export type Tx = Prisma.TransactionClient;
export type Store = PrismaClient;

/**
 * Runs `work` in one transaction: the state change, its audit event and its outbox rows
 * commit together or not at all.
 */
export function inTransaction<T>(prisma: PrismaClient, work: (tx: Tx) => Promise<T>): Promise<T> {
  return prisma.$transaction(work, { maxWait: 10_000, timeout: 20_000 });
}

/** True when `error` is a unique-constraint violation (Prisma code P2002). */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === 'P2002';
}
