import { isStorageError, StorageError, StorageErrorCode } from '@drift/storage-traits';
import { MAX_QUOTED_LENGTH, quoteInput } from './args.js';

// How failures leave the DriftNapi surface. The native module reports every failure as an Error whose
// message starts with a code in brackets (`[RUNTIME_NOT_INITIALIZED] ...`); Drift's clients read the code
// from there (drift-mcp's ErrorHandler matches /^\[([A-Z_]+)\]/). Here every failure is a StorageError
// with a stable `code`, and its message carries the bracketed code of the matching situation in the
// reference.

/**
 * The bracketed codes the reference's DriftNapi functions put at the start of an error message
 * (`drift-napi/src/conversions/error_codes.rs`, plus `BRIDGE_ERROR` used by its bridge bindings).
 */
export const NapiErrorCode = {
  INIT_ERROR: 'INIT_ERROR',
  ALREADY_INITIALIZED: 'ALREADY_INITIALIZED',
  RUNTIME_NOT_INITIALIZED: 'RUNTIME_NOT_INITIALIZED',
  CONFIG_ERROR: 'CONFIG_ERROR',
  SCAN_ERROR: 'SCAN_ERROR',
  SCAN_CANCELLED: 'SCAN_CANCELLED',
  FILE_TOO_LARGE: 'FILE_TOO_LARGE',
  PERMISSION_DENIED: 'PERMISSION_DENIED',
  PARSE_ERROR: 'PARSE_ERROR',
  UNSUPPORTED_LANGUAGE: 'UNSUPPORTED_LANGUAGE',
  QUERY_COMPILATION: 'QUERY_COMPILATION',
  STORAGE_ERROR: 'STORAGE_ERROR',
  DB_BUSY: 'DB_BUSY',
  DB_CORRUPT: 'DB_CORRUPT',
  DB_DISK_FULL: 'DB_DISK_FULL',
  MIGRATION_FAILED: 'MIGRATION_FAILED',
  LOCK_POISONED: 'LOCK_POISONED',
  ANALYSIS_ERROR: 'ANALYSIS_ERROR',
  CALL_GRAPH_ERROR: 'CALL_GRAPH_ERROR',
  DETECTION_ERROR: 'DETECTION_ERROR',
  BOUNDARY_ERROR: 'BOUNDARY_ERROR',
  TAINT_ERROR: 'TAINT_ERROR',
  CONSTRAINT_ERROR: 'CONSTRAINT_ERROR',
  NOT_FOUND: 'NOT_FOUND',
  INVALID_CURSOR: 'INVALID_CURSOR',
  INVALID_FILTER: 'INVALID_FILTER',
  INTERNAL_ERROR: 'INTERNAL_ERROR',
  CANCELLED: 'CANCELLED',
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  BRIDGE_ERROR: 'BRIDGE_ERROR',
} as const;

/** One of the {@link NapiErrorCode} values. */
export type NapiErrorCode = (typeof NapiErrorCode)[keyof typeof NapiErrorCode];

/** The reference's message for any call that needs the runtime before `driftInitialize` (runtime.rs `get`). */
export const RUNTIME_NOT_INITIALIZED_MESSAGE =
  '[RUNTIME_NOT_INITIALIZED] DriftRuntime not initialized. Call driftInitialize() first.';

/** The reference's message for a second `driftInitialize` (runtime.rs `initialize`). */
export const ALREADY_INITIALIZED_MESSAGE = '[ALREADY_INITIALIZED] DriftRuntime already initialized';

/** Longest message that leaves the surface; anything longer is cut and says how long it was. */
export const MAX_MESSAGE_LENGTH = 2000;

const CODE_PREFIX = /^\[([A-Z_]+)\]/;

/** The bracketed code a message starts with, or null (the same test drift-mcp's ErrorHandler makes). */
export function napiCodeOf(message: string): string | null {
  return CODE_PREFIX.exec(message)?.[1] ?? null;
}

/**
 * A StorageError whose message starts with `[napiCode]`: for failures whose wording and code follow a
 * particular message of the reference.
 */
export function napiError(
  napiCode: NapiErrorCode,
  code: StorageErrorCode,
  text: string,
  details: ConstructorParameters<typeof StorageError>[2] = {},
): StorageError {
  return new StorageError(code, `[${napiCode}] ${text}`, details);
}

/**
 * The bracketed code for a StorageError that did not choose one: bad arguments are the reference's
 * `INVALID_ARGUMENT`, a missing row `NOT_FOUND`, an unavailable function `INTERNAL_ERROR`, and every
 * failure of the storage itself `STORAGE_ERROR` (the reference wraps each storage failure, busy,
 * corrupt or full included, as `[STORAGE_ERROR] ...`).
 */
function defaultNapiCode(code: StorageErrorCode): NapiErrorCode {
  switch (code) {
    case StorageErrorCode.INVALID_INPUT:
      return NapiErrorCode.INVALID_ARGUMENT;
    case StorageErrorCode.NOT_FOUND:
      return NapiErrorCode.NOT_FOUND;
    case StorageErrorCode.NOT_SUPPORTED:
      return NapiErrorCode.INTERNAL_ERROR;
    default:
      return NapiErrorCode.STORAGE_ERROR;
  }
}

/** `message`, beginning with the name of the function the caller called. */
function naming(operation: string, message: string): string {
  if (message.startsWith(operation)) {
    const next = message.charAt(operation.length);
    if (next === ':' || next === '(' || next === ' ' || next === '') return message;
  }
  return `${operation}: ${message}`;
}

/** A run of characters with no space or quote, longer than a quoted input may be. */
const LONG_RUN = new RegExp(`[^\\s'"\`…]{${MAX_QUOTED_LENGTH + 1},}`, 'g');

/**
 * `text` with every run longer than {@link MAX_QUOTED_LENGTH} characters without a space or quote (a
 * caller's path, key or value echoed by a layer below: a file system error, a parser, the storage) cut
 * as `quoteInput` cuts, saying how long it was; then {@link capped}.
 */
function cappedInput(text: string): string {
  return capped(text.length > MAX_QUOTED_LENGTH ? text.replace(LONG_RUN, (run) => quoteInput(run)) : text);
}

/** `message` cut to {@link MAX_MESSAGE_LENGTH} characters, saying how long it was. */
function capped(message: string): string {
  if (message.length <= MAX_MESSAGE_LENGTH) return message;
  const keep = MAX_MESSAGE_LENGTH - 60;
  return `${message.slice(0, keep)}… (message cut: ${message.length} characters in all)`;
}

function rewriteMessage(error: StorageError, message: string): void {
  const old = error.message;
  error.message = message;
  if (typeof error.stack === 'string' && error.stack.includes(old)) {
    error.stack = error.stack.replace(old, message);
  }
}

/**
 * The failure of DriftNapi function `operation` as it leaves the surface: always a StorageError whose
 * message starts with a bracketed code (its own when it has one, else {@link defaultNapiCode}) and
 * then, unless the message is one of the reference's fixed texts, the function's name. A StorageError
 * keeps its identity, code and details (its message is rewritten in place); anything else thrown
 * inside (an injected analyzer's exception, say) becomes `INVALID_INPUT` `[INTERNAL_ERROR]` with the
 * original as `cause`.
 */
export function toNapiFailure(operation: string, error: unknown): StorageError {
  if (isStorageError(error)) {
    const message = error.message;
    if (napiCodeOf(message) !== null) {
      const cut = cappedInput(message);
      if (cut !== message) rewriteMessage(error, cut);
      return error;
    }
    rewriteMessage(error, cappedInput(`[${defaultNapiCode(error.code)}] ${naming(operation, message)}`));
    return error;
  }
  const text = describeThrown(error);
  return new StorageError(
    StorageErrorCode.INVALID_INPUT,
    capped(`[${NapiErrorCode.INTERNAL_ERROR}] ${naming(operation, text)}`),
    { cause: error, operation },
  );
}

/** What was thrown, as text, without trusting it to convert itself. */
function describeThrown(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  try {
    return String(error);
  } catch {
    return typeof error;
  }
}
