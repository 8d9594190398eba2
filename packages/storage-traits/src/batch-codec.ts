import { base64ToBytes, bytesToBase64 } from './base64.js';
import { BATCH_COMMAND_STATS_KEY, type BatchCommand, type BatchCommandType } from './batch-commands.js';
import { BATCH_ROW_SCHEMAS } from './batch-schema.js';
import { invalidInput } from './errors.js';
import {
  FIELD_KIND_EXPECTED,
  type FieldKind,
  illFormedStringProblem,
  isFieldKind,
  isWellFormedString,
} from './field-kinds.js';

/** Wire format marker and version of an encoded batch command. */
export const BATCH_PAYLOAD_FORMAT = 'drift-batch';
/** Version of the encoded batch command format this build reads and writes. */
export const BATCH_PAYLOAD_VERSION = 1;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** True when `name` is one of the 33 batch command names. */
export function isBatchCommandType(name: unknown): name is BatchCommandType {
  return typeof name === 'string' && Object.hasOwn(BATCH_COMMAND_STATS_KEY, name);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Uint8Array) return 'a Uint8Array';
  if (typeof value === 'number') return `the number ${value}`;
  return typeof value === 'string' ? 'a string' : typeof value;
}

const EXPECTED = FIELD_KIND_EXPECTED;

/** `must be <expected>, got <what it is>`, or where a string's lone surrogate is. */
function mismatch(expected: string, value: unknown): string {
  return illFormedStringProblem(value) ?? `must be ${expected}, got ${describe(value)}`;
}

function fail(command: string, field: string, problem: string): never {
  throw invalidInput(`batch command ${command}: ${field} ${problem}`, { command, field });
}

function checkRowShape(
  command: string,
  index: number,
  row: unknown,
  fields: readonly string[],
  strict: boolean,
): Record<string, unknown> {
  if (typeof row !== 'object' || row === null || Array.isArray(row) || row instanceof Uint8Array) {
    fail(command, `rows[${index}]`, `must be an object, got ${describe(row)}`);
  }
  const record = row as Record<string, unknown>;
  for (const field of fields) {
    if (record[field] === undefined) fail(command, `rows[${index}].${field}`, 'is missing');
  }
  if (strict) {
    for (const key of Object.keys(record)) {
      if (!fields.includes(key)) fail(command, `rows[${index}].${key}`, 'is not a field of this command');
    }
  }
  return record;
}

function checkRows(command: string, rows: unknown): readonly unknown[] {
  if (!Array.isArray(rows)) fail(command, 'rows', `must be an array, got ${describe(rows)}`);
  return rows;
}

/**
 * Checks that a value is a well-formed {@link BatchCommand} (known type, every field of every row
 * present with the right type; extra properties are ignored, as callers may pass richer row objects)
 * and returns it typed. Throws `INVALID_INPUT` naming the command and field otherwise.
 * Engines call this on every command they accept from JavaScript, where types are not guaranteed.
 */
export function validateBatchCommand(value: unknown): BatchCommand {
  if (typeof value !== 'object' || value === null) {
    throw invalidInput(`batch command must be an object with 'type' and 'rows', got ${describe(value)}`);
  }
  const { type, rows } = value as { type?: unknown; rows?: unknown };
  if (!isBatchCommandType(type)) {
    throw invalidInput(`unknown batch command ${JSON.stringify(type)}`, { field: 'type' });
  }
  const list = checkRows(type, rows);
  if (type === 'DeleteFileMetadata') {
    list.forEach((path, i) => {
      if (!isWellFormedString(path)) fail(type, `rows[${i}]`, mismatch('a path string', path));
    });
    return value as BatchCommand;
  }
  const schema = BATCH_ROW_SCHEMAS[type] as Readonly<Record<string, FieldKind>>;
  const fields = Object.keys(schema);
  list.forEach((row, i) => {
    const record = checkRowShape(type, i, row, fields, false);
    for (const field of fields) {
      const kind = schema[field]!;
      if (!isFieldKind(kind, record[field])) {
        fail(type, `rows[${i}].${field}`, mismatch(EXPECTED[kind], record[field]));
      }
    }
  });
  return value as BatchCommand;
}

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
 * decoding gives back every field exactly. Validates the command first (`INVALID_INPUT`).
 */
export function encodeBatchCommand(command: BatchCommand): Uint8Array {
  const checked = validateBatchCommand(command);
  let rows: unknown[];
  if (checked.type === 'DeleteFileMetadata') {
    rows = [...checked.rows];
  } else {
    const schema = BATCH_ROW_SCHEMAS[checked.type] as Readonly<Record<string, FieldKind>>;
    rows = checked.rows.map((row) => {
      const out: Record<string, unknown> = {};
      for (const [field, kind] of Object.entries(schema)) {
        out[field] = encodeField(kind, (row as Record<string, unknown>)[field]);
      }
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
 * Decodes a payload made by {@link encodeBatchCommand} for the command `name`. Anything else (not
 * bytes, not UTF-8 JSON, another format or version, a different command, an unknown command, rows
 * with missing, extra or mistyped fields) is rejected with `INVALID_INPUT` naming command and field.
 */
export function decodeBatchCommand(name: string, payload: Uint8Array): BatchCommand {
  if (!isBatchCommandType(name)) {
    throw invalidInput(`unknown batch command ${JSON.stringify(name)}`, { field: 'commandName' });
  }
  if (!(payload instanceof Uint8Array)) {
    fail(name, 'payload', `must be a Uint8Array, got ${describe(payload)}`);
  }
  let envelope: unknown;
  try {
    envelope = JSON.parse(decoder.decode(payload));
  } catch (cause) {
    throw invalidInput(`batch command ${name}: payload is not UTF-8 JSON`, {
      command: name,
      field: 'payload',
      cause,
    });
  }
  if (typeof envelope !== 'object' || envelope === null || Array.isArray(envelope)) {
    fail(name, 'payload', `must be a JSON object, got ${describe(envelope)}`);
  }
  const { format, version, command, rows } = envelope as Record<string, unknown>;
  if (format !== BATCH_PAYLOAD_FORMAT) fail(name, 'format', `must be "${BATCH_PAYLOAD_FORMAT}"`);
  if (version !== BATCH_PAYLOAD_VERSION) {
    fail(name, 'version', `must be ${BATCH_PAYLOAD_VERSION}, got ${JSON.stringify(version)}`);
  }
  if (command !== name) fail(name, 'command', `is ${JSON.stringify(command)}, not the command name given`);
  const list = checkRows(name, rows);
  if (name === 'DeleteFileMetadata') {
    return validateBatchCommand({ type: name, rows: list });
  }
  const schema = BATCH_ROW_SCHEMAS[name] as Readonly<Record<string, FieldKind>>;
  const fields = Object.keys(schema);
  const decoded = list.map((row, i) => {
    const record = checkRowShape(name, i, row, fields, true);
    const out: Record<string, unknown> = {};
    for (const field of fields) {
      const kind = schema[field]!;
      const value = decodeField(kind, record[field]);
      if (value === undefined) {
        const expected = WIRE_EXPECTED[kind] ?? EXPECTED[kind];
        fail(name, `rows[${i}].${field}`, mismatch(expected, record[field]));
      }
      out[field] = value;
    }
    return out;
  });
  return { type: name, rows: decoded } as unknown as BatchCommand;
}
