import { describe, expect, it } from 'vitest';
import {
  BATCH_COMMAND_TYPES,
  type BatchCommand,
  batchCommand,
  decodeBatchCommand,
  encodeBatchCommand,
  isStorageError,
  type StorageError,
  validateBatchCommand,
} from '../src/index.js';
import { sampleBatchCommands, sampleBytes, sampleCommand, sampleRow } from '../src/testing/index.js';

const utf8 = (value: unknown) =>
  new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));

function roundTrip(command: BatchCommand): BatchCommand {
  return decodeBatchCommand(command.type, encodeBatchCommand(command));
}

/** Catches the StorageError thrown by `fn`, failing the test when it does not throw one. */
function storageErrorOf(fn: () => unknown): StorageError {
  try {
    fn();
  } catch (error) {
    if (isStorageError(error)) return error;
    throw error;
  }
  throw new Error('expected a StorageError, nothing was thrown');
}

describe('batch command codec: round trip', () => {
  // How many commands there are is not pinned: BATCH_COMMAND_TYPES is the keys of a record that must
  // name every BatchCommandType (`satisfies`), so the list is the union, checked by `typecheck`.
  it('names the data commands of the reference, DeleteFileMetadata and InsertContractMismatches included', () => {
    expect(BATCH_COMMAND_TYPES).toContain('DeleteFileMetadata');
    expect(BATCH_COMMAND_TYPES).toContain('InsertContractMismatches');
  });

  it.each(sampleBatchCommands(4).map((c) => [c.type, c] as const))(
    '%s decodes to an equal command',
    (_, command) => {
      const decoded = roundTrip(command);
      expect(decoded).toStrictEqual(command);
      expect(decoded.rows).toHaveLength(4);
    },
  );

  it('keeps blobs as Uint8Array with every byte, including empty and 64 KiB blobs', () => {
    const big = sampleBytes(7, 65_536);
    const rows = [
      { ...sampleRow('InsertParseCache', 0), contentHash: new Uint8Array(0) },
      { ...sampleRow('InsertParseCache', 1), contentHash: big },
      { ...sampleRow('InsertParseCache', 2), contentHash: new Uint8Array([0, 255, 128, 0]) },
    ];
    const decoded = roundTrip({ type: 'InsertParseCache', rows });
    if (decoded.type !== 'InsertParseCache') throw new Error('wrong command decoded');
    expect(decoded.rows[0]!.contentHash).toBeInstanceOf(Uint8Array);
    expect(decoded.rows[0]!.contentHash).toHaveLength(0);
    expect(Array.from(decoded.rows[1]!.contentHash)).toEqual(Array.from(big));
    expect(Array.from(decoded.rows[2]!.contentHash)).toEqual([0, 255, 128, 0]);
  });

  it('keeps nulls, unicode, large integers and infinite reals', () => {
    const row = {
      ...sampleRow('InsertDetections', 0),
      line: Number.MAX_SAFE_INTEGER,
      columnNum: -(2 ** 40),
      confidence: 0.123456789012345,
      cweIds: null,
      owasp: null,
      matchedText: 'naïve 😀 \u0000 "quoted" \\ 日本語',
    };
    const others = [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 5e-324, 1.7976931348623157e308];
    const rows = [
      row,
      ...others.map((confidence, i) => ({ ...sampleRow('InsertDetections', i + 1), confidence })),
    ];
    const decoded = roundTrip({ type: 'InsertDetections', rows });
    expect(decoded).toStrictEqual({ type: 'InsertDetections', rows });
    if (decoded.type !== 'InsertDetections') throw new Error('wrong command decoded');
    expect(Object.is(decoded.rows[3]!.confidence, -0)).toBe(true);
  });

  it('round-trips a command with no rows', () => {
    expect(roundTrip({ type: 'InsertSecrets', rows: [] })).toStrictEqual({ type: 'InsertSecrets', rows: [] });
  });

  it('DeleteFileMetadata carries paths', () => {
    const command: BatchCommand = { type: 'DeleteFileMetadata', rows: ['src/a.ts', 'pkg/ütil/b.go'] };
    expect(roundTrip(command)).toStrictEqual(command);
  });
});

describe('batch command codec: rejection', () => {
  const good = encodeBatchCommand(sampleCommand('InsertDetections', 2));
  const envelope = JSON.parse(new TextDecoder().decode(good)) as { rows: Record<string, unknown>[] };
  const withRow = (patch: Record<string, unknown>, drop?: string) => {
    const row: Record<string, unknown> = { ...envelope.rows[0], ...patch };
    if (drop) delete row[drop];
    return utf8({ ...envelope, rows: [envelope.rows[1], row] });
  };

  const cases: Array<[string, string, Uint8Array, RegExp, string | undefined]> = [
    ['unknown command name', 'InsertUnicorns', good, /unknown batch command "InsertUnicorns"/, 'commandName'],
    [
      'payload that is not UTF-8',
      'InsertDetections',
      new Uint8Array([0xff, 0xfe, 0x00]),
      /not UTF-8 JSON/,
      'payload',
    ],
    ['payload that is not JSON', 'InsertDetections', utf8('{"rows": ['), /not UTF-8 JSON/, 'payload'],
    ['JSON that is not an object', 'InsertDetections', utf8([1, 2, 3]), /must be a JSON object/, 'payload'],
    [
      'foreign format',
      'InsertDetections',
      utf8({ ...envelope, format: 'other' }),
      /format must be/,
      'format',
    ],
    [
      'unsupported version',
      'InsertDetections',
      utf8({ ...envelope, version: 2 }),
      /version must be 1/,
      'version',
    ],
    [
      'payload of another command',
      'InsertBoundaries',
      good,
      /command must be "InsertBoundaries" \(the command name given\), got the string "InsertDetections"/,
      'command',
    ],
    [
      'rows not an array',
      'InsertDetections',
      utf8({ ...envelope, rows: {} }),
      /rows must be an array/,
      'rows',
    ],
    [
      'row not an object',
      'InsertDetections',
      utf8({ ...envelope, rows: ['x'] }),
      /rows\[0\] must be an object/,
      'rows[0]',
    ],
    [
      'missing field',
      'InsertDetections',
      withRow({}, 'patternId'),
      /rows\[1\]\.patternId is missing/,
      'rows[1].patternId',
    ],
    [
      'string where an integer belongs',
      'InsertDetections',
      withRow({ line: '42' }),
      /rows\[1\]\.line must be a safe integer/,
      'rows[1].line',
    ],
    [
      'fractional integer',
      'InsertDetections',
      withRow({ columnNum: 1.5 }),
      /columnNum must be a safe integer/,
      'rows[1].columnNum',
    ],
    [
      'null in a non-nullable field',
      'InsertDetections',
      withRow({ file: null }),
      /rows\[1\]\.file must be a string, got null/,
      'rows[1].file',
    ],
    [
      'real spelled as a word',
      'InsertDetections',
      withRow({ confidence: 'high' }),
      /confidence must be a number/,
      'rows[1].confidence',
    ],
    [
      'unknown extra field',
      'InsertDetections',
      withRow({ severity: 'x' }),
      /rows\[1\]\.severity is not a field/,
      'rows[1].severity',
    ],
    [
      'blob that is not base64',
      'InsertParseCache',
      utf8({
        format: 'drift-batch',
        version: 1,
        command: 'InsertParseCache',
        rows: [{ contentHash: 'not base64!', language: 'ts', parseResultJson: '{}', createdAt: 1 }],
      }),
      /contentHash must be a base64 string/,
      'rows[0].contentHash',
    ],
    [
      'boolean given as 0/1',
      'InsertFunctions',
      (() => {
        const e = JSON.parse(
          new TextDecoder().decode(encodeBatchCommand(sampleCommand('InsertFunctions', 1))),
        );
        e.rows[0].isAsync = 1;
        return utf8(e);
      })(),
      /isAsync must be a boolean/,
      'rows[0].isAsync',
    ],
    [
      'path that is not a string',
      'DeleteFileMetadata',
      utf8({ format: 'drift-batch', version: 1, command: 'DeleteFileMetadata', rows: ['a.ts', 7] }),
      /rows\[1\] must be a path string/,
      'rows[1]',
    ],
  ];

  it.each(cases)(
    'rejects %s with INVALID_INPUT naming command and field',
    (_, name, payload, message, field) => {
      const error = storageErrorOf(() => decodeBatchCommand(name, payload));
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.message).toMatch(message);
      expect(error.field).toBe(field);
      if (name !== 'InsertUnicorns') expect(error.message).toContain(name);
    },
  );

  it('rejects a payload that is not bytes', () => {
    const error = storageErrorOf(() =>
      decodeBatchCommand('InsertDetections', '{"rows":[]}' as unknown as Uint8Array),
    );
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.field).toBe('payload');
  });

  it('keeps the parse error as the cause', () => {
    const error = storageErrorOf(() => decodeBatchCommand('InsertDetections', utf8('{')));
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it('refuses NaN, which SQLite would silently store as NULL', () => {
    const bad = {
      type: 'InsertDetections',
      rows: [{ ...sampleRow('InsertDetections', 0), confidence: Number.NaN }],
    };
    const error = storageErrorOf(() => encodeBatchCommand(bad as BatchCommand));
    expect([error.code, error.field]).toEqual(['INVALID_INPUT', 'rows[0].confidence']);
    const wire = JSON.parse(
      new TextDecoder().decode(encodeBatchCommand(sampleCommand('InsertDetections', 1))),
    );
    wire.rows[0].confidence = 'NaN';
    expect(storageErrorOf(() => decodeBatchCommand('InsertDetections', utf8(wire))).field).toBe(
      'rows[0].confidence',
    );
  });

  it('refuses integers the reference could not read back, on encode, decode and validation', () => {
    // drift-storage/src/batch/commands.rs ViolationInsertRow.line is i64, but
    // queries/enforcement.rs reads it into ViolationRow.line: u32; a gate's execution_time_ms is read as u64.
    const violation = (patch: object) => ({
      type: 'InsertViolations',
      rows: [{ ...sampleRow('InsertViolations', 0), ...patch }],
    });
    for (const [patch, field] of [
      [{ line: -1 }, 'rows[0].line'],
      [{ line: 2 ** 32 }, 'rows[0].line'],
      [{ columnNum: 2 ** 32 }, 'rows[0].columnNum'],
      [{ cweId: -89 }, 'rows[0].cweId'],
    ] as const) {
      const error = storageErrorOf(() => validateBatchCommand(violation(patch)));
      expect([error.code, error.field]).toEqual(['INVALID_INPUT', field]);
      expect(storageErrorOf(() => encodeBatchCommand(violation(patch) as BatchCommand)).field).toBe(field);
    }
    expect(storageErrorOf(() => validateBatchCommand(violation({ line: 2 ** 32 }))).message).toBe(
      'validateBatchCommand: InsertViolations rows[0].line must be an integer from 0 to 4294967295, got the number 4294967296',
    );
    expect(() => validateBatchCommand(violation({ line: 2 ** 32 - 1, columnNum: 0 }))).not.toThrow();
    const wire = JSON.parse(
      new TextDecoder().decode(encodeBatchCommand(sampleCommand('InsertGateResults', 1))),
    );
    wire.rows[0].executionTimeMs = -1;
    expect(storageErrorOf(() => decodeBatchCommand('InsertGateResults', utf8(wire))).field).toBe(
      'rows[0].executionTimeMs',
    );
    wire.rows[0].executionTimeMs = 2 ** 40;
    expect(() => decodeBatchCommand('InsertGateResults', utf8(wire))).not.toThrow();
  });

  it('refuses strings with a lone surrogate, also when JSON escapes smuggle one in', () => {
    const cut = '😀'.slice(0, 1);
    const bad = {
      type: 'InsertDetections',
      rows: [{ ...sampleRow('InsertDetections', 0), patternId: `p${cut}` }],
    };
    const error = storageErrorOf(() => validateBatchCommand(bad));
    expect([error.code, error.field]).toEqual(['INVALID_INPUT', 'rows[0].patternId']);
    expect(error.message).toBe(
      'validateBatchCommand: InsertDetections rows[0].patternId must be well-formed Unicode text, got a string with a lone surrogate (U+D83D) at index 1',
    );
    expect(storageErrorOf(() => encodeBatchCommand(bad as BatchCommand)).field).toBe('rows[0].patternId');
    // Valid UTF-8 bytes, but the JSON escape \ud83d decodes to a lone surrogate.
    const json = new TextDecoder()
      .decode(encodeBatchCommand(sampleCommand('InsertDetections', 1)))
      .replace('"file":"', '"file":"\\ud83d');
    expect(storageErrorOf(() => decodeBatchCommand('InsertDetections', utf8(json))).field).toBe(
      'rows[0].file',
    );
    const paths = { type: 'DeleteFileMetadata', rows: ['src/a.ts', `src/${cut}`] };
    expect(storageErrorOf(() => validateBatchCommand(paths)).field).toBe('rows[1]');
  });

  it('refuses to encode a malformed command', () => {
    const bad = {
      type: 'InsertDetections',
      rows: [{ ...sampleRow('InsertDetections', 0), line: undefined }],
    };
    const error = storageErrorOf(() => encodeBatchCommand(bad as unknown as BatchCommand));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.field).toBe('rows[0].line');
  });

  it('validateBatchCommand rejects non-objects, unknown types and Uint8Array fields given as arrays', () => {
    expect(storageErrorOf(() => validateBatchCommand(null)).code).toBe('INVALID_INPUT');
    expect(storageErrorOf(() => validateBatchCommand({ type: 'Flush', rows: [] })).field).toBe('type');
    const row = { ...sampleRow('InsertParseCache', 0), contentHash: [1, 2, 3] };
    expect(storageErrorOf(() => validateBatchCommand({ type: 'InsertParseCache', rows: [row] })).field).toBe(
      'rows[0].contentHash',
    );
  });
});

describe('batch command codec: large blobs', () => {
  it('round-trips a 4 MB blob (the base64 check does not overflow the regexp stack)', () => {
    const blob = sampleBytes(7, 4_000_000);
    const command = batchCommand('InsertParseCache', [
      { contentHash: blob, language: 'ts', parseResultJson: '{}', createdAt: 1 },
    ]);
    const decoded = decodeBatchCommand('InsertParseCache', encodeBatchCommand(command));
    const back = (decoded.rows[0] as { contentHash: Uint8Array }).contentHash;
    // Byte for byte, compared natively: a deep toEqual over 4,000,000 elements takes minutes.
    expect(back).toBeInstanceOf(Uint8Array);
    expect(back.length).toBe(blob.length);
    expect(Buffer.compare(back, blob)).toBe(0);
  });

  it.each([
    ['AB==', [0]],
    ['ABC=', [0, 16]],
    ['ABCD', [0, 16, 131]],
    ['', []],
  ])('accepts padded base64 %j', (text, bytes) => {
    const wire = { format: 'drift-batch', version: 1, command: 'InsertParseCache' };
    const row = { contentHash: text, language: 'ts', parseResultJson: '{}', createdAt: 1 };
    const decoded = decodeBatchCommand('InsertParseCache', utf8({ ...wire, rows: [row] }));
    expect([...(decoded.rows[0] as { contentHash: Uint8Array }).contentHash]).toEqual(bytes);
  });

  it.each(['A===', 'AB=C', 'ABC', 'AB=', '=ABC', 'AB==AB==', 'AB C'])('refuses %j', (text) => {
    const wire = { format: 'drift-batch', version: 1, command: 'InsertParseCache' };
    const row = { contentHash: text, language: 'ts', parseResultJson: '{}', createdAt: 1 };
    const error = storageErrorOf(() =>
      decodeBatchCommand('InsertParseCache', utf8({ ...wire, rows: [row] })),
    );
    expect([error.code, error.field]).toEqual(['INVALID_INPUT', 'rows[0].contentHash']);
  });
});
