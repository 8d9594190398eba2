// The messages of the seam's checks: they name the method the caller called, use the right article,
// and never echo a huge input (at most ~120 characters are quoted, with the length said).

import { describe, expect, it } from 'vitest';
import {
  type BatchCommand,
  checkMethodArguments,
  decodeBatchCommand,
  decodeCursor,
  describeValue,
  encodeBatchCommand,
  isStorageError,
  MESSAGE_QUOTE_LIMIT,
  quoteText,
  type StorageError,
  validateBatchCommand,
} from '../src/index.js';
import { sampleRow } from '../src/testing/index.js';

function rejection(run: () => unknown): StorageError {
  try {
    run();
  } catch (error) {
    if (isStorageError(error, 'INVALID_INPUT')) return error;
    throw error;
  }
  throw new Error('expected INVALID_INPUT');
}

const HUGE = 5_000_000;
const hugeString = 'a'.repeat(HUGE);
const hugeArray = Array.from({ length: 100_000 }, () => 'x'.repeat(100));
const excerpt = `"${'a'.repeat(MESSAGE_QUOTE_LIMIT)}…"`;

describe('describeValue', () => {
  it.each([
    ['undefined', undefined, 'undefined'],
    ['null', null, 'null'],
    ['NaN', Number.NaN, 'the number NaN'],
    ['a number', -40.5, 'the number -40.5'],
    ['Infinity', Number.POSITIVE_INFINITY, 'the number Infinity'],
    ['a boolean', false, 'the boolean false'],
    ['a bigint', 12n ** 400n, 'a bigint of more than 120 digits'],
    ['a short bigint', -5n, 'the bigint -5n'],
    ['a symbol', Symbol('s'.repeat(1000)), 'a symbol'],
    ['a function', () => 1, 'a function'],
    ['a class', class Row {}, 'a function'],
    ['an empty array', [], 'an empty array'],
    ['an array of one', [1], 'an array of 1 element'],
    ['a huge array', hugeArray, 'an array of 100000 elements'],
    ['an object', { a: 1 }, 'an object'],
    ['a Date', new Date(0), 'an object'],
    ['a Uint8Array', new Uint8Array(3), 'a Uint8Array of 3 bytes'],
    ['a Buffer', Buffer.from('a'), 'a Uint8Array of 1 byte'],
    ['an empty string', '', 'an empty string'],
    ['a short string', 'src/a.ts', 'the string "src/a.ts"'],
    ['a huge string', hugeString, `a string of 5000000 characters (${excerpt})`],
  ])('%s', (_, value, expected) => {
    expect(describeValue(value)).toBe(expected);
  });

  it('never reads a property of an object, and survives a revoked Proxy', () => {
    const touched: string[] = [];
    const spy = new Proxy(
      {},
      {
        get: (_t, key) => touched.push(String(key)),
        getPrototypeOf: () => {
          touched.push('prototype');
          return null;
        },
      },
    );
    expect(describeValue(spy)).toBe('an object');
    expect(touched).toEqual([]);
    const { proxy, revoke } = Proxy.revocable([], {});
    revoke();
    expect(describeValue(proxy)).toBe('an unreadable object');
  });

  it('quoteText cuts at 120 characters, never inside a surrogate pair, and escapes', () => {
    expect(quoteText('a\n"b"')).toBe('"a\\n\\"b\\""');
    const pairs = `${'a'.repeat(MESSAGE_QUOTE_LIMIT - 1)}😀😀`;
    expect(quoteText(pairs)).toBe(`"${'a'.repeat(MESSAGE_QUOTE_LIMIT - 1)}…"`);
    expect(quoteText(hugeString).length).toBe(MESSAGE_QUOTE_LIMIT + 3);
  });
});

describe('batch command messages', () => {
  const detection = sampleRow('InsertDetections', 0);
  const command = (patch: object): unknown => ({
    type: 'InsertDetections',
    rows: [{ ...detection, ...patch }],
  });

  it.each([
    ['undefined', undefined, 'is missing (must be a string)'],
    ['null', null, 'must be a string, got null'],
    ['NaN', Number.NaN, 'must be a string, got the number NaN'],
    ['a bigint', 10n, 'must be a string, got the bigint 10n'],
    ['a symbol', Symbol('x'), 'must be a string, got a symbol'],
    ['a function', () => 'src/a.ts', 'must be a string, got a function'],
    ['an array', ['src/a.ts'], 'must be a string, got an array of 1 element'],
    ['an object', { path: 'src/a.ts' }, 'must be a string, got an object'],
    ['a huge array', hugeArray, 'must be a string, got an array of 100000 elements'],
    ['a huge string as a number', hugeString, null],
  ])('a row field given %s', (_, value, problem) => {
    if (problem === null) {
      const error = rejection(() => validateBatchCommand(command({ line: value }), 'sendBatch'));
      expect(error.message).toBe(
        `sendBatch: InsertDetections rows[0].line must be a safe integer, got a string of 5000000 characters (${excerpt})`,
      );
      return;
    }
    const error = rejection(() => validateBatchCommand(command({ file: value }), 'sendBatch'));
    expect(error.message).toBe(`sendBatch: InsertDetections rows[0].file ${problem}`);
    expect([error.operation, error.command, error.field]).toEqual([
      'sendBatch',
      'InsertDetections',
      'rows[0].file',
    ]);
    expect(error.message).not.toMatch(/\ba (undefined|object|array|integer)\b|got a u/);
  });

  it.each([
    ['undefined', undefined, 'sendBatch: command must be an object with "type" and "rows", got undefined'],
    [
      'a string',
      'InsertDetections',
      'sendBatch: command must be an object with "type" and "rows", got the string "InsertDetections"',
    ],
    ['a function', () => 1, 'sendBatch: command must be an object with "type" and "rows", got a function'],
    [
      'no type',
      { rows: [] },
      'sendBatch: unknown batch command (type is undefined); type must be one of the 33 batch command names (see BatchCommandType)',
    ],
    [
      'a numeric type',
      { type: 7, rows: [] },
      'sendBatch: unknown batch command (type is the number 7); type must be one of the 33 batch command names (see BatchCommandType)',
    ],
    [
      'a huge type',
      { type: hugeString, rows: [] },
      `sendBatch: unknown batch command ${excerpt} (a string of 5000000 characters); type must be one of the 33 batch command names (see BatchCommandType)`,
    ],
    [
      'rows not an array',
      { type: 'InsertDetections', rows: 'x' },
      'sendBatch: InsertDetections rows must be an array, got the string "x"',
    ],
    [
      'a row that is null',
      { type: 'InsertDetections', rows: [null] },
      'sendBatch: InsertDetections rows[0] must be an object, got null',
    ],
    [
      'a row that is an array',
      { type: 'InsertDetections', rows: [[1, 2]] },
      'sendBatch: InsertDetections rows[0] must be an object, got an array of 2 elements',
    ],
    [
      'a path that is a number',
      { type: 'DeleteFileMetadata', rows: ['a.ts', 3] },
      'sendBatch: DeleteFileMetadata rows[1] must be a path string, got the number 3',
    ],
    [
      'a blob given as an array',
      { type: 'UpsertFileMetadata', rows: [{ ...sampleRow('UpsertFileMetadata', 0), contentHash: [1, 2] }] },
      'sendBatch: UpsertFileMetadata rows[0].contentHash must be a Uint8Array, got an array of 2 elements',
    ],
  ])('a command given as %s', (_, value, message) => {
    expect(rejection(() => validateBatchCommand(value, 'sendBatch')).message).toBe(message);
  });

  it('a huge batch fails on its bad row with a short message', () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => sampleRow('InsertDetections', i));
    (rows[99_999] as { line: unknown }).line = hugeArray;
    const error = rejection(() => validateBatchCommand({ type: 'InsertDetections', rows }, 'sendBatch'));
    expect(error.message).toBe(
      'sendBatch: InsertDetections rows[99999].line must be a safe integer, got an array of 100000 elements',
    );
  });

  it('names validateBatchCommand and encodeBatchCommand when they are called directly', () => {
    expect(rejection(() => validateBatchCommand(null)).message).toBe(
      'validateBatchCommand: command must be an object with "type" and "rows", got null',
    );
    expect(rejection(() => encodeBatchCommand(command({ line: 1.5 }) as BatchCommand)).message).toBe(
      'encodeBatchCommand: InsertDetections rows[0].line must be a safe integer, got the number 1.5',
    );
  });
});

describe('sendRaw payload messages', () => {
  const utf8 = (text: string) => new TextEncoder().encode(text);
  const good = encodeBatchCommand({ type: 'InsertDetections', rows: [sampleRow('InsertDetections', 0)] });
  const envelope = JSON.parse(new TextDecoder().decode(good)) as Record<string, unknown>;

  it('a huge payload that is not JSON gives a short message saying its size', () => {
    const error = rejection(() =>
      decodeBatchCommand('InsertDetections', utf8(`{"rows": [${hugeString}`), 'sendRaw'),
    );
    expect(error.message.length).toBeLessThanOrEqual(300);
    expect(error.message).toMatch(
      /^sendRaw: InsertDetections payload \(5000010 bytes\) is not UTF-8 JSON: "SyntaxError: /,
    );
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it.each([
    [
      'a huge JSON string',
      JSON.stringify(hugeString),
      `sendRaw: InsertDetections payload must be a JSON object, got a string of 5000000 characters (${excerpt})`,
    ],
    [
      'a format that is huge',
      JSON.stringify({ ...envelope, format: hugeString }),
      `sendRaw: InsertDetections format must be "drift-batch", got a string of 5000000 characters (${excerpt})`,
    ],
    [
      'a version that is an array',
      JSON.stringify({ ...envelope, version: hugeArray }),
      'sendRaw: InsertDetections version must be 1, got an array of 100000 elements',
    ],
    [
      'another command',
      JSON.stringify({ ...envelope, command: 'InsertBoundaries' }),
      'sendRaw: InsertDetections command must be "InsertDetections" (the command name given), got the string "InsertBoundaries"',
    ],
    [
      'rows that are null',
      JSON.stringify({ ...envelope, rows: null }),
      'sendRaw: InsertDetections rows must be an array, got null',
    ],
    [
      'a huge extra key',
      JSON.stringify({ ...envelope, rows: [{ ...(envelope.rows as object[])[0], [hugeString]: 1 }] }),
      `sendRaw: InsertDetections rows[0].${'a'.repeat(MESSAGE_QUOTE_LIMIT)}… (5000000 characters) is not a field of InsertDetections rows`,
    ],
    [
      'a real spelled as a word',
      JSON.stringify({ ...envelope, rows: [{ ...(envelope.rows as object[])[0], confidence: 'NaN' }] }),
      'sendRaw: InsertDetections rows[0].confidence must be a number (or "Infinity", "-Infinity", "-0"), got the string "NaN"',
    ],
    [
      'a missing field',
      JSON.stringify({ ...envelope, rows: [{ ...(envelope.rows as object[])[0], file: undefined }] }),
      'sendRaw: InsertDetections rows[0].file is missing (must be a string)',
    ],
  ])('%s', (_, json, message) => {
    const error = rejection(() => decodeBatchCommand('InsertDetections', utf8(json), 'sendRaw'));
    expect(error.message).toBe(message);
    expect(error.message.length).toBeLessThanOrEqual(400);
  });

  it('a command name or payload of the wrong kind', () => {
    expect(rejection(() => decodeBatchCommand(hugeString, good, 'sendRaw')).message).toBe(
      `sendRaw: unknown batch command ${excerpt} (a string of 5000000 characters); commandName must be one of the 33 batch command names (see BatchCommandType)`,
    );
    expect(rejection(() => decodeBatchCommand(undefined as unknown as string, good, 'sendRaw')).message).toBe(
      'sendRaw: unknown batch command (commandName is undefined); commandName must be one of the 33 batch command names (see BatchCommandType)',
    );
    expect(
      rejection(() => decodeBatchCommand('InsertDetections', hugeString as unknown as Uint8Array, 'sendRaw'))
        .message,
    ).toBe(
      `sendRaw: InsertDetections payload must be a Uint8Array, got a string of 5000000 characters (${excerpt})`,
    );
  });
});

describe('method argument messages', () => {
  it.each([
    [[undefined], 'getFileMetadata: path must be a string, got undefined'],
    [[null], 'getFileMetadata: path must be a string, got null'],
    [[Number.NaN], 'getFileMetadata: path must be a string, got the number NaN'],
    [[5n], 'getFileMetadata: path must be a string, got the bigint 5n'],
    [[Symbol('p')], 'getFileMetadata: path must be a string, got a symbol'],
    [[() => 'a'], 'getFileMetadata: path must be a string, got a function'],
    [[{}], 'getFileMetadata: path must be a string, got an object'],
    [[hugeArray], 'getFileMetadata: path must be a string, got an array of 100000 elements'],
  ])('getFileMetadata(%o)', (args, message) => {
    expect(rejection(() => checkMethodArguments('getFileMetadata', args)).message).toBe(message);
  });

  it('a huge string where a number belongs is quoted short, with its length', () => {
    const error = rejection(() => checkMethodArguments('queryAllDetections', [hugeString]));
    expect(error.message).toBe(
      `queryAllDetections: limit must be a non-negative safe integer, got a string of 5000000 characters (${excerpt})`,
    );
  });

  it('a string with a lone surrogate where a number belongs is described as any other string', () => {
    expect(rejection(() => checkMethodArguments('queryAllDetections', ['\ud83d'])).message).toBe(
      'queryAllDetections: limit must be a non-negative safe integer, got the string "\\ud83d"',
    );
    const row = { ...sampleRow('InsertDetections', 0), line: 'x\ud83d' };
    expect(
      rejection(() => validateBatchCommand({ type: 'InsertDetections', rows: [row] }, 'sendBatch')).message,
    ).toBe('sendBatch: InsertDetections rows[0].line must be a safe integer, got the string "x\\ud83d"');
  });

  it('a huge rows argument that is not an array of rows', () => {
    const error = rejection(() => checkMethodArguments('insertDetections', [hugeArray]));
    expect(error.message).toBe(
      `insertDetections: detections[0] must be an object, got the string "${'x'.repeat(100)}"`,
    );
    expect(rejection(() => checkMethodArguments('insertDetections', [hugeString])).message).toBe(
      `insertDetections: detections must be an array of objects, got a string of 5000000 characters (${excerpt})`,
    );
  });
});

describe('pagination cursor messages', () => {
  it('quote at most an excerpt of a bad cursor and name the method', () => {
    expect(rejection(() => decodeCursor('not base64!')).message).toBe(
      'decodeCursor: cursor must be a nextCursor of an earlier page (an invalid pagination cursor), got the string "not base64!"',
    );
    expect(rejection(() => decodeCursor(hugeString, 'queryViolationsPage')).message).toBe(
      `queryViolationsPage: cursor must be a nextCursor of an earlier page (an invalid pagination cursor), got a string of 5000000 characters (${excerpt})`,
    );
  });
});
