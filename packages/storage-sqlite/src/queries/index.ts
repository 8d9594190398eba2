import { advancedReads, advancedWrites } from './advanced.js';
import { analysisReads, analysisWrites } from './analysis.js';
import { enforcementReads, enforcementWrites } from './enforcement.js';
import { filesReads, filesWrites } from './files.js';
import { readerReads } from './reader.js';
import { servingReads, servingWrites } from './serving.js';
import { structuralReads, structuralWrites } from './structural.js';

/** Every read method of the drift interfaces and IDriftServing: the engine runs them on a read-only connection. */
export const DRIFT_READS = {
  ...filesReads,
  ...analysisReads,
  ...structuralReads,
  ...enforcementReads,
  ...advancedReads,
  ...readerReads,
  ...servingReads,
};

/** Every write method of the drift interfaces and IDriftServing: the engine runs them on the writer connection. */
export const DRIFT_WRITES = {
  ...filesWrites,
  ...analysisWrites,
  ...structuralWrites,
  ...enforcementWrites,
  ...advancedWrites,
  ...servingWrites,
};
