import type { IDriftAnalysis } from '@drift/storage-traits';
import * as shared from '@drift/storage-traits/queries';
import { defineReads, defineWrites, sqliteMethods } from '../statements.js';

// The modules already on the shared layer (conv-b), adapted as the engine adapts them.
const patternsReads = sqliteMethods(shared.patternsReads);
const patternsWrites = sqliteMethods(shared.patternsWrites);
const scanHistoryReads = sqliteMethods(shared.scanHistoryReads);
const scanHistoryWrites = sqliteMethods(shared.scanHistoryWrites);

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
