// The one pass that snapshots a batch row: read each schema field of the caller's row exactly once,
// check the value read, copy blobs, and build a fresh row. Internal to the codec (not exported by the
// package index).
//
// Each command gets a reader compiled from its field list: a function whose body names the fields
// literally, so the reads are monomorphic property loads, the checks have constant kinds, and the copy
// is one object literal of a fixed shape. That is about twice as fast as a loop over the field list
// (keyed loads and stores on a new object each row), measured on the batch writer's benchmark. Where
// code generation is disallowed (`--disallow-code-generation-from-strings`, a strict CSP), the loop
// reader is used; both give the same results, checked by the same tests.

import { type FieldKind, isFieldKind, isUint8ArrayBrand } from './field-kinds.js';

/**
 * Reads one row. `read` returns the fresh row, or null when a value does not fit its kind (then
 * `at()` is the field's index and `bad()` the value read). When a read throws (a getter or Proxy
 * trap), the exception propagates and `at()` is the index of the field being read.
 */
export interface RowReader {
  /** The checked copy of `row`, or null when field `at()` holds `bad()`. */
  read(row: Readonly<Record<string, unknown>>): Record<string, unknown> | null;
  /** Index of the field read last (the failing one after a null or a throw). */
  at(): number;
  /** The value that did not fit, after `read` returned null. */
  bad(): unknown;
}

const isBytesKind = (kind: FieldKind) => kind === 'bytes' || kind === 'bytes?';

/** The intrinsic `byteLength` getter of typed arrays: no getter of the caller's object runs. */
const byteLengthOf = Function.prototype.call.bind(
  Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype) as object, 'byteLength')!.get!,
) as (value: Uint8Array) => number;

/** Size of the buffers small blob copies are carved from. */
const POOL_BYTES = 64 * 1024;
/** Blobs up to this size share a pool buffer; larger ones get their own. */
const POOLED_MAX = 1024;
let pool = new ArrayBuffer(POOL_BYTES);
let poolUsed = 0;

/**
 * A fresh `Uint8Array` with the bytes of `value`. Small blobs (hashes, mostly) are carved from a shared
 * 64 KiB buffer: one `ArrayBuffer` per thousand hashes instead of one each, which the garbage
 * collector tracks one by one (measured: a buffer per 8-byte hash cost the file-metadata benchmark
 * about a tenth of its throughput). Each copy is its own view; no two copies overlap.
 */
function copyBytes(value: Uint8Array): Uint8Array {
  const size = byteLengthOf(value);
  if (size > POOLED_MAX) return new Uint8Array(value);
  if (poolUsed + size > POOL_BYTES) {
    pool = new ArrayBuffer(POOL_BYTES);
    poolUsed = 0;
  }
  const copy = new Uint8Array(pool, poolUsed, size);
  copy.set(value);
  poolUsed += size;
  return copy;
}

/** The reader as a loop over the field list: the fallback where code generation is not allowed. */
export function loopRowReader(fields: readonly string[], kinds: readonly FieldKind[]): RowReader {
  let at = -1;
  let bad: unknown;
  return {
    read(row) {
      const copy: Record<string, unknown> = {};
      for (at = 0; at < fields.length; at++) {
        const kind = kinds[at]!;
        let value = row[fields[at]!];
        if (isBytesKind(kind)) {
          if (isUint8ArrayBrand(value)) value = copyBytes(value);
          else if (value !== null || kind === 'bytes') {
            bad = value;
            return null;
          }
        } else if (!isFieldKind(kind, value)) {
          bad = value;
          return null;
        }
        copy[fields[at]!] = value;
      }
      return copy;
    },
    at: () => at,
    bad: () => bad,
  };
}

/**
 * The reader compiled for one field list (see the top of this file). The generated source holds only
 * the schema's own field names and kinds, each as a JSON string literal; no caller data reaches it.
 */
export function compiledRowReader(fields: readonly string[], kinds: readonly FieldKind[]): RowReader {
  const lines: string[] = [];
  fields.forEach((field, j) => {
    const kind = kinds[j]!;
    lines.push(`at = ${j}; let v${j} = row[${JSON.stringify(field)}];`);
    if (isBytesKind(kind)) {
      const refused = kind === 'bytes?' ? `v${j} !== null` : 'true';
      lines.push(
        `if (isBytes(v${j})) v${j} = copyBytes(v${j}); else if (${refused}) { bad = v${j}; return null; }`,
      );
    } else {
      lines.push(`if (!isKind(${JSON.stringify(kind)}, v${j})) { bad = v${j}; return null; }`);
    }
  });
  const literal = fields.map((field, j) => `${JSON.stringify(field)}: v${j}`).join(', ');
  const source = `let at = -1; let bad;
return {
  read(row) {
    ${lines.join('\n    ')}
    return { ${literal} };
  },
  at: () => at,
  bad: () => bad,
};`;
  const factory = new Function('isKind', 'isBytes', 'copyBytes', source) as (
    isKind: typeof isFieldKind,
    isBytes: typeof isUint8ArrayBrand,
    copy: typeof copyBytes,
  ) => RowReader;
  return factory(isFieldKind, isUint8ArrayBrand, copyBytes);
}

/** The compiled reader, or the loop reader where code generation is not allowed. */
export function rowReader(fields: readonly string[], kinds: readonly FieldKind[]): RowReader {
  try {
    return compiledRowReader(fields, kinds);
  } catch {
    return loopRowReader(fields, kinds);
  }
}
