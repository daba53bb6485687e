/**
 * A second Prisma client on a bench database that logs every statement with the time the
 * driver saw it take, to split a service's wall time into database time per statement kind
 * and the rest (Prisma's query compiler and interpreter, JavaScript, the event loop).
 */
import { PrismaPg } from '@prisma/adapter-pg';
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
  statements(): number;
  dbMs(): number;
  byKind(): StatementKind[];
  close(): Promise<void>;
}

export function openQueryLog(url: string, kind: DbKind): QueryLog {
  // The embedded database gets one connection, as createDb gives it.
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: kind === 'embedded' ? 1 : 10 }), log: [{ emit: 'event', level: 'query' }] });
  let seen: { query: string; duration: number }[] = [];
  prisma.$on('query', (e) => seen.push({ query: e.query, duration: e.duration }));
  return {
    prisma,
    reset: () => {
      seen = [];
    },
    statements: () => seen.length,
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

/** "INSERT Event", "SELECT Escalation", "COMMIT", "SELECT pg_advisory_xact_lock($1)". */
export function statementKind(sql: string): string {
  const verb = sql.trim().split(/\s+/)[0]!.toUpperCase();
  const table = /(?:FROM|INTO|UPDATE)\s+(?:"public"\.)?"(\w+)"/i.exec(sql)?.[1];
  if (table) return `${verb} ${table}`;
  return sql.trim().slice(0, 32);
}
