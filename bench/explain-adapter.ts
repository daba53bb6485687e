/**
 * A driver adapter that explains every statement before running it: inside a transaction, under
 * a savepoint rolled back at once, as EXPLAIN (ANALYZE, BUFFERS, WAL), then the statement itself
 * as usual. So each statement is measured by the server on the very rows it then changes: its
 * execution time without the round trip, the time in its triggers (foreign-key checks are
 * triggers), the pages it dirtied and the WAL it wrote. Outside a transaction only reads are
 * explained (nothing would roll a write back). For the bench only: each statement runs twice.
 */
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction } from '@prisma/driver-adapter-utils';
import { override } from '../src/db/override';

export interface Explained {
  sql: string;
  executionMs: number;
  planningMs: number;
  /** Time in triggers, foreign-key checks included. */
  triggerMs: number;
  /** Of it, the foreign-key checks (PostgreSQL's RI_ConstraintTrigger_* triggers). */
  foreignKeyMs: number;
  rows: number;
  sharedHit: number;
  sharedRead: number;
  dirtied: number;
  written: number;
  walRecords: number;
  walFpi: number;
  walBytes: number;
}

const EXPLAINABLE = /^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b/i;
const isRead = (sql: string) => /^\s*SELECT\b/i.test(sql) && !/\bFOR\s+(UPDATE|SHARE|NO KEY|KEY)\b/i.test(sql);
const plain = (sql: string): SqlQuery => ({ sql, args: [], argTypes: [] });

/** Wraps `factory` so every explainable statement is explained first; `onExplained` gets each. */
export function explainingAdapter(factory: SqlDriverAdapterFactory, onExplained: (e: Explained) => void): SqlDriverAdapterFactory {
  return override(factory, {
    connect: async () => adapterOf(await factory.connect(), onExplained),
  });
}

function adapterOf(adapter: SqlDriverAdapter, onExplained: (e: Explained) => void): SqlDriverAdapter {
  const run = async (query: SqlQuery) => {
    if (isRead(query.sql) && !/pg_advisory/i.test(query.sql)) onExplained(await explain(adapter, query));
  };
  return override(adapter, {
    queryRaw: async (query: SqlQuery) => (await run(query), adapter.queryRaw(query)),
    executeRaw: async (query: SqlQuery) => (await run(query), adapter.executeRaw(query)),
    startTransaction: async (isolationLevel?: Parameters<SqlDriverAdapter['startTransaction']>[0]) => transactionOf(await adapter.startTransaction(isolationLevel), onExplained),
  });
}

function transactionOf(tx: Transaction, onExplained: (e: Explained) => void): Transaction {
  const run = async (query: SqlQuery) => {
    if (!EXPLAINABLE.test(query.sql) || /pg_advisory/i.test(query.sql)) return;
    await tx.executeRaw(plain('SAVEPOINT bench_explain'));
    try {
      onExplained(await explain(tx, query));
    } finally {
      await tx.executeRaw(plain('ROLLBACK TO SAVEPOINT bench_explain'));
    }
  };
  return override(tx, {
    queryRaw: async (query: SqlQuery) => (await run(query), tx.queryRaw(query)),
    executeRaw: async (query: SqlQuery) => (await run(query), tx.executeRaw(query)),
  });
}

interface PlanNode {
  'Actual Rows'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  'Shared Dirtied Blocks'?: number;
  'Shared Written Blocks'?: number;
  'WAL Records'?: number;
  'WAL FPI'?: number;
  'WAL Bytes'?: number;
}

async function explain(on: { queryRaw(q: SqlQuery): Promise<{ rows: unknown[][] }> }, query: SqlQuery): Promise<Explained> {
  const result = await on.queryRaw({ ...query, sql: `EXPLAIN (ANALYZE, BUFFERS, WAL, FORMAT JSON) ${query.sql}` });
  const cell = result.rows[0]?.[0];
  const [out] = (typeof cell === 'string' ? JSON.parse(cell) : cell) as [{ Plan: PlanNode; 'Planning Time': number; 'Execution Time': number; Triggers?: { 'Trigger Name'?: string; Time?: number }[] }];
  const plan = out.Plan;
  return {
    sql: query.sql,
    executionMs: out['Execution Time'],
    planningMs: out['Planning Time'],
    triggerMs: (out.Triggers ?? []).reduce((a, t) => a + (t.Time ?? 0), 0),
    foreignKeyMs: (out.Triggers ?? []).filter((t) => t['Trigger Name']?.startsWith('RI_ConstraintTrigger')).reduce((a, t) => a + (t.Time ?? 0), 0),
    rows: plan['Actual Rows'] ?? 0,
    sharedHit: plan['Shared Hit Blocks'] ?? 0,
    sharedRead: plan['Shared Read Blocks'] ?? 0,
    dirtied: plan['Shared Dirtied Blocks'] ?? 0,
    written: plan['Shared Written Blocks'] ?? 0,
    walRecords: plan['WAL Records'] ?? 0,
    walFpi: plan['WAL FPI'] ?? 0,
    walBytes: plan['WAL Bytes'] ?? 0,
  };
}
