import {
  batchCommand,
  DRIFT_FILES_METHODS,
  type FileMetadataInsertRow,
  type FileMetadataRow,
} from '@drift/storage-traits';
import { fileMetadata, sampleRow } from '@drift/storage-traits/testing';
import {
  BIG,
  blob,
  expectMethods,
  expectSame,
  type GroupContext,
  sendAndFlush,
  sortBy,
  UNICODE,
} from '../support.js';

/** What `getFileMetadata` answers for a row just written by `UpsertFileMetadata`. */
export function storedFileMetadata(row: FileMetadataInsertRow): FileMetadataRow {
  return { ...row, patternCount: 0, functionCount: 0, errorCount: 0, error: null };
}

/** A file row with every extreme the scanner can produce. */
function extremeFile(): FileMetadataInsertRow {
  return {
    path: `src/${UNICODE}/ファイル name with spaces.ts`,
    language: UNICODE,
    fileSize: BIG,
    contentHash: blob(7, 32),
    mtimeSecs: BIG + 1,
    mtimeNanos: 999_999_999,
    lastScannedAt: BIG + 2,
    scanDurationUs: BIG + 3,
  };
}

/** A file row whose nullable columns are null and whose hash is empty. */
function sparseFile(): FileMetadataInsertRow {
  return fileMetadata({
    path: 'README',
    language: null,
    fileSize: 0,
    contentHash: new Uint8Array(0),
    mtimeSecs: 0,
    lastScannedAt: 0,
  });
}

/** Registers the file tests: file metadata and the parse cache. */
export function filesGroup(ctx: GroupContext): void {
  const { api, test } = ctx;
  const { expect } = api;

  test('exposes every IDriftFiles method', async (s) => {
    expectMethods(api, s, DRIFT_FILES_METHODS);
  });

  test('answers the empty state of every read', async (s) => {
    expect(await s.loadAllFileMetadata()).toEqual([]);
    expect(await s.getFileMetadata('src/main.rs')).toBeNull();
    expect(await s.countFiles()).toBe(0);
    expect(await s.getParseCacheByHash(blob(1))).toBeNull();
    expect(await s.countParseCache()).toBe(0);
  });

  test('CT0-B-01: a new store has no file metadata; a file written through sendRaw + flushSync reads back identical', async (s) => {
    expect(await s.loadAllFileMetadata()).toEqual([]);
    const row: FileMetadataInsertRow = {
      path: 'src/main.rs',
      language: 'rust',
      fileSize: 1024,
      contentHash: new TextEncoder().encode('abc123'),
      mtimeSecs: 1000,
      mtimeNanos: 0,
      lastScannedAt: 1000,
      scanDurationUs: 250,
    };
    await sendAndFlush(s, batchCommand('UpsertFileMetadata', [row]));
    const all = await s.loadAllFileMetadata();
    expect(all).toHaveLength(1);
    expectSame(api, all[0], storedFileMetadata(row));
    expectSame(api, await s.getFileMetadata('src/main.rs'), storedFileMetadata(row));
    expect(await s.countFiles()).toBe(1);
  });

  test('keeps every field of file metadata: blobs, nulls, unicode, integers past 2^31', async (s) => {
    const rows = [
      ...[0, 1, 2, 3, 4].map((i) => sampleRow('UpsertFileMetadata', i)),
      extremeFile(),
      sparseFile(),
    ];
    await sendAndFlush(s, batchCommand('UpsertFileMetadata', rows));
    for (const row of rows) {
      expectSame(api, await s.getFileMetadata(row.path), storedFileMetadata(row), row.path);
    }
    const all = await s.loadAllFileMetadata();
    expectSame(
      api,
      sortBy(all, (r) => r.path),
      sortBy(rows.map(storedFileMetadata), (r) => r.path),
    );
    expect(await s.countFiles()).toBe(rows.length);
    expect(await s.getFileMetadata('src/other.rs')).toBeNull();
  });

  test('updateFunctionCount and updateFileError set the counter caches of one file', async (s) => {
    const a = sampleRow('UpsertFileMetadata', 0);
    const b = sampleRow('UpsertFileMetadata', 1);
    await sendAndFlush(s, batchCommand('UpsertFileMetadata', [a, b]));
    await s.updateFunctionCount(a.path, BIG);
    await s.updateFileError(a.path, 3, `parse error: ${UNICODE}`);
    expectSame(api, await s.getFileMetadata(a.path), {
      ...storedFileMetadata(a),
      functionCount: BIG,
      errorCount: 3,
      error: `parse error: ${UNICODE}`,
    });
    expectSame(api, await s.getFileMetadata(b.path), storedFileMetadata(b), 'other file untouched');
    await s.updateFileError(a.path, 0, null);
    expectSame(api, await s.getFileMetadata(a.path), { ...storedFileMetadata(a), functionCount: BIG });
  });

  test('updates of an untracked path change nothing and do not fail', async (s) => {
    await s.updateFunctionCount('nowhere.ts', 4);
    await s.updateFileError('nowhere.ts', 1, 'boom');
    expect(await s.getFileMetadata('nowhere.ts')).toBeNull();
    expect(await s.countFiles()).toBe(0);
  });

  test('UpsertFileMetadata replaces a row and resets its counters and error', async (s) => {
    const first = sampleRow('UpsertFileMetadata', 2);
    await sendAndFlush(s, batchCommand('UpsertFileMetadata', [first]));
    await s.updateFunctionCount(first.path, 9);
    await s.updateFileError(first.path, 2, 'bad');
    const second: FileMetadataInsertRow = {
      ...first,
      fileSize: first.fileSize + 1,
      contentHash: blob(99),
      mtimeSecs: first.mtimeSecs + 60,
    };
    await sendAndFlush(s, batchCommand('UpsertFileMetadata', [second]));
    expectSame(api, await s.getFileMetadata(first.path), storedFileMetadata(second));
    expect(await s.countFiles()).toBe(1);
  });

  test('DeleteFileMetadata removes exactly the given paths (an unknown path is no error)', async (s) => {
    const rows = [0, 1, 2].map((i) => sampleRow('UpsertFileMetadata', i));
    await sendAndFlush(s, batchCommand('UpsertFileMetadata', rows));
    await sendAndFlush(
      s,
      batchCommand('DeleteFileMetadata', [rows[0]!.path, rows[2]!.path, 'never/tracked.ts']),
    );
    expect(await s.getFileMetadata(rows[0]!.path)).toBeNull();
    expect(await s.getFileMetadata(rows[2]!.path)).toBeNull();
    expectSame(api, await s.getFileMetadata(rows[1]!.path), storedFileMetadata(rows[1]!));
    expect(await s.countFiles()).toBe(1);
  });

  test('parse cache: insert, read back by hash value, replace, invalidate, count', async (s) => {
    const hash = blob(3, 16);
    const json = JSON.stringify({ functions: [{ name: UNICODE, line: BIG }], imports: [] });
    await s.insertParseCache(hash, 'typescript', json, BIG);
    // Looked up with a different Uint8Array holding the same bytes.
    expectSame(api, await s.getParseCacheByHash(Uint8Array.from(hash)), {
      contentHash: hash,
      language: 'typescript',
      parseResultJson: json,
      createdAt: BIG,
    });
    expect(await s.getParseCacheByHash(hash.subarray(0, 15))).toBeNull();
    expect(await s.getParseCacheByHash(blob(4, 16))).toBeNull();

    await s.insertParseCache(hash, 'python', '{"replaced":true}', 17);
    expectSame(api, await s.getParseCacheByHash(hash), {
      contentHash: hash,
      language: 'python',
      parseResultJson: '{"replaced":true}',
      createdAt: 17,
    });
    expect(await s.countParseCache()).toBe(1);

    const other = blob(5, 32);
    await s.insertParseCache(other, 'rust', '{}', 1);
    expect(await s.countParseCache()).toBe(2);

    await s.invalidateParseCache(hash);
    expect(await s.getParseCacheByHash(hash)).toBeNull();
    expect(await s.countParseCache()).toBe(1);
    await s.invalidateParseCache(hash); // absent: no error
    expect(await s.countParseCache()).toBe(1);
    expectSame(api, await s.getParseCacheByHash(other), {
      contentHash: other,
      language: 'rust',
      parseResultJson: '{}',
      createdAt: 1,
    });
  });
}
