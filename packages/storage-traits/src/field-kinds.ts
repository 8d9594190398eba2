// The run-time value kinds shared by the method-argument checks and the batch-command codec. Each
// numeric kind is the domain of the reference's Rust type for that value, narrowed to what a
// JavaScript number holds exactly: a value the reference could not take, or could not read back from
// its own row types (an `i64` column read as `u32`, say), is refused before anything is written.
// The words of a refusal live here too (`describeValue`, `FIELD_KIND_EXPECTED`, `excerpt`); the
// checkers built on them, and their one argument order (operation, field, expectation, value), are
// in argument-checks.ts.

/**
 * The run-time kind of one value. `?` marks a nullable value.
 *
 * - `int`: a reference `i64`, as a safe integer (±(2^53 − 1)).
 * - `uint`: a reference `u64` or `usize`, as a non-negative safe integer.
 * - `u32`: a reference `u32` (0 .. 4294967295): lines, columns, CWE ids, counts.
 * - `i32`: a reference `i32` (−2147483648 .. 2147483647).
 * - `real`: an `f64`, any number but NaN (SQLite stores NaN as NULL; infinities are kept).
 * - `string`: well-formed Unicode text (no lone surrogate, which SQLite would store as invalid UTF-8
 *   and the reference could not read back).
 * - `bool`, `bytes` (a `Uint8Array`).
 */
export type FieldKind =
  | 'string'
  | 'string?'
  | 'int'
  | 'int?'
  | 'uint'
  | 'u32'
  | 'u32?'
  | 'i32'
  | 'real'
  | 'real?'
  | 'bool'
  | 'bytes'
  | 'bytes?';

/** Largest value of a reference `u32`. */
export const U32_MAX = 4_294_967_295;
/** Smallest value of a reference `i32`. */
export const I32_MIN = -2_147_483_648;
/** Largest value of a reference `i32`. */
export const I32_MAX = 2_147_483_647;

/** The `isWellFormed` method of strings (Node 20+), typed here because the TypeScript lib predates it. */
type WellFormed = { isWellFormed(): boolean };

/** True when `value` is a string of well-formed UTF-16 (every surrogate is part of a pair). */
export function isWellFormedString(value: unknown): value is string {
  return typeof value === 'string' && (value as unknown as WellFormed).isWellFormed();
}

/** The index of the first lone surrogate of `text`, or -1 when it is well-formed. */
export function loneSurrogateIndex(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return i;
    }
    if (unit >= 0xdc00 && unit <= 0xdfff) return i;
  }
  return -1;
}

const isU32 = (value: unknown): boolean =>
  Number.isInteger(value) && (value as number) >= 0 && (value as number) <= U32_MAX;

/**
 * True when `value` is of `kind`. One monomorphic function (not a closure per kind) so that engines
 * can inline it into their checking loops.
 */
export function isFieldKind(kind: FieldKind, value: unknown): boolean {
  switch (kind) {
    case 'string':
      return isWellFormedString(value);
    case 'string?':
      return value === null || isWellFormedString(value);
    case 'int':
      return Number.isSafeInteger(value);
    case 'int?':
      return value === null || Number.isSafeInteger(value);
    case 'uint':
      return Number.isSafeInteger(value) && (value as number) >= 0;
    case 'u32':
      return isU32(value);
    case 'u32?':
      return value === null || isU32(value);
    case 'i32':
      return Number.isInteger(value) && (value as number) >= I32_MIN && (value as number) <= I32_MAX;
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

/**
 * True for the kinds whose values are well-formed text (`string`, `string?`): a lone surrogate in a
 * value refused for one of them is named as such.
 */
export const isTextKind = (kind: string): boolean => kind === 'string' || kind === 'string?';

/** What a failure says each kind expected. */
export const FIELD_KIND_EXPECTED: Readonly<Record<FieldKind, string>> = {
  string: 'a string',
  'string?': 'a string or null',
  int: 'a safe integer',
  'int?': 'a safe integer or null',
  uint: 'a non-negative safe integer',
  u32: `an integer from 0 to ${U32_MAX}`,
  'u32?': `an integer from 0 to ${U32_MAX} or null`,
  i32: `an integer from ${I32_MIN} to ${I32_MAX}`,
  real: 'a number (not NaN, which SQLite cannot store)',
  'real?': 'a number (not NaN) or null',
  bool: 'a boolean',
  bytes: 'a Uint8Array',
  'bytes?': 'a Uint8Array or null',
};

/** The kinds whose failures show the offending number. */
export const NUMERIC_FIELD_KINDS: ReadonlySet<FieldKind> = new Set([
  'int',
  'int?',
  'uint',
  'u32',
  'u32?',
  'i32',
  'real',
  'real?',
]);

/**
 * The problem with a string that is not well-formed Unicode, for an `INVALID_INPUT` message, or
 * undefined when `value` is not such a string.
 */
export function illFormedStringProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const at = loneSurrogateIndex(value);
  if (at < 0) return undefined;
  const unit = value.charCodeAt(at).toString(16).toUpperCase();
  return `must be well-formed Unicode text, got a string with a lone surrogate (U+${unit}) at index ${at}`;
}

/** How many characters of a caller's text an error message quotes at most. */
export const MESSAGE_QUOTE_LIMIT = 120;

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/**
 * `text` as a JSON string literal for an error message, cut to {@link MESSAGE_QUOTE_LIMIT} characters
 * (never inside a surrogate pair) with `…` when it was longer.
 */
export function quoteText(text: string): string {
  if (text.length <= MESSAGE_QUOTE_LIMIT) return JSON.stringify(text);
  let end = MESSAGE_QUOTE_LIMIT;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${JSON.stringify(text.slice(0, end)).slice(0, -1)}…"`;
}

/**
 * `text` for a sentence of an error message: as it is when short, else its first
 * {@link MESSAGE_QUOTE_LIMIT} characters (a surrogate pair is never split), an ellipsis and how long it
 * was, e.g. `aaaa… (5000000 characters)`. Unlike {@link quoteText} it adds no quotes.
 */
export function excerpt(text: string): string {
  if (text.length <= MESSAGE_QUOTE_LIMIT) return text;
  let end = MESSAGE_QUOTE_LIMIT;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}… (${text.length} characters)`;
}

/** The tag getter of typed arrays: a brand check that runs no getter or Proxy trap of the value. */
const typedArrayTag = Object.getOwnPropertyDescriptor(
  Object.getPrototypeOf(Uint8Array.prototype) as object,
  Symbol.toStringTag,
)!.get as (this: unknown) => string | undefined;

/**
 * True for a `Uint8Array` (a `Buffer` too, or one from another realm), checked by its internal brand:
 * unlike `instanceof`, it reads no property of the value and runs no Proxy trap.
 */
export function isUint8ArrayBrand(value: unknown): value is Uint8Array {
  return typeof value === 'object' && value !== null && typedArrayTag.call(value) === 'Uint8Array';
}

/** The smallest bigint magnitude {@link describeValue} no longer prints: 10^120, 121 digits. */
const BIGINT_QUOTE_BOUND = 10n ** BigInt(MESSAGE_QUOTE_LIMIT);

/**
 * Names a value that was refused, for the `got ...` of an `INVALID_INPUT` message, with the right
 * article and without echoing a huge input:
 * - `undefined`, `null`, `the boolean true`;
 * - `the number 40.5` (also `the number NaN`, `the number -0`, `the number Infinity`);
 * - `the bigint 5n`, or `a bigint of more than 120 digits`;
 * - `an empty string`, `the string "abc"` (JSON-quoted, so a lone surrogate shows as `\ud800`), or
 *   `a string of 5000000 characters ("aaa…")` (cut as {@link quoteText} cuts);
 * - `a symbol`, `a function` (a class too);
 * - `an empty array`, `an array of 100000 elements`, `a Uint8Array of 3 bytes`;
 * - `an object` for any other object (a class instance, a `Date`, a `Map`, a Proxy of an object), or
 *   `an unreadable object` for a revoked Proxy.
 *
 * It reads nothing from objects but an array's length, so it runs no getter (a Proxy's `get` trap at
 * most once, for `length`).
 */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'number':
      return `the number ${Object.is(value, -0) ? '-0' : value}`;
    case 'boolean':
      return `the boolean ${value}`;
    case 'string':
      if (value.length === 0) return 'an empty string';
      return value.length <= MESSAGE_QUOTE_LIMIT
        ? `the string ${quoteText(value)}`
        : `a string of ${value.length} characters (${quoteText(value)})`;
    case 'bigint':
      return value < BIGINT_QUOTE_BOUND && value > -BIGINT_QUOTE_BOUND
        ? `the bigint ${value}n`
        : `a bigint of more than ${MESSAGE_QUOTE_LIMIT} digits`;
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
    default:
      break;
  }
  if (value === null) return 'null';
  try {
    if (Array.isArray(value)) {
      const { length } = value;
      return length === 0 ? 'an empty array' : `an array of ${plural(length, 'element', 'elements')}`;
    }
  } catch {
    return 'an unreadable object';
  }
  if (isUint8ArrayBrand(value)) return `a Uint8Array of ${plural(value.byteLength, 'byte', 'bytes')}`;
  return 'an object';
}
