import { StorageError, StorageErrorCode } from '@drift/storage-traits';
import type { DriftNapi } from '../contract/interface.js';
import type { ProgressCallback } from '../contract/lifecycle.js';
import type { ScanOptions, ScanSummary } from '../contract/scanner.js';
import { type ScanProjectOptions, scanProject } from '../scanner/scan.js';
import { badArgument, optionalBoolean, optionalStringArray, optionalU32, requireString } from './args.js';
import type { BindingContext } from './context.js';

/** Checks `ScanOptions` field by field; unknown fields are ignored, as a native addon ignores them. */
function scanOptions(value: unknown, operation: string): ScanProjectOptions {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw badArgument(operation, 'options', 'an object (ScanOptions)', value);
  }
  const o = value as Record<string, unknown>;
  const options: ScanProjectOptions = {};
  const forceFull = optionalBoolean(o.forceFull, 'options.forceFull', operation);
  const maxFileSize = optionalU32(o.maxFileSize, 'options.maxFileSize', operation);
  const include = optionalStringArray(o.include, 'options.include', operation);
  const extraIgnore = optionalStringArray(o.extraIgnore, 'options.extraIgnore', operation);
  const followSymlinks = optionalBoolean(o.followSymlinks, 'options.followSymlinks', operation);
  const changedFiles = optionalStringArray(o.changedFiles, 'options.changedFiles', operation);
  if (forceFull !== undefined) options.forceFull = forceFull;
  if (maxFileSize !== undefined) options.maxFileSize = maxFileSize;
  if (include !== undefined) options.include = include;
  if (extraIgnore !== undefined) options.extraIgnore = extraIgnore;
  if (followSymlinks !== undefined) options.followSymlinks = followSymlinks;
  if (changedFiles !== undefined) options.changedFiles = changedFiles;
  return options;
}

/**
 * The scanner functions. One scan runs at a time per DriftNapi object (a second one is refused with
 * `BUSY`); `driftCancelScan` aborts the running scan between two files, leaving every row already
 * written complete, and does nothing when no scan runs.
 */
export function scannerBindings(
  ctx: BindingContext,
): Pick<DriftNapi, 'driftScan' | 'driftScanWithProgress' | 'driftCancelScan'> {
  let running: AbortController | null = null;

  async function scan(
    operation: string,
    root: unknown,
    rawOptions: unknown,
    onProgress: ProgressCallback | undefined,
  ): Promise<ScanSummary> {
    const rootPath = requireString(root, 'root', operation);
    const options = scanOptions(rawOptions, operation);
    const storage = ctx.storage(operation);
    if (running !== null) {
      throw new StorageError(
        StorageErrorCode.BUSY,
        `${operation}: a scan is already running; wait for it or call driftCancelScan()`,
        { operation },
      );
    }
    const controller = new AbortController();
    running = controller;
    try {
      return await scanProject(rootPath, options, storage, {
        signal: controller.signal,
        onProgress,
      });
    } finally {
      running = null;
    }
  }

  return {
    driftScan(root: string, options?: ScanOptions): Promise<ScanSummary> {
      return Promise.resolve().then(() => scan('driftScan', root, options, undefined));
    },

    driftScanWithProgress(
      root: string,
      options: ScanOptions | undefined,
      onProgress: ProgressCallback,
    ): Promise<ScanSummary> {
      return Promise.resolve().then(() => {
        if (typeof onProgress !== 'function') {
          throw badArgument('driftScanWithProgress', 'onProgress', 'a function', onProgress);
        }
        return scan('driftScanWithProgress', root, options, (update) => onProgress({ ...update }));
      });
    },

    driftCancelScan(): void {
      // Needs no runtime: the reference only sets its cancellation flag (scanner.rs drift_cancel_scan).
      running?.abort();
    },
  };
}
