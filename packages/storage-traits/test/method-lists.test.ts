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

const LISTS = {
  IDriftFiles: [DRIFT_FILES_METHODS, 9],
  IDriftAnalysis: [DRIFT_ANALYSIS_METHODS, 39],
  IDriftStructural: [DRIFT_STRUCTURAL_METHODS, 71],
  IDriftEnforcement: [DRIFT_ENFORCEMENT_METHODS, 21],
  IDriftAdvanced: [DRIFT_ADVANCED_METHODS, 9],
  IDriftBatchWriter: [DRIFT_BATCH_WRITER_METHODS, 5],
  IDriftReader: [DRIFT_READER_METHODS, 14],
  IWorkspaceStorage: [WORKSPACE_STORAGE_METHODS, 10],
} as const;

describe('method-name lists', () => {
  it.each(Object.entries(LISTS))(
    '%s has the reference method count and no duplicates',
    (_, [list, count]) => {
      expect(list).toHaveLength(count);
      expect(new Set(list).size).toBe(count);
    },
  );

  it('cover 178 methods across the eight interfaces', () => {
    const total = Object.values(LISTS).reduce((sum, [list]) => sum + list.length, 0);
    expect(total).toBe(178);
  });

  it('DriftStorage is the seven drift interfaces with no name shared between them', () => {
    expect(DRIFT_STORAGE_METHODS).toHaveLength(168);
    expect(new Set(DRIFT_STORAGE_METHODS).size).toBe(168);
    expect(DRIFT_STORAGE_METHODS).not.toContain('initialize');
  });

  it('DriftStorageBackend adds the 19 IDriftServing methods and the four controls', () => {
    expect(DRIFT_SERVING_METHODS).toHaveLength(19);
    expect(DRIFT_STORAGE_BACKEND_METHODS).toHaveLength(168 + 19 + 4);
    expect(new Set(DRIFT_STORAGE_BACKEND_METHODS).size).toBe(191);
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
