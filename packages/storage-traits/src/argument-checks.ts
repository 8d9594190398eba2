// The one argument-checking vocabulary of the monorepo: every package that refuses a caller's value
// (the storage methods' checkers, the batch codec, the napi bindings, the reader bridge, the batch
// writer, the workspace) says so in one form, `<operation>: <field> must be <expected>, got <value>`,
// with `{ operation, field }` as the error's details and the value named by `describeValue`.
//
// One argument order everywhere: the operation (the function the caller called), the field (the
// argument or its dotted path), what the value must be (a kind, or the words of an expectation), then
// the value: `requireArgument(operation, field, kind, value)`, `optionalArgument(operation, field,
// kind, value)`, `argumentError(operation, field, expected, value)`.

import { invalidInput, type StorageError } from './errors.js';
import {
  describeValue,
  FIELD_KIND_EXPECTED,
  illFormedStringProblem,
  isFieldKind,
  isTextKind,
  isWellFormedString,
} from './field-kinds.js';
import type { ArgumentKind } from './method-argument-specs.js';

/**
 * The kinds {@link requireArgument} and {@link optionalArgument} check: the kinds of
 * `METHOD_ARGUMENT_SPECS` (their strings are well-formed Unicode), plus the JavaScript values a
 * native-module binding converts as napi-rs does before any rule of its own applies:
 * - `text`: any string, a lone surrogate too (for a value only compared or handed to the file
 *   system, never stored), `text[]` an array of them;
 * - `number`: any number, NaN and the infinities too (the binding converts it as napi-rs would).
 */
export type ArgumentCheckKind = ArgumentKind | 'text' | 'text[]' | 'number';

/** The value each {@link ArgumentCheckKind} gives back once checked. */
export interface ArgumentKindValue {
  /** A string without lone surrogates (one would not survive storage as UTF-8). */
  string: string;
  /** Null, or a string without lone surrogates. */
  'string?': string | null;
  /** An integer within ±(2^53 − 1), so it round-trips through SQLite's 64-bit integers unchanged. */
  int: number;
  /** A safe integer from 0 to 2^53 − 1. */
  uint: number;
  /** An integer from 0 to 2^32 − 1. */
  u32: number;
  /** An integer from −2^31 to 2^31 − 1. */
  i32: number;
  /** Any number but NaN (which SQLite cannot store): the infinities and −0 pass. */
  real: number;
  /** `true` or `false`; 0/1 and other truthy values are refused. */
  bool: boolean;
  /** A `Uint8Array` (a Node `Buffer` passes, a plain array of numbers does not). */
  bytes: Uint8Array;
  /** An array of well-formed strings. */
  'string[]': readonly string[];
  /** Any string, lone surrogates included: for values compared or handed to the file system, never stored. */
  text: string;
  /** An array of any strings. */
  'text[]': readonly string[];
  /** Any number, NaN and the infinities included (converted later as napi-rs would). */
  number: number;
}

/** The type of a value of kind `K` once {@link requireArgument} has checked it. */
export type ArgumentValue<K extends ArgumentCheckKind> = ArgumentKindValue[K];

/** What a failure says each {@link ArgumentCheckKind} expected (`FIELD_KIND_EXPECTED` for the shared ones). */
export const ARGUMENT_KIND_EXPECTED: Readonly<Record<ArgumentCheckKind, string>> = {
  string: FIELD_KIND_EXPECTED.string,
  'string?': FIELD_KIND_EXPECTED['string?'],
  int: FIELD_KIND_EXPECTED.int,
  uint: FIELD_KIND_EXPECTED.uint,
  u32: FIELD_KIND_EXPECTED.u32,
  i32: FIELD_KIND_EXPECTED.i32,
  real: FIELD_KIND_EXPECTED.real,
  bool: FIELD_KIND_EXPECTED.bool,
  bytes: FIELD_KIND_EXPECTED.bytes,
  'string[]': 'an array of strings',
  text: 'a string',
  'text[]': 'an array of strings',
  number: 'a number',
};

/**
 * The problem of a value that is not what `expected` says, as the end of a message:
 * `must be <expected>, got <describeValue(value)>`. When the expectation is well-formed text
 * (`wellFormedText`) and the value is a string with a lone surrogate, it says where that surrogate
 * is instead (`must be well-formed Unicode text, got a string with a lone surrogate (U+D800) at index
 * 3`); a string given for a number is described as any other value.
 */
export function mismatchProblem(expected: string, value: unknown, wellFormedText: boolean): string {
  return (
    (wellFormedText ? illFormedStringProblem(value) : undefined) ??
    `must be ${expected}, got ${describeValue(value)}`
  );
}

/**
 * The problem of a row field, as the end of a message: `is missing (must be <expected>)` when it is
 * undefined (absent), else {@link mismatchProblem}.
 */
export function fieldProblem(expected: string, value: unknown, wellFormedText: boolean): string {
  return value === undefined
    ? `is missing (must be ${expected})`
    : mismatchProblem(expected, value, wellFormedText);
}

/**
 * The `INVALID_INPUT` error of one refused argument, in the one form:
 * `<operation>: <field> must be <expected>, got <describeValue(value)>`, with `operation` and `field`
 * as its details. For expectations no kind covers (`a positive integer`, `a function`); a kind's
 * check is {@link requireArgument}.
 */
export function argumentError(
  operation: string,
  field: string,
  expected: string,
  value: unknown,
): StorageError {
  return invalidInput(`${operation}: ${field} must be ${expected}, got ${describeValue(value)}`, {
    operation,
    field,
  });
}

/** `Array.isArray`, false for a revoked Proxy (where `Array.isArray` throws). */
function isArray(value: unknown): value is readonly unknown[] {
  try {
    return Array.isArray(value);
  } catch {
    return false;
  }
}

/** True for an array whose every element passes `element` (reads `length` and each element once). */
function isArrayOf(value: unknown, element: (item: unknown) => boolean): boolean {
  if (!isArray(value)) return false;
  for (let i = 0; i < value.length; i++) if (!element(value[i])) return false;
  return true;
}

const isText = (value: unknown): value is string => typeof value === 'string';

/** True when `value` is of `kind`. */
function isArgumentKind(kind: ArgumentCheckKind, value: unknown): boolean {
  switch (kind) {
    case 'string[]':
      return isArrayOf(value, isWellFormedString);
    case 'text':
      return typeof value === 'string';
    case 'text[]':
      return isArrayOf(value, isText);
    case 'number':
      return typeof value === 'number';
    case 'bytes':
      // As isFieldKind (`instanceof`), but a revoked Proxy, where `instanceof` throws, is not bytes.
      try {
        return isFieldKind(kind, value);
      } catch {
        return false;
      }
    default:
      return isFieldKind(kind, value);
  }
}

/**
 * Throws the error of a value that is not of `kind`. `expected` is what the message says the whole
 * value must be (the kind's words, with ` when given` for an optional argument); a bad element of an
 * array is named by its index (`include[2] must be a string, got the number 5`).
 */
function failArgument(
  operation: string,
  field: string,
  kind: ArgumentCheckKind,
  expected: string,
  value: unknown,
): never {
  if ((kind === 'string[]' || kind === 'text[]') && isArray(value)) {
    const element = kind === 'string[]' ? 'string' : 'text';
    for (let i = 0; i < value.length; i++) {
      if (!isArgumentKind(element, value[i]))
        failArgument(operation, `${field}[${i}]`, element, 'a string', value[i]);
    }
  }
  const problem = mismatchProblem(expected, value, isTextKind(kind));
  throw invalidInput(`${operation}: ${field} ${problem}`, { operation, field });
}

/**
 * Checks a required argument of `kind` and returns it typed; throws `INVALID_INPUT` in the one form
 * otherwise (`driftFixViolation: violationId must be a string, got the number 7`). Arrays are
 * returned as given, not copied.
 */
export function requireArgument<K extends ArgumentCheckKind>(
  operation: string,
  field: string,
  kind: K,
  value: unknown,
): ArgumentValue<K> {
  if (!isArgumentKind(kind, value)) failArgument(operation, field, kind, ARGUMENT_KIND_EXPECTED[kind], value);
  return value as ArgumentValue<K>;
}

/**
 * Checks an optional argument as napi-rs converts an `Option<T>`: `undefined` and `null` mean absent
 * (returned as `undefined`), anything else must be of `kind` (`must be a string when given, got ...`).
 */
export function optionalArgument<K extends Exclude<ArgumentCheckKind, 'string?'>>(
  operation: string,
  field: string,
  kind: K,
  value: unknown,
): ArgumentValue<K> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isArgumentKind(kind, value)) {
    failArgument(operation, field, kind, `${ARGUMENT_KIND_EXPECTED[kind]} when given`, value);
  }
  return value as ArgumentValue<K>;
}
