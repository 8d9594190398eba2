import type { IDriftStructural, WrapperInsertRow, WrapperRow } from '@drift/storage-traits';
import { arg, defineReads, defineWrites, qb, rowDecoder, statement } from '../statements.js';
import { bit } from './bind.js';

// wrappers: functions wrapping framework primitives; append-only.

/** The `wrappers` columns selected as {@link WrapperRow} fields. */
export const WRAPPER_FIELDS = [
  'id',
  'name',
  'file',
  'line',
  'category',
  'wrapped_primitives as wrappedPrimitives',
  'framework',
  'confidence',
  'is_multi_primitive as isMultiPrimitive',
  'is_exported as isExported',
  'usage_count as usageCount',
] as const;

/** Turns a selected `wrappers` row into a {@link WrapperRow}. */
export const decodeWrapper = rowDecoder<WrapperRow>({ bool: ['isMultiPrimitive', 'isExported'] });

/** Inserts a wrapper (also the batch sink's `InsertWrappers`). */
export const WRAPPER_INSERT = statement(
  qb.insertInto('wrappers').values({
    name: arg(0),
    file: arg(1),
    line: arg(2),
    category: arg(3),
    wrapped_primitives: arg(4),
    framework: arg(5),
    confidence: arg(6),
    is_multi_primitive: arg(7),
    is_exported: arg(8),
    usage_count: arg(9),
  }),
);
/** The arguments of {@link WRAPPER_INSERT} for a row. */
export function wrapperArgs(row: WrapperInsertRow): unknown[] {
  return [
    row.name,
    row.file,
    row.line,
    row.category,
    row.wrappedPrimitives,
    row.framework,
    row.confidence,
    bit(row.isMultiPrimitive),
    bit(row.isExported),
    row.usageCount,
  ];
}
const WRAPPERS_BY_FILE = statement(
  qb.selectFrom('wrappers').select(WRAPPER_FIELDS).where('file', '=', arg(0)),
);
const WRAPPERS_BY_CATEGORY = statement(
  qb.selectFrom('wrappers').select(WRAPPER_FIELDS).where('category', '=', arg(0)),
);

/** Wrapper reads of {@link IDriftStructural}. */
export const wrapperReads = defineReads<IDriftStructural>()({
  getWrappersByFile: (r, file) => r.all(WRAPPERS_BY_FILE, [file]).map(decodeWrapper),
  getWrappersByCategory: (r, category) => r.all(WRAPPERS_BY_CATEGORY, [category]).map(decodeWrapper),
});

/** Wrapper writes of {@link IDriftStructural}. */
export const wrapperWrites = defineWrites<IDriftStructural>()({
  insertWrapper: (w, row) => w.run(WRAPPER_INSERT, wrapperArgs(row)).lastInsertRowid,
});
