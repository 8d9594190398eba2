import type { IDriftEnforcement } from '@drift/storage-traits';
import { defineReads, defineWrites } from '../statements.js';

/** {@link IDriftEnforcement} reads. */
export const enforcementReads = defineReads<IDriftEnforcement>()({});

/** {@link IDriftEnforcement} writes. */
export const enforcementWrites = defineWrites<IDriftEnforcement>()({});
