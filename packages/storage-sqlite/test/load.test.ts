// Adversarial load on one drift.db from several processes. Counts decide when each test ends (the
// parent's number of opens, each child's number of operations); the preset's timeout is a hang guard.
import { type ChildProcess, fork } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { isStorageError } from '@drift/storage-traits';
import { describe, expect, it } from 'vitest';
import { DriftStorageEngine } from '../src/engine.js';
import { tempDbPath } from './helpers/temp.js';

const CHILD = fileURLToPath(new URL('./workers/load-child.ts', import.meta.url));
const PACKAGE = fileURLToPath(new URL('..', import.meta.url));

interface Child {
  readonly process: ChildProcess;
  /** Resolves on the child's first message of `kind`. */
  next(kind: string): Promise<Record<string, unknown>>;
}

function start(args: string[]): Child {
  const child = fork(CHILD, args, {
    cwd: PACKAGE,
    execArgv: ['--conditions=@drift/source', '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = new Map<string, (m: Record<string, unknown>) => void>();
  const seen = new Map<string, Record<string, unknown>>();
  let failure: Error | undefined;
  const failers = new Set<(e: Error) => void>();
  child.on('message', (m) => {
    const message = m as Record<string, unknown>;
    const kind = String(message.kind);
    seen.set(kind, message);
    waiting.get(kind)?.(message);
  });
  child.on('exit', (code) => {
    if (code !== 0) {
      failure = new Error(`child ${args.join(' ')} exited with ${code}`);
      for (const f of failers) f(failure);
    }
  });
  return {
    process: child,
    next: (kind) =>
      new Promise((resolve, reject) => {
        if (failure) return reject(failure);
        const got = seen.get(kind);
        if (got) return resolve(got);
        waiting.set(kind, resolve);
        failers.add(reject);
      }),
  };
}

const RUNS = Number(process.env.DRIFT_LOAD_RUNS ?? 1);

describe('a healthy file is never refused while other processes write and checkpoint it', () => {
  const CHURNERS = 3;
  const OPENS = 400;
  for (let run = 1; run <= RUNS; run++) {
    it(`run ${run}: ${OPENS} opens (read-write and read-only) against ${CHURNERS} writing, vacuuming and checkpointing processes: zero refusals`, async () => {
      const path = tempDbPath();
      DriftStorageEngine.open(path).close();
      const children = Array.from({ length: CHURNERS }, (_, id) => start(['churn', path, String(id)]));
      await Promise.all(children.map((c) => c.next('started')));
      const refusals: string[] = [];
      for (let i = 0; i < OPENS; i++) {
        try {
          const engine = DriftStorageEngine.open(path, i % 2 === 0 ? {} : { readOnly: true });
          engine.countParseCache();
          engine.close();
        } catch (error) {
          refusals.push(isStorageError(error) ? `${error.code}: ${error.message}` : String(error));
        }
      }
      for (const c of children) c.process.send('stop');
      const reports = await Promise.all(children.map((c) => c.next('done')));
      const counts = reports.map(
        (r) =>
          r.counts as {
            rounds: number;
            checkpoints: number;
            vacuums: number;
            busy: number;
            errors: string[];
          },
      );
      console.log(
        `[race run ${run}] opens tried ${OPENS}, refused ${refusals.length}; churn rounds ${counts.map((c) => c.rounds).join('/')}, checkpoints ${counts.reduce((n, c) => n + c.checkpoints, 0)}, vacuums ${counts.reduce((n, c) => n + c.vacuums, 0)}, churn BUSY ${counts.reduce((n, c) => n + c.busy, 0)}; load ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}`,
      );
      expect(refusals).toEqual([]);
      expect(counts.flatMap((c) => c.errors)).toEqual([]);
      // The children wrote while the parent opened: the load was real.
      expect(counts.every((c) => c.rounds > 1)).toBe(true);
    });
  }
});

describe('BUSY never reaches a caller under load, within the busyTimeoutMs budget', () => {
  const CHILDREN = 24;
  const OPERATIONS = 70;
  // The budget this test holds the engine to. 24 processes on a small shared machine (load averages
  // of 50 and more were seen) can keep one from the write lock for longer than the default 5 s; the
  // promise tested is that nothing but a spent budget ever surfaces BUSY. DRIFT_LOAD_BUDGET_MS sets it.
  const BUDGET_MS = Number(process.env.DRIFT_LOAD_BUDGET_MS ?? 30_000);
  for (let run = 1; run <= RUNS; run++) {
    it(`run ${run}: ${CHILDREN} processes x ${OPERATIONS} mixed operations on one file, budget ${BUDGET_MS} ms: zero BUSY, zero errors, every acknowledged row present`, async () => {
      const path = tempDbPath();
      DriftStorageEngine.open(path).close();
      const children = Array.from({ length: CHILDREN }, (_, id) =>
        start(['mixed', path, String(id), String(OPERATIONS), String(BUDGET_MS)]),
      );
      const reports = await Promise.all(children.map((c) => c.next('done')));
      type Outcomes = Record<string, { tried: number; ok: number; busy: number; errors: string[] }>;
      const totals = { tried: 0, ok: 0, busy: 0, errors: [] as string[] };
      const byOp: Record<string, number> = {};
      for (const r of reports) {
        for (const [op, o] of Object.entries(r.outcomes as Outcomes)) {
          totals.tried += o.tried;
          totals.ok += o.ok;
          totals.busy += o.busy;
          totals.errors.push(...o.errors);
          byOp[op] = (byOp[op] ?? 0) + o.tried;
        }
      }
      const acknowledged = reports.flatMap((r) => r.acknowledged as number[]);
      const engine = DriftStorageEngine.open(path);
      const rows = engine.countParseCache();
      const missing = acknowledged.filter(
        (k) => engine.getParseCacheByHash(new Uint8Array(new Uint32Array([k]).buffer)) === null,
      );
      engine.close();
      console.log(
        `[busy run ${run}, budget ${BUDGET_MS} ms] operations tried ${totals.tried} (${Object.entries(byOp)
          .map(([k, v]) => `${k} ${v}`)
          .join(
            ', ',
          )}), ok ${totals.ok}, BUSY ${totals.busy}, other errors ${totals.errors.length - totals.busy}; rows acknowledged ${acknowledged.length}, in the file ${rows}, missing ${missing.length}; load ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}`,
      );
      expect(totals.errors).toEqual([]);
      expect(totals.busy).toBe(0);
      expect(totals.ok).toBe(totals.tried);
      expect(missing).toEqual([]);
      expect(rows).toBe(acknowledged.length);
    });
  }
});
