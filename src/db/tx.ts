/**
 * What services see of the database: a transaction handle and the one function that opens it.
 * Services never import the generated client; they pass `Tx` on to the stores in db/.
 */
import type { PrismaClient } from './generated/client';
import type { Prisma } from './generated/client';
import { directExecute, openDirect } from './direct-sql';

export type Tx = Prisma.TransactionClient;
export type Store = PrismaClient;

/**
 * Runs `work` in one transaction: the state change, its audit event and its outbox rows
 * commit together or not at all.
 */
export function inTransaction<T>(prisma: PrismaClient, work: (tx: Tx) => Promise<T>): Promise<T> {
  return openDirect((bind) => prisma.$transaction(
    async (tx) => {
      // Raw statements of the hot path may go straight to this transaction (direct-sql.ts).
      bind(tx);
      // Every writer takes the audit chain's lock first, before any row lock. Taken last (when
      // the event is appended), two writers could each hold what the other waits for: one a
      // complaint row, the other the chain lock plus an event whose foreign key needs that row.
      await lockAuditChain(tx);
      return work(tx);
    },
    // maxWait: how long a transaction may queue for the connection. The embedded database has
    // one, and every writer also queues on the audit chain's lock, so a burst (200 complaints
    // filed at once, `npm run bench -- load`) keeps some waiting past 10 s; by then Slack has its
    // ack, so failing them costs the filer a retry where waiting costs only time.
    { maxWait: 60_000, timeout: 20_000 },
  ));
}

/** The advisory lock that serialises appends to the audit log's hash chain. Any constant works. */
export const AUDIT_CHAIN_LOCK = 7_031_001;

/** Transactions that hold the chain's lock: it is held until they end, so asking again is a wasted round trip. */
const chainLocked = new WeakSet<Tx>();

/** Takes the audit chain's lock for the rest of `tx`, unless `tx` holds it already. */
export async function lockAuditChain(tx: Tx): Promise<void> {
  if (chainLocked.has(tx)) return;
  await directExecute(tx, 'SELECT pg_advisory_xact_lock($1)', AUDIT_CHAIN_LOCK);
  chainLocked.add(tx);
}

/** True when `error` is a unique-constraint violation (Prisma code P2002). */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === 'P2002';
}
