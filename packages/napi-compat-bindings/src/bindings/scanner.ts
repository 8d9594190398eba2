import { argumentError, optionalArgument } from '@drift/storage-traits';
import type { DriftNapi } from '../contract/interface.js';
import type { ProgressCallback, ProgressUpdate } from '../contract/lifecycle.js';
import type { ScanOptions, ScanSummary } from '../contract/scanner.js';
import { buildScanConfig, napiFileSizeLimit, type ScanCallOptions, scanConfigOf } from '../scanner/config.js';
import { PROGRESS_INTERVAL, type ScanProgressUpdate, scanProjectDetailed } from '../scanner/scan.js';
import type { BindingContext } from './context.js';

/**
 * Reads `ScanOptions` as the native addon's conversion does: `undefined` or `null` means none, any
 * other non-object fails; each known field may be `undefined` or `null` (unset) or of its type;
 * `maxFileSize` is any number (see `napiFileSizeLimit`); unknown fields, `changedFiles` among them
 * (the reference's `ScanOptions` has no such field), are ignored.
 */
function scanOptions(operation: string, value: unknown): ScanCallOptions {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object') throw argumentError(operation, 'options', 'an object (ScanOptions)', value);
  const o = value as Record<string, unknown>;
  const max = optionalArgument(operation, 'options.maxFileSize', 'number', o.maxFileSize);
  const forceFull = optionalArgument(operation, 'options.forceFull', 'bool', o.forceFull);
  const include = optionalArgument(operation, 'options.include', 'text[]', o.include);
  const extraIgnore = optionalArgument(operation, 'options.extraIgnore', 'text[]', o.extraIgnore);
  return {
    forceFull,
    maxFileSize: max === undefined ? undefined : napiFileSizeLimit(max),
    include: include === undefined ? undefined : [...include],
    extraIgnore: extraIgnore === undefined ? undefined : [...extraIgnore],
    followSymlinks: optionalArgument(operation, 'options.followSymlinks', 'bool', o.followSymlinks),
  };
}

/**
 * The scanner functions. Scans may run side by side (the reference runs each on its own thread);
 * each running scan puts into `beforeClose` a function that stops it and records it at once (file rows
 * so far, a `partial` history row), which `closeDriftNapi` calls before it closes the storage;
 * `driftCancelScan` stops every running scan between two files (the reference's flag is never read,
 * so its cancel does nothing) and, like the reference, returns normally in any state, even before
 * `driftInitialize`.
 */
export function scannerBindings(
  ctx: BindingContext,
  beforeClose: Set<() => void>,
): Pick<DriftNapi, 'driftScan' | 'driftScanWithProgress' | 'driftCancelScan'> {
  const running = new Set<AbortController>();

  async function scan(
    operation: string,
    root: unknown,
    rawOptions: unknown,
    onProgress: ((update: ScanProgressUpdate) => void) | undefined,
  ): Promise<ScanSummary> {
    if (typeof root !== 'string') throw argumentError(operation, 'root', 'a string', root);
    const options = scanOptions(operation, rawOptions);
    const runtime = ctx.runtime(operation);
    const storage = ctx.storage(operation);
    const config = buildScanConfig(scanConfigOf(runtime.config), options);
    const controller = new AbortController();
    running.add(controller);
    // Before the runtime closes its storage (closeDriftNapi), this scan stops and records itself.
    let stopNow: (() => unknown) | null = null;
    const stopBeforeClose = (): void => {
      controller.abort();
      try {
        stopNow?.();
      } catch {
        // The scan's promise rejects with this failure; the runtime closes all the same.
      }
    };
    beforeClose.add(stopBeforeClose);
    try {
      const result = await scanProjectDetailed(
        root,
        {
          forceFull: config.forceFull,
          maxFileSize: config.maxFileSize,
          include: config.include,
          extraIgnore: config.extraIgnore,
          followSymlinks: config.followSymlinks,
        },
        storage,
        {
          signal: controller.signal,
          onProgress,
          onStoppable: (stop) => {
            stopNow = stop;
          },
        },
      );
      return result.summary;
    } finally {
      running.delete(controller);
      beforeClose.delete(stopBeforeClose);
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
          throw argumentError('driftScanWithProgress', 'onProgress', 'a function', onProgress);
        }
        // As the native addon's thread-safe function (error-first, napi-rs' default): the callback
        // gets `null` and then the update, later on the event loop, never on the scan's stack; an
        // exception it throws is uncaught, as there. Updates pass the reference's filter (every 100th
        // file or the last).
        const deliver = onProgress as unknown as (error: null, update: ProgressUpdate) => void;
        return scan('driftScanWithProgress', root, options, (event) => {
          if (event.processed % PROGRESS_INTERVAL !== 0 && event.processed !== event.total) return;
          const update = { processed: event.processed, total: event.total, phase: event.phase };
          queueMicrotask(() => deliver(null, update as unknown as ProgressUpdate));
        });
      });
    },

    driftCancelScan(): void {
      // Needs no runtime: the reference only sets its cancellation flag (scanner.rs drift_cancel_scan).
      for (const controller of running) controller.abort();
    },
  };
}
