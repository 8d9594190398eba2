import { fieldProblem, mismatchProblem } from './argument-checks.js';
import { base64ToBytes, bytesToBase64 } from './base64.js';
import { BATCH_COMMANDS, type BatchCommand, type BatchCommandType } from './batch-commands.js';
import { type RowReader, rowReader } from './batch-row-readers.js';
import { BATCH_ROW_SCHEMAS } from './batch-schema.js';
import { invalidInput } from './errors.js';
import {
  describeValue,
  excerpt,
  FIELD_KIND_EXPECTED,
  type FieldKind,
  isFieldKind,
  isTextKind,
  isUint8ArrayBrand,
  isWellFormedString,
  MESSAGE_QUOTE_LIMIT,
  quoteText,
} from './field-kinds.js';

/** Wire format marker and version of an encoded batch command. */
export const BATCH_PAYLOAD_FORMAT = 'drift-batch';
/** Version of the encoded batch command format this build reads and writes. */
export const BATCH_PAYLOAD_VERSION = 1;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** True when `name` is one of the 33 batch command names. */
export function isBatchCommandType(name: unknown): name is BatchCommandType {
  return typeof name === 'string' && Object.hasOwn(BATCH_COMMANDS, name);
}

const COMMAND_COUNT = Object.keys(BATCH_COMMANDS).length;

// ─── Failures (kept out of the success path) ────────────────────────────────────────────────────

/**
 * Throws `INVALID_INPUT` about one part of a command: `<operation>: <command> <field> <problem>`,
 * where `operation` is the method the caller called (`sendBatch`, `sendRaw`, `encodeBatchCommand`, ...).
 */
function fail(operation: string, command: string | undefined, field: string, problem: string): never {
  const subject = command === undefined ? field : `${command} ${field}`;
  throw invalidInput(`${operation}: ${subject} ${problem}`, {
    operation,
    field,
    ...(command === undefined ? {} : { command }),
  });
}

/** What a thrown value says, capped, for a message; never throws itself. */
function thrownText(thrown: unknown): string {
  try {
    const text = thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown);
    return quoteText(text);
  } catch {
    return 'a value that cannot be printed';
  }
}

/** Refuses a command whose property could not be read (a getter or a Proxy trap threw). */
function unreadable(operation: string, command: string | undefined, field: string, cause: unknown): never {
  const subject = command === undefined ? field : `${command} ${field}`;
  throw invalidInput(
    `${operation}: ${subject} could not be read (reading it threw ${thrownText(cause)}); the command was refused`,
    { operation, field, cause, ...(command === undefined ? {} : { command }) },
  );
}

/**
 * Throws `INVALID_INPUT` naming `field` for a command name that is not one of the 33 (the name quoted, capped
 * when long).
 */
function failCommandName(operation: string, field: string, name: unknown): never {
  const given =
    typeof name === 'string'
      ? `${quoteText(name)}${name.length > MESSAGE_QUOTE_LIMIT ? ` (a string of ${name.length} characters)` : ''}`
      : `(${field} is ${describeValue(name)})`;
  throw invalidInput(
    `${operation}: unknown batch command ${given}; ${field} must be one of the ${COMMAND_COUNT} batch command names (see BatchCommandType)`,
    { operation, field },
  );
}

// ─── Snapshot and validation ────────────────────────────────────────────────────────────────────

/** A row schema as parallel arrays: the one pass of a snapshot walks them without reflection. */
interface RowPlan {
  readonly fields: readonly string[];
  readonly kinds: readonly FieldKind[];
  /** Reads, checks and copies one row in one pass (see batch-row-readers.ts). */
  readonly reader: RowReader;
}

const ROW_PLANS: Readonly<Record<string, RowPlan>> = Object.fromEntries(
  Object.entries(BATCH_ROW_SCHEMAS).map(([type, schema]) => {
    const fields = Object.keys(schema);
    const kinds = fields.map((f) => (schema as Record<string, FieldKind>)[f]!);
    return [type, { fields, kinds, reader: rowReader(fields, kinds) }];
  }),
);

/** True for a value that can be a row: an object that is not an array or a byte array (no traps run). */
const isRowObject = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !isUint8ArrayBrand(value);

/**
 * Takes a snapshot of `rows` for command `type`: reads the array's length and each element once, and
 * each schema field of each row once, into fresh arrays and row objects (byte fields copied into fresh
 * `Uint8Array`s), checking every value as it is read. Nothing of the caller's objects is kept.
 */
function snapshotRows(operation: string, type: BatchCommandType, rows: unknown): unknown[] {
  let length: unknown;
  try {
    length = Array.isArray(rows) ? (rows as unknown[]).length : undefined;
  } catch (cause) {
    unreadable(operation, type, 'rows', cause);
  }
  if (length === undefined) fail(operation, type, 'rows', `must be an array, got ${describeValue(rows)}`);
  if (!Number.isSafeInteger(length) || (length as number) < 0) {
    fail(operation, type, 'rows.length', `must be a length, got ${describeValue(length)}`);
  }
  const count = length as number;
  const list = rows as readonly unknown[];
  const out: unknown[] = [];
  let i = 0;
  let j = -1;
  let bad: unknown;
  const plan = ROW_PLANS[type];
  try {
    if (plan === undefined) {
      // DeleteFileMetadata: the rows are path strings.
      for (; i < count; i++) {
        const path = list[i];
        if (!isWellFormedString(path)) {
          bad = path;
          break;
        }
        out.push(path);
      }
    } else {
      const { reader } = plan;
      for (; i < count; i++) {
        j = -1;
        const row = list[i];
        if (!isRowObject(row)) {
          bad = row;
          break;
        }
        j = 0;
        const copy = reader.read(row);
        if (copy === null) {
          j = reader.at();
          bad = reader.bad();
          break;
        }
        out.push(copy);
      }
    }
  } catch (cause) {
    if (j >= 0) j = plan!.reader.at();
    unreadable(operation, type, j < 0 ? `rows[${i}]` : `rows[${i}].${plan!.fields[j]}`, cause);
  }
  if (i < count) {
    if (plan === undefined) fail(operation, type, `rows[${i}]`, mismatchProblem('a path string', bad, true));
    if (j < 0) fail(operation, type, `rows[${i}]`, `must be an object, got ${describeValue(bad)}`);
    fail(
      operation,
      type,
      `rows[${i}].${plan.fields[j]}`,
      fieldProblem(FIELD_KIND_EXPECTED[plan.kinds[j]!], bad, isTextKind(plan.kinds[j]!)),
    );
  }
  return out;
}

/**
 * Checks that a value is a well-formed {@link BatchCommand} (known type, every field of every row
 * present with the right type) and returns a snapshot of it: a fresh command whose rows array, row
 * objects and byte arrays are copies, made in one pass that reads each property of the caller's
 * objects exactly once (a getter runs once; a Proxy's `get` trap once per property) and checks the
 * value it read. What the snapshot holds is what was checked; nothing the caller does to its objects
 * afterwards changes it. Properties beyond the command's fields are ignored and not copied (callers
 * may pass richer row objects). Throws `INVALID_INPUT` naming `operation` (the method the caller
 * called: engines pass `sendBatch`, `sendRaw`, ...), the command and the field otherwise, also when
 * reading a property throws. Engines call this on every command they accept from JavaScript.
 */
export function validateBatchCommand(value: unknown, operation = 'validateBatchCommand'): BatchCommand {
  if (typeof value !== 'object' || value === null) {
    fail(
      operation,
      undefined,
      'command',
      `must be an object with "type" and "rows", got ${describeValue(value)}`,
    );
  }
  let type: unknown;
  try {
    type = (value as { type?: unknown }).type;
  } catch (cause) {
    unreadable(operation, undefined, 'type', cause);
  }
  if (!isBatchCommandType(type)) failCommandName(operation, 'type', type);
  let rows: unknown;
  try {
    rows = (value as { rows?: unknown }).rows;
  } catch (cause) {
    unreadable(operation, type, 'rows', cause);
  }
  return { type, rows: snapshotRows(operation, type, rows) } as unknown as BatchCommand;
}

// ─── Wire format ────────────────────────────────────────────────────────────────────────────────

function encodeReal(value: number): number | string {
  if (Number.isFinite(value) && !Object.is(value, -0)) return value;
  return Object.is(value, -0) ? '-0' : String(value);
}

function decodeReal(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  switch (value) {
    case 'Infinity':
      return Number.POSITIVE_INFINITY;
    case '-Infinity':
      return Number.NEGATIVE_INFINITY;
    case '-0':
      return -0;
    default:
      return undefined;
  }
}

function encodeField(kind: FieldKind, value: unknown): unknown {
  if (value === null) return null;
  switch (kind) {
    case 'real':
    case 'real?':
      return encodeReal(value as number);
    case 'bytes':
    case 'bytes?':
      return bytesToBase64(value as Uint8Array);
    default:
      return value;
  }
}

/** Decodes one wire value; `undefined` means the value does not fit the kind. */
function decodeField(kind: FieldKind, value: unknown): unknown {
  const nullable = kind.endsWith('?');
  if (value === null) return nullable ? null : undefined;
  switch (kind) {
    case 'real':
    case 'real?': {
      const n = decodeReal(value);
      return n === undefined || Number.isNaN(n) ? undefined : n;
    }
    case 'bytes':
    case 'bytes?':
      return typeof value === 'string' ? (base64ToBytes(value) ?? undefined) : undefined;
    default:
      return isFieldKind(kind, value) ? value : undefined;
  }
}

const WIRE_EXPECTED: Partial<Record<FieldKind, string>> = {
  real: 'a number (or "Infinity", "-Infinity", "-0")',
  'real?': 'a number (or "Infinity", "-Infinity", "-0") or null',
  bytes: 'a base64 string',
  'bytes?': 'a base64 string or null',
};

/**
 * Encodes a batch command for {@link IDriftBatchWriter.sendRaw}: UTF-8 JSON carrying the command name,
 * a format version and the rows, with blobs as base64 and non-finite numbers spelled out, so that
 * decoding gives back every field exactly. Encodes a snapshot taken and checked by
 * {@link validateBatchCommand} (`INVALID_INPUT` naming `encodeBatchCommand`), so each property of
 * the command is read once.
 */
export function encodeBatchCommand(command: BatchCommand): Uint8Array {
  const checked = validateBatchCommand(command, 'encodeBatchCommand');
  let rows: unknown[];
  if (checked.type === 'DeleteFileMetadata') {
    rows = checked.rows as string[];
  } else {
    const { fields, kinds } = ROW_PLANS[checked.type]!;
    rows = (checked.rows as readonly Record<string, unknown>[]).map((row) => {
      const out: Record<string, unknown> = {};
      for (let j = 0; j < fields.length; j++) out[fields[j]!] = encodeField(kinds[j]!, row[fields[j]!]);
      return out;
    });
  }
  const envelope = {
    format: BATCH_PAYLOAD_FORMAT,
    version: BATCH_PAYLOAD_VERSION,
    command: checked.type,
    rows,
  };
  return encoder.encode(JSON.stringify(envelope));
}

/**
 * Decodes a payload made by {@link encodeBatchCommand} for the command `name` into a fresh command
 * (nothing refers to `payload` afterwards). Anything else (not bytes, not UTF-8 JSON, another format
 * or version, a different command, an unknown command, rows with missing, extra or mistyped fields) is
 * rejected with `INVALID_INPUT` naming `operation` (the method the caller called, e.g. `sendRaw`),
 * the command and the field; a message never quotes more than a short excerpt of the payload.
 */
export function decodeBatchCommand(
  name: string,
  payload: Uint8Array,
  operation = 'decodeBatchCommand',
): BatchCommand {
  if (!isBatchCommandType(name)) failCommandName(operation, 'commandName', name);
  if (!isUint8ArrayBrand(payload)) {
    fail(operation, name, 'payload', `must be a Uint8Array, got ${describeValue(payload)}`);
  }
  let envelope: unknown;
  try {
    envelope = JSON.parse(decoder.decode(payload));
  } catch (cause) {
    throw invalidInput(
      `${operation}: ${name} payload (${payload.byteLength} bytes) is not UTF-8 JSON: ${thrownText(cause)}`,
      { operation, command: name, field: 'payload', cause },
    );
  }
  if (typeof envelope !== 'object' || envelope === null || Array.isArray(envelope)) {
    fail(operation, name, 'payload', `must be a JSON object, got ${describeValue(envelope)}`);
  }
  const { format, version, command, rows } = envelope as Record<string, unknown>;
  if (format !== BATCH_PAYLOAD_FORMAT) {
    fail(operation, name, 'format', `must be "${BATCH_PAYLOAD_FORMAT}", got ${describeValue(format)}`);
  }
  if (version !== BATCH_PAYLOAD_VERSION) {
    fail(operation, name, 'version', `must be ${BATCH_PAYLOAD_VERSION}, got ${describeValue(version)}`);
  }
  if (command !== name) {
    fail(
      operation,
      name,
      'command',
      `must be "${name}" (the command name given), got ${describeValue(command)}`,
    );
  }
  if (!Array.isArray(rows)) fail(operation, name, 'rows', `must be an array, got ${describeValue(rows)}`);
  if (name === 'DeleteFileMetadata') return validateBatchCommand({ type: name, rows }, operation);
  const { fields, kinds } = ROW_PLANS[name]!;
  const decoded = rows.map((row: unknown, i) => {
    if (!isRowObject(row))
      fail(operation, name, `rows[${i}]`, `must be an object, got ${describeValue(row)}`);
    for (const key of Object.keys(row)) {
      if (!fields.includes(key)) {
        fail(operation, name, `rows[${i}].${excerpt(key)}`, `is not a field of ${name} rows`);
      }
    }
    const out: Record<string, unknown> = {};
    for (let j = 0; j < fields.length; j++) {
      const field = fields[j]!;
      const value = decodeField(kinds[j]!, row[field]);
      if (value === undefined) {
        const expected = WIRE_EXPECTED[kinds[j]!] ?? FIELD_KIND_EXPECTED[kinds[j]!];
        fail(
          operation,
          name,
          `rows[${i}].${field}`,
          fieldProblem(expected, row[field], isTextKind(kinds[j]!)),
        );
      }
      out[field] = value;
    }
    return out;
  });
  return { type: name, rows: decoded } as unknown as BatchCommand;
}
