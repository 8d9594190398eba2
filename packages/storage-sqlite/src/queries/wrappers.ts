import type { IDriftStructural, WrapperRow } from '@drift/storage-traits';
import { decoderOf, insertStatement, selectList } from '@drift/storage-traits/queries';
import { wrappers } from '@drift/storage-traits/schema';
import { defineReads, defineWrites, qb, statement } from '../statements.js';

// wrappers: functions wrapping framework primitives; append-only.

// The fields of a WrapperRow: what its reads select and its decoder converts.
const WRAPPER_ROW = [
  'id',
  'name',
  'file',
  'line',
  'category',
  'wrappedPrimitives',
  'framework',
  'confidence',
  'isMultiPrimitive',
  'isExported',
  'usageCount',
] as const;
/** The `wrappers` columns selected as {@link WrapperRow} fields. */
export const WRAPPER_FIELDS = selectList(wrappers, WRAPPER_ROW);

/** Turns a selected `wrappers` row into a {@link WrapperRow}. */
export const decodeWrapper = decoderOf(wrappers, WRAPPER_ROW);

/** Inserts a wrapper (also the batch sink's `InsertWrappers`). */
export const WRAPPER_INSERT = insertStatement(wrappers, {
  mode: 'insert',
  fields: [
    'name',
    'file',
    'line',
    'category',
    'wrappedPrimitives',
    'framework',
    'confidence',
    'isMultiPrimitive',
    'isExported',
    'usageCount',
  ],
});
const WRAPPERS_BY_FILE = statement((file: string) =>
  qb.selectFrom('wrappers').select(WRAPPER_FIELDS).where('file', '=', file),
);
const WRAPPERS_BY_CATEGORY = statement((category: string) =>
  qb.selectFrom('wrappers').select(WRAPPER_FIELDS).where('category', '=', category),
);

/**
 * The {@link IDriftStructural} methods on `wrappers` that only read, by method name; the engine runs each on
 * a read-only connection after checking its arguments.
 */
export const wrapperReads = defineReads<IDriftStructural>()({
  getWrappersByFile: (r, file) => r.all(WRAPPERS_BY_FILE, [file]).map(decodeWrapper),
  getWrappersByCategory: (r, category) => r.all(WRAPPERS_BY_CATEGORY, [category]).map(decodeWrapper),
});

/**
 * The {@link IDriftStructural} methods on `wrappers` that write, by method name; the engine runs each on its
 * one writer connection after checking its arguments.
 */
export const wrapperWrites = defineWrites<IDriftStructural>()({
  insertWrapper: (w, row) => w.run(WRAPPER_INSERT.statement, WRAPPER_INSERT.args(row)).lastInsertRowid,
});
