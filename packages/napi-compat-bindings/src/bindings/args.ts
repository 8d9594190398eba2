import { invalidInput, excerpt as quoteInput, type StorageError } from '@drift/storage-traits';

// Argument checks shared by the bindings. Each names the function and the argument, and fails with
// `INVALID_INPUT` before anything is read or written.

// One rule for quoting a caller's text, the seam's: at most 120 characters, then its length.
export {
  /** `text` cut to {@link MAX_QUOTED_LENGTH} characters with its length, for an error message. */
  excerpt as quoteInput,
  /** Longest piece of a caller's string quoted in an error message; longer ones are cut and their length given. */
  MESSAGE_QUOTE_LIMIT as MAX_QUOTED_LENGTH,
} from '@drift/storage-traits';

/**
 * Describes a value for an error message, with the right article for its type: `undefined`, `null`,
 * `an array`, `an empty string`, `the string '…'` (cut when long), `the number 5`, `the boolean true`,
 * `the bigint 5n`, `a function`, `a symbol`, `an object`.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return value.length === 0 ? 'an empty string' : `the string '${quoteInput(value)}'`;
    case 'number':
      return `the number ${String(value)}`;
    case 'boolean':
      return `the boolean ${String(value)}`;
    case 'bigint':
      return `the bigint ${quoteInput(String(value))}n`;
    case 'function':
      return 'a function';
    case 'symbol':
      return 'a symbol';
    default:
      return 'an object';
  }
}

/** `INVALID_INPUT` "<operation>: <field> must be <expectation>, got <value>". */
export function badArgument(
  operation: string,
  field: string,
  expectation: string,
  value: unknown,
): StorageError {
  return invalidInput(`${operation}: ${field} must be ${expectation}, got ${describeValue(value)}`, {
    field,
    operation,
  });
}

/** A required string, possibly empty (the structural and enforcement functions' unused `root`). */
export function requireText(value: unknown, field: string, operation: string): string {
  if (typeof value !== 'string') throw badArgument(operation, field, 'a string', value);
  return value;
}

/**
 * An optional string, possibly empty, as napi-rs converts an `Option<String>` argument: `undefined` and
 * `null` mean absent, anything but a string is refused.
 */
export function optionalText(value: unknown, field: string, operation: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw badArgument(operation, field, 'a string when given', value);
  return value;
}

/** An optional boolean. */
export function optionalBoolean(value: unknown, field: string, operation: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw badArgument(operation, field, 'a boolean', value);
  return value;
}

/** An optional array of strings. */
export function optionalStringArray(value: unknown, field: string, operation: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw badArgument(operation, field, 'an array of strings', value);
  }
  return [...(value as string[])];
}

/** Parses stored JSON that should be an array; anything else counts as empty (like the reference). */
export function storedArray(text: string | null): unknown[] {
  if (text === null) return [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value : [];
  } catch {
    return [];
  }
}

/** The current time in Unix seconds. */
export const unixNow = (): number => Math.floor(Date.now() / 1000);
