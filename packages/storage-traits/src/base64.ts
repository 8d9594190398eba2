// Standard base64 (RFC 4648, padded) over atob/btoa, which Node and browsers both provide, so the
// package stays free of runtime dependencies and of Node-only APIs.

// Base64 characters then at most two '=' (with the length a multiple of 4, that is exactly padded
// base64). A plain character loop: a grouped `(?:....)*` would backtrack once per group and overflow
// the regexp stack on a blob of a few megabytes.
const BASE64_RE = /^[A-Za-z0-9+/]*={0,2}$/;
const CHUNK = 0x8000;

/** Encodes bytes as padded standard base64. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}

/** Decodes padded standard base64; returns null when `text` is not exactly that. */
export function base64ToBytes(text: string): Uint8Array | null {
  if (text.length % 4 !== 0 || !BASE64_RE.test(text)) return null;
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
