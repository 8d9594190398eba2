import type { IDriftStructural } from '@drift/storage-traits';
import * as shared from '@drift/storage-traits/queries';
import { defineReads, defineWrites, sqliteMethods } from '../statements.js';
import { constantReads, constantWrites } from './constants.js';
import { constraintReads, constraintWrites } from './constraints.js';
import { contractReads, contractWrites } from './contracts.js';
import { couplingReads, couplingWrites } from './coupling.js';
import { dataAccessReads, dataAccessWrites } from './data-access.js';
import { dnaReads, dnaWrites } from './dna.js';
import { envVariableReads, envVariableWrites } from './env-variables.js';
import { securityReads, securityWrites } from './security.js';
import { wrapperReads, wrapperWrites } from './wrappers.js';

// The modules already on the shared layer (conv-b), adapted as the engine adapts them.
const graphReads = sqliteMethods(shared.graphReads);
const graphWrites = sqliteMethods(shared.graphWrites);

/**
 * Every {@link IDriftStructural} method that reads, merged from the domain modules; the engine runs each on a
 * read-only connection.
 */
export const structuralReads = defineReads<IDriftStructural>()({
  ...couplingReads,
  ...constraintReads,
  ...contractReads,
  ...securityReads,
  ...wrapperReads,
  ...dnaReads,
  ...constantReads,
  ...envVariableReads,
  ...dataAccessReads,
  ...graphReads,
});

/**
 * Every {@link IDriftStructural} method that writes, merged from the domain modules; the engine runs each on
 * its one writer connection.
 */
export const structuralWrites = defineWrites<IDriftStructural>()({
  ...couplingWrites,
  ...constraintWrites,
  ...contractWrites,
  ...securityWrites,
  ...wrapperWrites,
  ...dnaWrites,
  ...constantWrites,
  ...envVariableWrites,
  ...dataAccessWrites,
  ...graphWrites,
});

/**
 * Compile-time proof that reads and writes together cover every {@link IDriftStructural} method and
 * share none: this type is `true` only then.
 */
export type StructuralCoverage = [
  Exclude<keyof IDriftStructural, keyof typeof structuralReads | keyof typeof structuralWrites>,
  Extract<keyof typeof structuralReads, keyof typeof structuralWrites>,
] extends [never, never]
  ? true
  : false;
