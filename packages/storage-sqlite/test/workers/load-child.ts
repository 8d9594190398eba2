// A child process of the load tests (load.test.ts), started with `fork`. Its role comes in argv:
//   churn <path> <id>: writes, deletes, vacuums and checkpoints drift.db in every mode through its
//     own connection until the parent sends 'stop', so the file grows, shrinks and is checkpointed
//     while the parent opens engines on it; it reports its counts.
//   mixed <path> <id> <operations>: runs that many engine operations of every kind (opens, reads,
//     batch and direct inserts, retention, checkpoints) on the shared file and reports each outcome.
import { isStorageError } from '@drift/storage-traits';
import BetterSqlite3 from 'better-sqlite3';
import { DriftStorageEngine } from '../../src/engine.js';
import { testBatchWriter } from '../helpers/test-batch-writer.js';

const [role, path, idText, operationsText, budgetText] = process.argv.slice(2) as [
  string,
  string,
  string,
  string?,
  string?,
];
const busyTimeoutMs = budgetText === undefined ? 5000 : Number(budgetText);
const id = Number(idText);
const send = (message: unknown) => process.send?.(message);

function key(n: number): Uint8Array {
  return new Uint8Array(new Uint32Array([n]).buffer);
}

function describeError(error: unknown): string {
  const text = isStorageError(error) ? `${error.code}: ${error.message}` : String(error);
  return text.length > 300 ? `${text.slice(0, 300)}... (${text.length} characters)` : text;
}

function churn(): void {
  const db = new BetterSqlite3(path);
  db.pragma('busy_timeout = 5000');
  db.pragma('wal_autocheckpoint = 16');
  const insert = db.prepare(
    'INSERT OR REPLACE INTO parse_cache (content_hash, language, parse_result_json, created_at) VALUES (?, ?, ?, ?)',
  );
  const remove = db.prepare('DELETE FROM parse_cache WHERE language = ?');
  const language = `churn-${id}`;
  const modes = ['PASSIVE', 'FULL', 'RESTART', 'TRUNCATE'];
  const counts = { rounds: 0, checkpoints: 0, vacuums: 0, busy: 0, errors: [] as string[] };
  let stopped = false;
  process.on('message', (m) => {
    if (m === 'stop') stopped = true;
  });
  const round = (): void => {
    if (stopped) {
      db.close();
      send({ kind: 'done', counts });
      return;
    }
    const n = counts.rounds++;
    try {
      db.transaction(() => {
        for (let i = 0; i < 40; i++)
          insert.run(Buffer.from(key(id * 1_000_000 + n * 40 + i)), language, 'x'.repeat(3000), n);
      }).immediate();
      if (n % 3 === 2) {
        remove.run(language);
        db.pragma('incremental_vacuum');
        counts.vacuums++;
      }
      db.pragma(`wal_checkpoint(${modes[n % modes.length]})`);
      counts.checkpoints++;
    } catch (error) {
      if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY')) counts.busy++;
      else counts.errors.push(describeError(error));
    }
    if (n === 0) send({ kind: 'started' });
    setImmediate(round);
  };
  round();
}

type Outcome = 'ok' | 'BUSY' | string;

function mixed(operations: number): void {
  const outcomes: Record<string, { tried: number; ok: number; busy: number; errors: string[] }> = {};
  const acknowledged: number[] = [];
  let engine = DriftStorageEngine.open(path, { batchWriter: testBatchWriter, busyTimeoutMs });
  const record = (op: string, run: () => void): Outcome => {
    const entry = outcomes[op] ?? { tried: 0, ok: 0, busy: 0, errors: [] };
    outcomes[op] = entry;
    entry.tried++;
    try {
      run();
      entry.ok++;
      return 'ok';
    } catch (error) {
      if (isStorageError(error) && error.code === 'BUSY') {
        entry.busy++;
        if (entry.errors.length < 5) entry.errors.push(describeError(error));
        return 'BUSY';
      }
      entry.errors.push(describeError(error));
      return describeError(error);
    }
  };
  const now = () => Math.floor(Date.now() / 1000);
  for (let i = 0; i < operations; i++) {
    const n = id * 1_000_000 + i;
    switch (i % 7) {
      case 0:
        record('open-close', () => {
          const other = DriftStorageEngine.open(
            path,
            i % 2 === 0 ? { busyTimeoutMs } : { readOnly: true, quickCheck: i % 4 === 1, busyTimeoutMs },
          );
          other.countParseCache();
          other.close();
        });
        break;
      case 1:
        record('read', () => {
          engine.countParseCache();
          engine.getParseCacheByHash(key(n - 1));
          engine.loadAllFileMetadata();
        });
        break;
      case 2:
        record('batch', () => {
          engine.sendBatch({
            type: 'InsertParseCache',
            rows: [0, 1, 2].map((j) => ({
              contentHash: key(n * 4 + j + 2_000_000_000),
              language: 'batch',
              parseResultJson: `{"child":${id},"op":${i},"row":${j}}`,
              createdAt: now(),
            })),
          });
          engine.flushSync();
        }) === 'ok' && acknowledged.push(...[0, 1, 2].map((j) => n * 4 + j + 2_000_000_000));
        break;
      case 3:
      case 5:
        record('direct', () =>
          engine.insertParseCache(key(n), 'direct', `{"child":${id},"op":${i}}`, now()),
        ) === 'ok' && acknowledged.push(n);
        break;
      case 4:
        record('retention', () => {
          engine.runRetention({ shortDays: 30, mediumDays: 90, longDays: 365 });
        });
        break;
      case 6:
        record('checkpoint', () => engine.checkpoint());
        if (i % 3 === 0) {
          record('reopen', () => {
            engine.close();
            engine = DriftStorageEngine.open(path, { batchWriter: testBatchWriter, busyTimeoutMs });
          });
        }
        break;
    }
  }
  engine.close();
  send({ kind: 'done', outcomes, acknowledged });
}

if (role === 'churn') churn();
else mixed(Number(operationsText));
