export { type ConnectionUsage, DriftStorageEngine, type DriftStorageEngineOptions } from './engine.js';
export { SCHEMA_VERSION } from './migrations/index.js';
export type { DriftViews, SecurityView, StatusView, TrendPoint } from './queries/views.js';
