/// <reference types="mocha" />

import { expect } from '@open-wc/testing';
import { QuestError } from '@questboard/core';
import fc from 'fast-check';
import { createSiweMessage, parseSiweMessage } from 'viem/siwe';
import { formatSiweMessage, type SiweFields } from './siwe.js';

const base: SiweFields = {
  domain: 'quests.example.org',
  address: '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266',
  uri: 'https://quests.example.org/board',
  chainId: 10,
  nonce: 'a1b2c3d4e5f6g7h8',
  issuedAt: new Date('2026-01-02T03:04:05.678Z'),
};

describe('formatSiweMessage (EIP-4361)', () => {
  it('writes exactly what viem’s createSiweMessage writes, with every optional field', () => {
    const full: SiweFields = {
      ...base,
      statement: 'Sign in to Questboard.',
      expirationTime: new Date('2026-01-03T03:04:05.678Z'),
      notBefore: new Date('2026-01-02T03:00:00.000Z'),
      requestId: 'req-1',
      resources: ['https://quests.example.org/terms', 'ipfs://bafybeigdyrzt'],
    };
    expect(formatSiweMessage(full)).to.equal(createSiweMessage({ ...full, version: '1' }));
    expect(formatSiweMessage(base)).to.equal(createSiweMessage({ ...base, version: '1' }));
  });

  it('matches viem for any valid fields, and viem parses ours back (property)', () => {
    const alnum = fc.stringMatching(/^[a-zA-Z0-9]{8,24}$/);
    fc.assert(
      fc.property(
        fc.record({
          host: fc.constantFrom('localhost:8000', 'app.example.org', '127.0.0.1:5173', 'a-b.c.io'),
          nonce: alnum,
          chainId: fc.integer({ min: 1, max: 2 ** 40 }),
          statement: fc.option(fc.stringMatching(/^[ -~]{1,60}$/), { nil: undefined }),
          issued: fc.integer({ min: 0, max: 4102444800000 }),
          ttl: fc.option(fc.integer({ min: 1, max: 10 ** 9 }), { nil: undefined }),
        }),
        ({ host, nonce, chainId, statement, issued, ttl }) => {
          const fields: SiweFields = {
            ...base,
            domain: host,
            uri: `http://${host}/`,
            nonce,
            chainId,
            issuedAt: new Date(issued),
            ...(statement ? { statement } : {}),
            ...(ttl ? { expirationTime: new Date(issued + ttl) } : {}),
          };
          const ours = formatSiweMessage(fields);
          expect(ours).to.equal(createSiweMessage({ ...fields, version: '1' }));
          const parsed = parseSiweMessage(ours);
          expect(parsed.nonce).to.equal(nonce);
          expect(parsed.chainId).to.equal(chainId);
          expect(parsed.domain).to.equal(host);
        },
      ),
      { numRuns: 200 },
    );
  });

  for (const [field, value, pattern] of [
    ['domain', 'https://evil.example/', /domain/],
    ['domain', 'a b', /domain/],
    ['address', '0x1234', /address/],
    ['statement', 'two\nlines', /statement/],
    ['uri', 'not a uri', /uri/],
    ['uri', 'https://ok.example/\nNonce: 00000000', /uri/],
    ['chainId', 0, /chainId/],
    ['chainId', 1.5, /chainId/],
    ['nonce', 'short', /nonce/],
    ['nonce', 'has-dash-1234', /nonce/],
    ['issuedAt', new Date('nope'), /issuedAt/],
    ['resources', ['ok://x', 'bad uri'], /resources/],
  ] as const) {
    it(`refuses a bad ${field} (${JSON.stringify(String(value))}) with a clear error`, () => {
      expect(() => formatSiweMessage({ ...base, [field]: value } as SiweFields))
        .to.throw(QuestError, pattern)
        .with.property('code', 'BAD_REQUEST');
    });
  }
});
