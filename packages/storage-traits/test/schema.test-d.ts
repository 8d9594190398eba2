// What the database fills, as the types see it: a column declared with a default or as the
// auto-increment key is optional in `InsertOf` and listed by `FilledFieldsOf`; every other column is
// required. Each `@ts-expect-error` is a row or field that must not compile. Checked by `tsc --noEmit`.
import type { detections, FilledFieldsOf, InsertOf } from '../src/schema/index.js';

type Detections = typeof detections;

const filled: FilledFieldsOf<Detections>[] = ['id', 'createdAt'];
// @ts-expect-error `file` has no default: an insert must give it
const notFilled: FilledFieldsOf<Detections> = 'file';

const insert: InsertOf<Detections> = {
  file: 'a.ts',
  line: 1,
  columnNum: 0,
  patternId: 'p',
  category: 'c',
  confidence: 0.5,
  detectionMethod: 'ast',
  cweIds: null,
  owasp: null,
  matchedText: null,
};
// @ts-expect-error an insert without a column the database does not fill
const partial: InsertOf<Detections> = { file: 'a.ts' };

void [filled, notFilled, insert, partial];
