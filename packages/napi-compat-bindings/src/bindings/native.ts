import { optionalArgument } from '@drift/storage-traits';

// How the native module's results look in JavaScript, so the bindings can build the same values.
//
// - A Rust struct exported as a JS object (`#[napi(object)]`) becomes an object whose required fields
//   come first, in declaration order; an `Option` field that is `None` is left out (no key at all), and
//   one that is `Some` is added after the required fields, in declaration order.
// - A `serde_json::Value` result becomes an object whose keys are in byte order (serde_json's map is a
//   B-tree in the reference's build), with `Option::None` as `null`.

/**
 * An object shaped like a `#[napi(object)]` struct of the reference: `required` as given, then each
 * entry of `optional` whose value is not null or undefined (a `None` field has no key).
 */
export function napiObject<T extends object>(
  required: Record<string, unknown>,
  optional: Record<string, unknown> = {},
): T {
  const out: Record<string, unknown> = { ...required };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== null && value !== undefined) out[key] = value;
  }
  return out as T;
}

const utf8 = new TextEncoder();

/** Compares two strings by their UTF-8 bytes (the order of Rust's `String` keys in a B-tree). */
function compareUtf8(a: string, b: string): number {
  if (a === b) return 0;
  const x = utf8.encode(a);
  const y = utf8.encode(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i += 1) {
    if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
  }
  return x.length - y.length;
}

/** A copy of `fields` with its keys in byte order, like a `serde_json::Value` object of the reference. */
export function jsonObject<T extends object>(fields: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(fields).sort(compareUtf8)) out[key] = fields[key];
  return out as T;
}

/**
 * An optional `u32` argument as the native module converts a JS number (Node-API's
 * `napi_get_value_uint32`: the number's low 32 bits, so fractions are cut off, negative numbers wrap
 * and NaN or infinities are 0). Anything but a number fails.
 */
export function optionalU32Arg(operation: string, field: string, value: unknown): number | undefined {
  const number = optionalArgument(operation, field, 'number', value);
  return number === undefined ? undefined : number >>> 0;
}

/**
 * An optional `i64` argument as the native module converts a JS number (`napi_get_value_int64`: the
 * fraction cut off, NaN and infinities 0, beyond the range clamped).
 */
export function optionalI64Arg(operation: string, field: string, value: unknown): number | undefined {
  const number = optionalArgument(operation, field, 'number', value);
  if (number === undefined) return undefined;
  return Number.isFinite(number) ? Math.trunc(number) : 0;
}

/**
 * True for the characters Rust's `char::is_whitespace` accepts (Unicode `White_Space`), the set its
 * `trim` and `trim_end` remove (unlike JavaScript's, it has no U+FEFF).
 */
export function isRustWhitespace(code: number): boolean {
  return (
    (code >= 0x09 && code <= 0x0d) ||
    code === 0x20 ||
    code === 0x85 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}

/** `str::trim` of Rust: removes leading and trailing Unicode `White_Space` (not U+FEFF, unlike JS). */
export function rustTrim(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isRustWhitespace(text.charCodeAt(start))) start += 1;
  while (end > start && isRustWhitespace(text.charCodeAt(end - 1))) end -= 1;
  return text.slice(start, end);
}

const U32_MAX = 0xffff_ffff;

/**
 * `str::parse::<u32>` of Rust: an optional `+`, then one or more ASCII digits, at most 2^32-1; null
 * for anything else (`'89abc'`, `'-1'`, `''`, `' 89'` untrimmed).
 */
export function parseRustU32(text: string): number | null {
  const digits = text.startsWith('+') ? text.slice(1) : text;
  if (!/^[0-9]+$/.test(digits)) return null;
  const value = Number(digits);
  return value <= U32_MAX ? value : null;
}

/**
 * The CWE ids of a stored comma-separated list, parsed as the reference does
 * (`split(',')`, `trim()`, `parse::<u32>()`, failures dropped): `'89, 79,89abc'` is `[89, 79]`.
 */
export function parseCweList(text: string | null): number[] {
  if (text === null) return [];
  const ids: number[] = [];
  for (const part of text.split(',')) {
    const id = parseRustU32(rustTrim(part));
    if (id !== null) ids.push(id);
  }
  return ids;
}

/**
 * Stored JSON read as the reference reads it into `Vec<T>`: the array when `text` is a JSON array
 * whose every element passes `element`, else empty (serde's `unwrap_or_default`).
 */
export function storedVec<T>(text: string | null, element: (value: unknown) => value is T): T[] {
  if (text === null) return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  return Array.isArray(value) && value.every(element) ? (value as T[]) : [];
}

/** Element check for {@link storedVec}: a string. */
export const isString = (value: unknown): value is string => typeof value === 'string';
/** Element check for {@link storedVec}: any JSON value. */
export const isAny = (_value: unknown): _value is unknown => true;

/** `as u32` of Rust on an integer: its low 32 bits. */
export const asU32 = (value: number): number => Number(BigInt.asUintN(32, BigInt(Math.trunc(value))));
