import { StorageError } from '@drift/storage-traits';
import type { AsyncStepRunner, SharedStatement, Statement } from '@drift/storage-traits/queries';
import pg from 'pg';
import type { PostgresTransaction } from './connection.js';
import { POSTGRES_DIALECT } from './dialect.js';

// How the shared statements run on a PostgreSQL transaction: values as the drift row types read them
// (a pool's own type parsers, never pg's global registry), binds taken from a call's arguments, the
// `before` statements of a rewritten INSERT OR REPLACE first.

const BOOL = 16;
const INT8 = 20;
const NUMERIC = 1700;

/**
 * Type parsers of one pool: `bigint` and `numeric` as numbers (what drift.db's INTEGER and REAL read
 * as), `boolean` as 1/0 (as drift.db stores it), a `bigint` beyond ±(2^53 - 1) as a JavaScript bigint that {@link checkRows} refuses; every other
 * type as pg parses it by default (bytea as a Buffer, which the decoders turn into a Uint8Array).
 */
export function driftTypeParsers(): pg.CustomTypesConfig {
  return {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
      if (format !== 'binary' && oid === INT8) {
        return (text: string) => {
          const n = Number(text);
          return Number.isSafeInteger(n) ? n : BigInt(text);
        };
      }
      if (format !== 'binary' && oid === NUMERIC) return (text: string) => Number(text);
      // As drift.db stores a boolean (INTEGER 0/1): the shared decoders turn it into the row's boolean,
      // and a read that answers stored values (the cloud export) gets what SQLite gives.
      if (format !== 'binary' && oid === BOOL) return (text: string) => (text === 't' ? 1 : 0);
      return pg.types.getTypeParser(oid, format as 'text');
    }) as pg.CustomTypesConfig['getTypeParser'],
  };
}

/** Fails with `OUT_OF_RANGE` when a row holds an integer a JavaScript number cannot hold exactly. */
function checkRows(rows: readonly Record<string, unknown>[], operation: string): void {
  for (const row of rows) {
    for (const key in row) {
      const value = row[key];
      if (typeof value === 'bigint') {
        throw new StorageError(
          'OUT_OF_RANGE',
          `${operation}: column ${key} holds ${value}, beyond the integers a JavaScript number holds exactly (±(2^53 - 1))`,
          { operation, field: key },
        );
      }
    }
  }
}

/** The bind values of `s` for `args`: an argument or a constant per placeholder, booleans as 1/0. */
function bindValues(s: Statement, args: readonly unknown[]): unknown[] {
  return s.binds.map((b) => {
    const v = 'arg' in b ? args[b.arg] : b.value;
    // 1/0 read as a boolean where the column is one (PostgreSQL parses '1' and '0' as booleans), and as
    // an integer where drift.db's column is an INTEGER holding a flag.
    return typeof v === 'boolean' ? (v ? 1 : 0) : v;
  });
}

/** Runs one compiled statement; answers its rows and how many rows it changed. */
async function execute(
  tx: PostgresTransaction,
  s: Statement,
  args: readonly unknown[],
  operation: string,
): Promise<{ rows: Record<string, unknown>[]; rowCount: number }> {
  if (s.before !== undefined) for (const b of s.before) await tx.execute(b.sql, bindValues(b, args));
  const result = await tx.execute<Record<string, unknown>>(s.sql, bindValues(s, args));
  checkRows(result.rows, operation);
  return result;
}

/** A shared statement run in `tx`, in the PostgreSQL dialect. */
export function runShared(
  tx: PostgresTransaction,
  s: SharedStatement,
  args: readonly unknown[],
  operation: string,
): Promise<{ rows: Record<string, unknown>[]; rowCount: number }> {
  return execute(tx, s.for(POSTGRES_DIALECT), args, operation);
}

/** The step runner of the shared query methods on one transaction; `operation` names the method in errors. */
export function transactionRunner(tx: PostgresTransaction, operation: string): AsyncStepRunner {
  return {
    get: async (s, args) => (await runShared(tx, s, args, operation)).rows[0],
    all: async (s, args) => (await runShared(tx, s, args, operation)).rows,
    run: async (s, args) => (await runShared(tx, s, args, operation)).rowCount,
    each: async (s, rows, argsOf) => {
      const compiled = s.for(POSTGRES_DIALECT);
      for (const row of rows) await execute(tx, compiled, argsOf(row as never), operation);
    },
  };
}
