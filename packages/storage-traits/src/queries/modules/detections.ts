import type { IDriftAnalysis } from '../../index.js';
import { detections } from '../../schema/index.js';
import { insertStatement, selectList } from '../database.js';
import { changes, defineReads, defineWrites, each, every, scalar } from '../methods.js';
import { sharedStatement } from '../statement.js';

// detections: one row per detector match; `id` and `created_at` are filled by the database.

const DETECTION_FIELDS = selectList(detections);

/** Inserts a detection (also the batch sink's `InsertDetections`). */
export const DETECTION_INSERT = insertStatement(detections, { mode: 'insert' });
// dialect: the ORDER BYs below leave ties (same line, same confidence) in SQLite's scan order (rowid);
// PostgreSQL: add `id` as a last ORDER BY key.
const BY_FILE = sharedStatement((d, file: string) =>
  d.db.selectFrom('detections').select(DETECTION_FIELDS).where('file', '=', file).orderBy('line'),
);
const BY_CATEGORY = sharedStatement((d, category: string) =>
  d.db
    .selectFrom('detections')
    .select(DETECTION_FIELDS)
    .where('category', '=', category)
    .orderBy('confidence', 'desc'),
);
// Ties on confidence, stated: the reference's order is a backward scan of idx_detections_confidence
// (its entries are (confidence, rowid)), so the later row first; SQLite still reads the index alone.
const ALL_LIMITED = sharedStatement((d, limit: number) =>
  d.db
    .selectFrom('detections')
    .select(DETECTION_FIELDS)
    .orderBy('confidence', 'desc')
    .orderBy(d.rowid(), 'desc')
    .limit(limit),
);
const DELETE_BY_FILE = sharedStatement((d, file: string) =>
  d.db.deleteFrom('detections').where('file', '=', file),
);
const COUNT = sharedStatement((d) =>
  d.db.selectFrom('detections').select((eb) => eb.fn.countAll<number>().as('n')),
);
const BY_METHOD = sharedStatement(
  (d, detectionMethod: string) =>
    d.db
      .selectFrom('detections')
      .select(DETECTION_FIELDS)
      .where('detection_method', '=', detectionMethod)
      .orderBy('confidence', 'desc')
      .orderBy(d.rowid(), 'desc'), // the same backward scan of idx_detections_confidence
);
// Both LIKE filters take their pattern as argument 0, built by the caller (as the reference does):
// `prefix%` for pattern ids, `%cwe%` (a substring match) for the comma-separated CWE list.
// dialect: SQLite's LIKE ignores ASCII case; PostgreSQL's does not (ILIKE does, for all letters).
const BY_PATTERN_LIKE = sharedStatement(
  (d, patternId: string) =>
    d.db
      .selectFrom('detections')
      .select(DETECTION_FIELDS)
      .where('pattern_id', 'like', patternId)
      .orderBy('confidence', 'desc')
      .orderBy(d.rowid(), 'desc'), // the same backward scan of idx_detections_confidence
);
const BY_CWE_LIKE = sharedStatement(
  (d, cweIds: string) =>
    d.db
      .selectFrom('detections')
      .select(DETECTION_FIELDS)
      .where('cwe_ids', 'like', cweIds)
      .orderBy('confidence', 'desc')
      .orderBy(d.rowid(), 'desc'), // the same backward scan of idx_detections_confidence
);
// dialect: no ORDER BY (as the reference): SQLite answers the groups in `detection_method` order (its
// GROUP BY sorts); PostgreSQL may hash them: add `ORDER BY detection_method`.
const SUMMARY = sharedStatement((d) =>
  d.db
    .selectFrom('detections')
    .select((eb) => [
      'detection_method as detectionMethod',
      eb.fn.countAll<number>().as('count'),
      eb.fn.avg<number>('confidence').as('avgConfidence'),
    ])
    .groupBy('detection_method'),
);

/** The {@link IDriftAnalysis} methods on `detections` that only read, by method name. */
export const detectionsReads = defineReads<IDriftAnalysis>()({
  getDetectionsByFile: every(BY_FILE),
  getDetectionsByCategory: every(BY_CATEGORY),
  queryAllDetections: every(ALL_LIMITED),
  countDetections: scalar(COUNT, 'n'),
  getDetectionsByMethod: every(BY_METHOD),
  getDetectionsByPatternPrefix: every(
    BY_PATTERN_LIKE,
    undefined,
    (prefix: string) => [`${prefix}%`] as const,
  ),
  getDetectionsByCwe: every(BY_CWE_LIKE, undefined, (cweId: number) => [`%${cweId}%`] as const),
  getFrameworkDetectionSummary: every(SUMMARY),
});

/** The {@link IDriftAnalysis} methods on `detections` that write, by method name. */
export const detectionsWrites = defineWrites<IDriftAnalysis>()({
  insertDetections: function* (rows) {
    yield* each(DETECTION_INSERT.statement, rows, DETECTION_INSERT.args);
    return rows.length;
  },
  deleteDetectionsByFile: changes(DELETE_BY_FILE),
});
