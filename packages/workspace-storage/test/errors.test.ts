// Workspace error kinds: distinct reference codes, each on one stable StorageError code.
import { isStorageError, StorageError } from '@drift/storage-traits';
import { describe, expect, it } from 'vitest';
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
});
