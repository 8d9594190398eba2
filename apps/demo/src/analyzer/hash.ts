import { createHash } from 'node:crypto';

/** Bytes kept from the SHA-256 digest: enough to tell bodies and signatures apart. */
const HASH_BYTES = 16;

/** The first {@link HASH_BYTES} bytes of the SHA-256 of `text` (UTF-8). */
export function shortHash(text: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(text, 'utf8').digest().subarray(0, HASH_BYTES));
}
