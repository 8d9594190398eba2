import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { FileReader } from './file-reader.js';
import { hashContent } from './hash.js';
import {
  type DiscoveredFile,
  processWalkEnvironment,
  type WalkEnvironment,
  type WalkOptions,
  type WalkResult,
  walkTree,
} from './walk.js';

// The walk on a second thread: `walkTree` itself, run by one worker thread this module starts on first
// use and keeps (unreferenced while idle, so it never holds a process open), so that a scan's own work
// on the calling thread (closing stale history rows, loading the stored metadata) runs while the tree
// is walked. This file is both sides: loaded as that worker, it serves walks.

/** Marks the worker's `workerData`, so that only a worker this module started serves walks. */
const WORKER_MARK = 'drift-scanner-walk-thread';

interface WalkJob {
  readonly id: number;
  readonly root: string;
  readonly options: Omit<WalkOptions, 'signal' | 'environment'>;
  readonly environment: WalkEnvironment;
  /** One 32-bit cell the caller sets to 1 to stop the walk (read between two folders). */
  readonly stop: SharedArrayBuffer;
}

interface WalkReply {
  readonly id: number;
  /** The paths, joined with NUL (a byte no path holds). */
  readonly paths: string;
  /** Size, seconds and nanoseconds of the modification time, three numbers per file. */
  readonly numbers: Float64Array;
  readonly rootReadable: boolean;
  readonly aborted: boolean;
  readonly ignored: number;
  readonly tooLarge: number;
}

/** Files to read and hash, in order (one message). */
interface HashJob {
  readonly id: number;
  /** The paths, joined with NUL. */
  readonly paths: string;
  /** Their sizes at the walk (the read buffer's first size). */
  readonly sizes: Float64Array;
  /** One 32-bit cell the caller sets to 1 to stop (read before each file). */
  readonly stop: SharedArrayBuffer;
}

/** The next files of a hash job: from index `from`, in order. */
interface HashReply {
  readonly id: number;
  readonly from: number;
  /** XXH3-64 of each file (0 where `readable` is 0). */
  readonly hashes: BigUint64Array;
  /** 1 where the file was read, 0 where it could not be (or the job was stopped before it). */
  readonly readable: Uint8Array;
  /** Microseconds the read and hash of each file took. */
  readonly durations: Float64Array;
  /** True on the job's last message. */
  readonly done: boolean;
}

/** Files a worker's hash job answers per message. */
const HASH_CHUNK = 64;

type ToWorker = { readonly walk: WalkJob } | { readonly hash: HashJob };
type FromWorker = WalkReply | HashReply | { readonly id: number; readonly failure: string };

function packFiles(files: readonly DiscoveredFile[]): { paths: string; numbers: Float64Array } {
  const numbers = new Float64Array(files.length * 3);
  const paths: string[] = new Array(files.length);
  for (let i = 0; i < files.length; i += 1) {
    const file = files[i] as DiscoveredFile;
    paths[i] = file.path;
    numbers[i * 3] = file.size;
    numbers[i * 3 + 1] = file.mtimeSecs;
    numbers[i * 3 + 2] = file.mtimeNanos;
  }
  return { paths: paths.join('\0'), numbers };
}

function unpackReply(reply: WalkReply): WalkResult {
  const files: DiscoveredFile[] = [];
  const count = reply.numbers.length / 3;
  if (count > 0) {
    const paths = reply.paths.split('\0');
    for (let i = 0; i < count; i += 1) {
      files.push({
        path: paths[i] as string,
        size: reply.numbers[i * 3] as number,
        mtimeSecs: reply.numbers[i * 3 + 1] as number,
        mtimeNanos: reply.numbers[i * 3 + 2] as number,
      });
    }
  }
  return {
    files,
    rootReadable: reply.rootReadable,
    aborted: reply.aborted,
    skips: { ignored: reply.ignored, tooLarge: reply.tooLarge },
  };
}

/** Reads and hashes a job's files in order, answering every {@link HASH_CHUNK} files. */
function hashJob(job: HashJob, reader: FileReader, port: NonNullable<typeof parentPort>): void {
  const stop = new Int32Array(job.stop);
  const paths = job.paths.split('\0');
  const count = job.sizes.length;
  for (let from = 0; from < count || from === 0; from += HASH_CHUNK) {
    const n = Math.min(HASH_CHUNK, count - from);
    const hashes = new BigUint64Array(n);
    const readable = new Uint8Array(n);
    const durations = new Float64Array(n);
    let stopped = false;
    for (let i = 0; i < n; i += 1) {
      if (Atomics.load(stop, 0) !== 0) {
        stopped = true;
        break;
      }
      const start = performance.now();
      try {
        hashes[i] = hashContent(reader.read(paths[from + i] as string, job.sizes[from + i] as number));
        readable[i] = 1;
      } catch {
        readable[i] = 0; // unreadable or gone
      }
      durations[i] = Math.floor((performance.now() - start) * 1000);
    }
    const done = stopped || from + n >= count;
    const reply: HashReply = { id: job.id, from, hashes, readable, durations, done };
    port.postMessage(reply, [hashes.buffer, readable.buffer, durations.buffer]);
    if (done) return;
  }
}

// ─── The worker's side ───────────────────────────────────────────────────────────────────────────

if (!isMainThread && parentPort !== null && workerData === WORKER_MARK) {
  const port = parentPort;
  const reader = new FileReader();
  port.on('message', (message: ToWorker) => {
    if ('hash' in message) {
      hashJob(message.hash, reader, port);
      return;
    }
    const job = message.walk;
    const stop = new Int32Array(job.stop);
    // All the walk reads of a signal is `aborted`.
    const signal = {
      get aborted(): boolean {
        return Atomics.load(stop, 0) !== 0;
      },
    } as AbortSignal;
    walkTree(job.root, { ...job.options, signal, environment: job.environment }).then(
      (result) => {
        const { paths, numbers } = packFiles(result.files);
        const reply: WalkReply = {
          id: job.id,
          paths,
          numbers,
          rootReadable: result.rootReadable,
          aborted: result.aborted,
          ignored: result.skips.ignored,
          tooLarge: result.skips.tooLarge,
        };
        port.postMessage(reply, [numbers.buffer as ArrayBuffer]);
      },
      (error: unknown) => {
        port.postMessage({ id: job.id, failure: error instanceof Error ? error.message : String(error) });
      },
    );
  });
}

// ─── The calling side ────────────────────────────────────────────────────────────────────────────

interface Pending {
  /** A walk's result, or null when the thread failed. */
  readonly resolve?: ((result: WalkResult | null) => void) | undefined;
  /** A hash job's next files, or null when the thread failed. */
  readonly onHashes?: ((reply: HashReply | null) => void) | undefined;
}

interface WalkThread {
  readonly worker: Worker;
  readonly pending: Map<number, Pending>;
}

let thread: WalkThread | null = null;
/** Set once the worker could not start or died: walks then run on the calling thread. */
let threadUnavailable = false;
let nextJobId = 1;
/** Off: every walk runs on the calling thread (see {@link useWalkThread}). */
let threadWanted = true;

/**
 * Whether {@link walkTreeInThread} uses the walk thread (default true); false walks on the calling
 * thread. For the benchmark's comparison and the tests; not part of the package's exports.
 */
export function useWalkThread(wanted: boolean): void {
  threadWanted = wanted;
}

/** Whether the walk thread is running (it has served a walk and has not failed). */
export function walkThreadRunning(): boolean {
  return thread !== null;
}

/**
 * The worker's entry: this module when it is JavaScript (the built package); from TypeScript source
 * (the tests and the benchmark run the source), a short script that loads `tsx` (this package's
 * development dependency) in the worker and then imports this module.
 */
function workerEntry(): { entry: string | URL; eval: boolean } {
  if (!import.meta.url.endsWith('.ts')) return { entry: new URL(import.meta.url), eval: false };
  const tsxFolder = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const tsx = pathToFileURL(join(tsxFolder, 'dist', 'esm', 'api', 'index.mjs')).href;
  const source = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(import.meta.url)}); });`;
  return { entry: source, eval: true };
}

function endThread(current: WalkThread): void {
  threadUnavailable = true;
  if (thread === current) thread = null;
  for (const pending of current.pending.values()) {
    pending.resolve?.(null);
    pending.onHashes?.(null);
  }
  current.pending.clear();
}

function startThread(): WalkThread | null {
  if (threadUnavailable) return null;
  if (thread !== null) return thread;
  let worker: Worker;
  try {
    const { entry, eval: isScript } = workerEntry();
    worker = new Worker(entry, { eval: isScript, workerData: WORKER_MARK, stdout: false, stderr: false });
  } catch {
    threadUnavailable = true;
    return null;
  }
  const current: WalkThread = { worker, pending: new Map() };
  worker.on('message', (message: FromWorker) => {
    const pending = current.pending.get(message.id);
    if (pending === undefined) return;
    if ('hashes' in message && !message.done) {
      pending.onHashes?.(message);
      return;
    }
    current.pending.delete(message.id);
    if (current.pending.size === 0) worker.unref();
    if ('hashes' in message) pending.onHashes?.(message);
    else if ('failure' in message) {
      pending.resolve?.(null);
      pending.onHashes?.(null);
    } else pending.resolve?.(unpackReply(message));
  });
  worker.on('error', () => endThread(current));
  worker.on('exit', () => endThread(current));
  worker.unref();
  thread = current;
  return current;
}

/**
 * Starts {@link walkTree} of `root` on the walk thread and returns its result's promise at once, so the
 * caller can work while the tree is walked. The result is the one `walkTree` gives (the same files in
 * the same order); when the thread cannot be used (it failed to start or died) the walk runs on the
 * calling thread instead. Aborting the signal stops the walk between two folders, as there.
 */
export function walkTreeInThread(root: string, options: WalkOptions): Promise<WalkResult> {
  const signal = options.signal;
  const environment = options.environment ?? processWalkEnvironment();
  const local = (): Promise<WalkResult> => walkTree(root, { ...options, environment });
  if (!threadWanted) return local();
  const current = startThread();
  if (current === null) return local();
  const id = nextJobId++;
  const stop = new SharedArrayBuffer(4);
  const job: WalkJob = {
    id,
    root,
    options: {
      maxFileSize: options.maxFileSize,
      followSymlinks: options.followSymlinks,
      include: [...options.include],
      extraIgnore: [...options.extraIgnore],
    },
    environment: { cwd: environment.cwd, home: environment.home, xdgConfigHome: environment.xdgConfigHome },
    stop,
  };
  return new Promise<WalkResult | null>((resolve) => {
    const onAbort = (): void => {
      Atomics.store(new Int32Array(stop), 0, 1);
    };
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    current.pending.set(id, {
      resolve: (result) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(result);
      },
    });
    current.worker.ref();
    current.worker.postMessage({ walk: job } satisfies ToWorker);
  }).then((result) => result ?? local());
}

/** The result of one file of {@link ThreadHashes}: its hash (null: unreadable) and how long it took. */
interface ThreadHash {
  readonly hash: bigint | null;
  readonly durationUs: number;
}

/**
 * Files being read and hashed on the walk thread, in order. `get(i)` is the result of the `i`th file
 * once it has arrived, else undefined; `next()` resolves when more have arrived (or the thread failed:
 * then `failed` is true and the caller reads the rest itself). `stop()` ends the job before its next file.
 */
export interface ThreadHashes {
  get(index: number): ThreadHash | undefined;
  next(): Promise<void>;
  stop(): void;
  readonly failed: boolean;
}

/**
 * Starts reading and hashing `files` (paths and their sizes at the walk) on the walk thread, or
 * returns null when the thread cannot be used (then the caller reads them itself). The caller decides
 * when: the thread reads from the moment this is called.
 */
export function hashFilesInThread(files: readonly { path: string; size: number }[]): ThreadHashes | null {
  if (!threadWanted) return null;
  const current = startThread();
  if (current === null) return null;
  const id = nextJobId++;
  const stop = new SharedArrayBuffer(4);
  const sizes = new Float64Array(files.length);
  for (let i = 0; i < files.length; i += 1) sizes[i] = (files[i] as { size: number }).size;
  const results: Array<ThreadHash | undefined> = new Array(files.length);
  let waiting: (() => void) | null = null;
  let failed = false;
  let finished = false;
  const wake = (): void => {
    const w = waiting;
    waiting = null;
    w?.();
  };
  current.pending.set(id, {
    onHashes: (reply) => {
      if (reply === null) {
        failed = true;
        finished = true;
      } else {
        for (let i = 0; i < reply.readable.length; i += 1) {
          results[reply.from + i] = {
            hash: reply.readable[i] === 1 ? (reply.hashes[i] as bigint) : null,
            durationUs: reply.durations[i] as number,
          };
        }
        if (reply.done) finished = true;
      }
      wake();
    },
  });
  current.worker.ref();
  const job: HashJob = { id, paths: files.map((f) => f.path).join('\0'), sizes, stop };
  current.worker.postMessage({ hash: job } satisfies ToWorker, [sizes.buffer]);
  return {
    get: (index) => results[index],
    next: () =>
      finished
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            waiting = resolve;
          }),
    stop: () => Atomics.store(new Int32Array(stop), 0, 1),
    get failed() {
      return failed;
    },
  };
}
