import type { IDriftStructural } from '@drift/storage-traits';
import { defineReads, defineWrites } from '../statements.js';

/** {@link IDriftStructural} reads. */
export const structuralReads = defineReads<IDriftStructural>()({});

/** {@link IDriftStructural} writes. */
export const structuralWrites = defineWrites<IDriftStructural>()({});
