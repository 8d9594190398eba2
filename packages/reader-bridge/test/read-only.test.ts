import type { DriftStorageEngine } from '@drift/storage-sqlite';
import {
  DRIFT_READER_METHODS,
  type IDriftReader,
  isStorageError,
  StorageError,
  toAsync,
} from '@drift/storage-traits';
import { DriftReaderStub } from '@drift/storage-traits/testing';
import { describe, expect, it } from 'vitest';
import { asyncReadOnlyReader, isReadOnlyReader, readOnlyReader } from '../src/index.js';
import { EXPECTED, JWT, openEngine, scenarioStub, writeScenario } from './helpers/scenario.js';

/** Every object and function reachable from `root` through own properties (values and accessors). */
function reachable(root: object): Set<unknown> {
  const seen = new Set<unknown>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null || seen.has(value))
      continue;
    seen.add(value);
    stack.push(Object.getPrototypeOf(value));
    for (const key of Reflect.ownKeys(value)) {
      const d = Object.getOwnPropertyDescriptor(value, key)!;
      stack.push(d.value, d.get, d.set);
    }
  }
  return seen;
}

function populatedEngine(): DriftStorageEngine {
  const engine = openEngine('file');
  writeScenario(engine);
  return engine;
}

const SOURCES: readonly (readonly [string, () => IDriftReader])[] = [
  ['the SQLite engine', populatedEngine],
  ['the storage-traits stub', scenarioStub],
];

describe.each(SOURCES)('readOnlyReader over %s', (_name, open) => {
  it('exposes exactly the 14 reader methods, as frozen own functions, and nothing else', () => {
    const view = readOnlyReader(open());
    expect(Reflect.ownKeys(view).sort()).toEqual([...DRIFT_READER_METHODS].sort());
    expect(Object.keys(view)).toHaveLength(14);
    expect(Object.getPrototypeOf(view)).toBeNull();
    expect(Object.isFrozen(view)).toBe(true);
    for (const method of DRIFT_READER_METHODS) {
      const fn = (view as unknown as Record<string, unknown>)[method];
      expect(typeof fn).toBe('function');
      expect(Object.isFrozen(fn)).toBe(true);
      expect(Reflect.ownKeys(fn as object).sort()).toEqual(['length', 'name']);
      expect((fn as { name: string }).name).toBe(method);
    }
    for (const name of [
      'insertDetections',
      'close',
      'sendBatch',
      'upsertConfidence',
      'constructor',
      'toString',
    ]) {
      expect(name in view, name).toBe(false);
    }
    expect(isReadOnlyReader(view)).toBe(true);
    expect(readOnlyReader(view)).toBe(view);
  });

  it('cannot write and gives no way back to the source', () => {
    const source = open();
    const view = readOnlyReader(source);
    const loose = view as unknown as Record<string, unknown>;
    expect(() => {
      loose.insertDetections = () => 0;
    }).toThrow(TypeError);
    expect(() => {
      loose.patternConfidence = () => 1;
    }).toThrow(TypeError);
    expect(() => Object.defineProperty(view, 'close', { value: () => {} })).toThrow(TypeError);
    expect(() => Object.setPrototypeOf(view, source)).toThrow(TypeError);
    expect(() => {
      (view.patternConfidence as unknown as Record<string, unknown>).source = source;
    }).toThrow(TypeError);
    expect(Reflect.deleteProperty(view, 'patternConfidence')).toBe(false);
    expect(Object.keys(view)).toHaveLength(14);
    // Nothing reachable from the view (own properties, prototypes, functions) is the source or
    // anything with a write method.
    for (const value of reachable(view)) {
      expect(value).not.toBe(source);
      if (typeof value === 'object' && value !== null) {
        expect('insertDetections' in value || 'upsertConfidence' in value).toBe(false);
      }
    }
  });

  it('answers what the source answers for the stored data', () => {
    const view = readOnlyReader(open());
    expect(view.patternConfidence(JWT)).toBe(EXPECTED.jwtConfidence);
    expect(view.falsePositiveRate(JWT)).toBe(EXPECTED.jwtFalsePositive);
    expect(view.dnaHealth()).toBeCloseTo(EXPECTED.dnaHealth, 12);
    expect(view.countMatchingPatterns([JWT, 'nope', JWT])).toBe(1);
    expect(view.latestScanTimestamp()).toBe(EXPECTED.latestScan);
    expect(view.patternConfidence('nope')).toBeNull();
  });

  it('checks arguments before the source sees them', () => {
    const view = readOnlyReader(open());
    const loose = view as unknown as Record<string, (...args: unknown[]) => unknown>;
    for (const [method, args, field] of [
      ['patternConfidence', [42], 'patternId'],
      ['couplingMetric', [], 'module'],
      ['countMatchingPatterns', ['p'], 'patternIds'],
      ['countMatchingPatterns', [['p', 7]], 'patternIds[1]'],
    ] as const) {
      let caught: unknown;
      try {
        loose[method]!(...args);
      } catch (error) {
        caught = error;
      }
      expect(isStorageError(caught, 'INVALID_INPUT'), method).toBe(true);
      expect((caught as StorageError).field).toBe(field);
      expect((caught as StorageError).operation).toBe(method);
    }
  });
});

describe('readOnlyReader failures and kinds of source', () => {
  it('passes StorageErrors through and wraps any other failure in one', () => {
    const stub = new DriftReaderStub()
      .failOn('patternConfidence', new StorageError('BUSY', 'database is locked'))
      .failOn('dnaHealth', new RangeError('boom'));
    const view = readOnlyReader(stub);
    expect(() => view.patternConfidence('p')).toThrow(expect.objectContaining({ code: 'BUSY' }));
    let caught: unknown;
    try {
      view.dnaHealth();
    } catch (error) {
      caught = error;
    }
    expect(isStorageError(caught, 'SQLITE_ERROR')).toBe(true);
    expect((caught as StorageError).message).toBe('reader method dnaHealth failed: boom');
    expect((caught as StorageError).cause).toBeInstanceOf(RangeError);
  });

  it('a closed engine fails every read with CLOSED through the view', () => {
    const engine = openEngine('memory');
    const view = readOnlyReader(engine);
    engine.close();
    expect(() => view.patternConfidence('p')).toThrow(expect.objectContaining({ code: 'CLOSED' }));
  });

  it('keeps an asynchronous source asynchronous, rejections as StorageErrors', async () => {
    const stub = scenarioStub().failOn('taintFlowRisk', new Error('network down'));
    const view = readOnlyReader(toAsync(stub, DRIFT_READER_METHODS));
    const answer = view.patternConfidence(JWT);
    expect(answer).toBeInstanceOf(Promise);
    await expect(answer).resolves.toBe(EXPECTED.jwtConfidence);
    await expect(view.taintFlowRisk('a.ts')).rejects.toMatchObject({
      code: 'SQLITE_ERROR',
      message: 'reader method taintFlowRisk failed: network down',
    });
  });

  it('asyncReadOnlyReader makes a synchronous source answer promises, throws included', async () => {
    const view = asyncReadOnlyReader(scenarioStub().failOn('dnaHealth', new StorageError('BUSY', 'locked')));
    expect(Reflect.ownKeys(view)).toHaveLength(14);
    expect(isReadOnlyReader(view)).toBe(true);
    expect(asyncReadOnlyReader(view)).toBe(view);
    await expect(view.countMatchingPatterns([JWT])).resolves.toBe(1);
    const failed = view.dnaHealth();
    expect(failed).toBeInstanceOf(Promise);
    await expect(failed).rejects.toMatchObject({ code: 'BUSY' });
  });

  it('refuses a source that is not a complete reader', () => {
    for (const bad of [
      null,
      42,
      {},
      { ...Object.fromEntries(DRIFT_READER_METHODS.map((m) => [m, () => null])), dnaHealth: 1 },
    ]) {
      let caught: unknown;
      try {
        readOnlyReader(bad as unknown as IDriftReader);
      } catch (error) {
        caught = error;
      }
      expect(isStorageError(caught, 'INVALID_INPUT')).toBe(true);
    }
    const partial = Object.fromEntries(
      DRIFT_READER_METHODS.filter((m) => m !== 'latestScanTimestamp').map((m) => [m, () => null]),
    );
    expect(() => readOnlyReader(partial as unknown as IDriftReader)).toThrow(
      /no method 'latestScanTimestamp'/,
    );
  });

  it('the view of the engine cannot change drift.db: the engine still reads its own rows only', () => {
    const engine = populatedEngine();
    const before = engine.countDetections();
    const view = readOnlyReader(engine) as unknown as Record<string, unknown>;
    for (const name of ['insertDetections', 'deleteDetectionsByFile', 'sendBatch', 'upsertConfidence']) {
      expect(view[name]).toBeUndefined();
      expect(Reflect.get(view, name)).toBeUndefined();
    }
    expect(engine.countDetections()).toBe(before);
  });
});
