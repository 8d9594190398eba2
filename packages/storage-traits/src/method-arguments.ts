// Run-time argument checks of the storage methods, driven by the table in method-argument-specs.ts.
// Engines look a method's checker up once (`methodArgumentChecker`) and call it before every call:
// the checker tests the arity, then each argument (and each row field) against its kind, allocating
// nothing unless it throws `INVALID_INPUT` naming the method and the argument or row field.

import type { FieldKind } from './batch-schema.js';
import { invalidInput } from './errors.js';
import { type ArgumentKind, type ArgumentSpec, METHOD_ARGUMENT_SPECS } from './method-argument-specs.js';

export {
  type ArgumentKind,
  type ArgumentSpec,
  type InsertRowSchema,
  METHOD_ARGUMENT_SPECS,
  type MethodArgumentSpecs,
  type StoreAssignedField,
} from './method-argument-specs.js';

/** Checks the arguments of one call; throws `INVALID_INPUT` naming the method and argument. */
export type MethodArgumentChecker = (args: readonly unknown[]) => void;

/** A kind checked by {@link isKind} (every kind but `string[]`, whose elements are `string`s). */
type ScalarKind = Exclude<ArgumentKind | FieldKind, 'string[]'>;

/**
 * True when `value` is of `kind`. One monomorphic function (not a closure per kind) so that the
 * engine can inline it into the checkers' loops.
 */
function isKind(kind: ScalarKind, value: unknown): boolean {
  switch (kind) {
    case 'string':
      return typeof value === 'string';
    case 'string?':
      return value === null || typeof value === 'string';
    case 'int':
      return Number.isSafeInteger(value);
    case 'int?':
      return value === null || Number.isSafeInteger(value);
    case 'uint':
      return Number.isSafeInteger(value) && (value as number) >= 0;
    case 'real':
      return typeof value === 'number' && !Number.isNaN(value);
    case 'real?':
      return value === null || (typeof value === 'number' && !Number.isNaN(value));
    case 'bool':
      return typeof value === 'boolean';
    case 'bytes':
      return value instanceof Uint8Array;
    case 'bytes?':
      return value === null || value instanceof Uint8Array;
  }
}

/** What a failure says each kind expected. */
const EXPECTED: Readonly<Record<ScalarKind, string>> = {
  string: 'a string',
  'string?': 'a string or null',
  int: 'a safe integer',
  'int?': 'a safe integer or null',
  uint: 'a non-negative safe integer',
  real: 'a number (not NaN, which SQLite cannot store)',
  'real?': 'a number (not NaN) or null',
  bool: 'a boolean',
  bytes: 'a Uint8Array',
  'bytes?': 'a Uint8Array or null',
};

const NUMERIC_KINDS: ReadonlySet<ScalarKind> = new Set(['int', 'int?', 'uint', 'real', 'real?']);

// ─── Failures (kept out of the success path) ────────────────────────────────────────────────────

/** Names the type of a wrong value; numbers show their value when a number was expected. */
function describe(value: unknown, numeric: boolean): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Uint8Array) return 'a Uint8Array';
  if (numeric && typeof value === 'number') return `the number ${value}`;
  return typeof value;
}

/** Throws `INVALID_INPUT` about one argument or row field of a call to `method`. */
function fail(method: string, field: string, problem: string): never {
  throw invalidInput(`${method}: ${field} ${problem}`, { operation: method, field });
}

/** Fails a value that is not of `kind`: `field must be <expected>, got <what it is>`. */
function failKind(method: string, field: string, kind: ScalarKind, value: unknown): never {
  fail(method, field, `must be ${EXPECTED[kind]}, got ${describe(value, NUMERIC_KINDS.has(kind))}`);
}

/** Fails a row field: `is missing` when absent (or undefined), otherwise as {@link failKind}. */
function failField(method: string, field: string, kind: FieldKind, value: unknown): never {
  if (value === undefined) fail(method, field, `is missing (must be ${EXPECTED[kind]})`);
  failKind(method, field, kind, value);
}

/** Fails a call with too few arguments (naming the first missing one) or too many. */
function failArity(method: string, specs: readonly ArgumentSpec[], count: number): never {
  const expected = `${specs.length} argument${specs.length === 1 ? '' : 's'}`;
  const missing = specs[count];
  if (missing !== undefined) fail(method, missing[0], `is missing (expected ${expected}, got ${count})`);
  const names = specs.length === 0 ? '' : ` (${specs.map((spec) => spec[0]).join(', ')})`;
  throw invalidInput(`${method}: expected ${expected}${names}, got ${count}`, { operation: method });
}

/** True for a value that can be a row: an object that is not an array or a byte array. */
const isRowObject = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);

// ─── Compilation ────────────────────────────────────────────────────────────────────────────────

/** A row schema as parallel arrays, so that checking a row walks them without allocating. */
interface CompiledSchema {
  readonly fields: readonly string[];
  readonly kinds: readonly FieldKind[];
}

/** Splits a row schema into its field names and kinds. */
function compileSchema(schema: Readonly<Record<string, FieldKind>>): CompiledSchema {
  const fields = Object.keys(schema);
  return { fields, kinds: fields.map((field) => schema[field]!) };
}

/** `name` for a single row argument (`index` -1), `name[index]` for an element of a rows argument. */
const rowPath = (name: string, index: number) => (index < 0 ? name : `${name}[${index}]`);

/**
 * Checks one row: an object carrying every schema field with its kind. Fields beyond the schema are
 * allowed (callers pass full trait rows); a missing one is named as `row.field` or `rows[3].field`.
 */
function checkRow(method: string, name: string, index: number, schema: CompiledSchema, row: unknown): void {
  if (!isRowObject(row)) fail(method, rowPath(name, index), `must be an object, got ${describe(row, false)}`);
  const { fields, kinds } = schema;
  for (let i = 0; i < fields.length; i++) {
    const value = (row as Readonly<Record<string, unknown>>)[fields[i]!];
    if (!isKind(kinds[i]!, value)) {
      failField(method, `${rowPath(name, index)}.${fields[i]}`, kinds[i]!, value);
    }
  }
}

/** Checks one argument of any kind against its spec (`schema` is set for `row` and `rows`). */
function checkArgument(
  method: string,
  name: string,
  kind: ArgumentSpec[1],
  schema: CompiledSchema | undefined,
  value: unknown,
): void {
  switch (kind) {
    case 'row':
      checkRow(method, name, -1, schema!, value);
      return;
    case 'rows':
      if (!Array.isArray(value)) {
        fail(method, name, `must be an array of objects, got ${describe(value, false)}`);
      }
      for (let i = 0; i < value.length; i++) checkRow(method, name, i, schema!, value[i]);
      return;
    case 'string[]':
      if (!Array.isArray(value)) {
        fail(method, name, `must be an array of strings, got ${describe(value, false)}`);
      }
      for (let i = 0; i < value.length; i++) {
        if (typeof value[i] !== 'string') failKind(method, `${name}[${i}]`, 'string', value[i]);
      }
      return;
    default:
      if (!isKind(kind, value)) failKind(method, name, kind, value);
  }
}

/** Compiles a method's argument specs into its checker: arity first, then each argument in order. */
function compileMethod(method: string, specs: readonly ArgumentSpec[]): MethodArgumentChecker {
  const arity = specs.length;
  const names = specs.map((spec) => spec[0]);
  const kinds = specs.map((spec) => spec[1]);
  const schemas = specs.map((spec) => (spec.length === 3 ? compileSchema(spec[2]) : undefined));
  return (args) => {
    if (args.length !== arity) failArity(method, specs, args.length);
    for (let i = 0; i < arity; i++) checkArgument(method, names[i]!, kinds[i]!, schemas[i], args[i]);
  };
}

/** The specs by method name (own names only: `toString` and the like are unknown). */
const SPECS: ReadonlyMap<string, readonly ArgumentSpec[]> = new Map(Object.entries(METHOD_ARGUMENT_SPECS));
/** Checkers compiled so far; each method is compiled on its first lookup. */
const compiled = new Map<string, MethodArgumentChecker>();

/**
 * Returns the argument checker of a storage method: a function that throws `INVALID_INPUT` naming the
 * method and argument when a call's arguments do not fit the method's signature. Compiled once per
 * method; an unknown method name is a programming error and throws a plain `Error`.
 */
export function methodArgumentChecker(method: string): MethodArgumentChecker {
  let checker = compiled.get(method);
  if (checker === undefined) {
    const specs = SPECS.get(method);
    if (specs === undefined) throw new Error(`no argument spec for storage method ${JSON.stringify(method)}`);
    checker = compileMethod(method, specs);
    compiled.set(method, checker);
  }
  return checker;
}

/** Checks one call's arguments against a storage method's signature (`INVALID_INPUT` when they do not fit). */
export function checkMethodArguments(method: string, args: readonly unknown[]): void {
  methodArgumentChecker(method)(args);
}
