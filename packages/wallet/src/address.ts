import type { Address } from '@questboard/core';

// Size trade-off (script-tag bundle): viem's `getAddress` / `isAddress` / `stringToHex` pulled
// @noble/hashes and viem's encoding, address and error modules into the eager bundle, about
// 33 KB unminified / ~6 KB gzip. Here: an address regex, UTF-8 to hex through TextEncoder, and
// EIP-55 checksums from checksum.ts, loaded on first use (a 0.8 KB gzip chunk).

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/** An address in any letter case (what viem's `isAddress(a, { strict: false })` accepts). */
export function isAddressLike(value: unknown): value is string {
  return typeof value === 'string' && ADDRESS.test(value);
}

export type Checksum = (address: string) => Address;
let checksum: Checksum | undefined;
let loading: Promise<Checksum> | undefined;

/**
 * The EIP-55 checksum function, loading it once. Should the chunk fail to load (offline), the
 * addresses stay lowercase rather than failing the connection; the next call tries again.
 */
export function loadChecksum(): Promise<Checksum> {
  loading ??= import('./checksum.js').then(
    (m) => {
      checksum = m.checksumAddress;
      return checksum;
    },
    () => {
      loading = undefined;
      return (address: string) => address.toLowerCase() as Address;
    },
  );
  return loading;
}

/** The checksum function when already loaded. */
export const loadedChecksum = (): Checksum | undefined => checksum;

/** UTF-8 bytes of `text` as 0x-hex (viem's `stringToHex`). */
export function utf8ToHex(text: string): `0x${string}` {
  let hex = '0x';
  for (const byte of new TextEncoder().encode(text)) hex += byte.toString(16).padStart(2, '0');
  return hex as `0x${string}`;
}
