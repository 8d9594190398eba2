import {
  type Async,
  type BatchCommand,
  type BatchWriterOptions,
  DRIFT_STORAGE_BACKEND_METHODS,
  type DriftStorageBackend,
  decodeBatchCommand,
  type MethodArgumentChecker,
  methodArgumentChecker,
  notSupported,
  StorageError,
  type WriteStats,
} from '@drift/storage-traits';
import * as shared from '@drift/storage-traits/queries';
import pg from 'pg';
import { applyBatch, PostgresBatchQueue } from './batch.js';
import { DriftPostgresPool, type DriftPostgresPoolOptions } from './connection.js';
import { postgresStorageError } from './errors.js';
import { migrateDriftSchema } from './migrations.js';
import { driftTypeParsers, transactionRunner } from './runner.js';

// The PostgreSQL engine: every drift storage method as a transaction on a pool bound to one tenant and
// project, running the query definition the SQLite engine runs too (`@drift/storage-traits/queries`),
// compiled for PostgreSQL; the batch commands through an asynchronous queue into one transaction per
// batch.

/** Options of {@link DriftPostgresEngine.open}: the pool's, plus migration and batch settings. */
export interface DriftPostgresEngineOptions extends DriftPostgresPoolOptions {
  /**
   * The tables' owner (a `postgres://` URL or pg client settings): when given, `open` first brings the
   * schema up to this build's version as that role (`migrateDriftSchema`), granting the engine's role
   * (`engineRole`, or the user the engine connects as) its rights. Without it the database must
   * already be migrated.
   */
  readonly migrateAs?: string | pg.ClientConfig;
  /** The engine's role for the migration's grants; default the user of `pool` or `connectionString`. */
  readonly engineRole?: string;
  /** The batch queue's limits (default the reference's: 500 rows, 100 ms, 1024 commands). */
  readonly batch?: BatchWriterOptions;
}

type MethodRole = 'read' | 'write';
type SharedMethod = (runner: shared.AsyncStepRunner, ...args: unknown[]) => Promise<unknown>;

/**
 * Every shared query method by name, collected from the `*Reads` and `*Writes` maps that
 * `@drift/storage-traits/queries` exports (so a module moved there later is picked up unchanged).
 */
const SHARED_METHODS: ReadonlyMap<string, { readonly role: MethodRole; readonly run: SharedMethod }> =
  (() => {
    const found = new Map<string, { role: MethodRole; run: SharedMethod }>();
    for (const [exported, value] of Object.entries(shared)) {
      const role: MethodRole | undefined = exported.endsWith('Reads')
        ? 'read'
        : exported.endsWith('Writes')
          ? 'write'
          : undefined;
      if (role === undefined || typeof value !== 'object' || value === null) continue;
      for (const [name, method] of Object.entries(value)) {
        found.set(name, {
          role,
          run: shared.asyncMethod(method as shared.QueryMethod<unknown[], unknown>) as SharedMethod,
        });
      }
    }
    return found;
  })();

/** The methods the engine implements itself (batch and controls), not through a shared definition. */
const OWN_METHODS = new Set<string>([
  'sendRaw',
  'flush',
  'flushSync',
  'stats',
  'shutdown',
  'sendBatch',
  'checkpoint',
  'path',
  'close',
]);

function checkerOf(name: string): MethodArgumentChecker {
  try {
    return methodArgumentChecker(name);
  } catch {
    return () => {};
  }
}

function engineRoleOf(options: DriftPostgresEngineOptions): string {
  const role =
    options.engineRole ??
    options.pool?.user ??
    (options.connectionString === undefined
      ? undefined
      : decodeURIComponent(new URL(options.connectionString).username));
  if (role === undefined || role.length === 0) {
    throw new StorageError(
      'INVALID_INPUT',
      'DriftPostgresEngine.open: options.migrateAs needs the engine role to grant; give options.engineRole',
      { operation: 'DriftPostgresEngine.open', field: 'engineRole' },
    );
  }
  return role;
}

/**
 * The PostgreSQL engine: `Async<DriftStorageBackend>` (every drift interface, `IDriftServing` and the
 * controls), bound to one tenant and project, isolated from every other by row-level security. Open
 * it with {@link DriftPostgresEngine.open}; {@link DriftPostgresEngine.close} commits what the batch
 * queue holds and ends every connection.
 */
export interface DriftPostgresEngine extends Async<DriftStorageBackend> {}

// The interface above declares the members the constructor defines, one per method name.
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the members are defined in the constructor
export class DriftPostgresEngine {
  readonly #pool: DriftPostgresPool;
  readonly #batch: PostgresBatchQueue;
  #closed = false;
  #closing: Promise<void> | undefined;

  private constructor(pool: DriftPostgresPool, batch: BatchWriterOptions | undefined) {
    this.#pool = pool;
    this.#batch = new PostgresBatchQueue(
      (commands) => pool.transaction('applyBatch', (tx) => applyBatch(tx, commands)),
      batch,
    );
    const members = this as unknown as Record<string, unknown>;
    for (const name of DRIFT_STORAGE_BACKEND_METHODS) {
      if (OWN_METHODS.has(name)) continue;
      const definition = SHARED_METHODS.get(name);
      members[name] = definition === undefined ? this.#unsupported(name) : this.#method(name, definition.run);
    }
  }

  /**
   * Opens an engine: the pool of {@link DriftPostgresPool.open} (bound to `tenantId` and `projectId`,
   * refusing a role row-level security would not hold), after migrating the schema as `migrateAs` when
   * given. Integers come back as numbers (`bigint` beyond ±(2^53 - 1) fails with `OUT_OF_RANGE`),
   * blobs as `Uint8Array`s, through type parsers of this pool only (pg's global registry is untouched).
   */
  static async open(options: DriftPostgresEngineOptions): Promise<DriftPostgresEngine> {
    if (options?.migrateAs !== undefined) {
      const engineRole = engineRoleOf(options);
      const owner = new pg.Client(
        typeof options.migrateAs === 'string' ? { connectionString: options.migrateAs } : options.migrateAs,
      );
      try {
        await owner.connect();
        await migrateDriftSchema(owner, { engineRole });
      } catch (error) {
        throw postgresStorageError(error, 'DriftPostgresEngine.open');
      } finally {
        await owner.end().catch(() => undefined);
      }
    }
    const pool = await DriftPostgresPool.open({
      ...options,
      pool: { ...options.pool, types: driftTypeParsers() },
    });
    return new DriftPostgresEngine(pool, options.batch);
  }

  /**
   * The storage methods this build of the engine answers with `NOT_SUPPORTED` because no shared query
   * definition exists for them yet (their query module has not moved to `@drift/storage-traits/queries`),
   * in `DRIFT_STORAGE_BACKEND_METHODS` order; empty once every module has moved.
   */
  static unsupportedMethods(): readonly string[] {
    return DRIFT_STORAGE_BACKEND_METHODS.filter(
      (name) => !OWN_METHODS.has(name) && !SHARED_METHODS.has(name),
    );
  }

  /** The tenant this engine acts for. */
  get tenantId(): string {
    return this.#pool.tenantId;
  }

  /** The project this engine acts for, within its tenant. */
  get projectId(): string {
    return this.#pool.projectId;
  }

  #assertOpen(operation: string): void {
    if (this.#closed) {
      throw new StorageError('CLOSED', `${operation} failed: the storage engine is closed`, { operation });
    }
  }

  /** A method with a shared definition: checked, then run in one transaction of the pool. */
  #method(name: string, run: SharedMethod): (...args: unknown[]) => Promise<unknown> {
    const check = checkerOf(name);
    return async (...args) => {
      this.#assertOpen(name);
      check(args);
      return this.#pool.transaction(name, (tx) => run(transactionRunner(tx, name), ...args));
    };
  }

  #unsupported(name: string): () => Promise<never> {
    return async () => {
      this.#assertOpen(name);
      throw notSupported(
        name,
        'the PostgreSQL engine has no query for it yet (its query module has not moved to @drift/storage-traits/queries)',
      );
    };
  }

  /** Queues a typed batch command (a checked snapshot of it). */
  async sendBatch(command: BatchCommand): Promise<void> {
    this.#assertOpen('sendBatch');
    this.#batch.send(command, 'sendBatch');
  }

  /** Decodes a command encoded with `encodeBatchCommand` and queues it. */
  async sendRaw(commandName: string, payload: Uint8Array): Promise<void> {
    this.#assertOpen('sendRaw');
    this.#batch.send(decodeBatchCommand(commandName, payload, 'sendRaw'), 'sendRaw');
  }

  /** Asks the batch queue to commit what it holds soon, without waiting. */
  async flush(): Promise<void> {
    this.#assertOpen('flush');
    this.#batch.requestFlush();
  }

  /** Commits everything queued before the call, then answers the counters (or throws the failures). */
  async flushSync(): Promise<WriteStats> {
    this.#assertOpen('flushSync');
    return this.#batch.flushSync('flushSync');
  }

  /** The batch counters so far. */
  async stats(): Promise<WriteStats> {
    return this.#batch.stats();
  }

  /** Commits everything queued and stops the batch queue; the engine stays open for other calls. */
  async shutdown(): Promise<WriteStats> {
    this.#assertOpen('shutdown');
    return this.#batch.shutdown();
  }

  /** There is no write-ahead log of ours to checkpoint on PostgreSQL: a no-op (the server runs its own). */
  async checkpoint(): Promise<void> {
    this.#assertOpen('checkpoint');
  }

  /** Null: a network database has no file path. */
  async path(): Promise<string | null> {
    return null;
  }

  /**
   * Commits what the batch queue holds, waits for the transactions under way and ends every connection.
   * Idempotent; every other call afterwards fails with `CLOSED`.
   */
  close(): Promise<void> {
    if (this.#closing !== undefined) return this.#closing;
    this.#closed = true;
    this.#closing = (async () => {
      try {
        await this.#batch.shutdown();
      } finally {
        await this.#pool.close();
      }
    })();
    return this.#closing;
  }

  /** Whether {@link DriftPostgresEngine.close} was called. */
  isClosed(): boolean {
    return this.#closed;
  }
}
