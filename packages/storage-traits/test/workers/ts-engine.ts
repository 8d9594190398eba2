// A TypeScript engine module for a test of `@drift/storage-traits/sync`: it throws this package's
// own StorageError (imported from the source), loaded in the worker after register-tsx.mjs.
import { StorageError } from '../../src/errors.js';

/** Opens an engine of two methods. */
export async function openTsEngine(options: { answer: number }) {
  return {
    async answer(): Promise<number> {
      return options.answer;
    },
    async refuse(): Promise<never> {
      throw new StorageError('READ_ONLY', 'refuse: this engine only reads', {
        operation: 'refuse',
        cause: new RangeError('the inner reason'),
      });
    },
  };
}
