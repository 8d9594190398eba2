import {
  argumentError,
  DEFAULT_RETENTION_POLICY,
  isStorageError,
  optionalArgument,
  StorageError,
  StorageErrorCode,
} from '@drift/storage-traits';
import type { GcResult } from '../contract/enforcement.js';
import type { DriftNapi } from '../contract/interface.js';
import { DriftRuntime, type StorageFactory } from '../runtime.js';
import { ALREADY_INITIALIZED_MESSAGE, NapiErrorCode, napiCodeOf } from './errors.js';
import { commitQueued } from './persist.js';

/** The runtime slot the lifecycle functions manage and every other binding reads. */
export interface RuntimeSlot {
  current: DriftRuntime | null;
  /** Called (each once) before the runtime is closed: the running scans, which record themselves. */
  readonly beforeClose: Set<() => void>;
}

const TWO_TO_32 = 2 ** 32;

/**
 * A day count of `driftGC`, converted as napi-rs converts an `Option<u32>` (any number; the fraction is
 * dropped and the value taken modulo 2^32, so -1 is 4294967295), except the values the reference turns
 * into a short retention nobody asked for: NaN and the infinities (napi gives 0: delete everything) and
 * values of 2^32 and beyond (they wrap to small numbers). Those are refused.
 */
function retentionDays(operation: string, field: string, value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number') throw argumentError(operation, field, 'a number of days', value);
  if (!Number.isFinite(value) || Math.abs(value) >= TWO_TO_32) {
    throw argumentError(operation, field, `a finite number of days below ${TWO_TO_32}`, value);
  }
  return value >>> 0;
}

/** `error` with the reference's prefix for a failure of `what`, unless it already has a code. */
function storageFailure(error: unknown, what: string): unknown {
  if (isStorageError(error) && napiCodeOf(error.message) === null) {
    error.message = `[${NapiErrorCode.STORAGE_ERROR}] ${what}: ${error.message}`;
  }
  return error;
}

/**
 * The lifecycle functions, as the reference's lifecycle.rs and runtime.rs:
 * - `driftInitialize` builds a runtime (configuration, folder, storage) and then refuses with
 *   `[ALREADY_INITIALIZED]` when one exists (the new one is closed again), also after `driftShutdown`.
 * - `driftShutdown` commits what is queued and checkpoints the WAL; the runtime stays usable and
 *   `driftIsInitialized` stays true.
 * - `driftGC` commits what is queued, then runs retention with the given tiers (defaults 30, 90, 365 days).
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
        dbPath: optionalArgument(op, 'dbPath', 'text', dbPath),
        projectRoot: optionalArgument(op, 'projectRoot', 'text', projectRoot),
        configToml: optionalArgument(op, 'configToml', 'text', configToml),
        cortexDbPath: optionalArgument(op, 'cortexDbPath', 'text', cortexDbPath),
      };
      if (args.dbPath === '') {
        throw argumentError(
          op,
          'dbPath',
          'a path when given (an empty one would open a temporary database that SQLite deletes on close)',
          args.dbPath,
        );
      }
      const runtime = DriftRuntime.open(storageFactory, args);
      if (slot.current !== null) {
        try {
          runtime.close();
        } catch {
          // The runtime that was just opened is discarded; its close failing changes nothing.
        }
        throw new StorageError(StorageErrorCode.INVALID_INPUT, ALREADY_INITIALIZED_MESSAGE, {
          operation: op,
        });
      }
      slot.current = runtime;
    },

    driftShutdown(): void {
      requireRuntime('driftShutdown').shutdown();
    },

    driftIsInitialized(): boolean {
      return slot.current !== null;
    },

    driftGC(shortDays?: number, mediumDays?: number, longDays?: number): GcResult {
      const op = 'driftGC';
      const short = retentionDays(op, 'shortDays', shortDays);
      const medium = retentionDays(op, 'mediumDays', mediumDays);
      const long = retentionDays(op, 'longDays', longDays);
      const storage = requireRuntime(op).storage(op);
      const policy = {
        shortDays: short ?? DEFAULT_RETENTION_POLICY.shortDays,
        mediumDays: medium ?? DEFAULT_RETENTION_POLICY.mediumDays,
        longDays: long ?? DEFAULT_RETENTION_POLICY.longDays,
      };
      let result: ReturnType<typeof storage.runRetention>;
      try {
        commitQueued(storage);
        result = storage.runRetention(policy);
      } catch (error) {
        throw storageFailure(error, 'Retention cleanup failed');
      }
      // The reference returns a serde_json object with snake_case keys (lifecycle.rs drift_gc), which
      // is what its clients read (drift-cli's `gc` prints total_deleted); the contract's camelCase
      // typing of GcResult is loose there.
      // serde_json's map is a B-tree there: keys in byte order.
      return {
        duration_ms: result.durationMs,
        per_table: result.perTable.map(({ table, deleted }) => ({ deleted, table })),
        total_deleted: result.totalDeleted,
      } as unknown as GcResult;
    },
  };
}
