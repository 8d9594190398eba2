import { describe, expect, it } from 'vitest';
import {
  DRIFT_ADVANCED_METHODS,
  DRIFT_ANALYSIS_METHODS,
  DRIFT_BATCH_WRITER_METHODS,
  DRIFT_ENFORCEMENT_METHODS,
  DRIFT_FILES_METHODS,
  DRIFT_READER_METHODS,
  DRIFT_SERVING_METHODS,
  DRIFT_STORAGE_BACKEND_METHODS,
  DRIFT_STORAGE_METHODS,
  DRIFT_STRUCTURAL_METHODS,
  WORKSPACE_STORAGE_METHODS,
} from '../src/index.js';

// How many methods each list holds is not pinned here: `keyList` makes each list exactly its
// interface's keys at compile time (method-lists.test-d.ts), so a missing or extra name fails
// `typecheck`. What the type system cannot see is a name listed twice; these tests check that.
const LISTS = {
  IDriftFiles: DRIFT_FILES_METHODS,
  IDriftAnalysis: DRIFT_ANALYSIS_METHODS,
  IDriftStructural: DRIFT_STRUCTURAL_METHODS,
  IDriftEnforcement: DRIFT_ENFORCEMENT_METHODS,
  IDriftAdvanced: DRIFT_ADVANCED_METHODS,
  IDriftBatchWriter: DRIFT_BATCH_WRITER_METHODS,
  IDriftReader: DRIFT_READER_METHODS,
  IWorkspaceStorage: WORKSPACE_STORAGE_METHODS,
} as const;

describe('method-name lists', () => {
  it.each(Object.entries(LISTS))('%s names no method twice', (_, list) => {
    expect(new Set(list).size).toBe(list.length);
  });

  it('DriftStorage is the seven drift interfaces with no name shared between them', () => {
    const interfaces = Object.entries(LISTS).filter(([name]) => name !== 'IWorkspaceStorage');
    expect(DRIFT_STORAGE_METHODS).toEqual(interfaces.flatMap(([, list]) => list));
    expect(new Set(DRIFT_STORAGE_METHODS).size).toBe(DRIFT_STORAGE_METHODS.length);
    expect(DRIFT_STORAGE_METHODS).not.toContain('initialize');
  });

  it('DriftStorageBackend adds the IDriftServing methods and the four controls', () => {
    expect(DRIFT_STORAGE_BACKEND_METHODS).toEqual([
      ...DRIFT_STORAGE_METHODS,
      ...DRIFT_SERVING_METHODS,
      'sendBatch',
      'checkpoint',
      'path',
      'close',
    ]);
    expect(new Set(DRIFT_STORAGE_BACKEND_METHODS).size).toBe(DRIFT_STORAGE_BACKEND_METHODS.length);
    expect(DRIFT_STORAGE_BACKEND_METHODS.slice(-4)).toEqual(['sendBatch', 'checkpoint', 'path', 'close']);
  });

  it('are frozen so adapters cannot change them', () => {
    expect(Object.isFrozen(DRIFT_FILES_METHODS)).toBe(true);
    expect(() => (DRIFT_FILES_METHODS as unknown as string[]).push('x')).toThrow(TypeError);
  });

  it('use the camelCase of the reference names', () => {
    expect(DRIFT_FILES_METHODS[0]).toBe('loadAllFileMetadata');
    expect(DRIFT_ANALYSIS_METHODS).toContain('getFrameworkDetectionSummary');
    expect(DRIFT_STRUCTURAL_METHODS).toContain('queryContractMismatchesByType');
    expect(DRIFT_READER_METHODS.at(-1)).toBe('latestScanTimestamp');
  });
});
