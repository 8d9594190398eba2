import type { IDriftServing } from '@drift/storage-traits';
import * as shared from '@drift/storage-traits/queries';
import { defineWrites, rawStatement, sqliteMethods } from '../statements.js';
import { applyRetention } from './retention.js';

// The IDriftServing methods as this engine runs them: the shared ones (`@drift/storage-traits/queries`
// servingReads and servingWrites) adapted, and retention on demand, which is this engine's own: it
// runs the retention driver and then SQLite's incremental vacuum.

/** Seconds since the epoch, now (the clock retention is measured against). */
const nowSeconds = (): number => Math.floor(Date.now() / 1000);

// Returns the free pages to the file system. A no-op unless the database is in incremental
// auto-vacuum mode, which the engine sets when it opens a database read-write.
const INCREMENTAL_VACUUM = rawStatement('PRAGMA incremental_vacuum');

/** The {@link IDriftServing} methods that only read, as this engine's queries. */
export const servingReads = sqliteMethods(shared.servingReads);

/** The {@link IDriftServing} methods that write, as this engine's queries (retention on demand its own). */
export const servingWrites = {
  ...sqliteMethods(shared.servingWrites),
  ...defineWrites<IDriftServing>()({
    runRetention: (w, policy) => {
      shared.checkRetentionPolicy(policy);
      const started = performance.now();
      // One transaction (applyRetention's): on failure nothing is deleted.
      const report = applyRetention(w, policy, nowSeconds());
      // After the deletions are committed, outside their transaction, on the writer.
      w.exec(INCREMENTAL_VACUUM);
      return {
        totalDeleted: report.totalDeleted,
        perTable: Object.entries(report.perTable).map(([table, deleted]) => ({ table, deleted })),
        durationMs: Math.round(performance.now() - started),
      };
    },
  }),
};
