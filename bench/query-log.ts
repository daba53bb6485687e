/**
 * A second Prisma client on a bench database that logs every statement with the time the
 * driver saw it take, to split a service's wall time into database time per statement kind
 * and the rest (JavaScript: Prisma's query compiler and interpreter, the services, the event
 * loop). Logged at the driver adapter, under Prisma, so statements the hot path sends straight
 * to the adapter's transaction (src/db/direct-sql.ts) are seen as well as Prisma's own, and so
 * is the BEGIN that opens each transaction (kept apart: `begins`).
 */
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction } from '@prisma/driver-adapter-utils';
import { directSqlAdapter } from '../src/db/direct-sql';
import { override } from '../src/db/override';
import { PrismaClient } from '../src/db/generated/client';
import type { DbKind } from './options';

export interface StatementKind {
  kind: string;
  count: number;
  ms: number;
}

export interface QueryLog {
  prisma: PrismaClient;
  /** Forgets what was logged so far. */
  reset(): void;
  /** Statements sent, BEGINs apart. */
  statements(): number;
  /** The BEGINs that opened transactions, and the time the driver saw them take. */
  begins(): { count: number; ms: number };
  /** Time the driver saw the statements take (BEGINs apart). */
  dbMs(): number;
  byKind(): StatementKind[];
  close(): Promise<void>;
}

interface Seen {
  query: string;
  duration: number;
}

/** `connections`: the pool's size on a server (10 unless given); the embedded database gets one, as createDb gives it. */
export function openQueryLog(url: string, kind: DbKind, { connections = 10 }: { connections?: number } = {}): QueryLog {
  let seen: Seen[] = [];
  let begins: number[] = [];
  // directSqlAdapter outermost, as createDb wraps it.
  const adapter = loggingAdapter(new PrismaPg({ connectionString: url, max: kind === 'embedded' ? 1 : connections }), (query, duration) =>
    query === 'BEGIN' ? begins.push(duration) : seen.push({ query, duration }),
  );
  const prisma = new PrismaClient({ adapter: directSqlAdapter(adapter) });
  return {
    prisma,
    reset: () => {
      seen = [];
      begins = [];
    },
    statements: () => seen.length,
    begins: () => ({ count: begins.length, ms: begins.reduce((a, b) => a + b, 0) }),
    dbMs: () => seen.reduce((a, q) => a + q.duration, 0),
    byKind() {
      const kinds = new Map<string, { count: number; ms: number }>();
      for (const q of seen) {
        const k = statementKind(q.query);
        const v = kinds.get(k) ?? { count: 0, ms: 0 };
        v.count++;
        v.ms += q.duration;
        kinds.set(k, v);
      }
      return [...kinds].map(([kind, v]) => ({ kind, ...v })).sort((a, b) => b.ms - a.ms);
    },
    close: () => prisma.$disconnect(),
  };
}

/** `factory` timing each statement from the adapter's call to its answer; a transaction's start is its BEGIN. */
function loggingAdapter(factory: SqlDriverAdapterFactory, onStatement: (sql: string, ms: number) => void): SqlDriverAdapterFactory {
  const timed =
    <R>(run: (q: SqlQuery) => Promise<R>) =>
    async (q: SqlQuery): Promise<R> => {
      const started = performance.now();
      try {
        return await run(q);
      } finally {
        onStatement(q.sql, performance.now() - started);
      }
    };
  const queryable = <T extends Transaction | SqlDriverAdapter>(q: T) => ({ queryRaw: timed((s) => q.queryRaw(s)), executeRaw: timed((s) => q.executeRaw(s)) });
  return override(factory, {
    connect: async () => {
      const adapter = await factory.connect();
      return override(adapter, {
        ...queryable(adapter),
        startTransaction: async (...args: Parameters<SqlDriverAdapter['startTransaction']>) => {
          const started = performance.now();
          const tx = await adapter.startTransaction(...args);
          onStatement('BEGIN', performance.now() - started);
          return override(tx, queryable(tx));
        },
      });
    },
  });
}

/** "INSERT Event", "SELECT Escalation", "COMMIT", "SELECT pg_advisory_xact_lock($1)". */
export function statementKind(sql: string): string {
  const verb = sql.trim().split(/\s+/)[0]!.toUpperCase();
  const table = /(?:FROM|INTO|UPDATE)\s+(?:"public"\.)?"(\w+)"/i.exec(sql)?.[1];
  if (table) return `${verb} ${table}`;
  return sql.trim().slice(0, 32);
}
