// `@drift/storage-traits/queries`: the drift queries written once for every engine, over Kysely (an
// optional peer dependency, needed only by engines that import this subpath). An engine supplies its
// dialect (a compile-only Kysely and how a query becomes its SQL) and runners for the statements; the
// table declarations of `/schema` give the typed tables, select lists, decoders and inserts.

export {
  type Database,
  decoderOf,
  type InsertMode,
  type InsertRowOf,
  type InsertStatement,
  insertStatement,
  rowDecoder,
  selectList,
} from './database.js';
export {
  type AsyncStepRunner,
  all,
  asyncMethod,
  changes,
  defineReads,
  defineWrites,
  driveAsync,
  driveSync,
  each,
  effect,
  every,
  first,
  get,
  type QueryForm,
  type QueryMethod,
  type QueryMethods,
  run,
  type Step,
  type StepRequest,
  type SyncStepRunner,
  scalar,
  syncMethod,
} from './methods.js';
// The query modules, one per group of tables, each a map of trait methods by name.
export {
  BATCH_WRITERS,
  type BatchCommandWriter,
  type BatchWriters,
  batchWriter,
} from './modules/batch.js';
export { filesReads, filesWrites, PARSE_CACHE_REPLACE } from './modules/files.js';

// Modules of group A (conv-a): add their export lines below this line, in module order.

// Modules of group B (conv-b): add their export lines below this line, in module order.
export { advancedReads, advancedWrites } from './modules/advanced.js';
export { boundariesReads, boundariesWrites } from './modules/boundaries.js';
export { callEdgesReads, callEdgesWrites } from './modules/call-edges.js';
export { constantReads, constantWrites } from './modules/constants.js';
export { constraintReads, constraintWrites } from './modules/constraints.js';
export { CONTRACT_FIELDS, contractReads, contractWrites } from './modules/contracts.js';
export { couplingReads, couplingWrites } from './modules/coupling.js';
export { dataAccessReads, dataAccessWrites } from './modules/data-access.js';
export { detectionsReads, detectionsWrites } from './modules/detections.js';
export { dnaReads, dnaWrites } from './modules/dna.js';
// Modules of group C (conv-c): add their export lines below this line, in module order.
export {
  decodeViolation,
  enforcementReads,
  enforcementWrites,
  VIOLATION_FIELDS,
} from './modules/enforcement.js';
export { envVariableReads, envVariableWrites } from './modules/env-variables.js';
export { functionsReads, functionsWrites } from './modules/functions.js';
export {
  decodeImpact,
  decodeTaint,
  ERROR_GAP_INSERT,
  GAP_FIELDS,
  graphReads,
  graphWrites,
  IMPACT_FIELDS,
  IMPACT_SCORE_REPLACE,
  QUALITY_FIELDS,
  REACHABILITY_REPLACE,
  TAINT_FIELDS,
  TAINT_FLOW_INSERT,
  TEST_QUALITY_REPLACE,
} from './modules/graph.js';
export { CONVENTION_INSERT, OUTLIER_INSERT, patternsReads, patternsWrites } from './modules/patterns.js';
export { parseIntegerId, readerReads } from './modules/reader.js';
export {
  checkRetentionPolicy,
  type RetentionReport,
  retentionSteps,
  runRetentionSteps,
} from './modules/retention.js';
export { SCAN_START_INSERT, scanHistoryReads, scanHistoryWrites } from './modules/scan-history.js';
export { CRYPTO_FIELDS, securityReads, securityWrites } from './modules/security.js';
export { servingReads, servingWrites } from './modules/serving.js';
export { decodeWrapper, WRAPPER_FIELDS, wrapperReads, wrapperWrites } from './modules/wrappers.js';
export {
  type Bind,
  type CompiledSql,
  generatedStatement,
  placeholderArg,
  type QueryDialect,
  SharedStatement,
  type Statement,
  sharedFamily,
  sharedList,
  sharedSql,
  sharedStatement,
} from './statement.js';
