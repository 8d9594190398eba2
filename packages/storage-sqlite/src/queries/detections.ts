import type { IDriftAnalysis } from '@drift/storage-traits';
import { insertStatement, selectList } from '@drift/storage-traits/queries';
import { detections } from '@drift/storage-traits/schema';
import { defineReads, defineWrites, qb, statement } from '../statements.js';

// detections: one row per detector match; `id` and `created_at` are filled by the database.

const DETECTION_FIELDS = selectList(detections);

/** Inserts a detection (also the batch sink's `InsertDetections`). */
export const DETECTION_INSERT = insertStatement(detections, { mode: 'insert' });
const BY_FILE = statement((file: string) =>
  qb.selectFrom('detections').select(DETECTION_FIELDS).where('file', '=', file).orderBy('line'),
);
const BY_CATEGORY = statement((category: string) =>
  qb
    .selectFrom('detections')
    .select(DETECTION_FIELDS)
    .where('category', '=', category)
    .orderBy('confidence', 'desc'),
);
const ALL_LIMITED = statement((limit: number) =>
  qb.selectFrom('detections').select(DETECTION_FIELDS).orderBy('confidence', 'desc').limit(limit),
);
const DELETE_BY_FILE = statement((file: string) => qb.deleteFrom('detections').where('file', '=', file));
const COUNT = statement(() => qb.selectFrom('detections').select((eb) => eb.fn.countAll<number>().as('n')));
const BY_METHOD = statement((detectionMethod: string) =>
  qb
    .selectFrom('detections')
    .select(DETECTION_FIELDS)
    .where('detection_method', '=', detectionMethod)
    .orderBy('confidence', 'desc'),
);
// Both LIKE filters take their pattern as argument 0, built by the caller (as the reference does):
// `prefix%` for pattern ids, `%cwe%` (a substring match) for the comma-separated CWE list.
const BY_PATTERN_LIKE = statement((patternId: string) =>
  qb
    .selectFrom('detections')
    .select(DETECTION_FIELDS)
    .where('pattern_id', 'like', patternId)
    .orderBy('confidence', 'desc'),
);
const BY_CWE_LIKE = statement((cweIds: string) =>
  qb
    .selectFrom('detections')
    .select(DETECTION_FIELDS)
    .where('cwe_ids', 'like', cweIds)
    .orderBy('confidence', 'desc'),
);
const SUMMARY = statement(() =>
  qb
    .selectFrom('detections')
    .select((eb) => [
      'detection_method as detectionMethod',
      eb.fn.countAll<number>().as('count'),
      eb.fn.avg<number>('confidence').as('avgConfidence'),
    ])
    .groupBy('detection_method'),
);

/**
 * The {@link IDriftAnalysis} methods on `detections` that only read, by method name; the engine runs each on
 * a read-only connection after checking its arguments.
 */
export const detectionsReads = defineReads<IDriftAnalysis>()({
  getDetectionsByFile: (r, file) => r.all(BY_FILE, [file]),
  getDetectionsByCategory: (r, category) => r.all(BY_CATEGORY, [category]),
  queryAllDetections: (r, limit) => r.all(ALL_LIMITED, [limit]),
  countDetections: (r) => r.get(COUNT)!.n,
  getDetectionsByMethod: (r, method) => r.all(BY_METHOD, [method]),
  getDetectionsByPatternPrefix: (r, prefix) => r.all(BY_PATTERN_LIKE, [`${prefix}%`]),
  getDetectionsByCwe: (r, cweId) => r.all(BY_CWE_LIKE, [`%${cweId}%`]),
  getFrameworkDetectionSummary: (r) => r.all(SUMMARY),
});

/**
 * The {@link IDriftAnalysis} methods on `detections` that write, by method name; the engine runs each on its
 * one writer connection after checking its arguments.
 */
export const detectionsWrites = defineWrites<IDriftAnalysis>()({
  insertDetections: (w, detections) =>
    w.transaction(() => {
      for (const d of detections) w.run(DETECTION_INSERT.statement, DETECTION_INSERT.args(d));
      return detections.length;
    }),
  deleteDetectionsByFile: (w, file) => w.run(DELETE_BY_FILE, [file]).changes,
});
