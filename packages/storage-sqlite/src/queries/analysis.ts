import type { IDriftAnalysis } from '@drift/storage-traits';
import { defineReads, defineWrites } from '../statements.js';

/** {@link IDriftAnalysis} reads. */
export const analysisReads = defineReads<IDriftAnalysis>()({});

/** {@link IDriftAnalysis} writes. */
export const analysisWrites = defineWrites<IDriftAnalysis>()({});
