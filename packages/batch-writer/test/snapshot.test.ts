// What send accepted is what is committed: the writer queues a checked snapshot of each command, so a
// caller that changes its objects after sendBatch/sendRaw/send changes nothing in the database, and the
// counters flushSync returns match the rows the database holds.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DriftStorageEngine } from '@drift/storage-sqlite';
import {
  type BatchCommand,
  type BatchWriter,
  type DetectionInsertRow,
  type DetectionRow,
  encodeBatchCommand,
  type FileMetadataInsertRow,
  isStorageError,
  StorageError,
} from '@drift/storage-traits';
import { sampleRow } from '@drift/storage-traits/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createBatchWriter } from '../src/index.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** A file engine with this package's writer (the writer is captured for direct `send` calls). */
function setup(): { engine: DriftStorageEngine; writer: BatchWriter } {
  const dir = mkdtempSync(join(tmpdir(), 'drift-snapshot-'));
  let writer: BatchWriter | undefined;
  const engine = DriftStorageEngine.open(join(dir, 'drift.db'), {
    batchWriter: (sink) => {
      writer = createBatchWriter(sink);
      return writer;
    },
  });
  cleanups.push(() => {
    if (!engine.isClosed()) engine.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { engine, writer: writer! };
}

const detection = (i: number): DetectionInsertRow => sampleRow('InsertDetections', i);
const fileRow = (i: number): FileMetadataInsertRow => sampleRow('UpsertFileMetadata', i);

/** The detections the database holds, as their insert rows, in line order. */
function storedDetections(engine: DriftStorageEngine): DetectionInsertRow[] {
  return engine
    .queryAllDetections(1000)
    .map(({ id: _id, createdAt: _at, ...row }: DetectionRow) => row)
    .sort((a, b) => a.line - b.line);
}

/** The file row the database holds for `path`, as its insert row (null when absent). */
function storedFile(engine: DriftStorageEngine, path: string): FileMetadataInsertRow | null {
  const row = engine.getFileMetadata(path);
  if (row === null) return null;
  const { patternCount: _p, functionCount: _f, errorCount: _e, error: _err, ...insert } = row;
  return insert;
}

function thrown(run: () => void): StorageError {
  try {
    run();
  } catch (error) {
    if (isStorageError(error)) return error;
    throw error;
  }
  throw new Error('expected a StorageError');
}

describe('what send accepted is what is committed', () => {
  it('emptying, growing or replacing the rows array after sendBatch changes nothing', () => {
    const { engine } = setup();
    const sent = [detection(0), detection(1), detection(2)];
    const emptied: DetectionInsertRow[] = [...sent];
    engine.sendBatch({ type: 'InsertDetections', rows: emptied });
    emptied.length = 0;
    const grown: DetectionInsertRow[] = [detection(3)];
    engine.sendBatch({ type: 'InsertDetections', rows: grown });
    grown.push(detection(4), detection(5));
    const replaced: DetectionInsertRow[] = [detection(6)];
    const command = { type: 'InsertDetections', rows: replaced } as BatchCommand;
    engine.sendBatch(command);
    replaced[0] = detection(7);
    (command as { rows: unknown }).rows = [];

    const stats = engine.flushSync();
    expect(storedDetections(engine)).toEqual([...sent, detection(3), detection(6)]);
    expect(stats.detectionRows).toBe(5);
    expect(engine.countDetections()).toBe(5);
    expect(stats.failedCommands).toBe(0);
  });

  it('changing row fields after send changes nothing, also through the writer directly', () => {
    const { engine, writer } = setup();
    const row = { ...detection(0) };
    engine.sendBatch({ type: 'InsertDetections', rows: [row] });
    row.file = 'src/changed.ts';
    row.line = 999;
    row.confidence = Number.NaN; // would be refused (and SQLite would store NULL) had it been checked
    const direct = { ...detection(1) };
    writer.send({ type: 'InsertDetections', rows: [direct] });
    (direct as { patternId: unknown }).patternId = 42;

    expect(engine.flushSync().detectionRows).toBe(2);
    expect(storedDetections(engine)).toEqual([detection(0), detection(1)]);
  });

  it('changing blob bytes after send changes nothing: the Uint8Array is copied', () => {
    const { engine } = setup();
    const row = fileRow(0);
    const hash = row.contentHash;
    const original = Uint8Array.from(hash);
    engine.sendBatch({ type: 'UpsertFileMetadata', rows: [row] });
    hash.fill(0);
    expect(engine.flushSync().fileMetadataRows).toBe(1);
    expect(storedFile(engine, row.path)).toEqual({ ...row, contentHash: original });
    expect(engine.countFiles()).toBe(1);
  });

  it('reads each getter exactly once, at send, and commits what it returned then', () => {
    const { engine } = setup();
    const base = detection(0);
    const reads = new Map<string, number>();
    const row = {};
    for (const [field, value] of Object.entries(base)) {
      Object.defineProperty(row, field, {
        enumerable: true,
        get() {
          const n = (reads.get(field) ?? 0) + 1;
          reads.set(field, n);
          // The first read answers the sent value; any later read would answer something else.
          if (n === 1) return value;
          return field === 'confidence' ? Number.NaN : 'read again';
        },
      });
    }
    engine.sendBatch({ type: 'InsertDetections', rows: [row as DetectionInsertRow] });
    const afterSend = Object.fromEntries(reads);
    expect(afterSend).toEqual(Object.fromEntries(Object.keys(base).map((f) => [f, 1])));
    const stats = engine.flushSync();
    expect(Object.fromEntries(reads)).toEqual(afterSend); // the commit read nothing of the caller's row
    expect(storedDetections(engine)).toEqual([base]);
    expect([stats.detectionRows, stats.failedCommands]).toEqual([1, 0]);
  });

  it('runs each Proxy trap once per property, and nothing else, for the command, rows and row', () => {
    const { engine } = setup();
    const traps: string[] = [];
    const spy = <T extends object>(label: string, target: T): T =>
      new Proxy(target, {
        get(t, key, receiver) {
          traps.push(`${label}.get ${String(key)}`);
          return Reflect.get(t, key, receiver);
        },
        has(t, key) {
          traps.push(`${label}.has ${String(key)}`);
          return Reflect.has(t, key);
        },
        ownKeys(t) {
          traps.push(`${label}.ownKeys`);
          return Reflect.ownKeys(t);
        },
        getOwnPropertyDescriptor(t, key) {
          traps.push(`${label}.getOwnPropertyDescriptor ${String(key)}`);
          return Reflect.getOwnPropertyDescriptor(t, key);
        },
        getPrototypeOf(t) {
          traps.push(`${label}.getPrototypeOf`);
          return Reflect.getPrototypeOf(t);
        },
      });
    const base = detection(0);
    const rowProxy = spy('row', { ...base });
    const rowsProxy = spy('rows', [rowProxy]);
    engine.sendBatch(spy('command', { type: 'InsertDetections', rows: rowsProxy }) as BatchCommand);
    expect(traps).toEqual([
      'command.get type',
      'command.get rows',
      'rows.get length',
      'rows.get 0',
      ...Object.keys(base).map((field) => `row.get ${field}`),
    ]);
    traps.length = 0;
    expect(engine.flushSync().detectionRows).toBe(1);
    expect(traps).toEqual([]);
    expect(storedDetections(engine)).toEqual([base]);
  });

  it('refuses a command whose getter throws with INVALID_INPUT, and queues nothing of it', () => {
    const { engine, writer } = setup();
    const row = { ...detection(1) };
    Object.defineProperty(row, 'patternId', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    const error = thrown(() =>
      engine.sendBatch({ type: 'InsertDetections', rows: [detection(0), row as DetectionInsertRow] }),
    );
    expect([error.code, error.operation, error.command, error.field]).toEqual([
      'INVALID_INPUT',
      'sendBatch',
      'InsertDetections',
      'rows[1].patternId',
    ]);
    expect(error.message).toBe(
      'sendBatch: InsertDetections rows[1].patternId could not be read (reading it threw "Error: boom"); the command was refused',
    );
    expect((error.cause as Error).message).toBe('boom');
    const viaWriter = thrown(() =>
      writer.send({ type: 'InsertDetections', rows: [row as DetectionInsertRow] }),
    );
    expect(viaWriter.message).toMatch(/^send: InsertDetections rows\[0\]\.patternId could not be read/);
    const stats = engine.flushSync();
    expect([stats.detectionRows, stats.flushes, stats.failedCommands]).toEqual([0, 0, 0]);
    expect(engine.countDetections()).toBe(0);
  });

  it('a Proxy whose rows trap throws is refused the same way', () => {
    const { engine } = setup();
    const command = new Proxy(
      { type: 'InsertDetections', rows: [] },
      {
        get(target, key) {
          if (key === 'rows') throw new TypeError('revoked');
          return Reflect.get(target, key);
        },
      },
    );
    const error = thrown(() => engine.sendBatch(command as BatchCommand));
    expect(error.message).toBe(
      'sendBatch: InsertDetections rows could not be read (reading it threw "TypeError: revoked"); the command was refused',
    );
    expect(engine.flushSync().flushes).toBe(0);
  });

  it('changing the payload bytes after sendRaw changes nothing', () => {
    const { engine } = setup();
    const rows = [detection(0), detection(1)];
    const payload = encodeBatchCommand({ type: 'InsertDetections', rows });
    engine.sendRaw('InsertDetections', payload);
    payload.fill(0x20); // all spaces: no longer a command at all
    const file = fileRow(2);
    const filePayload = encodeBatchCommand({ type: 'UpsertFileMetadata', rows: [file] });
    engine.sendRaw('UpsertFileMetadata', filePayload);
    filePayload.fill(0x41);
    const stats = engine.flushSync();
    expect(storedDetections(engine)).toEqual(rows);
    expect(storedFile(engine, file.path)).toEqual(file);
    expect([stats.detectionRows, stats.fileMetadataRows]).toEqual([
      engine.countDetections(),
      engine.countFiles(),
    ]);
  });

  it('fields beyond the command are neither read nor kept', () => {
    const { engine } = setup();
    let extraReads = 0;
    const row = { ...detection(0) };
    Object.defineProperty(row, 'extra', {
      enumerable: true,
      get() {
        extraReads++;
        return 'x';
      },
    });
    engine.sendBatch({ type: 'InsertDetections', rows: [row] });
    engine.flushSync();
    expect(extraReads).toBe(0);
    expect(storedDetections(engine)).toEqual([detection(0)]);
  });
});

describe('messages of the batch writer', () => {
  it('name the method the caller called and never quote a huge value', () => {
    const { engine, writer } = setup();
    const huge = 'x'.repeat(5_000_000);
    const error = thrown(() =>
      engine.sendBatch({
        type: 'InsertDetections',
        rows: [{ ...detection(0), line: huge as unknown as number }],
      }),
    );
    expect(error.message).toBe(
      `sendBatch: InsertDetections rows[0].line must be a safe integer, got a string of 5000000 characters ("${'x'.repeat(120)}…")`,
    );
    const hugeType = thrown(() => engine.sendBatch({ type: huge, rows: [] } as unknown as BatchCommand));
    expect(hugeType.message).toBe(
      `sendBatch: unknown batch command "${'x'.repeat(120)}…" (a string of 5000000 characters); type must be one of the 33 batch command names (see BatchCommandType)`,
    );
    const rows = thrown(() =>
      writer.send({ type: 'InsertDetections', rows: { length: 3 } } as unknown as BatchCommand),
    );
    expect(rows.message).toBe('send: InsertDetections rows must be an array, got an object');
    const raw = thrown(() => engine.sendRaw('InsertDetections', new TextEncoder().encode(`[${huge}`)));
    expect(raw.message.length).toBeLessThan(400);
    expect(raw.message).toMatch(/^sendRaw: InsertDetections payload \(5000001 bytes\) is not UTF-8 JSON: "/);
  });

  it('queue full and shut down name the method and say nothing was queued', () => {
    const dir = mkdtempSync(join(tmpdir(), 'drift-snapshot-'));
    const engine = DriftStorageEngine.open(join(dir, 'drift.db'), {
      batchWriter: (sink) => createBatchWriter(sink, { queueCapacity: 1 }),
    });
    cleanups.push(() => {
      if (!engine.isClosed()) engine.close();
      rmSync(dir, { recursive: true, force: true });
    });
    engine.sendBatch({ type: 'InsertDetections', rows: [detection(0)] });
    expect(thrown(() => engine.sendBatch({ type: 'InsertDetections', rows: [detection(1)] })).message).toBe(
      "sendBatch: the batch writer's queue is full (1 commands waiting); await flush() and send again (nothing was queued)",
    );
    engine.shutdown();
    const closed = thrown(() =>
      engine.sendRaw('InsertDetections', encodeBatchCommand({ type: 'InsertDetections', rows: [] })),
    );
    expect([closed.code, closed.message]).toEqual([
      'CLOSED',
      'sendRaw: the batch writer has been shut down; nothing was queued (open a new engine or writer to write more)',
    ]);
    expect(engine.countDetections()).toBe(1);
  });

  it('options: names createBatchWriter and describes the value with the right article', () => {
    const sink = { applyBatch: () => ({ stats: {}, failures: [] }) };
    expect(thrown(() => createBatchWriter(sink, { batchSize: 0 })).message).toBe(
      'createBatchWriter: options.batchSize must be a positive integer, got the number 0',
    );
    expect(
      thrown(() => createBatchWriter(sink, { flushTimeoutMs: 'x'.repeat(1000) as unknown as number }))
        .message,
    ).toBe(
      `createBatchWriter: options.flushTimeoutMs must be a positive integer, got a string of 1000 characters ("${'x'.repeat(120)}…")`,
    );
    expect(thrown(() => createBatchWriter(sink, { queueCapacity: null as unknown as number })).message).toBe(
      'createBatchWriter: options.queueCapacity must be a positive integer, got null',
    );
  });

  it('a report of many failures lists ten and counts the rest', () => {
    // A sink that refuses every command, as an engine reports commands its database refused.
    const sink = {
      applyBatch: (commands: readonly BatchCommand[]) => ({
        stats: {},
        failures: commands.map((command, index) => ({
          index,
          command: command.type,
          error: new StorageError('INVALID_INPUT', `refused #${index}`),
        })),
      }),
    };
    const writer = createBatchWriter(sink);
    for (let i = 0; i < 12; i++) writer.send({ type: 'InsertDetections', rows: [detection(i)] });
    const error = thrown(() => writer.flushSync());
    expect(error.message.split('\n')).toEqual([
      'flushSync: 12 batch command(s) failed and were rolled back (the other commands of their batches were committed):',
      ...Array.from({ length: 10 }, (_, i) => `#${i + 1} InsertDetections: refused #${i}`),
      "... and 2 more (see the error's cause)",
    ]);
    expect((error.cause as StorageError[]).map((e) => e.message)).toEqual(
      Array.from({ length: 12 }, (_, i) => `refused #${i}`),
    );
  });
});
