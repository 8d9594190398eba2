import { describe, expect, it } from 'vitest';
import { type Async, DRIFT_READER_METHODS, type IDriftReader, StorageError, toAsync } from '../src/index.js';
import { DriftReaderStub } from '../src/testing/index.js';

class Counter {
  count = 0;
  readonly label = 'counter';
  increment(by: number): number {
    this.count += by;
    return this.count;
  }
  fail(): never {
    throw new StorageError('NOT_FOUND', 'nothing here');
  }
  get doubled(): number {
    return this.count * 2;
  }
}

class SubCounter extends Counter {
  reset(): void {
    this.count = 0;
  }
}

describe('toAsync', () => {
  it('resolves with what the method returns, with `this` bound to the implementation', async () => {
    const impl = new Counter();
    const async = toAsync(impl);
    await expect(async.increment(2)).resolves.toBe(2);
    await expect(async.increment(3)).resolves.toBe(5);
    expect(impl.count).toBe(5);
  });

  it('turns a thrown error into a rejected promise with the same error object', async () => {
    const async = toAsync(new Counter());
    let thrownSynchronously = false;
    let promise: Promise<unknown> | undefined;
    try {
      promise = async.fail();
    } catch {
      thrownSynchronously = true;
    }
    expect(thrownSynchronously).toBe(false);
    const error = await promise!.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).code).toBe('NOT_FOUND');
  });

  it('runs the call on the caller stack and adds no other members', async () => {
    const impl = new SubCounter();
    const async = toAsync(impl);
    const pending = async.increment(1);
    expect(impl.count).toBe(1); // already ran, before any await
    await pending;
    expect(Object.keys(async).sort()).toEqual(['fail', 'increment', 'reset']);
    expect(Object.isFrozen(async)).toBe(true);
    expect('label' in async).toBe(false);
    expect('doubled' in async).toBe(false);
  });

  it('exposes exactly the given method list, and refuses a name that is not a method', async () => {
    const stub = new DriftReaderStub().setPatternConfidence('p', 0.85);
    const reader: Async<IDriftReader> = toAsync<IDriftReader>(stub, DRIFT_READER_METHODS);
    expect(Object.keys(reader)).toEqual([...DRIFT_READER_METHODS]);
    await expect(reader.patternConfidence('p')).resolves.toBe(0.85);
    await expect(reader.countMatchingPatterns(['p', 'q', 'p'])).resolves.toBe(1);
    expect(() => toAsync(new Counter(), ['label' as never])).toThrow(/'label' is not a method/);
  });

  it('passes a promise-returning method through without nesting', async () => {
    const impl = { later: async () => 7 };
    await expect(toAsync(impl).later()).resolves.toBe(7);
  });
});
