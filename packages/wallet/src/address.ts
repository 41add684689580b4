import type { Address } from '@questboard/core';

// Size trade-off (script-tag bundle): viem's `getAddress` / `isAddress` / `stringToHex` pulled
// @noble/hashes and viem's encoding, address and error modules into the eager bundle, about
// 33 KB unminified / ~6 KB gzip. This file does the same three jobs in ~0.6 KB gzip: an
// address regex, UTF-8 to hex through TextEncoder, and EIP-55 checksums on a compact
// Keccak-256 (BigInt lanes; it hashes one 40-byte string per account, so speed does not
// matter). address.test.ts checks it against viem (@noble/hashes) on random inputs.

const M = (1n << 64n) - 1n;
const rotl = (v: bigint, n: number) => ((v << BigInt(n)) | (v >> BigInt(64 - n))) & M;
/** Round constants and rho offsets in pi order, derived as in FIPS 202. */
const IOTA: bigint[] = [];
const RHO: number[] = [];
const PI: number[] = [];
for (let round = 0, r = 1, x = 1, y = 0; round < 24; round++) {
  [x, y] = [y, (2 * x + 3 * y) % 5];
  PI.push(x + 5 * y);
  RHO.push((((round + 1) * (round + 2)) / 2) % 64);
  let c = 0n;
  for (let j = 0; j < 7; j++) {
    r = ((r << 1) ^ ((r >> 7) * 0x71)) & 255;
    if (r & 2) c ^= 1n << BigInt((1 << j) - 1);
  }
  IOTA.push(c);
}

/** Keccak-256 (Ethereum's, with the original 0x01 padding, not SHA3-256). */
export function keccak256(data: Uint8Array): Uint8Array {
  const rate = 136;
  const padded = new Uint8Array((Math.floor(data.length / rate) + 1) * rate);
  padded.set(data);
  padded[data.length]! ^= 1;
  padded[padded.length - 1]! ^= 0x80;
  const s: bigint[] = Array(25).fill(0n);
  const view = new DataView(padded.buffer);
  for (let offset = 0; offset < padded.length; offset += rate) {
    for (let i = 0; i < rate / 8; i++) s[i]! ^= view.getBigUint64(offset + i * 8, true);
    for (let round = 0; round < 24; round++) {
      const c = [0, 1, 2, 3, 4].map(
        (x) => s[x]! ^ s[x + 5]! ^ s[x + 10]! ^ s[x + 15]! ^ s[x + 20]!,
      );
      for (let i = 0; i < 25; i++) s[i]! ^= c[(i + 4) % 5]! ^ rotl(c[(i + 1) % 5]!, 1);
      let current = s[1]!;
      for (let t = 0; t < 24; t++) {
        const next = s[PI[t]!]!;
        s[PI[t]!] = rotl(current, RHO[t]!);
        current = next;
      }
      for (let y = 0; y < 25; y += 5) {
        const row = s.slice(y, y + 5);
        for (let x = 0; x < 5; x++) s[y + x] = row[x]! ^ (~row[(x + 1) % 5]! & row[(x + 2) % 5]!);
      }
      s[0]! ^= IOTA[round]!;
    }
  }
  const out = new Uint8Array(32);
  const outView = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) outView.setBigUint64(i * 8, s[i]!, true);
  return out;
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/** An address in any letter case (what viem's `isAddress(a, { strict: false })` accepts). */
export function isAddressLike(value: unknown): value is string {
  return typeof value === 'string' && ADDRESS.test(value);
}

/** The EIP-55 mixed-case form of an address (viem's `getAddress`); throws on a non-address. */
export function checksumAddress(address: string): Address {
  if (!isAddressLike(address)) throw new TypeError(`Not an Ethereum address: ${address}`);
  const lower = address.slice(2).toLowerCase();
  const hash = keccak256(new TextEncoder().encode(lower));
  let out = '0x';
  for (let i = 0; i < 40; i++) {
    const nibble = (hash[i >> 1]! >> (i % 2 ? 0 : 4)) & 15;
    out += nibble >= 8 ? lower[i]!.toUpperCase() : lower[i];
  }
  return out as Address;
}

/** UTF-8 bytes of `text` as 0x-hex (viem's `stringToHex`). */
export function utf8ToHex(text: string): `0x${string}` {
  let hex = '0x';
  for (const byte of new TextEncoder().encode(text)) hex += byte.toString(16).padStart(2, '0');
  return hex as `0x${string}`;
}
