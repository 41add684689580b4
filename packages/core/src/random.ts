/** Bytes as lowercase hex (no `0x`). */
export function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/** `bytes` cryptographically random bytes as lowercase hex (no `0x`): nonces, salts, keys, tokens. */
export function randomHex(bytes: number): string {
  return toHex(crypto.getRandomValues(new Uint8Array(bytes)));
}
