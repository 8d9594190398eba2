import { isStorageError, type StorageError } from '@drift/storage-traits';
import { describe, expect, it } from 'vitest';
import {
  groundMemories,
  groundMemory,
  type MemoryForGrounding,
  resolveGroundingConfig,
} from '../src/index.js';
import { typeName } from '../src/util.js';
import { FULL_MEMORY, scenarioStub } from './helpers/scenario.js';

// Issue 13: messages describe a value with the right article and never echo a huge input.

async function rejection(promise: Promise<unknown>): Promise<StorageError> {
  try {
    await promise;
  } catch (error) {
    expect(isStorageError(error, 'INVALID_INPUT')).toBe(true);
    return error as StorageError;
  }
  throw new Error('expected a rejection');
}

const KINDS: readonly [unknown, string][] = [
  [undefined, 'undefined'],
  [null, 'null'],
  [Number.NaN, 'NaN'],
  [7, 'a number'],
  [true, 'a boolean'],
  [7n, 'a bigint'],
  [Symbol('s'), 'a symbol'],
  [() => 1, 'a function'],
  [[1], 'an array'],
  [{}, 'an object'],
  ['x', 'a string'],
];

const HUGE = 'k'.repeat(5_000_000);

describe('reader-bridge messages', () => {
  it('typeName gives each kind of value with its article', () => {
    for (const [value, expected] of KINDS) expect(typeName(value), expected).toBe(expected);
  });

  it('a malformed memory id is described with the right article ("got undefined", "got an object")', async () => {
    const reader = scenarioStub();
    const cases: [unknown, string][] = [
      ...KINDS.filter(([v]) => typeof v !== 'string'),
      ['', 'an empty string'],
    ];
    for (const [value, expected] of cases) {
      const error = await rejection(
        groundMemory(reader, { ...FULL_MEMORY, id: value } as MemoryForGrounding),
      );
      expect(error.message).toBe(`memory.id must be a non-empty string, got ${expected}`);
    }
  });

  it('a 5 MB memoryType, memory key, link kind, setting or trigger is quoted cut, with its length', async () => {
    const reader = scenarioStub();
    const errors = [
      await rejection(groundMemory(reader, { ...FULL_MEMORY, memoryType: HUGE } as never)),
      await rejection(groundMemory(reader, { ...FULL_MEMORY, [HUGE]: 1 } as never)),
      await rejection(groundMemory(reader, { ...FULL_MEMORY, links: { [HUGE]: [] } } as never)),
      await rejection(groundMemories(reader, [], { trigger: HUGE as never })),
      await rejection(Promise.resolve().then(() => resolveGroundingConfig({ [HUGE]: 1 } as never))),
      await rejection(
        Promise.resolve().then(() => resolveGroundingConfig({ weights: { [HUGE]: 1 } } as never)),
      ),
      await rejection(
        Promise.resolve().then(() => resolveGroundingConfig({ thresholds: { [HUGE]: 1 } } as never)),
      ),
    ];
    for (const error of errors) {
      expect(error.message.length, error.message.slice(0, 80)).toBeLessThan(600);
      expect(error.message).toContain(`${'k'.repeat(120)}… (5000000 characters)`);
      expect(error.message).not.toContain('k'.repeat(121));
      expect(String(error.field ?? '').length).toBeLessThan(200);
    }
    expect(errors[0]?.message).toMatch(
      /^memory\.memoryType must be a Cortex memory type .*, got 'k{120}… \(5000000 characters\)'$/,
    );
    expect(errors[3]?.message).toMatch(/^trigger must be one of .*, got 'k{120}… \(5000000 characters\)'$/);
  });

  it('a trigger that is not a string is described by its type', async () => {
    const error = await rejection(groundMemories(scenarioStub(), [], { trigger: {} as never }));
    expect(error.message).toMatch(/, got an object$/);
  });
});
