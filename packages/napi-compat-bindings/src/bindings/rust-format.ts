// Text formats of the Rust reference, for output that has to come out byte for byte as there:
// serde_json documents (B-tree key order, `to_string_pretty` layout, f64 numbers in Rust's shortest form),
// `{:.N}` float formatting (exact value, ties to even) and std's `DefaultHasher` (SipHash-1-3, zero keys).

/** A JSON number that is an `f64` on the Rust side (printed `1.0`, not `1`). */
export class RustF64 {
  /** Marks `value` to print as an `f64` (`1.0`, not `1`); the number itself is kept as given. */
  constructor(readonly value: number) {}
}

/** A JSON value as serde_json holds it: integers as numbers or bigints, floats as {@link RustF64}. */
export type RustJson =
  | null
  | boolean
  | string
  | number
  | bigint
  | RustF64
  | readonly RustJson[]
  | { readonly [key: string]: RustJson | undefined };

/** Shortest round-trip digits and decimal exponent of a positive finite double (`0.d1d2... * 10^kk`). */
function shortestDigits(value: number): { digits: string; kk: number } {
  const [mantissa, exponent] = value.toExponential().split('e') as [string, string];
  const digits = mantissa.replace('.', '');
  return { digits, kk: Number(exponent) + 1 };
}

/** An f64 as Rust's `Display` / serde_json write it (ryu's layout: `1.0`, `0.001`, `1e16`, `1.5e-7`). */
export function formatRustF64(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  const sign = value < 0 || Object.is(value, -0) ? '-' : '';
  const abs = Math.abs(value);
  if (abs === 0) return `${sign}0.0`;
  const { digits, kk } = shortestDigits(abs);
  const length = digits.length;
  const k = kk - length;
  if (k >= 0 && kk <= 16) return `${sign}${digits}${'0'.repeat(k)}.0`;
  if (kk > 0 && kk <= 16) return `${sign}${digits.slice(0, kk)}.${digits.slice(kk)}`;
  if (kk > -5 && kk <= 0) return `${sign}0.${'0'.repeat(-kk)}${digits}`;
  const exp = kk - 1;
  return length === 1 ? `${sign}${digits}e${exp}` : `${sign}${digits[0]}.${digits.slice(1)}e${exp}`;
}

/** serde_json's form of an f64 inside a document: non-finite values are `null`. */
function jsonF64(value: number): string {
  return Number.isFinite(value) ? formatRustF64(value) : 'null';
}

/**
 * `format!("{:.N}", value)` of Rust: the exact binary value rounded to `precision` decimals, ties to
 * even (`0.25` -> `0.2`, where JavaScript's `toFixed` gives `0.3`).
 */
export function formatRustFixed(value: number, precision: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  const negative = value < 0 || Object.is(value, -0);
  const abs = Math.abs(value);
  // abs = mantissa * 2^exp exactly.
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, abs);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
  const exp = (biased === 0 ? 1 : biased) - 1075;
  const scale = 10n ** BigInt(precision);
  let scaled: bigint;
  if (exp >= 0) {
    scaled = (mantissa << BigInt(exp)) * scale;
  } else {
    const den = 1n << BigInt(-exp);
    const num = mantissa * scale;
    scaled = num / den;
    const twice = (num % den) * 2n;
    if (twice > den || (twice === den && scaled % 2n === 1n)) scaled += 1n;
  }
  let text = scaled.toString();
  if (precision > 0) {
    text = text.padStart(precision + 1, '0');
    text = `${text.slice(0, -precision)}.${text.slice(-precision)}`;
  }
  return `${negative ? '-' : ''}${text}`;
}

function compareKeys(a: string, b: string): number {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return Buffer.compare(x, y);
}

function writeJson(value: RustJson | undefined, indent: string, out: string[]): void {
  if (value === null || value === undefined) {
    out.push('null');
  } else if (typeof value === 'boolean') {
    out.push(value ? 'true' : 'false');
  } else if (typeof value === 'string') {
    out.push(JSON.stringify(value));
  } else if (typeof value === 'bigint') {
    out.push(value.toString());
  } else if (typeof value === 'number') {
    out.push(Number.isSafeInteger(value) ? String(value) : jsonF64(value));
  } else if (value instanceof RustF64) {
    out.push(jsonF64(value.value));
  } else if (Array.isArray(value)) {
    if (value.length === 0) {
      out.push('[]');
      return;
    }
    const inner = `${indent}  `;
    out.push('[\n');
    value.forEach((item, i) => {
      out.push(inner);
      writeJson(item, inner, out);
      out.push(i + 1 < value.length ? ',\n' : '\n');
    });
    out.push(`${indent}]`);
  } else {
    const object = value as { readonly [key: string]: RustJson | undefined };
    const keys = Object.keys(object)
      .filter((k) => object[k] !== undefined)
      .sort(compareKeys);
    if (keys.length === 0) {
      out.push('{}');
      return;
    }
    const inner = `${indent}  `;
    out.push('{\n');
    keys.forEach((key, i) => {
      out.push(`${inner}${JSON.stringify(key)}: `);
      writeJson(object[key], inner, out);
      out.push(i + 1 < keys.length ? ',\n' : '\n');
    });
    out.push(`${indent}}`);
  }
}

/**
 * `serde_json::to_string_pretty` of a `serde_json::Value` in the reference's build: two-space indent,
 * object keys in byte order (its map is a B-tree), `undefined` entries left out.
 */
export function toRustJsonPretty(value: RustJson): string {
  const out: string[] = [];
  writeJson(value, '', out);
  return out.join('');
}

/**
 * Parses JSON text as `serde_json::from_str::<Value>` does, keeping what serde keeps: an integer that
 * fits 64 bits stays an integer (a bigint), any other number is an f64 ({@link RustF64}). Returns
 * `undefined` where serde fails (invalid JSON, a number out of f64 range, nesting deeper than 128).
 */
export function parseRustJson(text: string): RustJson | undefined {
  let pos = 0;
  const ws = (): void => {
    while (pos < text.length && ' \t\n\r'.includes(text[pos] as string)) pos += 1;
  };
  const fail = (): never => {
    throw new SyntaxError('invalid JSON');
  };
  const value = (depth: number): RustJson => {
    if (depth > 128) fail();
    ws();
    const c = text[pos];
    if (c === '{') {
      pos += 1;
      const obj: Record<string, RustJson> = {};
      ws();
      if (text[pos] === '}') {
        pos += 1;
        return obj;
      }
      for (;;) {
        ws();
        if (text[pos] !== '"') fail();
        const key = str();
        ws();
        if (text[pos] !== ':') fail();
        pos += 1;
        obj[key] = value(depth + 1);
        ws();
        if (text[pos] === ',') {
          pos += 1;
          continue;
        }
        if (text[pos] === '}') {
          pos += 1;
          return obj;
        }
        fail();
      }
    }
    if (c === '[') {
      pos += 1;
      const arr: RustJson[] = [];
      ws();
      if (text[pos] === ']') {
        pos += 1;
        return arr;
      }
      for (;;) {
        arr.push(value(depth + 1));
        ws();
        if (text[pos] === ',') {
          pos += 1;
          continue;
        }
        if (text[pos] === ']') {
          pos += 1;
          return arr;
        }
        fail();
      }
    }
    if (c === '"') return str();
    for (const [word, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return v;
      }
    }
    const m = /^-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(pos));
    if (m === null) return fail();
    pos += m[0].length;
    // serde reads `-0` as the float -0.0.
    if (m[0] === '-0') return new RustF64(-0);
    if (m[1] === undefined && m[2] === undefined) {
      const n = BigInt(m[0]);
      if (n >= -(2n ** 63n) && n < 2n ** 64n) return n;
    }
    const f = Number(m[0]);
    if (!Number.isFinite(f)) fail();
    return new RustF64(f);
  };
  const str = (): string => {
    const m = /^"(?:[^"\\]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/.exec(text.slice(pos));
    // A raw control character inside a string is invalid JSON.
    if (m !== null && [...m[0]].some((ch) => (ch.codePointAt(0) as number) < 0x20)) fail();
    if (m === null) return fail();
    pos += m[0].length;
    const s = JSON.parse(m[0]) as string;
    // serde refuses escapes that leave a lone surrogate.
    if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s)) fail();
    return s;
  };
  try {
    const v = value(0);
    ws();
    return pos === text.length ? v : undefined;
  } catch {
    return undefined;
  }
}

// SipHash-1-3 with zero keys: std's `DefaultHasher::new()`.
const MASK = (1n << 64n) - 1n;
const rotl = (x: bigint, b: bigint): bigint => ((x << b) | (x >> (64n - b))) & MASK;

/** std's `DefaultHasher` (SipHash-1-3, keys 0 and 0) over bytes written in order. */
export class RustDefaultHasher {
  private v0 = 0x736f6d6570736575n;
  private v1 = 0x646f72616e646f6dn;
  private v2 = 0x6c7967656e657261n;
  private v3 = 0x7465646279746573n;
  private readonly bytes: number[] = [];

  private round(): void {
    this.v0 = (this.v0 + this.v1) & MASK;
    this.v1 = rotl(this.v1, 13n) ^ this.v0;
    this.v0 = rotl(this.v0, 32n);
    this.v2 = (this.v2 + this.v3) & MASK;
    this.v3 = rotl(this.v3, 16n) ^ this.v2;
    this.v0 = (this.v0 + this.v3) & MASK;
    this.v3 = rotl(this.v3, 21n) ^ this.v0;
    this.v2 = (this.v2 + this.v1) & MASK;
    this.v1 = rotl(this.v1, 17n) ^ this.v2;
    this.v2 = rotl(this.v2, 32n);
  }

  /** `Hash for str`: the UTF-8 bytes, then 0xFF. */
  writeStr(s: string): this {
    this.bytes.push(...Buffer.from(s, 'utf8'), 0xff);
    return this;
  }

  /** `Hash for u32`: four little-endian bytes. */
  writeU32(n: number): this {
    this.bytes.push(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff);
    return this;
  }

  /** `Hasher::finish`: the SipHash-1-3 digest of the bytes written so far, as an unsigned 64-bit bigint. */
  finish(): bigint {
    const b = this.bytes;
    const full = b.length - (b.length % 8);
    const word = (i: number, n: number): bigint => {
      let m = 0n;
      for (let j = n - 1; j >= 0; j -= 1) m = (m << 8n) | BigInt(b[i + j] as number);
      return m;
    };
    for (let i = 0; i < full; i += 8) {
      const m = word(i, 8);
      this.v3 ^= m;
      this.round();
      this.v0 ^= m;
    }
    const last = (BigInt(b.length & 0xff) << 56n) | word(full, b.length - full);
    this.v3 ^= last;
    this.round();
    this.v0 ^= last;
    this.v2 ^= 0xffn;
    this.round();
    this.round();
    this.round();
    return (this.v0 ^ this.v1 ^ this.v2 ^ this.v3) & MASK;
  }
}
