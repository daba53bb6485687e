/**
 * Raw statements sent straight to the driver adapter's transaction, past Prisma's query
 * interpreter. Through Prisma, a raw statement's parameters are serialised for its WASM query
 * compiler, read back as a query plan and interpreted, and its rows converted on the way back:
 * for the bulk statements every writer runs (the audit append, the outbox insert, the sweep's
 * claims), hundreds of rows at a time in the sweep, that cost the process about as much CPU as
 * the server spent executing them (`npm run bench -- sweep`, issue 15).
 *
 * Same transaction, same connection, same order: the adapter's transaction is the one Prisma
 * opened for inTransaction (db/tx.ts), found through the async context that opened it; outside
 * a transaction, the client's own pool (directClient). Without either (a client built without
 * directSqlAdapter) the statement goes through Prisma as before.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  ColumnTypeEnum,
  isDriverAdapterError,
  type ArgType,
  type SqlDriverAdapter,
  type SqlDriverAdapterFactory,
  type SqlResultSet,
  type Transaction,
} from '@prisma/driver-adapter-utils';
import { override } from './override';
import type { Tx } from './tx';

/** The transaction an inTransaction call is opening, set by the adapter when it starts it. */
const opening = new AsyncLocalStorage<{ transaction?: Transaction }>();
const direct = new WeakMap<Tx, Transaction>();
/** A client's connection pool, for statements outside a transaction (see directClient). */
const pools = new WeakMap<object, { adapter?: SqlDriverAdapter }>();
const factories = new WeakMap<SqlDriverAdapterFactory, { adapter?: SqlDriverAdapter }>();

/** `factory` whose transactions can be reached directly by the statements of this module. */
export function directSqlAdapter(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  const pool: { adapter?: SqlDriverAdapter } = {};
  const wrapped = override(factory, {
    connect: async () => {
      const adapter = await factory.connect();
      pool.adapter = adapter;
      return override(adapter, {
        dispose: async () => {
          if (pool.adapter === adapter) pool.adapter = undefined;
          return adapter.dispose();
        },
        startTransaction: async (...args: Parameters<SqlDriverAdapter['startTransaction']>) => {
          const transaction = await adapter.startTransaction(...args);
          const slot = opening.getStore();
          if (slot && !slot.transaction) slot.transaction = transaction;
          return transaction;
        },
      });
    },
  });
  factories.set(wrapped, pool);
  return wrapped;
}

/** Lets statements on `client` outside a transaction (Store) go straight to `factory`'s pool too. */
export function directClient<C extends object>(client: C, factory: SqlDriverAdapterFactory): C {
  const pool = factories.get(factory);
  if (pool) pools.set(client, pool);
  return client;
}

/**
 * Opens a transaction with `start` (which calls prisma.$transaction) so that the adapter's
 * transaction is known to this module; `bind(tx)` links it to Prisma's handle inside it.
 */
export function openDirect<T>(start: (bind: (tx: Tx) => void) => Promise<T>): Promise<T> {
  const slot: { transaction?: Transaction } = {};
  return opening.run(slot, () =>
    start((tx) => {
      if (slot.transaction) direct.set(tx, slot.transaction);
    }),
  );
}

/**
 * Rows of `sql` as objects; timestamps as Dates, 64-bit integers as bigints, JSON parsed. On a
 * transaction, in it; on a client, on its pool (once Prisma has connected it).
 */
export async function directQuery<T>(on: Tx, sql: string, ...args: unknown[]): Promise<T[]> {
  const queryable = direct.get(on) ?? pools.get(on)?.adapter;
  if (!queryable) return on.$queryRawUnsafe<T[]>(sql, ...args);
  return rowsOf<T>(await run(() => queryable.queryRaw({ sql, args, argTypes: args.map(argType) })));
}

/** Runs `sql` and returns how many rows it changed. */
export async function directExecute(on: Tx, sql: string, ...args: unknown[]): Promise<number> {
  const queryable = direct.get(on) ?? pools.get(on)?.adapter;
  if (!queryable) return on.$executeRawUnsafe(sql, ...args);
  return run(() => queryable.executeRaw({ sql, args, argTypes: args.map(argType) }));
}

/** Only what the adapter needs to bind a value: Dates as timestamps, arrays element by element. */
function argType(value: unknown): ArgType {
  if (Array.isArray(value)) return { scalarType: 'unknown', arity: 'list' };
  return { scalarType: value instanceof Date ? 'datetime' : 'unknown', arity: 'scalar' };
}

function rowsOf<T>({ columnNames, columnTypes, rows }: SqlResultSet): T[] {
  return rows.map((row) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < columnNames.length; i++) out[columnNames[i]!] = valueOf(columnTypes[i]!, row[i]);
    return out as T;
  });
}

function valueOf(type: number, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case ColumnTypeEnum.Int64:
      return BigInt(value as string | number);
    case ColumnTypeEnum.DateTime:
      return new Date(value as string);
    case ColumnTypeEnum.Json:
      return typeof value === 'string' ? JSON.parse(value) : value;
    default:
      return value;
  }
}

/**
 * The database's refusal as an Error carrying its message, with Prisma's code for a unique
 * violation (isUniqueViolation in tx.ts reads it), as the same statement through Prisma would.
 */
async function run<T>(statement: () => Promise<T>): Promise<T> {
  try {
    return await statement();
  } catch (error) {
    if (!isDriverAdapterError(error)) throw error;
    const cause = error.cause as { kind: string; originalMessage?: string; originalCode?: string };
    const refused = new Error(`Raw query failed. Code: \`${cause.originalCode ?? cause.kind}\`. Message: \`${cause.originalMessage ?? cause.kind}\``, { cause: error });
    if (cause.kind === 'UniqueConstraintViolation') Object.assign(refused, { code: 'P2002' });
    throw refused;
  }
}

