import { batchCommand } from '@drift/storage-traits';
import { sampleRow } from '@drift/storage-traits/testing';
import { type GroupContext, sendRaw, sortBy } from '../support.js';
import { confidence, detection } from './analysis.js';
import { violation } from './enforcement.js';

/**
 * Hang guard: rejects when `work` has not settled within `ms`, so that a deadlock fails the test with
 * a message instead of hanging it. The calls guarded take milliseconds (tens of them under a heavy
 * load); the limits are a thousand times that, so only a deadlock, never a slow machine, reaches them.
 */
async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(
            `hang guard: not settled after ${ms} ms, where these calls take milliseconds: a deadlock, not a slow machine`,
          ),
        ),
      ms,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Registers the concurrency tests (CT0-B-14): concurrent calls, interleaved reads, writes and batch flushes. */
export function concurrencyGroup(ctx: GroupContext): void {
  const { api, test } = ctx;
  const { expect } = api;

  test('CT0-B-14: 20 concurrent calls of four different methods all settle (no deadlock; 5 s is a hang guard) with the empty-store answers', async (s) => {
    const calls = Array.from({ length: 20 }, (_, i) => {
      switch (i % 4) {
        case 0:
          return s.loadAllFileMetadata();
        case 1:
          return s.countFunctions();
        case 2:
          return s.queryAllViolations();
        default:
          return s.patternConfidence('test');
      }
    });
    const results = await within(5000, Promise.all(calls));
    expect(results).toHaveLength(20);
    expect(results.filter((r, i) => i % 4 === 1 && r === 0)).toHaveLength(5);
    const empty = [[], 0, [], null];
    for (const [i, r] of results.entries()) expect(r, `call ${i}`).toEqual(empty[i % 4]);
  });

  test('interleaved concurrent reads and writes all complete and every acknowledged write is present', async (s) => {
    const writes = 40;
    const operations: Promise<unknown>[] = [];
    for (let i = 0; i < writes; i++) {
      operations.push(
        s.upsertConfidence(confidence(`c-${String(i).padStart(3, '0')}`, 'Established', i / 100)),
      );
      operations.push(s.queryAllConfidence());
      operations.push(s.insertViolation(violation(`v-${String(i).padStart(3, '0')}`, `f${i % 5}.ts`, i + 1)));
      operations.push(s.countNeedsReview());
      operations.push(s.insertDetections([detection(i, { file: 'hot.ts', line: i })]));
      operations.push(s.getDetectionsByFile('hot.ts'));
      operations.push(s.insertHealthTrend('concurrency', i));
      operations.push(s.patternConfidence(`c-${String(i).padStart(3, '0')}`));
    }
    const settled = await within(15_000, Promise.allSettled(operations));
    const failures = settled.filter((r) => r.status === 'rejected');
    expect(failures.map((f) => String((f as PromiseRejectedResult).reason))).toEqual([]);

    const confidences = await s.queryAllConfidence();
    expect(sortBy(confidences, (r) => r.patternId).map((r) => r.patternId)).toEqual(
      Array.from({ length: writes }, (_, i) => `c-${String(i).padStart(3, '0')}`),
    );
    expect(await s.queryAllViolations()).toHaveLength(writes);
    expect(await s.getDetectionsByFile('hot.ts')).toHaveLength(writes);
    expect(await s.countDetections()).toBe(writes);
    expect(await s.queryHealthTrends('concurrency', 1000)).toHaveLength(writes);
  });

  test('each concurrent task reads its own acknowledged write', async (s) => {
    const tasks = Array.from({ length: 25 }, async (_, i) => {
      const id = `own-${i}`;
      await s.upsertConfidence(confidence(id, 'Emerging', 0.5 + i / 100));
      const seen = await s.patternConfidence(id);
      await s.insertViolation(violation(id, `own/${i}.ts`, 1));
      const violations = await s.queryViolationsByFile(`own/${i}.ts`);
      return { seen, expected: 0.5 + i / 100, violations: violations.map((v) => v.id), id };
    });
    const results = await within(15_000, Promise.all(tasks));
    for (const r of results) {
      expect(r.seen, r.id).toBe(r.expected);
      expect(r.violations, r.id).toEqual([r.id]);
    }
  });

  test('batch sends and flushes interleaved with direct writes and reads lose nothing', async (s) => {
    const rounds = 10;
    const work = Array.from({ length: rounds }, async (_, round) => {
      const files = Array.from({ length: 5 }, (_, k) => ({
        ...sampleRow('UpsertFileMetadata', round * 5 + k),
        path: `batch/${round}/${k}.ts`,
      }));
      await sendRaw(s, batchCommand('UpsertFileMetadata', files));
      await s.insertHealthTrend('rounds', round);
      if (round % 3 === 0) await s.flush();
      await s.countFiles();
      await s.flushSync();
      // acknowledged: this round's files are committed now
      for (const file of files) expect(await s.getFileMetadata(file.path), file.path).not.toBeNull();
    });
    await within(15_000, Promise.all(work));
    expect(await s.countFiles()).toBe(rounds * 5);
    expect(await s.queryHealthTrends('rounds', 100)).toHaveLength(rounds);
  });
}
