import {
  BATCH_COMMAND_TYPES,
  BATCH_COMMANDS,
  type BatchCommand,
  type BatchCommandType,
  type BatchSink,
  type BatchWriter,
  batchCommand,
  encodeBatchCommand,
  isStorageError,
  type StorageError,
} from '@drift/storage-traits';
import { sampleCommand, sampleRow } from '@drift/storage-traits/testing';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DriftStorageEngine } from '../src/engine.js';
import { tempDbPath } from './helpers/temp.js';
import { testBatchWriter } from './helpers/test-batch-writer.js';

type RowCommand = Exclude<BatchCommandType, 'DeleteFileMetadata'>;
type Row = Record<string, unknown>;

/** A column the store fills itself with `unixepoch()`. */
const NOW = Symbol('now');

/** Where each command's rows land, and what the store puts in the columns the row does not carry. */
const TARGET: Readonly<Record<RowCommand, { table: string; autoId?: true; extra: Readonly<Row> }>> = {
  UpsertFileMetadata: {
    table: 'file_metadata',
    extra: { pattern_count: 0, function_count: 0, error_count: 0, error: null },
  },
  InsertParseCache: { table: 'parse_cache', extra: {} },
  InsertFunctions: { table: 'functions', autoId: true, extra: {} },
  InsertCallEdges: { table: 'call_edges', extra: {} },
  InsertDetections: { table: 'detections', autoId: true, extra: { created_at: NOW } },
  InsertBoundaries: { table: 'boundaries', autoId: true, extra: { created_at: NOW } },
  InsertPatternConfidence: { table: 'pattern_confidence', extra: { last_updated: NOW } },
  InsertOutliers: { table: 'outliers', autoId: true, extra: { created_at: NOW } },
  InsertConventions: { table: 'conventions', autoId: true, extra: {} },
  InsertScanHistory: {
    table: 'scan_history',
    autoId: true,
    extra: {
      status: 'running',
      completed_at: null,
      total_files: null,
      added_files: null,
      modified_files: null,
      removed_files: null,
      unchanged_files: null,
      duration_ms: null,
      error: null,
    },
  },
  InsertDataAccess: { table: 'data_access', extra: {} },
  InsertReachabilityCache: { table: 'reachability_cache', extra: { computed_at: NOW } },
  InsertTaintFlows: { table: 'taint_flows', autoId: true, extra: { created_at: NOW } },
  InsertErrorGaps: { table: 'error_gaps', autoId: true, extra: { created_at: NOW } },
  InsertImpactScores: { table: 'impact_scores', extra: { updated_at: NOW } },
  InsertTestQuality: { table: 'test_quality', extra: { updated_at: NOW } },
  InsertCouplingMetrics: { table: 'coupling_metrics', extra: { updated_at: NOW } },
  InsertCouplingCycles: { table: 'coupling_cycles', autoId: true, extra: { created_at: NOW } },
  InsertViolations: { table: 'violations', extra: { created_at: NOW } },
  InsertGateResults: { table: 'gate_results', autoId: true, extra: { run_at: NOW } },
  InsertDegradationAlerts: { table: 'degradation_alerts', autoId: true, extra: { created_at: NOW } },
  InsertWrappers: { table: 'wrappers', autoId: true, extra: { created_at: NOW } },
  InsertCryptoFindings: { table: 'crypto_findings', autoId: true, extra: { created_at: NOW } },
  InsertDnaGenes: { table: 'dna_genes', extra: { updated_at: NOW } },
  InsertDnaMutations: { table: 'dna_mutations', extra: { resolved: 0, resolved_at: null } },
  InsertSecrets: { table: 'secrets', autoId: true, extra: { created_at: NOW } },
  InsertConstants: { table: 'constants', autoId: true, extra: { created_at: NOW } },
  InsertEnvVariables: { table: 'env_variables', autoId: true, extra: { created_at: NOW } },
  InsertOwaspFindings: { table: 'owasp_findings', extra: { created_at: NOW } },
  InsertDecompositionDecisions: {
    table: 'decomposition_decisions',
    autoId: true,
    extra: { created_at: NOW },
  },
  InsertContracts: { table: 'contracts', extra: { created_at: NOW, updated_at: NOW } },
  InsertContractMismatches: { table: 'contract_mismatches', autoId: true, extra: { created_at: NOW } },
};

const ROW_COMMANDS = BATCH_COMMAND_TYPES.filter((t): t is RowCommand => t !== 'DeleteFileMetadata');

/** The key columns of the commands the reference writes with INSERT OR REPLACE. */
const REPLACE_KEYS: Readonly<Partial<Record<RowCommand, readonly string[]>>> = {
  UpsertFileMetadata: ['path'],
  InsertParseCache: ['contentHash'],
  InsertFunctions: ['file', 'name', 'line'],
  InsertCallEdges: ['callerId', 'calleeId', 'callSiteLine'],
  InsertPatternConfidence: ['patternId'],
  InsertReachabilityCache: ['sourceNode', 'direction'],
  InsertImpactScores: ['functionId'],
  InsertTestQuality: ['functionId'],
  InsertCouplingMetrics: ['module'],
  InsertViolations: ['id'],
  InsertDnaGenes: ['geneId'],
  InsertDnaMutations: ['id'],
  InsertOwaspFindings: ['id'],
  InsertContracts: ['id'],
};

/** `columnNum` -> `column_num`: every batch row field is its column's name in camelCase. */
const snake = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** A row value as SQLite gives it back: booleans as 0/1, bytes as a Buffer. */
function stored(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Uint8Array) return Buffer.from(value);
  return value;
}

/** The columns a row should produce, plus the store-filled ones (NOW stands for "about now"). */
function expectedColumns(type: RowCommand, row: unknown): Row {
  const out: Row = {};
  for (const [field, value] of Object.entries(row as Row)) out[snake(field)] = stored(value);
  return { ...out, ...TARGET[type].extra };
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Checks one stored row: every column is accounted for and equals what was sent. */
function expectRow(type: RowCommand, actual: Row, expected: Row, window: { from: number; to: number }): void {
  const rest: Row = { ...actual };
  if (TARGET[type].autoId) delete rest.id;
  expect(Object.keys(rest).sort()).toEqual(Object.keys(expected).sort());
  for (const [column, want] of Object.entries(expected)) {
    if (want === NOW) {
      expect(typeof rest[column], column).toBe('number');
      expect(rest[column] as number, column).toBeGreaterThanOrEqual(window.from);
      expect(rest[column] as number, column).toBeLessThanOrEqual(window.to);
    } else {
      expect(rest[column], column).toEqual(want);
    }
  }
}

const engines: DriftStorageEngine[] = [];
const raws: BetterSqlite3.Database[] = [];
afterEach(() => {
  for (const db of raws.splice(0)) db.close();
  for (const e of engines.splice(0)) e.close();
});

/** A temp-file engine with the test batch writer, its sink, and a separate raw connection to read back. */
function setup(): {
  engine: DriftStorageEngine;
  sink: BatchSink;
  writer: BatchWriter;
  raw: BetterSqlite3.Database;
} {
  const path = tempDbPath();
  let sink: BatchSink | undefined;
  let writer: BatchWriter | undefined;
  const engine = DriftStorageEngine.open(path, {
    batchWriter: (s) => {
      sink = s;
      writer = testBatchWriter(s);
      return writer;
    },
  });
  engines.push(engine);
  const raw = new BetterSqlite3(path);
  raws.push(raw);
  return { engine, sink: sink!, writer: writer!, raw };
}

const all = (raw: BetterSqlite3.Database, table: string): Row[] =>
  raw.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all() as Row[];

/** Changes every field of a row in place, as a careless caller might after sending it. */
function scribble(row: Row): void {
  for (const [field, value] of Object.entries(row)) {
    if (value instanceof Uint8Array) value.fill(0xff);
    else if (typeof value === 'string') row[field] = `${value}-changed`;
    else if (typeof value === 'number') row[field] = value + 7;
    else if (typeof value === 'boolean') row[field] = !value;
    else row[field] = 'was null';
  }
}

describe('sendBatch and sendRaw commit what they accepted (the writer queues a snapshot)', () => {
  it.each(ROW_COMMANDS)(
    '%s: changing the rows, their fields and bytes after sendBatch changes nothing',
    (type) => {
      const { engine, raw } = setup();
      const command = sampleCommand(type, 3);
      const expected = structuredClone(command.rows) as unknown[];
      const from = nowSeconds();
      engine.sendBatch(command);
      for (const row of command.rows) scribble(row as unknown as Row);
      (command.rows as unknown[]).push(sampleRow(type, 9));
      const stats = engine.flushSync();
      const to = nowSeconds();
      const rows = all(raw, TARGET[type].table);
      expect(rows).toHaveLength(3);
      rows.forEach((actual, i) => {
        expectRow(type, actual, expectedColumns(type, expected[i]), { from, to });
      });
      expect([stats[BATCH_COMMANDS[type]], stats.failedCommands]).toEqual([rows.length, 0]);
    },
  );

  it.each(ROW_COMMANDS)('%s: changing the payload after sendRaw changes nothing', (type) => {
    const { engine, raw } = setup();
    const command = sampleCommand(type, 2);
    const payload = encodeBatchCommand(command);
    const from = nowSeconds();
    engine.sendRaw(type, payload);
    payload.fill(0x20);
    const stats = engine.flushSync();
    const to = nowSeconds();
    const rows = all(raw, TARGET[type].table);
    expect(rows).toHaveLength(2);
    rows.forEach((actual, i) => {
      expectRow(type, actual, expectedColumns(type, command.rows[i]), { from, to });
    });
    expect(stats[BATCH_COMMANDS[type]]).toBe(rows.length);
  });

  it('DeleteFileMetadata: changing the paths after sendBatch changes nothing', () => {
    const { engine, raw } = setup();
    engine.sendBatch(sampleCommand('UpsertFileMetadata', 3));
    const paths = [sampleRow('DeleteFileMetadata', 0)];
    engine.sendBatch(batchCommand('DeleteFileMetadata', paths));
    paths[0] = sampleRow('DeleteFileMetadata', 1);
    paths.push(sampleRow('DeleteFileMetadata', 2));
    expect(engine.flushSync().deletedFiles).toBe(1);
    expect(all(raw, 'file_metadata').map((r) => r.path)).toEqual([
      sampleRow('UpsertFileMetadata', 1).path,
      sampleRow('UpsertFileMetadata', 2).path,
    ]);
  });

  it('a getter that throws refuses the command with INVALID_INPUT naming sendBatch; nothing is queued', () => {
    const { engine, raw } = setup();
    const row = { ...sampleRow('InsertDetections', 0) };
    Object.defineProperty(row, 'line', {
      enumerable: true,
      get: () => {
        throw new RangeError('no line');
      },
    });
    expect(() => engine.sendBatch(batchCommand('InsertDetections', [row]))).toThrow(
      expect.objectContaining({
        code: 'INVALID_INPUT',
        operation: 'sendBatch',
        field: 'rows[0].line',
        message:
          'sendBatch: InsertDetections rows[0].line could not be read (reading it threw "RangeError: no line"); the command was refused',
      }),
    );
    expect(engine.flushSync().flushes).toBe(0);
    expect(all(raw, 'detections')).toEqual([]);
  });
});

describe('applyBatch: every command', () => {
  it.each(ROW_COMMANDS)('%s writes every column of every row', (type) => {
    const { engine, raw } = setup();
    const command = sampleCommand(type, 3);
    const from = nowSeconds();
    engine.sendBatch(command);
    const stats = engine.flushSync();
    const to = nowSeconds();

    expect(stats[BATCH_COMMANDS[type]]).toBe(3);
    expect(stats.flushes).toBe(1);
    expect(stats.failedCommands).toBe(0);

    const rows = all(raw, TARGET[type].table);
    expect(rows).toHaveLength(3);
    rows.forEach((actual, i) => {
      expectRow(type, actual, expectedColumns(type, command.rows[i]), { from, to });
      if (TARGET[type].autoId) expect(actual.id).toBe(i + 1);
    });
  });

  it('DeleteFileMetadata removes the given paths only', () => {
    const { engine, raw } = setup();
    engine.sendBatch(sampleCommand('UpsertFileMetadata', 3));
    engine.flushSync();
    const remove = sampleCommand('DeleteFileMetadata', 2);
    expect(remove.rows).toEqual([sampleRow('DeleteFileMetadata', 0), sampleRow('DeleteFileMetadata', 1)]);
    engine.sendBatch(remove);
    const stats = engine.flushSync();
    expect(stats.deletedFiles).toBe(2);
    expect(stats.fileMetadataRows).toBe(3);
    expect(stats.flushes).toBe(2);
    expect(all(raw, 'file_metadata').map((r) => r.path)).toEqual([sampleRow('UpsertFileMetadata', 2).path]);
  });

  it('keeps large integers exact and stores them as INTEGER', () => {
    const { engine, raw } = setup();
    const big = sampleRow('UpsertFileMetadata', 3); // its file size is 2^40
    expect(big.fileSize).toBe(2 ** 40);
    engine.sendBatch(
      batchCommand('UpsertFileMetadata', [
        big,
        { ...sampleRow('UpsertFileMetadata', 4), fileSize: Number.MAX_SAFE_INTEGER, mtimeNanos: -(2 ** 50) },
      ]),
    );
    engine.sendBatch(
      batchCommand('InsertCallEdges', [
        { ...sampleRow('InsertCallEdges', 0), callerId: Number.MAX_SAFE_INTEGER, calleeId: 2 ** 53 - 2 },
      ]),
    );
    engine.flushSync();
    const files = raw
      .prepare('SELECT file_size, typeof(file_size) AS t, mtime_nanos FROM file_metadata ORDER BY rowid')
      .all();
    expect(files).toEqual([
      { file_size: 2 ** 40, t: 'integer', mtime_nanos: big.mtimeNanos },
      { file_size: Number.MAX_SAFE_INTEGER, t: 'integer', mtime_nanos: -(2 ** 50) },
    ]);
    const safe = raw.prepare('SELECT caller_id, callee_id FROM call_edges').safeIntegers(true).get();
    expect(safe).toEqual({ caller_id: BigInt(Number.MAX_SAFE_INTEGER), callee_id: BigInt(2 ** 53 - 2) });
  });

  it('applies every command of a mixed batch in one transaction', () => {
    const { engine, sink, raw } = setup();
    const batch = BATCH_COMMAND_TYPES.map((t) => sampleCommand(t, 2));
    const result = sink.applyBatch(batch);
    expect(result.failures).toEqual([]);
    expect(result.stats.flushes).toBe(1);
    for (const type of BATCH_COMMAND_TYPES) expect(result.stats[BATCH_COMMANDS[type]]).toBe(2);
    // DeleteFileMetadata came after UpsertFileMetadata in the batch: the two files are gone again.
    expect(all(raw, 'file_metadata')).toHaveLength(0);
    expect(all(raw, 'violations')).toHaveLength(2);
    expect(engine.stats().flushes).toBe(0); // the sink was called directly, not through the writer
  });

  it('an empty batch does nothing', () => {
    const { sink } = setup();
    expect(sink.applyBatch([])).toEqual({ stats: {}, failures: [] });
  });
});

describe('applyBatch: replace, upsert and ignore semantics', () => {
  const replaceTypes = Object.keys(REPLACE_KEYS) as RowCommand[];

  // batch/writer.rs writes these with INSERT OR REPLACE: the old row is deleted and the new one
  // inserted, with a rowid past every rowid the table had (so the cloud cursor exports it again).
  it.each(replaceTypes)('%s replaces the row with the same key, under a new rowid', (type) => {
    const { engine, raw } = setup();
    const first = sampleRow(type, 0) as Row;
    // Row 1 has other values everywhere (and nulls in the nullable columns); give it row 0's key.
    const second: Row = { ...(sampleRow(type, 1) as Row) };
    for (const key of REPLACE_KEYS[type]!) second[key] = first[key];
    const table = TARGET[type].table;

    engine.sendBatch({ type, rows: [first] } as unknown as BatchCommand);
    engine.flushSync();
    const rowidBefore = (raw.prepare(`SELECT max(rowid) AS r FROM ${table}`).get() as { r: number }).r;
    // Backdate the store-filled timestamps so the replacement visibly resets them.
    const stamps = Object.keys(TARGET[type].extra).filter((c) => TARGET[type].extra[c] === NOW);
    for (const c of stamps) raw.prepare(`UPDATE ${table} SET ${c} = 1`).run();

    const from = nowSeconds();
    engine.sendBatch({ type, rows: [second] } as unknown as BatchCommand);
    const stats = engine.flushSync();
    const to = nowSeconds();

    expect(stats[BATCH_COMMANDS[type]]).toBe(2);
    const rows = all(raw, table);
    expect(rows).toHaveLength(1);
    expectRow(type, rows[0]!, expectedColumns(type, second), { from, to });
    const rowidAfter = (raw.prepare(`SELECT rowid AS r FROM ${table}`).get() as { r: number }).r;
    expect(rowidAfter).toBe(rowidBefore + 1);
  });

  it('a replaced last row gets a rowid past the old one, not its own back (REPLACE, not delete + insert)', () => {
    const { engine, raw } = setup();
    engine.sendBatch(sampleCommand('InsertCouplingMetrics', 3));
    engine.flushSync();
    const last = { ...sampleRow('InsertCouplingMetrics', 2), ce: 99 };
    engine.sendBatch(batchCommand('InsertCouplingMetrics', [last]));
    engine.flushSync();
    // SQLite allocates the new rowid before it deletes the conflicting row: 4, not 3.
    expect(raw.prepare('SELECT rowid AS r, module, ce FROM coupling_metrics ORDER BY rowid').all()).toEqual([
      {
        r: 1,
        module: sampleRow('InsertCouplingMetrics', 0).module,
        ce: sampleRow('InsertCouplingMetrics', 0).ce,
      },
      {
        r: 2,
        module: sampleRow('InsertCouplingMetrics', 1).module,
        ce: sampleRow('InsertCouplingMetrics', 1).ce,
      },
      { r: 4, module: last.module, ce: 99 },
    ]);
  });

  it('UpsertFileMetadata resets the counter caches and error of a replaced file', () => {
    const { engine, raw } = setup();
    const row = sampleRow('UpsertFileMetadata', 0);
    engine.sendBatch(batchCommand('UpsertFileMetadata', [row]));
    engine.flushSync();
    raw
      .prepare(
        "UPDATE file_metadata SET pattern_count = 5, function_count = 7, error_count = 2, error = 'boom'",
      )
      .run();
    engine.sendBatch(batchCommand('UpsertFileMetadata', [{ ...row, fileSize: 1 }]));
    engine.flushSync();
    expect(
      raw
        .prepare('SELECT file_size, pattern_count, function_count, error_count, error FROM file_metadata')
        .all(),
    ).toEqual([{ file_size: 1, pattern_count: 0, function_count: 0, error_count: 0, error: null }]);
  });

  it('InsertDnaMutations marks a re-sent mutation unresolved again', () => {
    const { engine, raw } = setup();
    const row = sampleRow('InsertDnaMutations', 0);
    engine.sendBatch(batchCommand('InsertDnaMutations', [row]));
    engine.flushSync();
    raw.prepare('UPDATE dna_mutations SET resolved = 1, resolved_at = 123').run();
    engine.sendBatch(batchCommand('InsertDnaMutations', [row]));
    engine.flushSync();
    expect(raw.prepare('SELECT resolved, resolved_at FROM dna_mutations').all()).toEqual([
      { resolved: 0, resolved_at: null },
    ]);
  });

  // batch/writer.rs insert_functions: INSERT OR REPLACE on UNIQUE(file, name, line), so a re-sent
  // function is a new row with a new AUTOINCREMENT id (this test expected the old id to be kept
  // before; that was not the reference's behaviour). Call edges naming the old id are left alone.
  it('InsertFunctions replaces a function with the same file, name and line under a new id', () => {
    const { engine, raw } = setup();
    engine.sendBatch(sampleCommand('InsertFunctions', 2));
    engine.sendBatch(batchCommand('InsertCallEdges', [{ ...sampleRow('InsertCallEdges', 0), callerId: 1 }]));
    engine.flushSync();
    const again = { ...sampleRow('InsertFunctions', 0), endLine: 999 };
    engine.sendBatch(batchCommand('InsertFunctions', [again]));
    engine.flushSync();
    expect(raw.prepare('SELECT id, name, end_line FROM functions ORDER BY id').all()).toEqual([
      { id: 2, name: 'handler1', end_line: sampleRow('InsertFunctions', 1).endLine },
      { id: 3, name: 'handler0', end_line: 999 },
    ]);
    expect(raw.prepare('SELECT caller_id FROM call_edges').all()).toEqual([{ caller_id: 1 }]);
  });

  it('InsertDataAccess ignores a duplicate key and keeps the first row', () => {
    const { engine, raw } = setup();
    const row = sampleRow('InsertDataAccess', 0);
    engine.sendBatch(batchCommand('InsertDataAccess', [row, { ...row, confidence: 0.1, framework: null }]));
    const stats = engine.flushSync();
    expect(stats.dataAccessRows).toBe(2); // counted as sent, like the reference
    expect(all(raw, 'data_access')).toEqual([expectedColumns('InsertDataAccess', row)]);
  });

  it('plain-insert commands append duplicates', () => {
    const { engine, raw } = setup();
    const row = sampleRow('InsertDetections', 0);
    engine.sendBatch(batchCommand('InsertDetections', [row, row]));
    engine.flushSync();
    expect(all(raw, 'detections').map((r) => r.id)).toEqual([1, 2]);
  });
});

describe('applyBatch: a failing command', () => {
  /**
   * Valid input that the database refuses: triggers (standing in for a constraint the caller cannot
   * see) abort any row whose pattern id is 'poison'.
   */
  const poison = (raw: BetterSqlite3.Database) => {
    raw.exec(`CREATE TRIGGER poison_detections BEFORE INSERT ON detections WHEN NEW.pattern_id = 'poison'
                BEGIN SELECT RAISE(ABORT, 'poisoned detection row'); END;
              CREATE TRIGGER poison_confidence BEFORE INSERT ON pattern_confidence WHEN NEW.pattern_id = 'poison'
                BEGIN SELECT RAISE(ABORT, 'poisoned confidence row'); END;`);
  };
  const poisoned = () =>
    batchCommand('InsertDetections', [
      sampleRow('InsertDetections', 10),
      { ...sampleRow('InsertDetections', 11), patternId: 'poison' },
    ]);

  it('is rolled back alone and reported with its index and name', () => {
    const { sink, raw } = setup();
    poison(raw);
    const result = sink.applyBatch([
      sampleCommand('InsertDetections', 3),
      poisoned(),
      sampleCommand('InsertSecrets', 2),
      sampleCommand('UpsertFileMetadata', 1),
    ]);
    expect(result.failures).toHaveLength(1);
    const failure = result.failures[0]!;
    expect(failure.index).toBe(1);
    expect(failure.command).toBe('InsertDetections');
    expect(isStorageError(failure.error, 'INVALID_INPUT')).toBe(true);
    expect(failure.error.command).toBe('InsertDetections');
    expect(failure.error.message).toContain('InsertDetections');
    expect(failure.error.message).toContain('row 1');
    expect(failure.error.message).toContain('poisoned detection row');
    expect(result.stats).toEqual({ detectionRows: 3, secretRows: 2, fileMetadataRows: 1, flushes: 1 });

    // The first row of the poisoned command was written and then rolled back with it.
    expect(all(raw, 'detections').map((r) => r.file)).toEqual(
      [0, 1, 2].map((i) => sampleRow('InsertDetections', i).file),
    );
    expect(all(raw, 'secrets')).toHaveLength(2);
    expect(all(raw, 'file_metadata')).toHaveLength(1);
  });

  it('through the writer: good commands commit, the next flushSync throws the failure list', () => {
    const { engine, raw } = setup();
    poison(raw);
    engine.sendBatch(sampleCommand('InsertSecrets', 2));
    engine.sendBatch(poisoned());
    engine.sendBatch(sampleCommand('InsertViolations', 3));
    let thrown: unknown;
    try {
      engine.flushSync();
    } catch (error) {
      thrown = error;
    }
    expect(isStorageError(thrown)).toBe(true);
    const error = thrown as StorageError;
    expect(error.command).toBe('InsertDetections');
    expect(error.message).toContain('#1 InsertDetections');
    expect(error.message).toContain('poisoned detection row');

    const stats = engine.stats();
    expect(stats.secretRows).toBe(2);
    expect(stats.violationRows).toBe(3);
    expect(stats.detectionRows).toBe(0);
    expect(stats.failedCommands).toBe(1);
    expect(stats.flushes).toBe(1);
    expect(all(raw, 'secrets')).toHaveLength(2);
    expect(all(raw, 'violations')).toHaveLength(3);
    expect(all(raw, 'detections')).toHaveLength(0);

    // Reported once: the next flush is clean.
    expect(engine.flushSync().failedCommands).toBe(1);
  });

  it('several failures in one batch are all reported by the next flush', async () => {
    const { engine, writer, raw } = setup();
    poison(raw);
    engine.sendBatch(poisoned());
    engine.sendBatch(sampleCommand('InsertOutliers', 1));
    engine.sendBatch(
      batchCommand('InsertPatternConfidence', [
        { ...sampleRow('InsertPatternConfidence', 0), patternId: 'poison' },
      ]),
    );
    engine.flush(); // fire-and-forget: applies now, keeps the failures for the next flush
    expect(all(raw, 'outliers')).toHaveLength(1);
    expect(engine.stats().failedCommands).toBe(2);
    await expect(writer.flush()).rejects.toThrow(
      /2 batch command\(s\) failed[\s\S]*#0 InsertDetections[\s\S]*#2 InsertPatternConfidence/,
    );
    await expect(writer.flush()).resolves.toBeUndefined();
  });
});

describe('applyBatch: malformed input reaching the sink directly', () => {
  it('an unknown command or missing rows fail alone, the rest commits', () => {
    const { sink, raw } = setup();
    const result = sink.applyBatch([
      { type: 'NoSuchCommand', rows: [] } as unknown as BatchCommand,
      { type: 'InsertSecrets' } as unknown as BatchCommand,
      sampleCommand('InsertSecrets', 1),
    ]);
    expect(result.failures.map((f) => [f.index, f.command, f.error.code])).toEqual([
      [0, 'NoSuchCommand', 'INVALID_INPUT'],
      [1, 'InsertSecrets', 'INVALID_INPUT'],
    ]);
    expect(result.stats).toEqual({ secretRows: 1, flushes: 1 });
    expect(all(raw, 'secrets')).toHaveLength(1);
  });
});
