import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBatchWriter } from '@drift/batch-writer';
import { DriftStorageEngine } from '@drift/storage-sqlite';
import {
  batchCommand,
  type DriftStorageBackend,
  isStorageError,
  type StorageErrorCode,
} from '@drift/storage-traits';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createDriftNapi,
  type DriftNapi,
  DriftRuntime,
  defaultDbPath,
  parseDriftConfig,
} from '../src/index.js';

const dirs: string[] = [];
const engines: DriftStorageBackend[] = [];

afterEach(() => {
  vi.restoreAllMocks();
  for (const engine of engines.splice(0)) {
    try {
      engine.close();
    } catch {
      // already closed by the test
    }
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'drift-napi-'));
  dirs.push(dir);
  return dir;
}

/** A real engine factory that remembers what it opened. */
function recordingFactory() {
  const opened: { path: string; engine: DriftStorageBackend }[] = [];
  const factory = (path: string): DriftStorageBackend => {
    const engine = DriftStorageEngine.open(path, { batchWriter: createBatchWriter });
    engines.push(engine);
    opened.push({ path, engine });
    return engine;
  };
  return { factory, opened };
}

function setup(): { napi: DriftNapi; opened: ReturnType<typeof recordingFactory>['opened'] } {
  const { factory, opened } = recordingFactory();
  return { napi: createDriftNapi({ storageFactory: factory }), opened };
}

/** Runs `fn`, expecting a StorageError with `code`; returns it. */
function expectStorageError(fn: () => unknown, code: StorageErrorCode) {
  try {
    fn();
  } catch (error) {
    if (!isStorageError(error)) throw error;
    expect(error.code).toBe(code);
    return error;
  }
  throw new Error(`expected a StorageError ${code}, nothing was thrown`);
}

function fileRow(path: string) {
  return {
    path,
    language: 'typescript',
    fileSize: 10,
    contentHash: new Uint8Array([1, 2, 3]),
    mtimeSecs: 1_700_000_000,
    mtimeNanos: 0,
    lastScannedAt: 1_700_000_000,
    scanDurationUs: null,
  };
}

describe('driftInitialize / driftIsInitialized / driftShutdown', () => {
  it('reports the real state through a full cycle on a temp file', () => {
    const { napi, opened } = setup();
    const dbPath = join(tempDir(), 'nested', 'drift.db');
    expect(napi.driftIsInitialized()).toBe(false);

    napi.driftInitialize(dbPath);
    expect(napi.driftIsInitialized()).toBe(true);
    expect(existsSync(dbPath)).toBe(true);
    expect(opened.map((o) => o.path)).toEqual([dbPath]);

    napi.driftShutdown();
    expect(napi.driftIsInitialized()).toBe(false);
  });

  it('shutdown flushes queued batch writes and closes the engine', () => {
    const { napi, opened } = setup();
    const dbPath = join(tempDir(), 'drift.db');
    napi.driftInitialize(dbPath);
    const engine = opened[0]!.engine;
    engine.sendBatch(batchCommand('UpsertFileMetadata', [fileRow('src/a.ts')]));

    napi.driftShutdown();
    expectStorageError(() => engine.loadAllFileMetadata(), 'CLOSED');

    const reopened = DriftStorageEngine.open(dbPath);
    engines.push(reopened);
    expect(reopened.getFileMetadata('src/a.ts')?.language).toBe('typescript');
  });

  it('can be initialized again after shutdown, on a fresh runtime', () => {
    const { napi, opened } = setup();
    const dir = tempDir();
    napi.driftInitialize(join(dir, 'one.db'));
    napi.driftShutdown();
    napi.driftInitialize(join(dir, 'two.db'));
    expect(napi.driftIsInitialized()).toBe(true);
    expect(opened.map((o) => o.path)).toEqual([join(dir, 'one.db'), join(dir, 'two.db')]);
    napi.driftShutdown();
  });

  it('refuses a second initialize and keeps the first runtime', () => {
    const { napi, opened } = setup();
    const dir = tempDir();
    napi.driftInitialize(join(dir, 'first.db'));
    const error = expectStorageError(() => napi.driftInitialize(join(dir, 'second.db')), 'INVALID_INPUT');
    expect(error.message).toContain('ALREADY_INITIALIZED');
    expect(opened).toHaveLength(1);
    expect(existsSync(join(dir, 'second.db'))).toBe(false);
    expect(napi.driftIsInitialized()).toBe(true);
    napi.driftShutdown();
  });

  it('keeps instances independent', () => {
    const a = setup();
    const b = setup();
    a.napi.driftInitialize(join(tempDir(), 'drift.db'));
    expect(b.napi.driftIsInitialized()).toBe(false);
    a.napi.driftShutdown();
  });
});

describe('calls at the wrong time', () => {
  it('before initialize: INVALID_INPUT naming RUNTIME_NOT_INITIALIZED', () => {
    const { napi } = setup();
    for (const call of [() => napi.driftShutdown(), () => napi.driftGC()]) {
      const error = expectStorageError(call, 'INVALID_INPUT');
      expect(error.message).toContain('RUNTIME_NOT_INITIALIZED');
      expect(error.message).toContain('driftInitialize()');
    }
    expect(napi.driftIsInitialized()).toBe(false);
  });

  it('after shutdown: CLOSED naming RUNTIME_SHUT_DOWN', () => {
    const { napi } = setup();
    napi.driftInitialize(join(tempDir(), 'drift.db'));
    napi.driftShutdown();
    for (const call of [() => napi.driftShutdown(), () => napi.driftGC(1, 2, 3)]) {
      const error = expectStorageError(call, 'CLOSED');
      expect(error.message).toContain('RUNTIME_SHUT_DOWN');
    }
    expect(napi.driftIsInitialized()).toBe(false);
  });
});

describe('default paths', () => {
  it('uses <projectRoot>/.drift/drift.db when no dbPath is given', () => {
    const { napi, opened } = setup();
    const root = tempDir();
    napi.driftInitialize(undefined, root);
    expect(opened[0]!.path).toBe(join(root, '.drift', 'drift.db'));
    expect(existsSync(join(root, '.drift', 'drift.db'))).toBe(true);
    napi.driftShutdown();
  });

  it('uses <cwd>/.drift/drift.db when neither dbPath nor projectRoot is given', () => {
    const cwd = tempDir();
    vi.spyOn(process, 'cwd').mockReturnValue(cwd);
    expect(defaultDbPath()).toBe(join(cwd, '.drift', 'drift.db'));
    const { napi, opened } = setup();
    napi.driftInitialize();
    expect(opened[0]!.path).toBe(join(cwd, '.drift', 'drift.db'));
    napi.driftShutdown();
  });

  it('treats null like an omitted argument', () => {
    const { napi, opened } = setup();
    const root = tempDir();
    napi.driftInitialize(null as unknown as undefined, root, null as unknown as undefined);
    expect(opened[0]!.path).toBe(join(root, '.drift', 'drift.db'));
    napi.driftShutdown();
  });
});

describe('bad input changes nothing', () => {
  it('malformed TOML: INVALID_INPUT with the position; no folder, no database, not initialized', () => {
    const { napi, opened } = setup();
    const root = tempDir();
    const error = expectStorageError(
      () => napi.driftInitialize(undefined, root, '[scan]\nmax_file_size = = 3\n'),
      'INVALID_INPUT',
    );
    expect(error.message).toMatch(/configToml is not valid TOML at line 2, column \d+/);
    expect(error.field).toBe('configToml');
    expect(opened).toHaveLength(0);
    expect(existsSync(join(root, '.drift'))).toBe(false);
    expect(napi.driftIsInitialized()).toBe(false);
  });

  it('a known section that is not a table is refused', () => {
    const { napi, opened } = setup();
    const error = expectStorageError(
      () => napi.driftInitialize(join(tempDir(), 'drift.db'), undefined, 'scan = 5'),
      'INVALID_INPUT',
    );
    expect(error.message).toContain('[scan] must be a table');
    expect(opened).toHaveLength(0);
  });

  it('wrong argument types are refused before anything is created', () => {
    const { napi, opened } = setup();
    const dir = tempDir();
    const cases: (() => void)[] = [
      () => napi.driftInitialize(42 as unknown as string),
      () => napi.driftInitialize(join(dir, 'a.db'), {} as unknown as string),
      () => napi.driftInitialize(join(dir, 'a.db'), undefined, 7 as unknown as string),
      () => napi.driftInitialize(join(dir, 'a.db'), undefined, undefined, true as unknown as string),
      () => napi.driftInitialize(''),
    ];
    for (const call of cases) expectStorageError(call, 'INVALID_INPUT');
    expect(opened).toHaveLength(0);
    expect(existsSync(join(dir, 'a.db'))).toBe(false);
    expect(napi.driftIsInitialized()).toBe(false);
  });

  it('valid TOML initializes', () => {
    const { napi } = setup();
    napi.driftInitialize(join(tempDir(), 'drift.db'), undefined, '[scan]\nmax_file_size = 1048576\n');
    expect(napi.driftIsInitialized()).toBe(true);
    napi.driftShutdown();
  });

  it('a failing factory leaves the runtime uninitialized and reports a StorageError', () => {
    const napi = createDriftNapi({
      storageFactory: () => {
        throw new Error('disk on fire');
      },
    });
    const error = expectStorageError(() => napi.driftInitialize(join(tempDir(), 'drift.db')), 'SQLITE_ERROR');
    expect(error.message).toContain('disk on fire');
    expect(napi.driftIsInitialized()).toBe(false);
  });

  it('an engine refusing the file (not a database) passes its error through', () => {
    const { napi } = setup();
    const dbPath = join(tempDir(), 'drift.db');
    writeFileSync(dbPath, 'this is not sqlite, just text that is long enough to look like a header....');
    expectStorageError(() => napi.driftInitialize(dbPath), 'CORRUPT');
    expect(napi.driftIsInitialized()).toBe(false);
  });
});

describe('driftGC', () => {
  it('validates its arguments first: INVALID_INPUT for negative, fractional or non-number days', () => {
    const { napi } = setup();
    napi.driftInitialize(join(tempDir(), 'drift.db'));
    for (const args of [
      [-1],
      [1.5],
      ['30'],
      [undefined, Number.NaN],
      [undefined, undefined, 2 ** 32],
    ] as const) {
      expectStorageError(() => napi.driftGC(...(args as unknown as [number])), 'INVALID_INPUT');
    }
    expect(napi.driftIsInitialized()).toBe(true);
    napi.driftShutdown();
  });

  it('runs retention through the storage: orphaned per-file rows go, tracked ones stay, counts per table', () => {
    const { napi, opened } = setup();
    napi.driftInitialize(join(tempDir(), 'drift.db'));
    const engine = opened[0]!.engine;
    engine.sendBatch({ type: 'UpsertFileMetadata', rows: [fileRow('src/kept.ts')] });
    engine.flushSync();
    const detection = (file: string) => ({
      file,
      line: 3,
      columnNum: 1,
      patternId: 'p-1',
      category: 'security',
      confidence: 0.9,
      detectionMethod: 'ast',
      cweIds: null,
      owasp: null,
      matchedText: null,
    });
    engine.sendBatch({
      type: 'InsertDetections',
      rows: [detection('src/kept.ts'), detection('src/gone.ts')],
    });
    engine.sendBatch({ type: 'InsertDetections', rows: [detection('src/gone.ts')] });
    engine.flushSync();

    const result = napi.driftGC();
    expect(result.totalDeleted).toBe(2);
    expect(result.perTable).toEqual([{ table: 'detections (orphan)', deleted: 2 }]);
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
    expect(engine.getDetectionsByFile('src/kept.ts')).toHaveLength(1);
    expect(engine.countDetections()).toBe(1);
    expect(napi.driftGC(0, 0, 0).totalDeleted).toBeGreaterThanOrEqual(0);
    expect(napi.driftGC().totalDeleted).toBe(0);
    napi.driftShutdown();
  });
});

describe('DriftRuntime', () => {
  it('reads drift.toml from the project root when no TOML text is given', () => {
    const root = tempDir();
    writeFileSync(join(root, 'drift.toml'), '[scan]\nmax_file_size = 2048\n');
    const { factory } = recordingFactory();
    const runtime = DriftRuntime.open(factory, { projectRoot: root });
    expect(runtime.configSource).toBe('project-file');
    expect(runtime.config).toEqual({ scan: { max_file_size: 2048 } });
    expect(runtime.projectRoot).toBe(root);
    expect(runtime.storage().path()).toBe(join(root, '.drift', 'drift.db'));
    runtime.close();
    expect(runtime.closed).toBe(true);
    expectStorageError(() => runtime.storage(), 'CLOSED');
  });

  it('falls back to defaults, with a warning, when drift.toml is broken', () => {
    const root = tempDir();
    writeFileSync(join(root, 'drift.toml'), '[scan\n');
    const { factory } = recordingFactory();
    const runtime = DriftRuntime.open(factory, { projectRoot: root });
    expect(runtime.configSource).toBe('defaults');
    expect(runtime.config).toEqual({});
    expect(runtime.configWarning).toContain('drift.toml is not valid TOML');
    runtime.close();
  });

  it('prefers the TOML argument over drift.toml', () => {
    const root = tempDir();
    mkdirSync(join(root, 'sub'));
    writeFileSync(join(root, 'drift.toml'), '[scan]\nmax_file_size = 1\n');
    const { factory } = recordingFactory();
    const runtime = DriftRuntime.open(factory, { projectRoot: root, configToml: '[mcp]\nenabled = true\n' });
    expect(runtime.configSource).toBe('argument');
    expect(runtime.config).toEqual({ mcp: { enabled: true } });
    runtime.close();
  });

  it('parseDriftConfig returns frozen plain data', () => {
    const config = parseDriftConfig('[quality_gates]\nfail_on = "error"\n');
    expect(Object.isFrozen(config)).toBe(true);
    expect(config).toEqual({ quality_gates: { fail_on: 'error' } });
  });
});
