// The one argument-validation vocabulary (argument-checks.ts, describeValue): every function over
// every kind of JavaScript value, each message asserted whole.

import { describe, expect, it } from 'vitest';
import {
  ARGUMENT_KIND_EXPECTED,
  type ArgumentCheckKind,
  argumentError,
  describeValue,
  fieldProblem,
  isStorageError,
  MESSAGE_QUOTE_LIMIT,
  mismatchProblem,
  optionalArgument,
  requireArgument,
  type StorageError,
} from '../src/index.js';

class Row {
  readonly id = 1;
}

const FIVE_MB = 'a'.repeat(5_000_000);
const fiveMbDescription = `a string of 5000000 characters ("${'a'.repeat(MESSAGE_QUOTE_LIMIT)}…")`;
const { proxy: revoked, revoke } = Proxy.revocable({}, {});
revoke();
/** A Proxy that records every trap run on it: the checks must run none. */
const touched: string[] = [];
const spy = new Proxy(
  {},
  {
    get: (_t, key) => touched.push(`get ${String(key)}`),
    has: (_t, key) => touched.push(`has ${String(key)}`) > 0,
    getPrototypeOf: () => {
      touched.push('getPrototypeOf');
      return null;
    },
  },
);

/** Every kind of value, with its label and what `describeValue` says of it. */
const VALUES: readonly (readonly [label: string, value: unknown, description: string])[] = [
  ['undefined', undefined, 'undefined'],
  ['null', null, 'null'],
  ['true', true, 'the boolean true'],
  ['false', false, 'the boolean false'],
  ['0', 0, 'the number 0'],
  ['-0', -0, 'the number -0'],
  ['-1', -1, 'the number -1'],
  ['1.5', 1.5, 'the number 1.5'],
  ['2^32', 2 ** 32, 'the number 4294967296'],
  ['NaN', Number.NaN, 'the number NaN'],
  ['Infinity', Number.POSITIVE_INFINITY, 'the number Infinity'],
  ['-Infinity', Number.NEGATIVE_INFINITY, 'the number -Infinity'],
  ['a bigint', 5n, 'the bigint 5n'],
  ['a negative bigint of 120 digits', -(10n ** 120n - 1n), `the bigint -${'9'.repeat(120)}n`],
  ['a bigint of 121 digits', 10n ** 120n, 'a bigint of more than 120 digits'],
  ['an empty string', '', 'an empty string'],
  ['a string', 'src/a.ts', 'the string "src/a.ts"'],
  ['a string to escape', 'a\n"b"', 'the string "a\\n\\"b\\""'],
  ['a 5 MB string', FIVE_MB, fiveMbDescription],
  ['a lone surrogate', 'a\ud800b', 'the string "a\\ud800b"'],
  ['a symbol', Symbol('s'.repeat(1000)), 'a symbol'],
  ['a function', () => 1, 'a function'],
  ['a class', Row, 'a function'],
  ['an empty array', [], 'an empty array'],
  ['an array of a string', ['a'], 'an array of 1 element'],
  ['an array with a number', ['a', 5], 'an array of 2 elements'],
  ['an array with a lone surrogate', ['a', '\udc00'], 'an array of 2 elements'],
  ['a plain object', { a: 1 }, 'an object'],
  ['a class instance', new Row(), 'an object'],
  ['a Date', new Date(0), 'an object'],
  ['a Uint8Array', new Uint8Array(3), 'a Uint8Array of 3 bytes'],
  ['a Buffer', Buffer.from('a'), 'a Uint8Array of 1 byte'],
  ['a Proxy of an object', spy, 'an object'],
  ['a Proxy of an array', new Proxy([1, 2], {}), 'an array of 2 elements'],
  ['a revoked Proxy', revoked, 'an unreadable object'],
];

const STRINGS = ['an empty string', 'a string', 'a string to escape', 'a 5 MB string'];
const INTEGERS = ['0', '-0'];

/** The labels of the values each kind accepts; every other value is refused. */
const ACCEPTS: Readonly<Record<ArgumentCheckKind, readonly string[]>> = {
  string: STRINGS,
  'string?': ['null', ...STRINGS],
  int: [...INTEGERS, '-1', '2^32'],
  uint: [...INTEGERS, '2^32'],
  u32: INTEGERS,
  i32: [...INTEGERS, '-1'],
  real: [...INTEGERS, '-1', '1.5', '2^32', 'Infinity', '-Infinity'],
  number: [...INTEGERS, '-1', '1.5', '2^32', 'Infinity', '-Infinity', 'NaN'],
  bool: ['true', 'false'],
  bytes: ['a Uint8Array', 'a Buffer'],
  'string[]': ['an empty array', 'an array of a string'],
  text: [...STRINGS, 'a lone surrogate'],
  'text[]': ['an empty array', 'an array of a string', 'an array with a lone surrogate'],
};
const KINDS = Object.keys(ACCEPTS) as ArgumentCheckKind[];

/** The field and the end of the message when `kind` refuses the value labelled `label`. */
function refusal(kind: ArgumentCheckKind, label: string, expected: string, description: string) {
  const wellFormed = kind === 'string' || kind === 'string?';
  if (label === 'a lone surrogate' && wellFormed) {
    return ['f', 'must be well-formed Unicode text, got a string with a lone surrogate (U+D800) at index 1'];
  }
  if (kind === 'string[]' || kind === 'text[]') {
    if (label === 'an array with a number') return ['f[1]', 'must be a string, got the number 5'];
    if (label === 'a Proxy of an array') return ['f[0]', 'must be a string, got the number 1'];
    if (label === 'an array with a lone surrogate') {
      return [
        'f[1]',
        'must be well-formed Unicode text, got a string with a lone surrogate (U+DC00) at index 0',
      ];
    }
  }
  return ['f', `must be ${expected}, got ${description}`];
}

function rejection(run: () => unknown): StorageError {
  try {
    run();
  } catch (error) {
    if (isStorageError(error, 'INVALID_INPUT')) return error;
    throw error;
  }
  throw new Error('expected INVALID_INPUT, nothing was thrown');
}

describe('describeValue', () => {
  it.each(VALUES)('names %s', (_, value, description) => {
    expect(describeValue(value)).toBe(description);
  });

  it('runs no trap of a Proxy', () => {
    touched.length = 0;
    describeValue(spy);
    expect(touched).toEqual([]);
  });
});

describe('argumentError', () => {
  it.each(VALUES)('describes %s in the one form', (_, value, description) => {
    const error = argumentError('driftThing', 'options.size', 'a positive integer', value);
    expect(isStorageError(error, 'INVALID_INPUT')).toBe(true);
    expect(error.message).toBe(`driftThing: options.size must be a positive integer, got ${description}`);
    expect([error.operation, error.field, error.command]).toEqual(['driftThing', 'options.size', undefined]);
  });
});

describe('mismatchProblem and fieldProblem', () => {
  it.each(VALUES)('%s', (label, value, description) => {
    const problem =
      label === 'a lone surrogate'
        ? 'must be well-formed Unicode text, got a string with a lone surrogate (U+D800) at index 1'
        : `must be a string, got ${description}`;
    expect(mismatchProblem('a string', value, true)).toBe(problem);
    expect(fieldProblem('a string', value, true)).toBe(
      label === 'undefined' ? 'is missing (must be a string)' : problem,
    );
    // Where text is not what was expected, a string with a lone surrogate is any other string.
    expect(mismatchProblem('a safe integer', value, false)).toBe(
      `must be a safe integer, got ${description}`,
    );
    expect(fieldProblem('a safe integer', value, false)).toBe(
      label === 'undefined'
        ? 'is missing (must be a safe integer)'
        : `must be a safe integer, got ${description}`,
    );
  });
});

describe.each(KINDS)('requireArgument and optionalArgument of kind %s', (kind) => {
  it.each(VALUES)('%s', (label, value, description) => {
    const accepted = ACCEPTS[kind].includes(label);
    if (accepted) {
      expect(requireArgument('op', 'f', kind, value)).toBe(value);
    } else {
      const [field, problem] = refusal(kind, label, ARGUMENT_KIND_EXPECTED[kind], description);
      const error = rejection(() => requireArgument('op', 'f', kind, value));
      expect(error.message).toBe(`op: ${field} ${problem}`);
      expect([error.operation, error.field]).toEqual(['op', field]);
    }
    if (kind === 'string?') return;
    const optional = kind as Exclude<ArgumentCheckKind, 'string?'>;
    if (value === undefined || value === null) {
      expect(optionalArgument('op', 'f', optional, value)).toBeUndefined();
    } else if (accepted) {
      expect(optionalArgument('op', 'f', optional, value)).toBe(value);
    } else {
      const [field, problem] = refusal(
        kind,
        label,
        `${ARGUMENT_KIND_EXPECTED[kind]} when given`,
        description,
      );
      const error = rejection(() => optionalArgument('op', 'f', optional, value));
      // Only the whole value's expectation says "when given"; an element's problem is its own.
      expect(error.message).toBe(`op: ${field} ${problem}`);
      expect([error.operation, error.field]).toEqual(['op', field]);
    }
  });
});

describe('the kinds’ words', () => {
  it('are the seam’s for the kinds of METHOD_ARGUMENT_SPECS and say what napi accepts for its own', () => {
    expect(ARGUMENT_KIND_EXPECTED).toEqual({
      string: 'a string',
      'string?': 'a string or null',
      int: 'a safe integer',
      uint: 'a non-negative safe integer',
      u32: 'an integer from 0 to 4294967295',
      i32: 'an integer from -2147483648 to 2147483647',
      real: 'a number (not NaN, which SQLite cannot store)',
      bool: 'a boolean',
      bytes: 'a Uint8Array',
      'string[]': 'an array of strings',
      text: 'a string',
      'text[]': 'an array of strings',
      number: 'a number',
    });
  });

  it('a checked argument runs no trap of a Proxy (but bytes, checked by instanceof as in METHOD_ARGUMENT_SPECS)', () => {
    touched.length = 0;
    for (const kind of KINDS) if (kind !== 'bytes') rejection(() => requireArgument('op', 'f', kind, spy));
    expect(touched).toEqual([]);
  });
});
