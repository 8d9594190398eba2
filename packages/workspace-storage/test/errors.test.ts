// Workspace error kinds: distinct reference codes, each on one stable StorageError code.
import { isStorageError, StorageError } from '@drift/storage-traits';
import { describe, expect, it } from 'vitest';
import { toStorageError } from '../src/errors.js';
import { isWorkspaceError, storageCodeOf, WorkspaceError, WorkspaceErrorCode } from '../src/index.js';

describe('workspace errors', () => {
  it('every workspace code is distinct and maps onto a storage code', () => {
    const codes = Object.values(WorkspaceErrorCode);
    expect(new Set(codes).size).toBe(codes.length);
    expect(storageCodeOf('WORKSPACE_LOCKED')).toBe('BUSY');
    expect(storageCodeOf('CONFIRMATION_REQUIRED')).toBe('INVALID_INPUT');
    expect(storageCodeOf('IMPORT_CORRUPTED')).toBe('CORRUPT');
    expect(storageCodeOf('SCHEMA_TOO_NEW')).toBe('SCHEMA_TOO_NEW');
    expect(storageCodeOf('BACKUP_NOT_FOUND')).toBe('NOT_FOUND');
  });

  it('a WorkspaceError is a StorageError that isStorageError recognises', () => {
    const error = new WorkspaceError('PROJECT_NOT_FOUND', 'no such project', { operation: 'resolveProject' });
    expect(error).toBeInstanceOf(StorageError);
    expect(isStorageError(error, 'NOT_FOUND')).toBe(true);
    expect(isWorkspaceError(error, 'PROJECT_NOT_FOUND')).toBe(true);
    expect(isWorkspaceError(new StorageError('NOT_FOUND', 'x'))).toBe(false);
    expect(error).toMatchObject({ name: 'WorkspaceError', code: 'NOT_FOUND', operation: 'resolveProject' });
  });

  it('maps driver and file-system failures onto stable codes, keeping the cause', () => {
    const busy = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    expect(toStorageError(busy, 'gc')).toMatchObject({ code: 'BUSY', operation: 'gc', cause: busy });
    expect(toStorageError(Object.assign(new Error('x'), { code: 'SQLITE_NOTADB' }), 'import').code).toBe(
      'CORRUPT',
    );
    expect(toStorageError(Object.assign(new Error('x'), { code: 'ENOSPC' }), 'backup').code).toBe(
      'DISK_FULL',
    );
    expect(toStorageError(Object.assign(new Error('x'), { code: 'ENOENT' }), 'backup').code).toBe(
      'NOT_FOUND',
    );
    expect(toStorageError(new Error('other'), 'x').code).toBe('SQLITE_ERROR');
  });
});
