import type { SharedStatement } from './statement.js';

// Query methods written once for every engine. A method that runs one statement is a form (`first`,
// `every`, `scalar`, `changes`), which an engine runs without any machinery of its own; one that runs
// several is a generator that yields each statement (`yield* get(...)`) and gets its result back, so
// the same body runs on a synchronous connection (SQLite) and an asynchronous one (PostgreSQL).

/** One statement a method asks its engine to run, and what it wants back. */
export type StepRequest =
  | { readonly op: 'get'; readonly s: SharedStatement; readonly args: readonly unknown[] }
  | { readonly op: 'all'; readonly s: SharedStatement; readonly args: readonly unknown[] }
  | { readonly op: 'run'; readonly s: SharedStatement; readonly args: readonly unknown[] }
  | {
      readonly op: 'each';
      readonly s: SharedStatement;
      readonly rows: readonly unknown[];
      readonly argsOf: (row: never) => readonly unknown[];
    };

/** A step of a query method: yields {@link StepRequest}s, is resumed with each one's result, returns `T`. */
export type Step<T> = Generator<StepRequest, T, unknown>;

const NO_ARGS: readonly unknown[] = Object.freeze([]);

/** Runs a read; resumes with its first row, or undefined. */
export function get<R>(s: SharedStatement<R, readonly []>): Step<R | undefined>;
/** Runs a read with `args`; resumes with its first row, or undefined. */
export function get<R, A extends readonly unknown[]>(
  s: SharedStatement<R, A>,
  args: NoInfer<A>,
): Step<R | undefined>;
export function* get(s: SharedStatement, args: readonly unknown[] = NO_ARGS): Step<unknown> {
  return yield { op: 'get', s, args };
}

/** Runs a read; resumes with all its rows. */
export function all<R>(s: SharedStatement<R, readonly []>): Step<R[]>;
/** Runs a read with `args`; resumes with all its rows. */
export function all<R, A extends readonly unknown[]>(s: SharedStatement<R, A>, args: NoInfer<A>): Step<R[]>;
export function* all(s: SharedStatement, args: readonly unknown[] = NO_ARGS): Step<unknown> {
  return yield { op: 'all', s, args };
}

/** Runs a write; resumes with the number of rows it inserted, updated or deleted. */
export function run(s: SharedStatement<unknown, readonly []>): Step<number>;
/** Runs a write with `args`; resumes with the number of rows it inserted, updated or deleted. */
export function run<A extends readonly unknown[]>(
  s: SharedStatement<unknown, A>,
  args: NoInfer<A>,
): Step<number>;
export function* run(s: SharedStatement, args: readonly unknown[] = NO_ARGS): Step<unknown> {
  return yield { op: 'run', s, args };
}

/**
 * Runs a write once per row of `rows` with `argsOf(row)`, in order (an engine may send them as one
 * bulk statement); resumes when all have run.
 */
export function* each<Row, A extends readonly unknown[]>(
  s: SharedStatement<unknown, A>,
  rows: readonly Row[],
  argsOf: (row: Row) => A,
): Step<void> {
  yield { op: 'each', s, rows, argsOf: argsOf as (row: never) => readonly unknown[] };
}

/**
 * A method that runs one statement: `s` with the arguments `argsOf` makes of the method's (the
 * method's own when omitted), its result mapped by `map`. `op` says which result: the first row, all
 * rows, or the count of changed rows.
 */
export interface QueryForm<A extends readonly unknown[], R> {
  readonly op: 'get' | 'all' | 'run';
  readonly s: SharedStatement;
  readonly argsOf: ((...args: A) => readonly unknown[]) | undefined;
  readonly map: (result: never) => R;
}

/** A query method written once: a {@link QueryForm}, or a generator of {@link Step}s. */
export type QueryMethod<A extends readonly unknown[], R> = QueryForm<A, R> | ((...args: A) => Step<R>);

type ArgsOf<A extends readonly unknown[], SA extends readonly unknown[]> = ((...args: A) => SA) | undefined;

function form<A extends readonly unknown[], R>(
  op: QueryForm<A, R>['op'],
  s: SharedStatement,
  argsOf: ((...args: A) => readonly unknown[]) | undefined,
  map: (result: never) => R,
): QueryForm<A, R> {
  return Object.freeze({ op, s, argsOf, map });
}

/**
 * The first row of `s` decoded by `decode` (the row as it is when omitted), or null when there is none:
 * the shape of a lookup by key.
 */
export function first<R, SA extends readonly unknown[], const A extends readonly unknown[] = SA, D = R>(
  s: SharedStatement<R, SA>,
  decode?: (row: R) => D,
  argsOf?: ArgsOf<A, SA>,
): QueryForm<A, D | null> {
  const map =
    decode === undefined
      ? (row: R | undefined) => (row === undefined ? null : (row as unknown as D))
      : (row: R | undefined) => (row === undefined ? null : decode(row));
  return form<A, D | null>('get', s, argsOf as never, map as never);
}

/** Every row of `s`, each decoded by `decode` (as it is when omitted). */
export function every<R, SA extends readonly unknown[], const A extends readonly unknown[] = SA, D = R>(
  s: SharedStatement<R, SA>,
  decode?: (row: R) => D,
  argsOf?: ArgsOf<A, SA>,
): QueryForm<A, D[]> {
  const map = decode === undefined ? (rows: R[]) => rows as unknown as D[] : (rows: R[]) => rows.map(decode);
  return form<A, D[]>('all', s, argsOf as never, map as never);
}

/** The `field` of the one row `s` answers (an aggregate: `count(*)`, `max(...)`). */
export function scalar<
  R,
  K extends keyof R,
  SA extends readonly unknown[],
  const A extends readonly unknown[] = SA,
>(s: SharedStatement<R, SA>, field: K, argsOf?: ArgsOf<A, SA>): QueryForm<A, R[K]> {
  return form<A, R[K]>('get', s, argsOf as never, ((row: R) => row[field]) as never);
}

/** Runs the write `s`; answers the number of rows it changed. */
export function changes<SA extends readonly unknown[], const A extends readonly unknown[] = SA>(
  s: SharedStatement<unknown, SA>,
  argsOf?: ArgsOf<A, SA>,
): QueryForm<A, number> {
  return form<A, number>('run', s, argsOf as never, ((n: number) => n) as never);
}

/** Runs the write `s` and answers nothing (a method returning void). */
export function effect<SA extends readonly unknown[], const A extends readonly unknown[] = SA>(
  s: SharedStatement<unknown, SA>,
  argsOf?: ArgsOf<A, SA>,
): QueryForm<A, void> {
  return form<A, void>('run', s, argsOf as never, (() => undefined) as never);
}

/** The methods `K` of interface `T`, each written as a {@link QueryMethod} taking its arguments. */
export type QueryMethods<T, K extends keyof T> = {
  readonly [P in K]: T[P] extends (...args: infer A) => infer R ? QueryMethod<A, R> : never;
};

/**
 * Declares the read methods a query module writes for interface `T`; engines run them on connections
 * that only read. Typed so each definition matches the method it implements.
 */
export function defineReads<T>() {
  return <K extends keyof T>(methods: QueryMethods<T, K>) => methods;
}

/** Declares the write methods a query module writes for interface `T`; engines run each in one transaction. */
export function defineWrites<T>() {
  return <K extends keyof T>(methods: QueryMethods<T, K>) => methods;
}

/** What runs the statements of a method synchronously (an engine's connection, in its dialect). */
export interface SyncStepRunner {
  get(s: SharedStatement, args: readonly unknown[]): unknown;
  all(s: SharedStatement, args: readonly unknown[]): unknown[];
  run(s: SharedStatement, args: readonly unknown[]): number;
  each(s: SharedStatement, rows: readonly unknown[], argsOf: (row: never) => readonly unknown[]): void;
}

/** What runs the statements of a method asynchronously (a network engine's transaction). */
export type AsyncStepRunner = {
  [K in keyof SyncStepRunner]: (
    ...a: Parameters<SyncStepRunner[K]>
  ) => Promise<ReturnType<SyncStepRunner[K]>>;
};

function perform(runner: SyncStepRunner, req: StepRequest): unknown {
  switch (req.op) {
    case 'get':
      return runner.get(req.s, req.args);
    case 'all':
      return runner.all(req.s, req.args);
    case 'run':
      return runner.run(req.s, req.args);
    case 'each':
      return runner.each(req.s, req.rows, req.argsOf);
  }
}

function performAsync(runner: AsyncStepRunner, req: StepRequest): Promise<unknown> {
  switch (req.op) {
    case 'get':
      return runner.get(req.s, req.args);
    case 'all':
      return runner.all(req.s, req.args);
    case 'run':
      return runner.run(req.s, req.args);
    case 'each':
      return runner.each(req.s, req.rows, req.argsOf);
  }
}

/** Runs generator steps to their end on a synchronous runner; a statement's failure is thrown into the body. */
export function driveSync<T>(steps: Step<T>, runner: SyncStepRunner): T {
  let next = steps.next();
  while (next.done !== true) {
    let result: unknown;
    try {
      result = perform(runner, next.value);
    } catch (error) {
      next = steps.throw(error);
      continue;
    }
    next = steps.next(result);
  }
  return next.value;
}

/** Runs generator steps to their end on an asynchronous runner, one statement at a time. */
export async function driveAsync<T>(steps: Step<T>, runner: AsyncStepRunner): Promise<T> {
  let next = steps.next();
  while (next.done !== true) {
    let result: unknown;
    try {
      result = await performAsync(runner, next.value);
    } catch (error) {
      next = steps.throw(error);
      continue;
    }
    next = steps.next(result);
  }
  return next.value;
}

/**
 * A method as a plain synchronous function of `runner` and its arguments: a form runs its statement
 * directly, a generator is driven by {@link driveSync}.
 */
export function syncMethod<A extends readonly unknown[], R>(
  method: QueryMethod<A, R>,
): (runner: SyncStepRunner, ...args: A) => R {
  if (typeof method === 'function') return (runner, ...args) => driveSync(method(...args), runner);
  const { op, s, argsOf, map } = method;
  const mapResult = map as (result: unknown) => R;
  if (argsOf === undefined) return (runner, ...args) => mapResult(runner[op](s, args));
  return (runner, ...args) => mapResult(runner[op](s, argsOf(...args)));
}

/** A method as an asynchronous function of `runner` and its arguments (see {@link syncMethod}). */
export function asyncMethod<A extends readonly unknown[], R>(
  method: QueryMethod<A, R>,
): (runner: AsyncStepRunner, ...args: A) => Promise<R> {
  if (typeof method === 'function') return (runner, ...args) => driveAsync(method(...args), runner);
  const { op, s, argsOf, map } = method;
  const mapResult = map as (result: unknown) => R;
  return async (runner, ...args) =>
    mapResult(await runner[op](s, argsOf === undefined ? args : argsOf(...args)));
}
