import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { FileReader } from './file-reader.js';
import { hashContent } from './hash.js';
import {
  type DiscoveredFile,
  processWalkEnvironment,
  statListedFile,
  UNSTATED_SIZE,
  type WalkEnvironment,
  type WalkOptions,
  type WalkResult,
  type WalkStream,
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
  /**
   * One 32-bit cell: the parts of files listed without their metadata (see `WalkStream`) that the
   * caller has not read yet. The walk lists the next files so while the caller holds fewer than
   * {@link LISTED_PARTS}, else reads the metadata itself.
   */
  readonly held: SharedArrayBuffer;
}

/**
 * How many parts of files listed without their metadata the caller may hold unread. The caller reads
 * them as their messages arrive, once it is free (a scan first loads the stored rows): parts listed
 * meanwhile wait for it, so the two threads share the walk's system calls from the start. Measured on
 * repeated unchanged rescans of 10,000 files: 3 about 15% faster than listing so only once the caller
 * is free and while it holds fewer than two; 4 the same within noise.
 */
const LISTED_PARTS = 3;

/** Files a walk found so far, sent while it goes on (packed as in {@link WalkReply}). */
interface WalkChunk {
  readonly id: number;
  readonly chunk: true;
  readonly paths: string;
  readonly numbers: Float64Array;
}

/** The end of a walk: its last files and what it counted. */
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

/**
 * Files to read and hash, shared between the calling thread and the walk thread: the caller takes
 * files from the front, the thread from the back, each claiming a file in `state` before reading it,
 * so the two meet wherever their speeds put them. Results are written into shared memory.
 */
interface HashJob {
  readonly id: number;
  /** The paths, joined with NUL. */
  readonly paths: string;
  /** Their sizes at the walk (the read buffer's first size). */
  readonly sizes: Float64Array;
  /** One 32-bit cell per file: {@link FILE_FREE}, {@link FILE_CALLER}, {@link FILE_THREAD}, ... */
  readonly state: SharedArrayBuffer;
  /** XXH3-64 of each file the thread read (BigUint64Array). */
  readonly hashes: SharedArrayBuffer;
  /** Microseconds the thread's read and hash of each file took (Float64Array). */
  readonly durations: SharedArrayBuffer;
  /** One 32-bit cell the caller sets to 1 to stop (read before each file). */
  readonly stop: SharedArrayBuffer;
}

/** The end of a hash job (the thread has claimed its last file, or was stopped). */
interface HashDone {
  readonly id: number;
  readonly hashDone: true;
}

/** A file nobody has claimed yet. */
const FILE_FREE = 0;
/** A file the calling thread reads itself. */
const FILE_CALLER = 1;
/** A file the walk thread is reading. */
const FILE_THREAD = 2;
/** A file the walk thread has read and hashed (its hash and duration are in the shared arrays). */
const FILE_HASHED = 3;
/** A file the walk thread could not read (unreadable or gone). */
const FILE_UNREADABLE = 4;

type ToWorker = { readonly walk: WalkJob } | { readonly hash: HashJob };
type FromWorker = WalkReply | WalkChunk | HashDone | { readonly id: number; readonly failure: string };

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

/**
 * Appends packed files to `into`, reading the metadata of those listed without it as the walk would
 * have (a vanished file is left out, one over the size limit counted in `skips`). True when there
 * were such files.
 */
function unpackFiles(
  paths: string,
  numbers: Float64Array,
  maxFileSize: bigint,
  into: DiscoveredFile[],
  skips: { tooLarge: number },
): boolean {
  const count = numbers.length / 3;
  if (count === 0) return false;
  let listed = false;
  const names = paths.split('\0');
  for (let i = 0; i < count; i += 1) {
    const path = names[i] as string;
    const size = numbers[i * 3] as number;
    if (size === UNSTATED_SIZE) {
      listed = true;
      const file = statListedFile(path, maxFileSize);
      if (file === 'large') skips.tooLarge += 1;
      else if (file !== 'gone') into.push(file);
      continue;
    }
    into.push({
      path,
      size,
      mtimeSecs: numbers[i * 3 + 1] as number,
      mtimeNanos: numbers[i * 3 + 2] as number,
    });
  }
  return listed;
}

/** Reads and hashes a job's files from the last one down, until it meets a file the caller claimed. */
function hashJob(job: HashJob, reader: FileReader, port: NonNullable<typeof parentPort>): void {
  const stop = new Int32Array(job.stop);
  const state = new Int32Array(job.state);
  const hashes = new BigUint64Array(job.hashes);
  const durations = new Float64Array(job.durations);
  const paths = job.paths.split('\0');
  for (let i = job.sizes.length - 1; i >= 0; i -= 1) {
    if (Atomics.load(stop, 0) !== 0) break;
    if (Atomics.compareExchange(state, i, FILE_FREE, FILE_THREAD) !== FILE_FREE) break; // the caller has the rest
    const start = performance.now();
    let outcome = FILE_HASHED;
    try {
      hashes[i] = hashContent(reader.read(paths[i] as string, job.sizes[i] as number));
    } catch {
      outcome = FILE_UNREADABLE; // unreadable or gone
    }
    durations[i] = Math.floor((performance.now() - start) * 1000);
    Atomics.store(state, i, outcome);
    Atomics.notify(state, i);
  }
  port.postMessage({ id: job.id, hashDone: true } satisfies HashDone);
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
    const held = new Int32Array(job.held);
    let sent = 0;
    const stream: WalkStream = {
      // Only while the caller holds fewer than LISTED_PARTS parts it has not read yet (so it never falls
      // far behind, and the thread reads the metadata itself while the caller is busy).
      deferStat: () => Atomics.load(held, 0) < LISTED_PARTS,
      onFiles: (files) => {
        sent += files.length;
        if (files.some((f) => f.size === UNSTATED_SIZE)) Atomics.add(held, 0, 1);
        const { paths, numbers } = packFiles(files);
        const chunk: WalkChunk = { id: job.id, chunk: true, paths, numbers };
        port.postMessage(chunk, [numbers.buffer as ArrayBuffer]);
      },
    };
    walkTree(job.root, { ...job.options, signal, environment: job.environment }, stream).then(
      (result) => {
        const { paths, numbers } = packFiles(result.files.slice(sent));
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
  readonly resolve?: ((reply: WalkReply | null) => void) | undefined;
  /** A walk's files so far. */
  readonly onChunk?: ((chunk: WalkChunk) => void) | undefined;
  /** A hash job's end: true when the thread finished it, false when the thread failed. */
  readonly onHashDone?: ((finished: boolean) => void) | undefined;
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
    pending.onHashDone?.(false);
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
    if ('chunk' in message) {
      pending.onChunk?.(message);
      return;
    }
    current.pending.delete(message.id);
    if (current.pending.size === 0) worker.unref();
    if ('hashDone' in message) pending.onHashDone?.(true);
    else if ('failure' in message) {
      pending.resolve?.(null);
      pending.onHashDone?.(false);
    } else pending.resolve?.(message);
  });
  worker.on('error', () => endThread(current));
  worker.on('exit', () => endThread(current));
  worker.unref();
  thread = current;
  return current;
}

/** A walk started by {@link startWalkInThread}. */
export interface ThreadWalk {
  /** The walk's result. */
  readonly result: Promise<WalkResult>;
}

/**
 * Starts {@link walkTree} of `root` on the walk thread and returns at once, so the caller can work
 * while the tree is walked. The result is the one `walkTree` gives (the same files in the same
 * order); when the thread cannot be used (it failed to start or died) the walk runs on the calling
 * thread instead. Aborting the signal stops the walk between two folders, as there. The calling
 * thread reads the metadata of some of the files (see {@link LISTED_PARTS}) as the thread's messages
 * reach it, whenever it is free, so the two threads share the walk's system calls.
 */
export function startWalkInThread(root: string, options: WalkOptions): ThreadWalk {
  const signal = options.signal;
  const environment = options.environment ?? processWalkEnvironment();
  const local = (): Promise<WalkResult> => walkTree(root, { ...options, environment });
  const alone = (): ThreadWalk => ({ result: local() });
  if (!threadWanted) return alone();
  const current = startThread();
  if (current === null) return alone();
  const id = nextJobId++;
  const stop = new SharedArrayBuffer(4);
  const heldCell = new Int32Array(new SharedArrayBuffer(4));
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
    held: heldCell.buffer as SharedArrayBuffer,
  };
  const files: DiscoveredFile[] = [];
  const counted = { tooLarge: 0 };
  const take = (paths: string, numbers: Float64Array, part: boolean): void => {
    // Read: the thread may list the next part without metadata.
    if (unpackFiles(paths, numbers, options.maxFileSize, files, counted) && part) Atomics.sub(heldCell, 0, 1);
  };
  const result = new Promise<WalkReply | null>((resolve) => {
    const onAbort = (): void => {
      Atomics.store(new Int32Array(stop), 0, 1);
    };
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    current.pending.set(id, {
      resolve: (reply) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(reply);
      },
      onChunk: (chunk) => take(chunk.paths, chunk.numbers, true),
    });
    current.worker.ref();
    current.worker.postMessage({ walk: job } satisfies ToWorker);
  }).then((reply): WalkResult | Promise<WalkResult> => {
    if (reply === null) return local();
    take(reply.paths, reply.numbers, false);
    return {
      files,
      rootReadable: reply.rootReadable,
      aborted: reply.aborted,
      skips: { ignored: reply.ignored, tooLarge: reply.tooLarge + counted.tooLarge },
    };
  });
  return { result };
}

/** {@link startWalkInThread}, for a caller with nothing else to do but wait: the walk's result. */
export function walkTreeInThread(root: string, options: WalkOptions): Promise<WalkResult> {
  return startWalkInThread(root, options).result;
}

/** The result of one file of {@link ThreadHashes}: its hash (null: unreadable) and how long it took. */
interface ThreadHash {
  readonly hash: bigint | null;
  readonly durationUs: number;
}

/** `Atomics.waitAsync` (Node 16 and later; not in the ES2023 library the package compiles against). */
const waitAsync = (
  Atomics as unknown as {
    waitAsync(
      cells: Int32Array,
      index: number,
      value: number,
    ): { async: false; value: string } | { async: true; value: Promise<string> };
  }
).waitAsync;

/**
 * Files read and hashed by the calling thread and the walk thread together. The caller goes through
 * them in order: `claim(i)` true means the caller reads file `i` itself; false means the thread has
 * it, and `get(i)` gives its result once done (undefined before), `next(i)` resolves when that may
 * have changed (the file is done, or the thread failed: then `failed` is true and the caller reads
 * the rest itself). `stop()` ends the thread's share before its next file.
 */
export interface ThreadHashes {
  claim(index: number): boolean;
  get(index: number): ThreadHash | undefined;
  next(index: number): Promise<void>;
  stop(): void;
  readonly failed: boolean;
}

/**
 * Starts reading and hashing `files` (paths and their sizes at the walk) on the walk thread, from
 * the last one down, or returns null when the thread cannot be used (then the caller reads them
 * itself). The caller reads from the first one up, claiming each (see {@link ThreadHashes}); the two
 * meet wherever their speeds put them. The thread reads from the moment this is called.
 */
export function hashFilesInThread(files: readonly { path: string; size: number }[]): ThreadHashes | null {
  if (!threadWanted) return null;
  const current = startThread();
  if (current === null) return null;
  const id = nextJobId++;
  const count = files.length;
  const stop = new SharedArrayBuffer(4);
  const stateBuffer = new SharedArrayBuffer(4 * Math.max(1, count));
  const hashBuffer = new SharedArrayBuffer(8 * Math.max(1, count));
  const durationBuffer = new SharedArrayBuffer(8 * Math.max(1, count));
  const state = new Int32Array(stateBuffer);
  const hashes = new BigUint64Array(hashBuffer);
  const durations = new Float64Array(durationBuffer);
  const sizes = new Float64Array(count);
  for (let i = 0; i < count; i += 1) sizes[i] = (files[i] as { size: number }).size;
  let failed = false;
  current.pending.set(id, {
    onHashDone: (finished) => {
      if (finished) return;
      failed = true;
      // Wake a caller waiting on a file the thread held when it failed.
      for (let i = 0; i < count; i += 1) if (Atomics.load(state, i) === FILE_THREAD) Atomics.notify(state, i);
    },
  });
  current.worker.ref();
  const job: HashJob = {
    id,
    paths: files.map((f) => f.path).join('\0'),
    sizes,
    state: stateBuffer,
    hashes: hashBuffer,
    durations: durationBuffer,
    stop,
  };
  current.worker.postMessage({ hash: job } satisfies ToWorker, [sizes.buffer]);
  return {
    claim: (index) => {
      const before = Atomics.compareExchange(state, index, FILE_FREE, FILE_CALLER);
      return before === FILE_FREE || before === FILE_CALLER;
    },
    get: (index) => {
      const s = Atomics.load(state, index);
      if (s === FILE_HASHED) return { hash: hashes[index] as bigint, durationUs: durations[index] as number };
      if (s === FILE_UNREADABLE) return { hash: null, durationUs: durations[index] as number };
      return undefined;
    },
    next: async (index) => {
      if (failed) return;
      const waited = waitAsync(state, index, FILE_THREAD);
      if (waited.async) await waited.value;
    },
    stop: () => Atomics.store(new Int32Array(stop), 0, 1),
    get failed() {
      return failed;
    },
  };
}
