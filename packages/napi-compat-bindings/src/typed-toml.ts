import { parse as parseToml, TomlDate, TomlError } from 'smol-toml';
import { quoteInput } from './bindings/args.js';

// TOML read into typed records the way the reference reads it: the `toml` crate deserializes into serde
// structs, so a key of the wrong type fails the whole document, unknown keys are ignored, integers and
// floats are told apart (an integer where a float is expected is fine, the other way round is not) and
// integer ranges follow the Rust field types. Messages use serde's wording ("invalid type: string
// \"x\", expected u64") followed by the key; the `toml` crate's source excerpt is not reproduced.

/** A document that is not TOML, or whose keys do not have the types the reader expects. */
export class TomlShapeError extends Error {
  /** Dotted key the problem is at (`scan.max_file_size`), or null for a syntax error. */
  readonly key: string | null;

  constructor(message: string, key: string | null, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TomlShapeError';
    this.key = key;
  }
}

/** A parsed TOML table: integers are `bigint`, floats `number`. */
export type TomlRecord = Record<string, unknown>;

/**
 * Parses TOML text keeping integers as `bigint` (so that `1` and `1.0` differ, as for the `toml` crate).
 * The reference's parser speaks TOML 1.0, so what only TOML 1.1 allows is refused too (see
 * {@link checkToml10}), as are integers outside the 64-bit range. A failure is a {@link TomlShapeError}
 * that names the line and column.
 */
export function parseTomlRecord(text: string): TomlRecord {
  let document: TomlRecord;
  try {
    document = parseToml(text, { integersAsBigInt: true }) as TomlRecord;
  } catch (error) {
    const where = error instanceof TomlError ? ` at line ${error.line}, column ${error.column}` : '';
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    throw new TomlShapeError(`TOML parse error${where}: ${reason}`, null, { cause: error });
  }
  checkToml10(text);
  checkIntegerRange(document, '');
  return document;
}

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

function checkIntegerRange(value: unknown, key: string): void {
  if (typeof value === 'bigint') {
    if (value < I64_MIN || value > I64_MAX) {
      throw new TomlShapeError(`TOML parse error: number too large to fit in target type${at(key)}`, key);
    }
  } else if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) checkIntegerRange(item, `${key}[${i}]`);
  } else if (isTable(value)) {
    for (const [k, v] of Object.entries(value)) checkIntegerRange(v, key === '' ? k : `${key}.${k}`);
  }
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** Whether the `:` at `i` joins the hours and minutes of a time that has no seconds (`07:32`). */
function isTimeWithoutSeconds(text: string, i: number): boolean {
  const before = text[i - 3];
  const hoursStart =
    before === undefined || !(isDigit(before) || before === ':' || before === '+' || before === '-');
  return (
    hoursStart &&
    isDigit(text[i - 2]) &&
    isDigit(text[i - 1]) &&
    isDigit(text[i + 1]) &&
    isDigit(text[i + 2]) &&
    text[i + 3] !== ':'
  );
}

/**
 * Refuses, in a document that parsed, the TOML 1.1 additions a TOML 1.0 parser (the reference's `toml`
 * 0.8) refuses: the escapes `\e` and `\xHH`, newlines and trailing commas in inline tables, and times
 * without seconds.
 */
function checkToml10(text: string): void {
  const fail = (index: number, what: string): never => {
    const before = text.slice(0, index);
    const line = before.split('\n').length;
    const column = index - before.lastIndexOf('\n');
    throw new TomlShapeError(
      `TOML parse error at line ${line}, column ${column}: ${what} (TOML 1.1 only)`,
      null,
    );
  };
  const nesting: ('inline' | 'array' | 'header')[] = [];
  let lineStart = true;
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i += 1;
      continue;
    }
    if (c === '\n') {
      if (nesting.at(-1) === 'inline') fail(i, 'a newline inside an inline table');
      lineStart = true;
      i += 1;
      continue;
    }
    if (c === '"' || c === "'") {
      const triple = text.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      i += quote.length;
      while (i < text.length && !text.startsWith(quote, i)) {
        if (c === '"' && text[i] === '\\') {
          const next = text[i + 1];
          if (next === 'e' || next === 'x') fail(i, `the escape \\${next}`);
          i += 2;
          continue;
        }
        i += 1;
      }
      // A multi-line string may end with up to two more quotes.
      i += quote.length;
      if (triple) while (text[i] === c) i += 1;
      lineStart = false;
      continue;
    }
    if (c === '[' || c === '{') {
      nesting.push(c === '{' ? 'inline' : nesting.length === 0 && lineStart ? 'header' : 'array');
    } else if (c === ']' || c === '}') {
      nesting.pop();
    } else if (c === ',' && nesting.at(-1) === 'inline') {
      let j = i + 1;
      while (text[j] === ' ' || text[j] === '\t') j += 1;
      if (text[j] === '}') fail(i, 'a trailing comma in an inline table');
    } else if (c === ':' && isTimeWithoutSeconds(text, i)) {
      fail(i - 2, 'a time without seconds');
    }
    if (c !== ' ' && c !== '\t' && c !== '\r') lineStart = false;
    i += 1;
  }
}

/** A float as serde shows it: with a decimal point even when whole (`1.0`), `inf`, `-inf`, `NaN`. */
function floatText(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  return Number.isInteger(value) ? `${value.toFixed(1)}` : String(value);
}

/** serde's name for what a TOML value is (`integer \`5\``, `string "x"`, `map`, ...). */
function unexpected(value: unknown): string {
  if (typeof value === 'bigint') return `integer \`${quoteInput(String(value))}\``;
  if (typeof value === 'number') return `floating point \`${floatText(value)}\``;
  if (typeof value === 'string') return `string ${JSON.stringify(quoteInput(value))}`;
  if (typeof value === 'boolean') return `boolean \`${String(value)}\``;
  if (Array.isArray(value)) return 'sequence';
  if (value instanceof TomlDate) return 'datetime';
  return 'map';
}

function at(key: string): string {
  return key === '' ? '' : ` for key \`${quoteInput(key)}\``;
}

/** `invalid type: <what>, expected <expected> for key \`<key>\`` as a {@link TomlShapeError}. */
function invalidType(value: unknown, expected: string, key: string): TomlShapeError {
  return new TomlShapeError(`invalid type: ${unexpected(value)}, expected ${expected}${at(key)}`, key);
}

/**
 * The error of a required key absent from a TOML table: `` missing field `<field>` `` (the key path of
 * `table` appended when non-empty).
 */
export function missingField(field: string, table: string): TomlShapeError {
  return new TomlShapeError(
    `missing field \`${field}\`${at(table)}`,
    table === '' ? field : `${table}.${field}`,
  );
}

/** True for a TOML table (not an array, not a date). */
export function isTable(value: unknown): value is TomlRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof TomlDate);
}

/** A table, or the serde error for a struct named `structName`. */
export function expectTable(value: unknown, structName: string, key: string): TomlRecord {
  if (!isTable(value)) throw invalidType(value, `struct ${structName}`, key);
  return value;
}

const UNSIGNED_MAX: Readonly<Record<'u32' | 'u64' | 'usize', bigint>> = {
  u32: 0xffff_ffffn,
  u64: 0xffff_ffff_ffff_ffffn,
  usize: 0xffff_ffff_ffff_ffffn,
};

/** An unsigned integer of a Rust type (`u32`, `u64`, `usize`); a float or a negative is refused. */
export function expectUnsigned(value: unknown, type: 'u32' | 'u64' | 'usize', key: string): number {
  if (typeof value !== 'bigint') throw invalidType(value, type, key);
  if (value < 0n || value > UNSIGNED_MAX[type]) {
    throw new TomlShapeError(`invalid value: ${unexpected(value)}, expected ${type}${at(key)}`, key);
  }
  return Number(value);
}

/** A float (`f32`/`f64`); an integer is accepted and converted, as serde does. */
export function expectFloat(value: unknown, type: 'f32' | 'f64', key: string): number {
  if (typeof value === 'bigint') return Number(value);
  if (typeof value !== 'number') throw invalidType(value, type, key);
  return type === 'f32' ? Math.fround(value) : value;
}

/** `value` when it is a boolean, else serde's `invalid type` error naming `key`. */
export function expectBool(value: unknown, key: string): boolean {
  if (typeof value !== 'boolean') throw invalidType(value, 'a boolean', key);
  return value;
}

/** `value` when it is a string, else serde's `invalid type` error naming `key`. */
export function expectString(value: unknown, key: string): string {
  if (typeof value !== 'string') throw invalidType(value, 'a string', key);
  return value;
}

/** `value` as an array, each item read by `item` under the key `key[i]`; else an `invalid type` error. */
export function expectArray<T>(value: unknown, key: string, item: (v: unknown, itemKey: string) => T): T[] {
  if (!Array.isArray(value)) throw invalidType(value, 'a sequence', key);
  return value.map((v, i) => item(v, `${key}[${i}]`));
}

/** {@link expectArray} of {@link expectString}: the first non-string item's error names `key[i]`. */
export function expectStringArray(value: unknown, key: string): string[] {
  return expectArray(value, key, expectString);
}
