import { notSupported } from '@drift/storage-traits';
import type { DriftNapi } from '../contract/interface.js';
import { badArgument, oneOf, optionalIdCursor, requireString } from './args.js';
import type { BindingContext } from './context.js';
import { BRIDGE_NOT_SUPPORTED_REASON } from './reasons.js';

/** Rows per page of `driftCloudReadRows` when no limit is given (the reference's 5000). */
export const CLOUD_DEFAULT_LIMIT = 5000;
/** The databases the cloud functions name: `drift` (served) and `bridge` (the Cortex bridge's, not part of this build). */
export const CLOUD_DATABASES = ['drift', 'bridge'] as const;

/** Largest page of `driftCloudReadRows`. */
export const CLOUD_MAX_LIMIT = 100_000;

function database(db: unknown, operation: string): void {
  if (oneOf(db, CLOUD_DATABASES, 'db', operation) === 'bridge') {
    throw notSupported(`${operation}('bridge')`, BRIDGE_NOT_SUPPORTED_REASON);
  }
}

/**
 * The cloud sync functions: rows of a drift table after a row cursor, and the highest cursor. Table
 * names are checked by the storage as the reference checks them (`INVALID_INPUT` for a character
 * other than a letter, a digit or `_`; a name that is no table fails in the database).
 */
export function cloudBindings(
  ctx: BindingContext,
): Pick<DriftNapi, 'driftCloudReadRows' | 'driftCloudMaxCursor'> {
  return {
    driftCloudReadRows(table: string, db: string, afterCursor?: number, limit?: number): unknown[] {
      const op = 'driftCloudReadRows';
      const name = requireString(table, 'table', op);
      database(db, op);
      const cursor = optionalIdCursor(afterCursor, 'afterCursor', op) ?? 0;
      if (
        limit !== undefined &&
        limit !== null &&
        (!Number.isInteger(limit) || limit < 1 || limit > CLOUD_MAX_LIMIT)
      ) {
        throw badArgument(op, 'limit', `a whole number from 1 to ${CLOUD_MAX_LIMIT}`, limit);
      }
      const rows = limit ?? CLOUD_DEFAULT_LIMIT;
      return ctx.storage(op).readTableRows(name, cursor, rows);
    },

    driftCloudMaxCursor(db: string): number {
      const op = 'driftCloudMaxCursor';
      database(db, op);
      return ctx.storage(op).maxRowCursor();
    },
  };
}
