// Helpers shared by the bindings. Their argument checks are the seam's vocabulary
// (`requireArgument`, `optionalArgument`, `argumentError` of @drift/storage-traits, argument order
// operation, field, kind, value): each names the function and the argument and fails with
// `INVALID_INPUT` before anything is read or written. A string that reaches the storage is of kind
// `string` (well-formed Unicode, refused here with the seam's words rather than later by the storage
// method); one only compared or handed to the file system is `text`, any string, as napi-rs takes it.

// One rule for quoting a caller's text, the seam's: at most 120 characters, then its length.
export {
  /** `text` cut to {@link MAX_QUOTED_LENGTH} characters with its length, for an error message. */
  excerpt as quoteInput,
  /** Longest piece of a caller's string quoted in an error message; longer ones are cut and their length given. */
  MESSAGE_QUOTE_LIMIT as MAX_QUOTED_LENGTH,
} from '@drift/storage-traits';

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
