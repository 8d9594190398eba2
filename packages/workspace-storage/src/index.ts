export { CONFIRMATION_TOKEN } from './arguments.js';
export {
  BACKUP_REASONS,
  BACKUP_TIERS,
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
export { detectWorkspace, type MonorepoTool, type WorkspaceLayout } from './monorepo.js';
export type { SqliteWorkspaceStorageOptions } from './options.js';
export { workspacePaths } from './paths.js';
export {
  formatProjectHeader,
  formatProjectIndicator,
  healthEmoji,
  parseHealthStatus,
} from './project.js';
export { SqliteWorkspaceStorage } from './sqlite-storage.js';
export {
  calculateHealth,
  type DiskUsage,
  type WorkspaceLayoutInfo,
  type WorkspaceStatusReport,
} from './status.js';
export type {
  BackupConfig,
  BackupManifest,
  BackupReason,
  BackupTier,
  HealthStatus,
  MigrationRecord,
  NewMigrationRecord,
  PackageInfo,
  RegisteredProject,
  WorkspacePaths,
} from './types.js';
