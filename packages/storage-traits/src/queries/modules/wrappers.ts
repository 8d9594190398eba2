import type { IDriftStructural, WrapperRow } from '../../index.js';
import { wrappers } from '../../schema/index.js';
import { decoderOf, insertStatement, selectList } from '../database.js';
import { defineReads, defineWrites, every, scalar } from '../methods.js';
import { sharedStatement } from '../statement.js';
import { insertReturningId } from './inserted-id.js';

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
// The trait method answers the new id.
const WRAPPER_INSERT_ID = insertReturningId(wrappers, WRAPPER_INSERT);
// dialect: no ORDER BY (as the reference): SQLite answers in its scan order (rowid within the filtered
// index); PostgreSQL's order is unspecified: add `ORDER BY id`.
const WRAPPERS_BY_FILE = sharedStatement((d, file: string) =>
  d.db.selectFrom('wrappers').select(WRAPPER_FIELDS).where('file', '=', file),
);
const WRAPPERS_BY_CATEGORY = sharedStatement((d, category: string) =>
  d.db.selectFrom('wrappers').select(WRAPPER_FIELDS).where('category', '=', category),
);

/** The {@link IDriftStructural} methods on `wrappers` that only read, by method name. */
export const wrapperReads = defineReads<IDriftStructural>()({
  getWrappersByFile: every(WRAPPERS_BY_FILE, decodeWrapper),
  getWrappersByCategory: every(WRAPPERS_BY_CATEGORY, decodeWrapper),
});

/** The {@link IDriftStructural} methods on `wrappers` that write, by method name. */
export const wrapperWrites = defineWrites<IDriftStructural>()({
  insertWrapper: scalar(WRAPPER_INSERT_ID, 'id', (row: WrapperRow) => WRAPPER_INSERT.args(row)),
});
