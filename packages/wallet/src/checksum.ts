import { keccak_256 } from '@noble/hashes/sha3';
import type { Address } from '@questboard/core';
import { isAddressLike } from './address.js';

// EIP-55 checksums with @noble/hashes' Keccak-256 (what viem uses underneath) rather than viem's
// `getAddress`, which pulls in its encoding and error machinery. This module is a lazy chunk of
// the script-tag build: address.ts loads it when a wallet first answers, and account events wait
// for it in order. address.test.ts checks it against viem.

/** The EIP-55 mixed-case form of an address (viem's `getAddress`); throws on a non-address. */
export function checksumAddress(address: string): Address {
  if (!isAddressLike(address)) throw new TypeError(`Not an Ethereum address: ${address}`);
  const lower = address.slice(2).toLowerCase();
  const hash = keccak_256(new TextEncoder().encode(lower));
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
