// Per-call overhead of the synchronous bridge (`@drift/storage-traits/sync`): a trivial method of an
// asynchronous engine called through `openBlockingStorage` (post to the worker, Atomics.wait, take the
// answer) against the same call awaited directly on the same engine module in this process. Rounds
// are interleaved so machine noise hits both sides alike. Prints microseconds per call, the ratio
// (bridge time / direct time) and the load average, since the figures move with the machine's load.
//
//   pnpm --filter @drift/storage-traits bench            (BENCH_SCALE=0.05 for a quick run)

import { loadavg } from 'node:os';
import { openBlockingStorage } from '../src/sync/index.js';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CALLS = Math.max(500, Math.round(20_000 * SCALE));
const ENGINE = new URL('../test/workers/async-engine.mjs', import.meta.url);

interface Trivial {
  countFiles(): number;
  echo(value: unknown): unknown;
}

const { openFakeEngine } = (await import(ENGINE.href)) as {
  openFakeEngine(): Promise<{ countFiles(): Promise<number>; echo(value: unknown): Promise<unknown> }>;
};
const direct = await openFakeEngine();
const bridged = openBlockingStorage<Trivial>({
  module: ENGINE,
  exportName: 'openFakeEngine',
  methods: ['countFiles', 'echo'],
});

const ROW = {
  path: 'src/a.ts',
  hash: new Uint8Array(16),
  size: 1234,
  language: 'typescript',
  mtime: 1_700_000_000,
};

let sink = 0;
const cases: { name: string; bridged: () => void; direct: () => Promise<void> }[] = [
  {
    name: 'countFiles() (no argument, a number back)',
    bridged: () => {
      sink += bridged.countFiles();
    },
    direct: async () => {
      sink += await direct.countFiles();
    },
  },
  {
    name: 'echo(row with a 16-byte blob)',
    bridged: () => {
      sink += bridged.echo(ROW) === null ? 1 : 0;
    },
    direct: async () => {
      sink += (await direct.echo(ROW)) === null ? 1 : 0;
    },
  },
];

function timeSync(fn: () => void, calls: number): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) fn();
  return Number(process.hrtime.bigint() - start) / 1e3 / calls;
}

async function timeAsync(fn: () => Promise<void>, calls: number): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) await fn();
  return Number(process.hrtime.bigint() - start) / 1e3 / calls;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

console.log(`sync bridge: ${CALLS} calls per round, ${ROUNDS} rounds, median; load average ${load()}`);
console.log(
  'case'.padEnd(44),
  'bridge µs/call'.padStart(15),
  'direct µs/call'.padStart(15),
  'ratio'.padStart(8),
);
for (const c of cases) {
  timeSync(c.bridged, Math.min(CALLS, 500)); // warm up the JIT on both threads
  await timeAsync(c.direct, Math.min(CALLS, 500));
  const b: number[] = [];
  const d: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    b.push(timeSync(c.bridged, CALLS));
    d.push(await timeAsync(c.direct, CALLS));
  }
  const tb = median(b);
  const td = median(d);
  console.log(
    c.name.padEnd(44),
    tb.toFixed(2).padStart(15),
    td.toFixed(2).padStart(15),
    `${(tb / td).toFixed(1)}x`.padStart(8),
  );
}
console.log(`load average after: ${load()}`);

bridged.close();
if (sink < 0) console.log(sink); // keeps the work observable
