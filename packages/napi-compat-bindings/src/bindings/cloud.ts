import { isStorageError, requireArgument, StorageErrorCode } from '@drift/storage-traits';
import type { DriftNapi } from '../contract/interface.js';
import type { BindingContext } from './context.js';
import { NapiErrorCode, napiError } from './errors.js';
import { jsonObject, optionalI64Arg, optionalU32Arg } from './native.js';

/** Rows per page of `driftCloudReadRows` when no limit is given (the reference's 5000). */
export const CLOUD_DEFAULT_LIMIT = 5000;

/** A table name the reference accepts: letters, digits (Unicode alphanumerics) and `_` only. */
const TABLE_NAME = /^[\p{Alphabetic}\p{Nd}\p{Nl}\p{No}_]*$/u;

/**
 * The database argument: `drift`, or the errors of the reference for `bridge` (this build has no
 * bridge store, which the reference answers as `Bridge not initialized`) and for anything else.
 */
function checkDatabase(db: string, operation: string): void {
  if (db === 'drift') return;
  if (db === 'bridge') {
    throw napiError(NapiErrorCode.STORAGE_ERROR, StorageErrorCode.NOT_SUPPORTED, 'Bridge not initialized', {
      operation: operation,
      field: 'db',
    });
  }
  throw napiError(
    NapiErrorCode.INVALID_FILTER,
    StorageErrorCode.INVALID_INPUT,
    `Unknown db '${db}'. Expected: drift, bridge`,
    { operation: operation, field: 'db' },
  );
}

/**
 * The cloud sync functions (`bindings/cloud.rs` of the reference): rows of a drift table after a rowid
 * cursor, each an object of its columns plus `_rowid` with keys in byte order, and the highest
 * autoincrement value handed out.
 * Table names are checked by the storage as the reference checks them (`INVALID_INPUT` for a
 * character other than a letter, a digit or `_`; a name that is no table fails in the database).
 */
export function cloudBindings(
  ctx: BindingContext,
): Pick<DriftNapi, 'driftCloudReadRows' | 'driftCloudMaxCursor'> {
  return {
    driftCloudReadRows(table: string, db: string, afterCursor?: number, limit?: number): unknown[] {
      const op = 'driftCloudReadRows';
      const name = requireArgument(op, 'table', 'text', table);
      const which = requireArgument(op, 'db', 'text', db);
      const cursor = optionalI64Arg(op, 'afterCursor', afterCursor) ?? 0;
      const rows = optionalU32Arg(op, 'limit', limit) ?? CLOUD_DEFAULT_LIMIT;
      const storage = ctx.storage(op);
      if (!TABLE_NAME.test(name)) {
        throw napiError(
          NapiErrorCode.INVALID_FILTER,
          StorageErrorCode.INVALID_INPUT,
          `Invalid table name: ${name}`,
          { operation: op, field: 'table' },
        );
      }
      checkDatabase(which, op);
      try {
        return storage.readTableRows(name, cursor, rows).map((row) => jsonObject(row));
      } catch (error) {
        // A table the drift schema does not have: the reference's statement fails to prepare.
        if (
          isStorageError(error, StorageErrorCode.SQLITE_ERROR) &&
          /no such table|syntax error/.test(error.message)
        ) {
          // SQLite's own words: an empty name leaves `FROM  WHERE`, anything else names a missing table.
          const reason = name === '' ? 'near "WHERE": syntax error' : `no such table: ${name}`;
          throw napiError(
            NapiErrorCode.STORAGE_ERROR,
            StorageErrorCode.INVALID_INPUT,
            `SQLite error: Failed to prepare query for ${name}: ${reason}`,
            { operation: op, field: 'table' },
          );
        }
        throw error;
      }
    },

    driftCloudMaxCursor(db: string): number {
      const op = 'driftCloudMaxCursor';
      const which = requireArgument(op, 'db', 'text', db);
      const storage = ctx.storage(op);
      checkDatabase(which, op);
      return storage.maxRowCursor();
    },
  };
}
