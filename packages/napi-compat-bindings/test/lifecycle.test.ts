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
import { detection, fileMetadata } from '@drift/storage-traits/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ALREADY_INITIALIZED_MESSAGE,
  closeDriftNapi,
  createDriftNapi,
  type DriftNapi,
  DriftRuntime,
  defaultDbPath,
  parseDriftConfig,
  RUNTIME_NOT_INITIALIZED_MESSAGE,
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

describe('driftInitialize / driftIsInitialized / driftShutdown', () => {
  it('reports the real state through a full cycle on a temp file', () => {
    const { napi, opened } = setup();
    const dbPath = join(tempDir(), 'nested', 'drift.db');
    expect(napi.driftIsInitialized()).toBe(false);

    napi.driftInitialize(dbPath);
    expect(napi.driftIsInitialized()).toBe(true);
    expect(existsSync(dbPath)).toBe(true);
    expect(opened.map((o) => o.path)).toEqual([dbPath]);

    // lifecycle.rs drift_shutdown only checkpoints: the OnceLock keeps the runtime, so
    // runtime.rs is_initialized stays true.
    napi.driftShutdown();
    expect(napi.driftIsInitialized()).toBe(true);
  });

  it('shutdown commits queued batch writes and checkpoints; the runtime stays usable', () => {
    const { napi, opened } = setup();
    const dbPath = join(tempDir(), 'drift.db');
    napi.driftInitialize(dbPath);
    const engine = opened[0]!.engine;
    engine.sendBatch(batchCommand('UpsertFileMetadata', [fileMetadata()]));

    napi.driftShutdown();
    // Committed: another connection sees the row.
    const other = DriftStorageEngine.open(dbPath, { readOnly: true });
    engines.push(other);
    expect(other.getFileMetadata('src/a.ts')?.language).toBe('typescript');
    // Still open and usable (lifecycle.rs: shutdown performs cleanup but the runtime reference remains).
    expect(engine.loadAllFileMetadata()).toHaveLength(1);
    expect((napi.driftGC() as unknown as { total_deleted: number }).total_deleted).toBe(0);
    expect(napi.driftViolations('.')).toEqual([]);
    napi.driftShutdown(); // a second shutdown checkpoints again
    expect(napi.driftIsInitialized()).toBe(true);
  });

  it('after shutdown driftInitialize still answers ALREADY_INITIALIZED (the OnceLock cannot be reset)', () => {
    const { napi, opened } = setup();
    const dir = tempDir();
    napi.driftInitialize(join(dir, 'one.db'));
    napi.driftShutdown();
    const error = expectStorageError(() => napi.driftInitialize(join(dir, 'two.db')), 'INVALID_INPUT');
    expect(error.message).toBe(ALREADY_INITIALIZED_MESSAGE);
    expect(opened[0]!.engine.loadAllFileMetadata()).toEqual([]);
    // closeDriftNapi (ours; the reference has no such step) releases it, and a new runtime may start.
    closeDriftNapi(napi);
    napi.driftInitialize(join(dir, 'three.db'));
    expect(opened.at(-1)!.path).toBe(join(dir, 'three.db'));
    expect(napi.driftIsInitialized()).toBe(true);
  });

  it('a second initialize builds its runtime first (as DriftRuntime::new), then refuses and keeps the first', () => {
    const { napi, opened } = setup();
    const dir = tempDir();
    napi.driftInitialize(join(dir, 'first.db'));
    const error = expectStorageError(
      () => napi.driftInitialize(join(dir, 'sub', 'second.db')),
      'INVALID_INPUT',
    );
    // runtime.rs initialize: DriftRuntime::new(opts)? runs before RUNTIME.set fails, so the second
    // database is created and opened, then dropped.
    expect(error.message).toBe('[ALREADY_INITIALIZED] DriftRuntime already initialized');
    expect(opened.map((o) => o.path)).toEqual([join(dir, 'first.db'), join(dir, 'sub', 'second.db')]);
    expect(existsSync(join(dir, 'sub', 'second.db'))).toBe(true);
    expectStorageError(() => opened[1]!.engine.loadAllFileMetadata(), 'CLOSED');
    expect(opened[0]!.engine.loadAllFileMetadata()).toEqual([]);
    expect(napi.driftIsInitialized()).toBe(true);
    // The same path again: a second engine on the live file is opened and closed; the first keeps working.
    opened[0]!.engine.sendBatch(batchCommand('UpsertFileMetadata', [fileMetadata()]));
    expectStorageError(() => napi.driftInitialize(join(dir, 'first.db')), 'INVALID_INPUT');
    expect(opened).toHaveLength(3);
    opened[0]!.engine.flushSync();
    expect(opened[0]!.engine.loadAllFileMetadata().map((f) => f.path)).toEqual(['src/a.ts']);
    // The configuration is resolved first: a bad one is reported instead, and nothing is opened.
    const config = expectStorageError(
      () => napi.driftInitialize(join(dir, 'third.db'), undefined, 'x = ['),
      'INVALID_INPUT',
    );
    expect(config.message).toMatch(/^\[CONFIG_ERROR\] /);
    expect(opened).toHaveLength(3);
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
  it('before initialize: INVALID_INPUT with the reference message; driftCancelScan returns normally', () => {
    const { napi } = setup();
    for (const call of [() => napi.driftShutdown(), () => napi.driftGC()]) {
      // lifecycle.rs drift_shutdown and drift_gc start with runtime::get()?.
      const error = expectStorageError(call, 'INVALID_INPUT');
      expect(error.message).toBe(RUNTIME_NOT_INITIALIZED_MESSAGE);
    }
    // scanner.rs drift_cancel_scan sets its flag and returns Ok(()) without a runtime.
    expect(napi.driftCancelScan()).toBeUndefined();
    expect(napi.driftIsInitialized()).toBe(false);
  });

  it('after shutdown the functions keep working', async () => {
    const { napi } = setup();
    const root = tempDir();
    writeFileSync(join(root, 'a.ts'), 'export const a = 1;\n');
    napi.driftInitialize(join(tempDir(), 'drift.db'));
    napi.driftShutdown();
    expect((napi.driftGC(1, 2, 3) as unknown as { total_deleted: number }).total_deleted).toBe(0);
    expect((await napi.driftScan(root)).filesAdded).toBe(1);
    napi.driftShutdown();
    expect(napi.driftIsInitialized()).toBe(true);
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
  it('malformed TOML: CONFIG_ERROR with the position; no folder, no database, not initialized', () => {
    const { napi, opened } = setup();
    const root = tempDir();
    const error = expectStorageError(
      () => napi.driftInitialize(undefined, root, '[scan]\nmax_file_size = = 3\n'),
      'INVALID_INPUT',
    );
    // runtime.rs DriftRuntime::new: "[CONFIG_ERROR] {e}", e = ConfigError::ParseError { path: "<string>" }.
    expect(error.message).toMatch(
      /^\[CONFIG_ERROR\] Config parse error in <string>: TOML parse error at line 2, column \d+: /,
    );
    expect(error.field).toBe('configToml');
    expect(opened).toHaveLength(0);
    expect(existsSync(join(root, '.drift'))).toBe(false);
    expect(napi.driftIsInitialized()).toBe(false);
  });

  it('a known section or key of the wrong type is refused as serde refuses it; unknown keys are ignored', () => {
    const { napi, opened } = setup();
    const dir = tempDir();
    const section = expectStorageError(
      () => napi.driftInitialize(join(dir, 'drift.db'), undefined, 'scan = 5'),
      'INVALID_INPUT',
    );
    // drift_config.rs DriftConfig { scan: ScanConfig, ... } deserialized by the toml crate.
    expect(section.message).toBe(
      '[CONFIG_ERROR] Config parse error in <string>: invalid type: integer `5`, expected struct ScanConfig for key `scan`',
    );
    const key = expectStorageError(
      () => napi.driftInitialize(join(dir, 'drift.db'), undefined, '[scan]\nmax_file_size = "big"\n'),
      'INVALID_INPUT',
    );
    // scan_config.rs max_file_size: Option<u64>.
    expect(key.message).toContain('invalid type: string "big", expected u64 for key `scan.max_file_size`');
    expect(key.field).toBe('configToml.scan.max_file_size');
    for (const [toml, expected] of [
      ['[scan]\nmax_file_size = -1\n', 'invalid value: integer `-1`, expected u64'],
      ['[scan]\nmax_file_size = 1.0\n', 'invalid type: floating point `1.0`, expected u64'],
      ['[quality_gates]\nmin_score = 4294967296\n', 'invalid value: integer `4294967296`, expected u32'],
      [
        '[licensing]\ntier = "gold"\n',
        'unknown variant `gold`, expected one of `community`, `team`, `enterprise`',
      ],
      ['[scan]\ninclude = "src"\n', 'invalid type: string "src", expected a sequence'],
    ] as const) {
      const error = expectStorageError(
        () => napi.driftInitialize(join(dir, 'drift.db'), undefined, toml),
        'INVALID_INPUT',
      );
      expect(error.message).toContain(expected);
    }
    expect(opened).toHaveLength(0);
    // Unknown sections and keys, and values validate() would refuse, are accepted from the TOML text
    // (from_toml does not validate).
    napi.driftInitialize(
      join(dir, 'drift.db'),
      undefined,
      '[scan]\nmax_file_size = 0\nunknown = true\n[other]\nx = 1\n[analysis]\ndominance_threshold = 3\n',
    );
    expect(napi.driftIsInitialized()).toBe(true);
  });

  it('wrong argument types are refused before anything is created', () => {
    const { napi, opened } = setup();
    const dir = tempDir();
    const cases: (() => void)[] = [
      () => napi.driftInitialize(42 as unknown as string),
      () => napi.driftInitialize(join(dir, 'a.db'), {} as unknown as string),
      () => napi.driftInitialize(join(dir, 'a.db'), undefined, 7 as unknown as string),
      () => napi.driftInitialize(join(dir, 'a.db'), undefined, undefined, true as unknown as string),
      // Ours (README Deviations): SQLite would open "" as a temporary database deleted on close.
      () => napi.driftInitialize(''),
    ];
    for (const call of cases) expectStorageError(call, 'INVALID_INPUT');
    expect(opened).toHaveLength(0);
    expect(existsSync(join(dir, 'a.db'))).toBe(false);
    expect(napi.driftIsInitialized()).toBe(false);
  });

  it('TOML only TOML 1.1 allows is CONFIG_ERROR, as for the reference (toml 0.8, a TOML 1.0 parser)', () => {
    const { napi, opened } = setup();
    const dir = tempDir();
    for (const toml of ['[scan]\nhash_algorithm = "\\e"\n', 'scan = { threads = 1, }\n', 'x = 07:32\n']) {
      const error = expectStorageError(
        () => napi.driftInitialize(join(dir, 'drift.db'), undefined, toml),
        'INVALID_INPUT',
      );
      expect(error.message).toMatch(
        /^\[CONFIG_ERROR\] Config parse error in <string>: TOML parse error at line [12], column \d+: .*\(TOML 1\.1 only\)$/,
      );
    }
    expect(opened).toHaveLength(0);
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
    // runtime.rs: DriftStorageEngine::open failing is "[STORAGE_ERROR] {e}".
    expect(error.message).toMatch(/^\[STORAGE_ERROR\] .*disk on fire/);
    expect(napi.driftIsInitialized()).toBe(false);
  });

  it('an engine refusing the file (not a database) passes its error through as STORAGE_ERROR', () => {
    const { napi } = setup();
    const dbPath = join(tempDir(), 'drift.db');
    writeFileSync(dbPath, 'this is not sqlite, just text that is long enough to look like a header....');
    const error = expectStorageError(() => napi.driftInitialize(dbPath), 'CORRUPT');
    expect(error.message).toMatch(/^\[STORAGE_ERROR\] /);
    expect(napi.driftIsInitialized()).toBe(false);
  });

  it('a database folder that cannot be created: INIT_ERROR, with the reference wording for each case', () => {
    const { napi, opened } = setup();
    const dir = tempDir();
    writeFileSync(join(dir, 'file'), 'a file where a folder should be');
    // runtime.rs DriftRuntime::new: "Failed to create database directory" for a given path,
    // "Failed to create .drift directory" for the default one.
    const given = expectStorageError(
      () => napi.driftInitialize(join(dir, 'file', 'drift.db')),
      'INVALID_INPUT',
    );
    expect(given.message).toMatch(/^\[INIT_ERROR\] Failed to create database directory: /);
    const byDefault = expectStorageError(
      () => napi.driftInitialize(undefined, join(dir, 'file')),
      'INVALID_INPUT',
    );
    expect(byDefault.message).toMatch(/^\[INIT_ERROR\] Failed to create \.drift directory: /);
    expect(opened).toHaveLength(0);
  });
});

describe('driftGC', () => {
  it('converts day counts as napi converts Option<u32>, refusing only what would delete unasked-for rows', () => {
    const { napi, opened } = setup();
    napi.driftInitialize(join(tempDir(), 'drift.db'));
    const engine = opened[0]!.engine;
    engine.sendBatch({ type: 'UpsertFileMetadata', rows: [fileMetadata({ path: 'src/kept.ts' })] });
    engine.sendBatch({
      type: 'InsertDetections',
      rows: [
        detection({
          file: 'src/kept.ts',
          columnNum: 1,
          patternId: 'p',
          category: 'security',
          confidence: 0.9,
        }),
      ],
    });
    engine.flushSync();
    // A number that is not a whole one is truncated (lifecycle.rs drift_gc takes Option<u32>; napi's
    // conversion drops the fraction), -1 wraps to 4294967295 days: both delete nothing here.
    expect((napi.driftGC(1.9) as unknown as { total_deleted: number }).total_deleted).toBe(0);
    expect((napi.driftGC(-1, -1, -1) as unknown as { total_deleted: number }).total_deleted).toBe(0);
    expect(engine.countDetections()).toBe(1);
    // Not a number: refused as napi refuses it. NaN, the infinities and 2^32 or more would become 0 or
    // wrap to a small number in the reference and delete rows: refused (README Deviations).
    for (const args of [
      ['30'],
      [undefined, Number.NaN],
      [Number.POSITIVE_INFINITY],
      [undefined, undefined, 2 ** 32],
      [-(2 ** 32)],
    ] as const) {
      const error = expectStorageError(() => napi.driftGC(...(args as unknown as [number])), 'INVALID_INPUT');
      expect(error.message).toMatch(/^\[INVALID_ARGUMENT\] driftGC: (short|medium|long)Days must be /);
    }
    expect(engine.countDetections()).toBe(1);
    expect(napi.driftIsInitialized()).toBe(true);
  });

  it('runs retention through the storage: orphaned per-file rows go, tracked ones stay, counts per table', () => {
    const { napi, opened } = setup();
    napi.driftInitialize(join(tempDir(), 'drift.db'));
    const engine = opened[0]!.engine;
    engine.sendBatch({ type: 'UpsertFileMetadata', rows: [fileMetadata({ path: 'src/kept.ts' })] });
    engine.flushSync();
    const detectionIn = (file: string) =>
      detection({ file, line: 3, columnNum: 1, patternId: 'p-1', category: 'security', confidence: 0.9 });
    engine.sendBatch({
      type: 'InsertDetections',
      rows: [detectionIn('src/kept.ts'), detectionIn('src/gone.ts')],
    });
    engine.sendBatch({ type: 'InsertDetections', rows: [detectionIn('src/gone.ts')] });
    engine.flushSync();

    // lifecycle.rs drift_gc: serde_json::json!({ total_deleted, duration_ms, per_table: [{ table, deleted }] }),
    // whose map is a B-tree (no preserve_order feature): keys in byte order.
    const result = napi.driftGC() as unknown as Record<string, unknown>;
    expect(Object.keys(result)).toEqual(['duration_ms', 'per_table', 'total_deleted']);
    expect(Object.keys((result.per_table as object[])[0]!)).toEqual(['deleted', 'table']);
    expect(result.total_deleted).toBe(2);
    expect(result.per_table).toEqual([{ table: 'detections (orphan)', deleted: 2 }]);
    expect(result.duration_ms).toBeGreaterThanOrEqual(0);
    expect(engine.getDetectionsByFile('src/kept.ts')).toHaveLength(1);
    expect(engine.countDetections()).toBe(1);
    expect(
      (napi.driftGC(0, 0, 0) as unknown as { total_deleted: number }).total_deleted,
    ).toBeGreaterThanOrEqual(0);
    expect((napi.driftGC() as unknown as { total_deleted: number }).total_deleted).toBe(0);
    napi.driftShutdown();
  });
});

describe('DriftRuntime configuration (drift-core config/drift_config.rs, drift-napi runtime.rs)', () => {
  /** An environment with an empty home (no user file) and no DRIFT_* variables, plus `extra`. */
  const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({ HOME: tempDir(), ...extra });

  it('reads drift.toml from the project root when no TOML text is given', () => {
    const root = tempDir();
    writeFileSync(join(root, 'drift.toml'), '[scan]\nmax_file_size = 2048\n');
    const { factory } = recordingFactory();
    const runtime = DriftRuntime.open(factory, { projectRoot: root, env: env() });
    expect(runtime.configSource).toBe('project');
    expect(runtime.configLayers).toEqual([join(root, 'drift.toml')]);
    expect(runtime.config).toEqual({ scan: { max_file_size: 2048 } });
    expect(runtime.projectRoot).toBe(root);
    expect(runtime.storage().path()).toBe(join(root, '.drift', 'drift.db'));
    runtime.close();
    expect(runtime.closed).toBe(true);
    expectStorageError(() => runtime.storage(), 'CLOSED');
  });

  it('layers the user file, drift.toml and DRIFT_* variables as DriftConfig::load', () => {
    const root = tempDir();
    const home = tempDir();
    mkdirSync(join(home, '.drift'));
    writeFileSync(
      join(home, '.drift', 'config.toml'),
      '[scan]\nmax_file_size = 100\nthreads = 2\nextra_ignore = ["user/"]\n[licensing]\ntier = "team"\n[mcp]\ntransport = "stdio"\n',
    );
    writeFileSync(
      join(root, 'drift.toml'),
      '[scan]\nmax_file_size = 200\nextra_ignore = []\ninclude = ["src/**"]\nfollow_symlinks = true\n[licensing]\ntier = "community"\n',
    );
    const { factory } = recordingFactory();
    const runtime = DriftRuntime.open(factory, {
      projectRoot: root,
      env: {
        HOME: home,
        DRIFT_SCAN_THREADS: '+8',
        DRIFT_GATE_MIN_SCORE: '90',
        DRIFT_GATE_FAIL_ON: 'warning',
        DRIFT_TELEMETRY_ENABLED: 'TRUE', // bool::from_str takes only "true" / "false": ignored
        DRIFT_MCP_MAX_RESPONSE_TOKENS: '12 ', // u32::from_str allows no space: ignored
        DRIFT_ANALYSIS_DOMINANCE_THRESHOLD: '.75',
      },
    });
    expect(runtime.configSource).toBe('project');
    // merge: an Option that is Some overrides, an empty list does not, `include` is not merged at
    // all, and a tier equal to the default (community) does not override.
    expect(runtime.config).toEqual({
      scan: { max_file_size: 200, threads: 8, extra_ignore: ['user/'], follow_symlinks: true },
      analysis: { dominance_threshold: 0.75 },
      quality_gates: { fail_on: 'warning', min_score: 90 },
      mcp: { transport: 'stdio' },
      licensing: { tier: 'team' },
    });
    expect(runtime.configLayers).toEqual([
      join(home, '.drift', 'config.toml'),
      join(root, 'drift.toml'),
      'DRIFT_SCAN_THREADS',
      'DRIFT_ANALYSIS_DOMINANCE_THRESHOLD',
      'DRIFT_GATE_FAIL_ON',
      'DRIFT_GATE_MIN_SCORE',
    ]);
    runtime.close();
  });

  it('falls back to the defaults, with a warning, when any layer fails (load(..).unwrap_or_default())', () => {
    const cases: [string, (root: string, home: string) => NodeJS.ProcessEnv][] = [
      [
        'broken drift.toml',
        (root, home) => {
          writeFileSync(join(root, 'drift.toml'), '[scan\n');
          return { HOME: home };
        },
      ],
      [
        'broken user file',
        (root, home) => {
          writeFileSync(join(root, 'drift.toml'), '[scan]\nmax_file_size = 5\n');
          mkdirSync(join(home, '.drift'));
          writeFileSync(join(home, '.drift', 'config.toml'), 'scan = [');
          return { HOME: home };
        },
      ],
      [
        'a key of the wrong type',
        (root, home) => {
          writeFileSync(join(root, 'drift.toml'), '[scan]\nmax_file_size = "big"\n');
          return { HOME: home };
        },
      ],
      [
        'validate(): min_score above 100 from a variable',
        (root, home) => {
          writeFileSync(join(root, 'drift.toml'), '[scan]\nmax_file_size = 5\n');
          return { HOME: home, DRIFT_GATE_MIN_SCORE: '101' };
        },
      ],
      [
        'validate(): max_file_size 0',
        (root, home) => {
          writeFileSync(join(root, 'drift.toml'), '[scan]\nmax_file_size = 0\n');
          return { HOME: home };
        },
      ],
      [
        'validate(): a NaN dominance threshold',
        (_root, home) => ({ HOME: home, DRIFT_ANALYSIS_DOMINANCE_THRESHOLD: 'NaN' }),
      ],
    ];
    for (const [label, prepare] of cases) {
      const root = tempDir();
      const { factory } = recordingFactory();
      const runtime = DriftRuntime.open(factory, { projectRoot: root, env: prepare(root, tempDir()) });
      expect(runtime.configSource, label).toBe('defaults');
      expect(runtime.config, label).toEqual({});
      expect(runtime.configWarning, label).not.toBeNull();
      runtime.close();
    }
  });

  it('a configWarning quotes a long project path cut, with its length (issue 13)', () => {
    // A real folder whose path is about 2000 characters: 16 nested names of 120 characters.
    let root = tempDir();
    for (let i = 0; i < 16; i += 1) root = join(root, String(i % 10).repeat(120));
    mkdirSync(root, { recursive: true });
    writeFileSync(join(root, 'drift.toml'), '[scan]\nmax_file_size = "big"\n');
    const { factory } = recordingFactory();
    const runtime = DriftRuntime.open(factory, {
      dbPath: join(tempDir(), 'drift.db'),
      projectRoot: root,
      env: { HOME: tempDir() },
    });
    const warning = runtime.configWarning ?? '';
    const path = join(root, 'drift.toml');
    expect(
      warning.startsWith(`Config parse error in ${path.slice(0, 120)}… (${path.length} characters): `),
    ).toBe(true);
    expect(warning).toContain('expected u64 for key `scan.max_file_size`');
    expect(warning.length).toBeLessThan(400);
    runtime.close();
  });

  it('a user file that cannot be read is skipped, not fatal (merge_toml_file FileNotFound)', () => {
    const root = tempDir();
    const home = tempDir();
    mkdirSync(join(home, '.drift', 'config.toml'), { recursive: true }); // a folder: exists, unreadable
    writeFileSync(join(root, 'drift.toml'), '[scan]\nmax_file_size = 7\n');
    const { factory } = recordingFactory();
    const runtime = DriftRuntime.open(factory, { projectRoot: root, env: { HOME: home } });
    expect(runtime.config).toEqual({ scan: { max_file_size: 7 } });
    runtime.close();
  });

  it('TOML text replaces every layer: no file, no variable, no validation (from_toml)', () => {
    const root = tempDir();
    writeFileSync(join(root, 'drift.toml'), '[scan]\nmax_file_size = 1\n');
    const { factory } = recordingFactory();
    const runtime = DriftRuntime.open(factory, {
      projectRoot: root,
      configToml: '[mcp]\nmax_response_tokens = 500\nenabled = true\n[scan]\ninclude = ["src/**"]\n',
      env: env({ DRIFT_SCAN_MAX_FILE_SIZE: '9' }),
    });
    expect(runtime.configSource).toBe('argument');
    // McpConfig has no `enabled`: serde ignores it. `include` is kept (no merge on this path).
    expect(runtime.config).toEqual({ mcp: { max_response_tokens: 500 }, scan: { include: ['src/**'] } });
    runtime.close();
  });

  it('without a project root or TOML text: the defaults, whatever the variables say', () => {
    const { factory } = recordingFactory();
    const runtime = DriftRuntime.open(factory, {
      dbPath: join(tempDir(), 'drift.db'),
      env: env({ DRIFT_SCAN_MAX_FILE_SIZE: '9' }),
    });
    expect(runtime.configSource).toBe('defaults');
    expect(runtime.config).toEqual({});
    runtime.close();
  });

  it('parseDriftConfig returns frozen typed data', () => {
    const config = parseDriftConfig(
      '[quality_gates]\nfail_on = "error"\n[analysis]\ndetector_thresholds = { a = 1 }\n',
    );
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.quality_gates)).toBe(true);
    expect(config).toEqual({
      quality_gates: { fail_on: 'error' },
      analysis: { detector_thresholds: { a: 1 } },
    });
  });
});
