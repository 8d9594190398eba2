import { xxh3 } from '@node-rs/xxhash';

/**
 * The content hash stored in `file_metadata.content_hash`: XXH3-64 (seed 0) of the bytes, as 8
 * little-endian bytes, exactly as the reference writes `u64::to_le_bytes`.
 */
export function contentHash(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, xxh3.xxh64(bytes), true);
  return out;
}

/** True when two hashes hold the same bytes. */
export function sameHash(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

/** Bytes inspected for a NUL byte when deciding whether a file is binary (git's heuristic). */
export const BINARY_SNIFF_BYTES = 8000;

/** True when the first {@link BINARY_SNIFF_BYTES} bytes contain a NUL byte. */
export function looksBinary(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, BINARY_SNIFF_BYTES);
  for (let i = 0; i < end; i += 1) if (bytes[i] === 0) return true;
  return false;
}
