import { DEFAULT_RETENTION_POLICY, invalidInput } from '@drift/storage-traits';
import type { GcResult } from '../contract/enforcement.js';
import type { DriftNapi } from '../contract/interface.js';
import { DriftRuntime, RuntimeStateName, type StorageFactory } from '../runtime.js';
import { optionalString, optionalU32 } from './args.js';
import { commitQueued } from './persist.js';

/** The runtime slot the lifecycle functions manage and every other binding reads. */
export interface RuntimeSlot {
  current: DriftRuntime | null;
}

/**
 * The lifecycle functions. `driftShutdown` flushes, checkpoints and closes; `driftGC` commits what is
 * queued, then runs retention with the given tiers (defaults 30, 90, 365 days) and frees pages.
 */
export function lifecycleBindings(
  slot: RuntimeSlot,
  storageFactory: StorageFactory,
  requireRuntime: (operation: string) => DriftRuntime,
): Pick<DriftNapi, 'driftInitialize' | 'driftShutdown' | 'driftIsInitialized' | 'driftGC'> {
  return {
    driftInitialize(dbPath?: string, projectRoot?: string, configToml?: string, cortexDbPath?: string): void {
      const op = 'driftInitialize';
      const args = {
        dbPath: optionalString(dbPath, 'dbPath', op),
        projectRoot: optionalString(projectRoot, 'projectRoot', op),
        configToml: configToml === undefined || configToml === null ? undefined : configToml,
        cortexDbPath: optionalString(cortexDbPath, 'cortexDbPath', op),
      };
      if (args.configToml !== undefined && typeof args.configToml !== 'string') {
        throw invalidInput(`${op}: configToml must be a string when given`, {
          field: 'configToml',
          operation: op,
        });
      }
      const current = slot.current;
      if (current !== null && !current.closed) {
        throw invalidInput(
          `${op}: the Drift runtime is already initialized [${RuntimeStateName.ALREADY_INITIALIZED}] with ${current.dbPath}; call driftShutdown() first`,
          { operation: op },
        );
      }
      slot.current = DriftRuntime.open(storageFactory, args);
    },

    driftShutdown(): void {
      requireRuntime('driftShutdown').close();
    },

    driftIsInitialized(): boolean {
      return slot.current !== null && !slot.current.closed;
    },

    driftGC(shortDays?: number, mediumDays?: number, longDays?: number): GcResult {
      const op = 'driftGC';
      const policy = {
        shortDays: optionalU32(shortDays, 'shortDays', op) ?? DEFAULT_RETENTION_POLICY.shortDays,
        mediumDays: optionalU32(mediumDays, 'mediumDays', op) ?? DEFAULT_RETENTION_POLICY.mediumDays,
        longDays: optionalU32(longDays, 'longDays', op) ?? DEFAULT_RETENTION_POLICY.longDays,
      };
      const storage = requireRuntime(op).storage();
      commitQueued(storage);
      const result = storage.runRetention(policy);
      return {
        totalDeleted: result.totalDeleted,
        durationMs: result.durationMs,
        perTable: result.perTable.map(({ table, deleted }) => ({ table, deleted })),
      };
    },
  };
}
