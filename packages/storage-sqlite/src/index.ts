export { type ConnectionUsage, DriftStorageEngine, type DriftStorageEngineOptions } from './engine.js';
export { SCHEMA_VERSION } from './migrations/index.js';
export { DEFAULT_RETENTION, type RetentionPolicy, type RetentionReport } from './queries/retention.js';
export type { DriftViews, SecurityView, StatusView, TrendPoint } from './queries/views.js';
