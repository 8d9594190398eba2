import type { IDriftStructural } from '@drift/storage-traits';
import * as shared from '@drift/storage-traits/queries';
import { defineReads, defineWrites, sqliteMethods } from '../statements.js';

// The modules already on the shared layer (conv-b), adapted as the engine adapts them.
const graphReads = sqliteMethods(shared.graphReads);
const graphWrites = sqliteMethods(shared.graphWrites);

/**
 * Every {@link IDriftStructural} method that reads, merged from the domain modules; the engine runs each on a
 * read-only connection.
 */
export const structuralReads = defineReads<IDriftStructural>()({
  ...sqliteMethods(shared.couplingReads),
  ...sqliteMethods(shared.constraintReads),
  ...sqliteMethods(shared.contractReads),
  ...sqliteMethods(shared.securityReads),
  ...sqliteMethods(shared.wrapperReads),
  ...sqliteMethods(shared.dnaReads),
  ...sqliteMethods(shared.constantReads),
  ...sqliteMethods(shared.envVariableReads),
  ...sqliteMethods(shared.dataAccessReads),
  ...graphReads,
});

/**
 * Every {@link IDriftStructural} method that writes, merged from the domain modules; the engine runs each on
 * its one writer connection.
 */
export const structuralWrites = defineWrites<IDriftStructural>()({
  ...sqliteMethods(shared.couplingWrites),
  ...sqliteMethods(shared.constraintWrites),
  ...sqliteMethods(shared.contractWrites),
  ...sqliteMethods(shared.securityWrites),
  ...sqliteMethods(shared.wrapperWrites),
  ...sqliteMethods(shared.dnaWrites),
  ...sqliteMethods(shared.constantWrites),
  ...sqliteMethods(shared.envVariableWrites),
  ...sqliteMethods(shared.dataAccessWrites),
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
