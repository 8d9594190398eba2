import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DriftStorageEngine } from '@drift/storage-sqlite';
import {
  type BatchCommand,
  type BatchSink,
  type BatchWriter,
  batchCommand,
  isStorageError,
  StorageError,
} from '@drift/storage-traits';
import { sampleCommand, sampleRow } from '@drift/storage-traits/testing';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type CreateBatchWriterOptions, createBatchWriter } from '../src/index.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

interface Setup {
  readonly engine: DriftStorageEngine;
  /** The writer the engine was given (captured from the factory). */
  readonly writer: BatchWriter;
  readonly path: string;
}

/** A file engine with this package's writer; `wrapSink` may stand between writer and the real sink. */
function setup(
  options: CreateBatchWriterOptions = {},
  wrapSink?: (sink: BatchSink) => BatchSink,
  busyTimeoutMs?: number,
): Setup {
  const dir = mkdtempSync(join(tmpdir(), 'drift-writer-'));
  const path = join(dir, 'drift.db');
  let writer: BatchWriter | undefined;
  const engine = DriftStorageEngine.open(path, {
    ...(busyTimeoutMs === undefined ? {} : { busyTimeoutMs }),
    batchWriter: (sink) => {
      writer = createBatchWriter(wrapSink ? wrapSink(sink) : sink, options);
      return writer;
    },
  });
  cleanups.push(() => {
    if (!engine.isClosed()) {
      try {
        engine.close();
      } catch {
        // a test may leave reported failures behind; the folder goes anyway
      }
    }
    rmSync(dir, { recursive: true, force: true });
  });
  return { engine, writer: writer!, path };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

function detections(from: number, count: number): BatchCommand {
  return sampleCommand('InsertDetections', count, from);
}

describe('scheduling', () => {
  // The writer's clock is faked here (timers and immediates only, not Date): what these tests pin is
  // when each batch commits relative to the timeout, which a loaded machine's real clock cannot show.
  const useFakeClock = () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate'] });
    cleanups.push(() => vi.useRealTimers());
  };

  it('send() runs no SQL on the caller stack; the timeout commits a partial batch', () => {
    useFakeClock();
    const { engine } = setup({ flushTimeoutMs: 30 });
    const before = engine.connectionUsage().batch;
    engine.sendBatch(detections(0, 3));
    expect(engine.connectionUsage().batch).toBe(before);
    expect(engine.countDetections()).toBe(0);
    vi.advanceTimersByTime(29);
    expect(engine.countDetections()).toBe(0); // under the batch size: waits for the timeout
    vi.advanceTimersByTime(1);
    expect(engine.countDetections()).toBe(3);
    expect(engine.connectionUsage().batch).toBeGreaterThan(before);
    expect(engine.stats().flushes).toBe(1);
  });

  it('a full batch commits on the next turn of the event loop; the remainder waits for the timeout', () => {
    useFakeClock();
    const { engine } = setup({ batchSize: 10, flushTimeoutMs: 60 });
    engine.sendBatch(detections(0, 6));
    engine.sendBatch(detections(6, 6)); // 12 rows queued: one batch of 6 is due now (6 + 6 > 10)
    expect(engine.countDetections()).toBe(0);
    vi.advanceTimersByTime(0);
    expect(engine.countDetections()).toBe(6);
    vi.advanceTimersByTime(59);
    expect(engine.countDetections()).toBe(6);
    vi.advanceTimersByTime(1);
    expect(engine.countDetections()).toBe(12);
    expect(engine.stats().flushes).toBe(2);
  });

  it('in the background, commits transactions of at most batchSize rows, never splitting a command', () => {
    useFakeClock();
    const { engine } = setup({ batchSize: 10, flushTimeoutMs: 20 });
    for (let i = 0; i < 7; i++) engine.sendBatch(detections(i * 4, 4)); // 28 rows, 4 per command
    const turns: number[][] = [];
    for (let turn = 0; turn < 3; turn++) {
      vi.advanceTimersToNextTimer(); // one turn of the event loop (the fake clock counts it as 1 ms)
      turns.push([engine.countDetections(), engine.stats().flushes]);
    }
    expect(turns).toEqual([
      [8, 1],
      [16, 2],
      [24, 3],
    ]); // 8 + 8 + 8 rows, one transaction per turn; the next command would make a batch of 12
    expect(vi.getTimerCount()).toBe(1); // only the first send's timeout is left
    vi.advanceTimersByTime(10);
    expect(engine.countDetections()).toBe(24);
    vi.advanceTimersByTime(10); // past the 20 ms timeout: the last 4 rows
    const stats = engine.stats();
    expect(stats.detectionRows).toBe(28);
    expect(stats.flushes).toBe(4);
  });

  it('flushSync commits everything queued in one transaction (each command still isolated)', () => {
    const { engine } = setup({ batchSize: 10, flushTimeoutMs: 60_000 });
    for (let i = 0; i < 7; i++) engine.sendBatch(detections(i * 4, 4));
    const stats = engine.flushSync();
    expect(stats.detectionRows).toBe(28);
    expect(stats.flushes).toBe(1);
  });
});

describe('flush ordering', () => {
  it('a read after flushSync sees every row sent before it', () => {
    const { engine } = setup({ flushTimeoutMs: 60_000 });
    const files = [0, 1, 2, 3].map((i) => sampleRow('UpsertFileMetadata', i));
    engine.sendBatch(batchCommand('UpsertFileMetadata', files));
    engine.sendBatch(detections(0, 5));
    engine.sendBatch(batchCommand('DeleteFileMetadata', [files[0]!.path]));
    const stats = engine.flushSync();
    expect(engine.countFiles()).toBe(3);
    expect(engine.getFileMetadata(files[0]!.path)).toBeNull();
    expect(engine.getFileMetadata(files[3]!.path)?.fileSize).toBe(files[3]!.fileSize);
    expect(engine.countDetections()).toBe(5);
    expect([stats.fileMetadataRows, stats.detectionRows, stats.deletedFiles]).toEqual([4, 5, 1]);
  });

  it('commands commit in the order they were sent (a later upsert wins)', () => {
    const { engine } = setup({ batchSize: 2 });
    const row = sampleRow('UpsertFileMetadata', 0);
    for (let size = 1; size <= 5; size++)
      engine.sendBatch(batchCommand('UpsertFileMetadata', [{ ...row, fileSize: size }]));
    engine.flushSync();
    expect(engine.getFileMetadata(row.path)?.fileSize).toBe(5);
  });

  it('flush() resolves once everything sent before it is committed', async () => {
    const { engine, writer } = setup({ batchSize: 5, flushTimeoutMs: 60_000 });
    for (let i = 0; i < 6; i++) engine.sendBatch(detections(i * 3, 3));
    const flushed = writer.flush();
    engine.sendBatch(detections(100, 1)); // after the flush call: not required by it
    await flushed;
    expect(engine.countDetections()).toBeGreaterThanOrEqual(18);
    engine.flushSync();
    expect(engine.countDetections()).toBe(19);
  });

  it("the engine's fire-and-forget flush() commits soon without waiting", async () => {
    const { engine } = setup({ flushTimeoutMs: 60_000 });
    engine.sendBatch(detections(0, 2));
    engine.flush();
    expect(engine.countDetections()).toBe(0);
    await tick();
    expect(engine.countDetections()).toBe(2);
  });
});

describe('shutdown and close', () => {
  it('shutdown() drains, commits, stops and returns the final stats; later sends fail with CLOSED', () => {
    const { engine } = setup({ flushTimeoutMs: 60_000 });
    engine.sendBatch(detections(0, 4));
    engine.sendBatch(sampleCommand('InsertSecrets', 2));
    const stats = engine.shutdown();
    expect([stats.detectionRows, stats.secretRows, stats.flushes]).toEqual([4, 2, 1]);
    expect(engine.countDetections()).toBe(4);
    expect(() => engine.sendBatch(detections(10, 1))).toThrow(expect.objectContaining({ code: 'CLOSED' }));
    expect(engine.shutdown().detectionRows).toBe(4); // idempotent
  });

  it('close() loses nothing that was sent, even moments before', () => {
    const { engine, path } = setup({ flushTimeoutMs: 60_000 });
    for (let i = 0; i < 40; i++) engine.sendBatch(detections(i * 25, 25));
    engine.close();
    const reopened = DriftStorageEngine.open(path);
    expect(reopened.countDetections()).toBe(1000);
    reopened.close();
  });
});

describe('failures are reported, never dropped', () => {
  const poison = (path: string) => {
    const raw = new BetterSqlite3(path);
    raw.exec(`CREATE TRIGGER poison BEFORE INSERT ON detections WHEN NEW.pattern_id = 'poison'
              BEGIN SELECT RAISE(ABORT, 'poisoned row'); END;`);
    raw.close();
  };
  const poisoned = batchCommand('InsertDetections', [
    { ...sampleRow('InsertDetections', 50), patternId: 'poison' },
  ]);

  it('a poisoned command is rolled back alone; the next flushSync reports it by name and cause', () => {
    const { engine, path } = setup({ flushTimeoutMs: 60_000 });
    poison(path);
    engine.sendBatch(detections(0, 3));
    engine.sendBatch(poisoned);
    engine.sendBatch(sampleCommand('InsertSecrets', 2));
    let caught: unknown;
    try {
      engine.flushSync();
    } catch (error) {
      caught = error;
    }
    expect(isStorageError(caught, 'INVALID_INPUT')).toBe(true);
    expect((caught as StorageError).command).toBe('InsertDetections');
    expect((caught as StorageError).message).toMatch(
      /1 batch command\(s\) failed[\s\S]*#1 InsertDetections[\s\S]*poisoned row/,
    );
    expect(engine.countDetections()).toBe(3);
    expect(engine.stats().secretRows).toBe(2);
    expect(engine.stats().failedCommands).toBe(1);
    expect(engine.flushSync().failedCommands).toBe(1); // reported once
  });

  it('flush() rejects with the failures and the following flush is clean', async () => {
    const { engine, writer, path } = setup({ flushTimeoutMs: 60_000 });
    poison(path);
    engine.sendBatch(poisoned);
    engine.sendBatch(detections(0, 1));
    await expect(writer.flush()).rejects.toThrow(/poisoned row/);
    await expect(writer.flush()).resolves.toBeUndefined();
    expect(engine.countDetections()).toBe(1);
  });

  it('a malformed command is refused at send with INVALID_INPUT, before it is queued', () => {
    const { engine } = setup();
    const bad = { type: 'InsertDetections', rows: [{ ...sampleRow('InsertDetections', 0), line: '12' }] };
    expect(() => engine.sendBatch(bad as unknown as BatchCommand)).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', field: 'rows[0].line' }),
    );
    expect(engine.flushSync().detectionRows).toBe(0);
  });

  it('a batch refused as busy is retried until the database frees up, then committed', async () => {
    // Waits for the refusals themselves (counted at the sink), not for a guessed time. The retry budget
    // is a hang guard only: far longer than any machine needs for three refused attempts.
    let refused = 0;
    let thirdRefusal: () => void = () => {};
    const refusedThrice = new Promise<void>((resolve) => {
      thirdRefusal = resolve;
    });
    const counting = (sink: BatchSink): BatchSink => ({
      applyBatch: (commands) => {
        try {
          return sink.applyBatch(commands);
        } catch (error) {
          if (isStorageError(error, 'BUSY') && ++refused === 3) thirdRefusal();
          throw error;
        }
      },
    });
    const { engine, writer, path } = setup({ flushTimeoutMs: 10, busyRetryMs: 600_000 }, counting, 20);
    const blocker = new BetterSqlite3(path);
    blocker.pragma('busy_timeout = 0');
    blocker.exec('BEGIN IMMEDIATE');
    engine.sendBatch(detections(0, 4));
    const flushed = writer.flush();
    await refusedThrice; // several attempts are refused as busy meanwhile
    expect(engine.stats().flushes).toBe(0);
    expect(engine.stats().failedCommands).toBe(0);
    blocker.exec('COMMIT');
    blocker.close();
    await flushed;
    expect(engine.countDetections()).toBe(4);
    expect(engine.stats().failedCommands).toBe(0);
  });

  it('a batch still busy after busyRetryMs fails its commands with BUSY, reported by the next flush', async () => {
    const { engine, writer, path } = setup({ flushTimeoutMs: 10, busyRetryMs: 100 }, undefined, 20);
    const blocker = new BetterSqlite3(path);
    blocker.exec('BEGIN IMMEDIATE');
    engine.sendBatch(detections(0, 2));
    engine.sendBatch(sampleCommand('InsertSecrets', 1));
    const error = await writer.flush().catch((e: unknown) => e);
    blocker.exec('ROLLBACK');
    blocker.close();
    expect(isStorageError(error, 'BUSY')).toBe(true);
    expect((error as StorageError).message).toMatch(
      /2 batch command\(s\) failed[\s\S]*InsertDetections[\s\S]*InsertSecrets/,
    );
    expect(engine.stats().failedCommands).toBe(2);
    expect(engine.countDetections()).toBe(0);
  });

  it('a sink that fails the whole batch (not busy) fails every command of it, once', () => {
    const { engine } = setup(
      { flushTimeoutMs: 60_000 },
      (sink) => ({
        applyBatch: (commands) => {
          if (commands.some((c) => c.type === 'InsertSecrets'))
            throw new StorageError('DISK_FULL', 'disk is full');
          return sink.applyBatch(commands);
        },
      }),
      undefined,
    );
    engine.sendBatch(sampleCommand('InsertSecrets', 1));
    expect(() => engine.flushSync()).toThrow(expect.objectContaining({ code: 'DISK_FULL' }));
    expect(engine.stats().failedCommands).toBe(1);
    engine.sendBatch(detections(0, 2));
    expect(engine.flushSync().detectionRows).toBe(2);
  });
});

describe('bounded queue', () => {
  it('a producer that outruns the writer is told: send() throws BUSY at capacity and nothing is queued', async () => {
    const { engine, writer } = setup({ queueCapacity: 4, flushTimeoutMs: 60_000, batchSize: 10_000 });
    for (let i = 0; i < 4; i++) engine.sendBatch(detections(i, 1));
    let refused: unknown;
    try {
      engine.sendBatch(detections(99, 1));
    } catch (error) {
      refused = error;
    }
    expect(isStorageError(refused, 'BUSY')).toBe(true);
    expect((refused as StorageError).message).toMatch(
      /queue is full \(4 commands waiting\); await flush\(\) and send again/,
    );
    await writer.flush();
    engine.sendBatch(detections(99, 1)); // room again
    expect(engine.flushSync().detectionRows).toBe(5);
  });

  it('a producer that awaits flush() when told BUSY writes everything with a bounded queue', async () => {
    const { engine, writer } = setup({ queueCapacity: 8, batchSize: 50 });
    let refusals = 0;
    for (let i = 0; i < 300; i++) {
      const command = detections(i * 2, 2);
      for (;;) {
        try {
          engine.sendBatch(command);
          break;
        } catch (error) {
          if (!isStorageError(error, 'BUSY')) throw error;
          refusals++;
          await writer.flush();
        }
      }
    }
    await writer.flush();
    expect(engine.countDetections()).toBe(600);
    expect(refusals).toBeGreaterThan(0);
  });

  it('rejects nonsensical options', () => {
    const sink: BatchSink = { applyBatch: () => ({ stats: {}, failures: [] }) };
    expect(() => createBatchWriter(sink, { batchSize: 0 })).toThrow(
      expect.objectContaining({
        code: 'INVALID_INPUT',
        operation: 'createBatchWriter',
        field: 'options.batchSize',
      }),
    );
    expect(() => createBatchWriter(sink, { queueCapacity: 1.5 })).toThrow(
      expect.objectContaining({ field: 'options.queueCapacity' }),
    );
  });
});
