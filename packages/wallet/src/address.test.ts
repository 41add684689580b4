/// <reference types="mocha" />

import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { getAddress, isAddress, stringToHex } from 'viem';
import { isAddressLike, utf8ToHex } from './address.js';
import { checksumAddress } from './checksum.js';

const hex = (bytes: Uint8Array) =>
  `0x${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;

describe('address helpers (the bundle’s stand-ins for viem)', () => {
  it('checksums addresses exactly like viem’s getAddress, from any letter case', () => {
    expect(checksumAddress('0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266')).to.equal(
      '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
    );
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 20, maxLength: 20 }), fc.boolean(), (bytes, upper) => {
        const address = hex(bytes);
        const input = upper ? `0x${address.slice(2).toUpperCase()}` : address;
        expect(checksumAddress(input)).to.equal(getAddress(address));
      }),
      { numRuns: 300 },
    );
  });

  it('accepts what viem’s non-strict isAddress accepts, and refuses the rest', () => {
    for (const value of [
      '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266',
      '0xF39FD6E51AAD88F6F4CE6AB8827279CFFFB92266',
      '0xf39fd6e51aad88f6f4ce6ab8827279cfffb9226',
      '0xf39fd6e51aad88f6f4ce6ab8827279cfffb922666',
      'f39fd6e51aad88f6f4ce6ab8827279cfffb92266',
      '0xg39fd6e51aad88f6f4ce6ab8827279cfffb92266',
      '',
      ' 0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266',
    ])
      expect(isAddressLike(value), value).to.equal(isAddress(value, { strict: false }));
    expect(isAddressLike(42)).to.equal(false);
    expect(() => checksumAddress('0x1234')).to.throw(/Not an Ethereum address/);
  });

  it('encodes text as UTF-8 hex like viem’s stringToHex', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        expect(utf8ToHex(text)).to.equal(stringToHex(text));
      }),
    );
    expect(utf8ToHex('é\n✓')).to.equal(stringToHex('é\n✓'));
  });
});
