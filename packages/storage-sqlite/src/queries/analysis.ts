import type { IDriftAnalysis } from '@drift/storage-traits';
import * as shared from '@drift/storage-traits/queries';
import { defineReads, defineWrites, sqliteMethods } from '../statements.js';
import { patternsReads, patternsWrites } from './patterns.js';
import { scanHistoryReads, scanHistoryWrites } from './scan-history.js';

/**
 * Every {@link IDriftAnalysis} method that reads, merged from the domain modules; the engine runs each on a
 * read-only connection.
 */
export const analysisReads = defineReads<IDriftAnalysis>()({
  ...sqliteMethods(shared.functionsReads),
  ...sqliteMethods(shared.detectionsReads),
  ...patternsReads,
  ...sqliteMethods(shared.boundariesReads),
  ...sqliteMethods(shared.callEdgesReads),
  ...scanHistoryReads,
});

/**
 * Every {@link IDriftAnalysis} method that writes, merged from the domain modules; the engine runs each on
 * its one writer connection.
 */
export const analysisWrites = defineWrites<IDriftAnalysis>()({
  ...sqliteMethods(shared.functionsWrites),
  ...sqliteMethods(shared.detectionsWrites),
  ...patternsWrites,
  ...sqliteMethods(shared.boundariesWrites),
  ...sqliteMethods(shared.callEdgesWrites),
  ...scanHistoryWrites,
});
