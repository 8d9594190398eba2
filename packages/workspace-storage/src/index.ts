export {
  BACKUP_REASONS,
  BACKUP_TIERS,
  type BackupConfig,
  type BackupManifest,
  type BackupReason,
  type BackupTier,
  DEFAULT_BACKUP_CONFIG,
  parseBackupReason,
  parseBackupTier,
  tierOfReason,
} from './backup.js';
export { type CIEnvironment, detectCiEnvironment, isCi } from './ci.js';
export type {
  AgentProjectContext,
  AnalysisStatus,
  ProjectContext,
  WorkspaceContextSnapshot,
} from './context.js';
export { CONFIRMATION_TOKEN } from './destructive.js';
export {
  CONFIG_TEMPLATES,
  type ConfigTemplate,
  detectFrameworks,
  detectLanguages,
  generateConfigTemplate,
} from './detect.js';
export { isWorkspaceError, storageCodeOf, WorkspaceError, WorkspaceErrorCode } from './errors.js';
export type { ExportManifest } from './export.js';
export type { GcOptions, GcReport } from './gc.js';
export { type InitOptions, isInitialized, type WorkspaceInfo } from './init.js';
export type {
  BackupIntegrity,
  ConfigIntegrity,
  DatabaseIntegrity,
  IntegrityReport,
  OverallIntegrity,
  RecoveryResult,
} from './integrity.js';
export type { LockGuard, LockMode, LockStatus } from './lock.js';
export {
  type MigrationRecord,
  type NewMigrationRecord,
  WORKSPACE_TABLES,
  type WorkspaceTable,
} from './migration.js';
export { detectWorkspace, type MonorepoTool, type PackageInfo, type WorkspaceLayout } from './monorepo.js';
export { type WorkspacePaths, workspacePaths } from './paths.js';
export {
  formatProjectHeader,
  formatProjectIndicator,
  type HealthStatus,
  healthEmoji,
  parseHealthStatus,
  type RegisteredProject,
} from './project.js';
export { SqliteWorkspaceStorage, type SqliteWorkspaceStorageOptions } from './sqlite-storage.js';
export {
  calculateHealth,
  type DiskUsage,
  type WorkspaceLayoutInfo,
  type WorkspaceStatusReport,
} from './status.js';
