import type { DetectionInsertRow, IDriftAnalysis } from '@drift/storage-traits';
import { arg, defineReads, defineWrites, qb, statement } from '../statements.js';

// detections: one row per detector match; `id` and `created_at` are filled by the database.

const DETECTION_FIELDS = [
  'id',
  'file',
  'line',
  'column_num as columnNum',
  'pattern_id as patternId',
  'category',
  'confidence',
  'detection_method as detectionMethod',
  'cwe_ids as cweIds',
  'owasp',
  'matched_text as matchedText',
  'created_at as createdAt',
] as const;

/** Inserts a detection (also the batch sink's `InsertDetections`). */
export const DETECTION_INSERT = statement(
  qb.insertInto('detections').values({
    file: arg(0),
    line: arg(1),
    column_num: arg(2),
    pattern_id: arg(3),
    category: arg(4),
    confidence: arg(5),
    detection_method: arg(6),
    cwe_ids: arg(7),
    owasp: arg(8),
    matched_text: arg(9),
  }),
);
/** The arguments of {@link DETECTION_INSERT} for a row. */
export function detectionArgs(d: DetectionInsertRow): unknown[] {
  return [
    d.file,
    d.line,
    d.columnNum,
    d.patternId,
    d.category,
    d.confidence,
    d.detectionMethod,
    d.cweIds,
    d.owasp,
    d.matchedText,
  ];
}
const BY_FILE = statement(
  qb.selectFrom('detections').select(DETECTION_FIELDS).where('file', '=', arg(0)).orderBy('line'),
);
const BY_CATEGORY = statement(
  qb
    .selectFrom('detections')
    .select(DETECTION_FIELDS)
    .where('category', '=', arg(0))
    .orderBy('confidence', 'desc'),
);
const ALL_LIMITED = statement(
  qb.selectFrom('detections').select(DETECTION_FIELDS).orderBy('confidence', 'desc').limit(arg(0)),
);
const DELETE_BY_FILE = statement(qb.deleteFrom('detections').where('file', '=', arg(0)));
const COUNT = statement(qb.selectFrom('detections').select((eb) => eb.fn.countAll<number>().as('n')));
const BY_METHOD = statement(
  qb
    .selectFrom('detections')
    .select(DETECTION_FIELDS)
    .where('detection_method', '=', arg(0))
    .orderBy('confidence', 'desc'),
);
// Both LIKE filters take their pattern as argument 0, built by the caller (as the reference does):
// `prefix%` for pattern ids, `%cwe%` (a substring match) for the comma-separated CWE list.
const BY_PATTERN_LIKE = statement(
  qb
    .selectFrom('detections')
    .select(DETECTION_FIELDS)
    .where('pattern_id', 'like', arg(0))
    .orderBy('confidence', 'desc'),
);
const BY_CWE_LIKE = statement(
  qb
    .selectFrom('detections')
    .select(DETECTION_FIELDS)
    .where('cwe_ids', 'like', arg(0))
    .orderBy('confidence', 'desc'),
);
const SUMMARY = statement(
  qb
    .selectFrom('detections')
    .select((eb) => [
      'detection_method as detectionMethod',
      eb.fn.countAll<number>().as('count'),
      eb.fn.avg<number>('confidence').as('avgConfidence'),
    ])
    .groupBy('detection_method'),
);

/** {@link IDriftAnalysis} detection reads. */
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

/** {@link IDriftAnalysis} detection writes. */
export const detectionsWrites = defineWrites<IDriftAnalysis>()({
  insertDetections: (w, detections) =>
    w.transaction(() => {
      for (const d of detections) w.run(DETECTION_INSERT, detectionArgs(d));
      return detections.length;
    }),
  deleteDetectionsByFile: (w, file) => w.run(DELETE_BY_FILE, [file]).changes,
});
