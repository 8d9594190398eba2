import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { invalidInput, isStorageError, notSupported, StorageError, StorageErrorCode } from '../src/index.js';

/** Loads a second, independent copy of errors.ts, as a monorepo with two installed copies would. */
async function loadSecondCopy(dir: string): Promise<typeof import('../src/errors.js')> {
  const source = readFileSync(new URL('../src/errors.ts', import.meta.url), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  const file = join(dir, 'errors-copy.mjs');
  writeFileSync(file, outputText);
  return import(/* @vite-ignore */ pathToFileURL(file).href);
}

describe('StorageError', () => {
  const dir = mkdtempSync(join(tmpdir(), 'drift-errors-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('carries a stable code, details and the cause', () => {
    const cause = new Error('SQLITE_BUSY: database is locked');
    const error = new StorageError(StorageErrorCode.BUSY, 'drift.db is busy', {
      cause,
      operation: 'insertViolation',
      path: '/tmp/drift.db',
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('StorageError');
    expect(error.code).toBe('BUSY');
    expect(error.cause).toBe(cause);
    expect(error.operation).toBe('insertViolation');
    expect(error.path).toBe('/tmp/drift.db');
    expect(error.command).toBeUndefined();
  });

  it('has the codes the seam promises', () => {
    for (const code of [
      'SQLITE_ERROR',
      'NOT_SUPPORTED',
      'NOT_FOUND',
      'INVALID_INPUT',
      'CORRUPT',
      'BUSY',
      'CLOSED',
      'SCHEMA_TOO_NEW',
    ]) {
      expect(StorageErrorCode).toHaveProperty(code, code);
    }
  });

  it('helpers build INVALID_INPUT and NOT_SUPPORTED errors', () => {
    const bad = invalidInput('limit must be positive', { field: 'limit' });
    expect([bad.code, bad.field]).toEqual(['INVALID_INPUT', 'limit']);
    const ns = notSupported('backup', 'the cloud backend has no files');
    expect(ns.code).toBe('NOT_SUPPORTED');
    expect(ns.message).toBe("operation 'backup' is not supported: the cloud backend has no files");
  });

  it('isStorageError narrows by code and rejects look-alikes', () => {
    const error = new StorageError('CLOSED', 'engine closed');
    expect(isStorageError(error)).toBe(true);
    expect(isStorageError(error, 'CLOSED')).toBe(true);
    expect(isStorageError(error, 'BUSY')).toBe(false);
    expect(isStorageError(new Error('x'))).toBe(false);
    expect(isStorageError({ name: 'StorageError', code: 'BUSY' })).toBe(false);
    expect(isStorageError(null)).toBe(false);
    expect(isStorageError('BUSY')).toBe(false);
  });

  it('isStorageError recognises an error from a second copy of the package, where instanceof fails', async () => {
    const copy = await loadSecondCopy(dir);
    const foreign = new copy.StorageError('NOT_FOUND', 'no such violation');
    expect(foreign).not.toBeInstanceOf(StorageError);
    expect(isStorageError(foreign)).toBe(true);
    expect(isStorageError(foreign, 'NOT_FOUND')).toBe(true);
    expect(copy.isStorageError(new StorageError('BUSY', 'busy'), 'BUSY')).toBe(true);
  });
});
