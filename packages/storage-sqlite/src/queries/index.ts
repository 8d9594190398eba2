import { advancedReads, advancedWrites } from './advanced.js';
import { analysisReads, analysisWrites } from './analysis.js';
import { enforcementReads, enforcementWrites } from './enforcement.js';
import { filesReads, filesWrites } from './files.js';
import { readerReads } from './reader.js';
import { structuralReads, structuralWrites } from './structural.js';

/** Every read method of the drift interfaces: the engine runs them on a read-only connection. */
export const DRIFT_READS = {
  ...filesReads,
  ...analysisReads,
  ...structuralReads,
  ...enforcementReads,
  ...advancedReads,
  ...readerReads,
};

/** Every write method of the drift interfaces: the engine runs them on the writer connection. */
export const DRIFT_WRITES = {
  ...filesWrites,
  ...analysisWrites,
  ...structuralWrites,
  ...enforcementWrites,
  ...advancedWrites,
};
