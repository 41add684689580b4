import type { Address } from '@questboard/core';
import { isAddressLike } from './address.js';

// EIP-55 checksums on a compact Keccak-256 (BigInt lanes; it hashes one 40-byte string per
// account, so speed does not matter). address.test.ts checks both against viem (@noble/hashes).
// Size trade-off: viem's `getAddress` cost ~6 KB gzip in the script-tag file. This module is a
// 0.8 KB gzip chunk there (0.5 KB of the entry when it was eager): address.ts loads it when a
// wallet first answers, and while it loads, account events wait for it in order.

const M = (1n << 64n) - 1n;
const rotl = (v: bigint, n: number) => ((v << BigInt(n)) | (v >> BigInt(64 - n))) & M;
/** Round constants and rho offsets in pi order, derived as in FIPS 202 (on first use: a
 * top-level loop would be a side effect that keeps this module in the bundle's entry). */
const IOTA: bigint[] = [];
const RHO: number[] = [];
const PI: number[] = [];
function tables(): void {
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
}

/** Keccak-256 (Ethereum's, with the original 0x01 padding, not SHA3-256). */
export function keccak256(data: Uint8Array): Uint8Array {
  if (!IOTA.length) tables();
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

/** The addresses in a wallet's answer, EIP-55 checksummed; anything else is dropped. */
export function parseAccounts(value: unknown): Address[] {
  return Array.isArray(value) ? value.filter(isAddressLike).map(checksumAddress) : [];
}
