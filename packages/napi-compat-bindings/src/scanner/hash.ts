import { xxh3 } from '@node-rs/xxhash';

/** XXH3-64 (seed 0) of the bytes: the reference's `hash_content` (drift-analysis `scanner/hasher.rs`). */
export function hashContent(bytes: Uint8Array): bigint {
  return xxh3.xxh64(bytes);
}

/** A 64-bit hash as the 8 little-endian bytes stored in `file_metadata.content_hash` (`u64::to_le_bytes`). */
export function hashToBytes(hash: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt.asUintN(64, hash), true);
  return out;
}

/**
 * A stored `content_hash` as a 64-bit number, as the reference reads it back (`u64::from_le_bytes`
 * when it has 8 bytes, else 0).
 */
export function hashFromBytes(bytes: Uint8Array): bigint {
  if (bytes.length !== 8) return 0n;
  return new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
}

/** The stored form of a file's content hash: {@link hashToBytes} of {@link hashContent}. */
export function contentHash(bytes: Uint8Array): Uint8Array {
  return hashToBytes(hashContent(bytes));
}
