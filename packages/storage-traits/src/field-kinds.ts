// The run-time value kinds shared by the method-argument checks and the batch-command codec. Each
// numeric kind is the domain of the reference's Rust type for that value, narrowed to what a
// JavaScript number holds exactly: a value the reference could not take, or could not read back from
// its own row types (an `i64` column read as `u32`, say), is refused before anything is written.

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
