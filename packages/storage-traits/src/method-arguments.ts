// Run-time argument checks of the storage methods, driven by the table in method-argument-specs.ts.
// Engines look a method's checker up once (`methodArgumentChecker`) and call it before every call:
// the checker tests the arity, then each argument (and each row field) against its kind, allocating
// nothing unless it throws `INVALID_INPUT` naming the method and the argument or row field. The
// messages are the one form of argument-checks.ts (`<method>: <argument> must be <expected>, got
// <value>`); its argument order (operation, field, expectation, value) is the order of every helper
// here too.

import { fieldProblem, mismatchProblem } from './argument-checks.js';
import { invalidInput } from './errors.js';
import {
  describeValue,
  FIELD_KIND_EXPECTED,
  type FieldKind,
  isFieldKind,
  isTextKind,
  isWellFormedString,
} from './field-kinds.js';
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

/** A kind checked by {@link isFieldKind} (every kind but `string[]`, whose elements are `string`s). */
type ScalarKind = Exclude<ArgumentKind | FieldKind, 'string[]'>;

// ─── Failures (kept out of the success path) ────────────────────────────────────────────────────

/** Throws `INVALID_INPUT` about one argument or row field of a call to `method`. */
function fail(method: string, field: string, problem: string): never {
  throw invalidInput(`${method}: ${field} ${problem}`, { operation: method, field });
}

/**
 * Fails a value that is not of `kind`: `field must be <expected>, got <what it is>`, or, for a string
 * with a lone surrogate, says where it is.
 */
function failKind(method: string, field: string, kind: ScalarKind, value: unknown): never {
  fail(method, field, mismatchProblem(FIELD_KIND_EXPECTED[kind], value, isTextKind(kind)));
}

/** Fails a row field: `is missing` when absent (or undefined), otherwise as {@link failKind}. */
function failField(method: string, field: string, kind: FieldKind, value: unknown): never {
  fail(method, field, fieldProblem(FIELD_KIND_EXPECTED[kind], value, isTextKind(kind)));
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
  if (!isRowObject(row)) fail(method, rowPath(name, index), `must be an object, got ${describeValue(row)}`);
  const { fields, kinds } = schema;
  for (let i = 0; i < fields.length; i++) {
    const value = (row as Readonly<Record<string, unknown>>)[fields[i]!];
    if (!isFieldKind(kinds[i]!, value)) {
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
        fail(method, name, `must be an array of objects, got ${describeValue(value)}`);
      }
      for (let i = 0; i < value.length; i++) checkRow(method, name, i, schema!, value[i]);
      return;
    case 'string[]':
      if (!Array.isArray(value)) {
        fail(method, name, `must be an array of strings, got ${describeValue(value)}`);
      }
      for (let i = 0; i < value.length; i++) {
        if (!isWellFormedString(value[i])) failKind(method, `${name}[${i}]`, 'string', value[i]);
      }
      return;
    default:
      if (!isFieldKind(kind, value)) failKind(method, name, kind, value);
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

/**
 * Compiles an argument checker from an explicit spec list, for a method outside
 * {@link METHOD_ARGUMENT_SPECS} (an engine's own methods, such as storage-sqlite's views): the same
 * arity and kind checks, and the same messages, as {@link methodArgumentChecker}. Not cached: call it
 * once per method.
 */
export function argumentCheckerFor(method: string, specs: readonly ArgumentSpec[]): MethodArgumentChecker {
  return compileMethod(method, specs);
}
