import type { IDriftAdvanced } from '@drift/storage-traits';
import { defineReads, defineWrites } from '../statements.js';

/** {@link IDriftAdvanced} reads. */
export const advancedReads = defineReads<IDriftAdvanced>()({});

/** {@link IDriftAdvanced} writes. */
export const advancedWrites = defineWrites<IDriftAdvanced>()({});
