import { describeValue, isStorageError, type StorageError } from '@drift/storage-traits';
import { describe, expect, it } from 'vitest';
import {
  groundMemories,
  groundMemory,
  type MemoryForGrounding,
  resolveGroundingConfig,
} from '../src/index.js';
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
  [Number.NaN, 'the number NaN'],
  [7, 'the number 7'],
  [true, 'the boolean true'],
  [7n, 'the bigint 7n'],
  [Symbol('s'), 'a symbol'],
  [() => 1, 'a function'],
  [[1], 'an array of 1 element'],
  [{}, 'an object'],
  ['x', 'the string "x"'],
];

const HUGE = 'k'.repeat(5_000_000);

describe('reader-bridge messages', () => {
  it("values are named by the seam's describeValue, with their article", () => {
    for (const [value, expected] of KINDS) expect(describeValue(value), expected).toBe(expected);
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
      expect(error.message).toBe(`groundMemory: memory.id must be a non-empty string, got ${expected}`);
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
    // A key is quoted cut with its length; a value is named by describeValue (its length, then its
    // first characters).
    const described = `a string of 5000000 characters ("${'k'.repeat(120)}…")`;
    for (const [i, error] of errors.entries()) {
      expect(error.message.length, error.message.slice(0, 80)).toBeLessThan(600);
      expect(error.message).toContain(
        i === 0 || i === 3 ? described : `${'k'.repeat(120)}… (5000000 characters)`,
      );
      expect(error.message).not.toContain('k'.repeat(121));
      expect(String(error.field ?? '').length).toBeLessThan(200);
    }
    expect(errors[0]?.message).toBe(
      `groundMemory: memory.memoryType must be a Cortex memory type (e.g. PatternRationale; see MEMORY_TYPES), got ${described}`,
    );
    expect(errors[1]?.message).toBe(
      `groundMemory: memory.${'k'.repeat(120)}… (5000000 characters) is not a field of a memory to ground`,
    );
    expect(errors[3]?.message).toMatch(
      new RegExp(
        `^groundMemories: trigger must be one of [A-Za-z, ]+, got ${described.replace(/[()]/g, '\\$&')}$`,
      ),
    );
    expect(errors[4]?.message).toBe(
      `resolveGroundingConfig: unknown grounding setting '${'k'.repeat(120)}… (5000000 characters)'`,
    );
  });

  it('a bad setting names the function it was given to, in the one form', async () => {
    const reader = scenarioStub();
    const cases: [Promise<unknown>, string, string][] = [
      [
        groundMemory(reader, FULL_MEMORY, { boostDelta: 2 }),
        'groundMemory',
        'boostDelta must be a number in [0, 1], got the number 2',
      ],
      [
        groundMemories(reader, [FULL_MEMORY], { weights: [] as never }),
        'groundMemories',
        'weights must be an object, got an empty array',
      ],
      [
        Promise.resolve().then(() => resolveGroundingConfig({ concurrency: 1.5 })),
        'resolveGroundingConfig',
        'concurrency must be a positive integer, got the number 1.5',
      ],
    ];
    for (const [promise, operation, rest] of cases) {
      const error = await rejection(promise);
      expect(error.message).toBe(`${operation}: ${rest}`);
      expect(error.operation).toBe(operation);
    }
  });

  it('a trigger that is not a string is described by its type', async () => {
    const error = await rejection(groundMemories(scenarioStub(), [], { trigger: {} as never }));
    expect(error.message).toMatch(/, got an object$/);
  });
});
