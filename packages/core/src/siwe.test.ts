import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createPublicClient, http } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { createSiweMessage } from 'viem/siwe';
import { type AnvilNode, startAnvil } from '../../rules/src/testing/index.js';
import { QuestError } from './errors.js';
import { type SiweFailureReason, siweFailureReason, verifySiwe } from './siwe.js';

const alice = privateKeyToAccount(
  '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
);
const bob = privateKeyToAccount(
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
);
const NOW = Date.parse('2026-06-01T12:00:00Z');

function message(overrides: Partial<Parameters<typeof createSiweMessage>[0]> = {}) {
  return createSiweMessage({
    domain: 'app.example',
    address: alice.address,
    uri: 'https://app.example/quests',
    version: '1',
    chainId: 1,
    nonce: 'n0nce1234567',
    issuedAt: new Date(NOW - 1000),
    statement: 'Sign in to Questboard',
    ...overrides,
  });
}

/** A nonce store that hands out each nonce once and records calls. */
function nonces(...valid: string[]) {
  const left = new Set(valid);
  const calls: string[] = [];
  return {
    calls,
    check: (nonce: string) => {
      calls.push(nonce);
      return left.delete(nonce);
    },
  };
}

async function refusal(
  promise: Promise<unknown>,
): Promise<{ reason: SiweFailureReason | undefined; details: string }> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof QuestError);
    assert.equal(error.code, 'SIGN_IN_FAILED');
    return { reason: siweFailureReason(error), details: error.details ?? '' };
  }
  assert.fail('expected SIGN_IN_FAILED');
}

describe('verifySiwe', () => {
  test('accepts a signed message once and returns who signed in', async () => {
    const text = message({ expirationTime: new Date(NOW + 3600_000) });
    const signature = await alice.signMessage({ message: text });
    const store = nonces('n0nce1234567');
    const result = await verifySiwe({
      message: text,
      signature,
      domains: ['app.example'],
      checkNonce: store.check,
      now: NOW,
    });
    assert.deepEqual(result, {
      address: alice.address,
      chainId: 1,
      nonce: 'n0nce1234567',
      domain: 'app.example',
      uri: 'https://app.example/quests',
      expiresAt: new Date(NOW + 3600_000).toISOString(),
      issuedAt: new Date(NOW - 1000).toISOString(),
    });
    const replay = await refusal(
      verifySiwe({
        message: text,
        signature,
        domains: ['app.example'],
        checkNonce: store.check,
        now: NOW,
      }),
    );
    assert.equal(replay.reason, 'NONCE_INVALID');
    assert.match(replay.details, /already used/);
  });

  const cases: [
    string,
    () => Promise<{ text: string; signature: string }>,
    SiweFailureReason,
    Partial<Parameters<typeof verifySiwe>[0]>?,
  ][] = [
    ['wrong domain', async () => sign(message({ domain: 'evil.example' })), 'WRONG_DOMAIN'],
    [
      'wrong chain',
      async () => sign(message({ chainId: 5 })),
      'WRONG_CHAIN',
      { chainIds: [1, 10] },
    ],
    ['expired', async () => sign(message({ expirationTime: new Date(NOW - 120_000) })), 'EXPIRED'],
    [
      'issued too long ago',
      async () => sign(message({ issuedAt: new Date(NOW - 3600_000) })),
      'EXPIRED',
    ],
    [
      'not yet valid',
      async () => sign(message({ notBefore: new Date(NOW + 3600_000) })),
      'NOT_YET_VALID',
    ],
    [
      'issued in the future',
      async () => sign(message({ issuedAt: new Date(NOW + 3600_000) })),
      'ISSUED_IN_FUTURE',
    ],
    [
      'tampered after signing',
      async () => {
        const s = await sign(message());
        return {
          ...s,
          text: s.text.replace('https://app.example/quests', 'https://app.example/other'),
        };
      },
      'ADDRESS_MISMATCH',
    ],
    [
      'signed by another address',
      async () => ({ text: message(), signature: await bob.signMessage({ message: message() }) }),
      'ADDRESS_MISMATCH',
    ],
    [
      'a malformed signature',
      async () => ({ text: message(), signature: `0x${'00'.repeat(65)}` }),
      'BAD_SIGNATURE',
    ],
    ['a non-hex signature', async () => ({ text: message(), signature: 'hello' }), 'MALFORMED'],
    ['not a SIWE message', async () => sign('hello world'), 'MALFORMED'],
    ['an oversized message', async () => sign(`${message()}\n${'x'.repeat(10_000)}`), 'MALFORMED'],
    ['an unknown nonce', async () => sign(message({ nonce: 'unknown12345' })), 'NONCE_INVALID'],
  ];
  async function sign(text: string) {
    return { text, signature: await alice.signMessage({ message: text }) };
  }
  for (const [name, make, expected, extra] of cases) {
    test(`refuses ${name} (${expected}) without consuming a nonce first`, async () => {
      const { text, signature } = await make();
      const store = nonces('n0nce1234567');
      const { reason, details } = await refusal(
        verifySiwe({
          message: text,
          signature,
          domains: ['app.example'],
          checkNonce: store.check,
          now: NOW,
          ...extra,
        }),
      );
      assert.equal(reason, expected, details);
      assert.ok(details.length > expected.length + 5, 'says why');
      if (expected !== 'NONCE_INVALID') assert.deepEqual(store.calls, [], 'nonce untouched');
    });
  }

  test('no allowed domain at all is refused with a clear message', async () => {
    const { text, signature } = await sign(message());
    const { reason, details } = await refusal(
      verifySiwe({ message: text, signature, domains: [], checkNonce: () => true, now: NOW }),
    );
    assert.equal(reason, 'WRONG_DOMAIN');
    assert.match(details, /configure one/);
  });

  describe('with a chain client (ERC-1271 / ERC-6492 capable)', () => {
    let anvil: AnvilNode;
    before(async () => {
      anvil = await startAnvil();
    });
    after(() => anvil?.stop());

    test("verifies through viem's verifyMessage action", async () => {
      const client = createPublicClient({ transport: http(anvil.rpcUrl) });
      const verifySignature = (args: {
        address: `0x${string}`;
        message: string;
        signature: `0x${string}`;
      }) => client.verifyMessage(args);
      const good = await sign(message({ chainId: 31337 }));
      const ok = await verifySiwe({
        message: good.text,
        signature: good.signature,
        domains: ['app.example'],
        checkNonce: () => true,
        now: NOW,
        verifySignature,
      });
      assert.equal(ok.address, alice.address);
      const forged = {
        text: message({ chainId: 31337 }),
        signature: await bob.signMessage({ message: message({ chainId: 31337 }) }),
      };
      const { reason } = await refusal(
        verifySiwe({
          message: forged.text,
          signature: forged.signature,
          domains: ['app.example'],
          checkNonce: () => true,
          now: NOW,
          verifySignature,
        }),
      );
      assert.equal(reason, 'BAD_SIGNATURE');
    });
  });
});
