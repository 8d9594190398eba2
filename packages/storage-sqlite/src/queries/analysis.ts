import type { IDriftAnalysis } from '@drift/storage-traits';
import * as shared from '@drift/storage-traits/queries';
import { defineReads, defineWrites, sqliteMethods } from '../statements.js';
import { boundariesReads, boundariesWrites } from './boundaries.js';
import { callEdgesReads, callEdgesWrites } from './call-edges.js';
import { detectionsReads, detectionsWrites } from './detections.js';
import { functionsReads, functionsWrites } from './functions.js';

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
  ...functionsReads,
  ...detectionsReads,
  ...patternsReads,
  ...boundariesReads,
  ...callEdgesReads,
  ...scanHistoryReads,
});

/**
 * Every {@link IDriftAnalysis} method that writes, merged from the domain modules; the engine runs each on
 * its one writer connection.
 */
export const analysisWrites = defineWrites<IDriftAnalysis>()({
  ...functionsWrites,
  ...detectionsWrites,
  ...patternsWrites,
  ...boundariesWrites,
  ...callEdgesWrites,
  ...scanHistoryWrites,
});
