import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { signCredential, verifyCredential } from '@questboard/core';
import fc from 'fast-check';
import { getAddress, type Hex, keccak256, recoverTypedDataAddress, toHex } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { fastIssuer, loadNativeKeccak, loadNativeSecp256k1 } from './signer.js';

const attestTypes = {
  Attest: [
    { name: 'version', type: 'uint16' },
    { name: 'schema', type: 'bytes32' },
    { name: 'recipient', type: 'address' },
    { name: 'time', type: 'uint64' },
    { name: 'expirationTime', type: 'uint64' },
    { name: 'revocable', type: 'bool' },
    { name: 'refUID', type: 'bytes32' },
    { name: 'data', type: 'bytes' },
    { name: 'salt', type: 'bytes32' },
  ],
} as const;

const hex32 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => toHex(b));
const address = fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => getAddress(toHex(b)));

describe('fastIssuer', () => {
  it('loads the native libsecp256k1 binding on this machine', () => {
    // The bench and the capacity figures in docs/server.md assume it; a silent fallback would
    // make them wrong.
    assert.ok(loadNativeSecp256k1(), 'secp256k1/bindings did not load');
    assert.equal(fastIssuer(generatePrivateKey()).signerBackend, 'native');
  });

  it('hashes with the native keccak-256, equal to viem on any input (0 to 1,000 bytes)', () => {
    const native = loadNativeKeccak();
    assert.ok(native, 'the keccak binding did not load');
    assert.equal(fastIssuer(generatePrivateKey()).keccakBackend, 'native');
    assert.equal(fastIssuer(generatePrivateKey(), { backend: 'noble' }).keccakBackend, 'noble');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1000 }), (bytes) => {
        const data = toHex(bytes);
        assert.equal(native(data), keccak256(data));
      }),
      { numRuns: 300 },
    );
    // What is not clean even-length 0x hex is viem's answer too (it is never cut short).
    for (const odd of ['0x123', '0xzz', '0x12zz34', '0X12', '0x1'] as Hex[])
      assert.equal(native(odd), keccak256(odd), odd);
    // The sponge is reused: a hash must not depend on the one before it (rate-sized inputs).
    const block = toHex(new Uint8Array(136).fill(1));
    assert.equal(native(block), keccak256(block));
    assert.equal(native('0x'), keccak256('0x'));
  });

  for (const backend of ['native', 'noble'] as const) {
    it(`${backend}: a credential is byte-for-byte the one viem's account signs`, async () => {
      const key = generatePrivateKey();
      const issuer = fastIssuer(key, { backend });
      assert.equal(issuer.keccakBackend, backend);
      const options = {
        recipient: privateKeyToAccount(generatePrivateKey()).address,
        campaignId: 'campaign',
        taskId: 'task',
        time: 1_700_000_000,
        salt: toHex(randomBytes(32)),
      };
      const fast = await signCredential({ ...options, signer: issuer });
      const reference = await signCredential({ ...options, signer: privateKeyToAccount(key) });
      assert.deepEqual(fast, reference);
    });

    it(`${backend}: signs EIP-712 data byte-for-byte as viem does`, async () => {
      await fc.assert(
        fc.asyncProperty(
          hex32,
          address,
          fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
          fc.uint8Array({ maxLength: 300 }),
          hex32,
          fc.boolean(),
          fc.integer({ min: 1, max: 2 ** 31 }),
          async (schema, recipient, time, data, salt, revocable, chainId) => {
            const key = generatePrivateKey();
            const typedData = {
              domain: {
                name: 'EAS Attestation',
                version: '1.2.0',
                chainId,
                verifyingContract: '0x4200000000000000000000000000000000000021',
              },
              types: attestTypes,
              primaryType: 'Attest',
              message: {
                version: 2,
                schema,
                recipient,
                time,
                expirationTime: 0n,
                revocable,
                refUID: `0x${'00'.repeat(32)}`,
                data: toHex(data),
                salt,
              },
            } as const;
            const fast = await fastIssuer(key, { backend }).signTypedData(typedData);
            const viem = await privateKeyToAccount(key).signTypedData(typedData);
            assert.equal(fast, viem);
          },
        ),
        { numRuns: 60 },
      );
    });
  }

  it('signs a bare digest (`sign({ hash })`, what signCredential calls) as viem does', async () => {
    for (let i = 0; i < 20; i++) {
      const key = generatePrivateKey();
      const hash = toHex(randomBytes(32));
      assert.equal(
        await fastIssuer(key).sign!({ hash }),
        await privateKeyToAccount(key).sign({ hash }),
      );
    }
  });

  it('falls back to viem for nested types and still matches', async () => {
    const key = generatePrivateKey();
    const typedData = {
      domain: { name: 'Mail', version: '1', chainId: 1 },
      types: {
        Person: [
          { name: 'name', type: 'string' },
          { name: 'wallet', type: 'address' },
        ],
        Mail: [
          { name: 'from', type: 'Person' },
          { name: 'contents', type: 'string' },
          { name: 'tags', type: 'string[]' },
        ],
      },
      primaryType: 'Mail',
      message: {
        from: { name: 'Cow', wallet: '0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826' },
        contents: 'Hello, Bob!',
        tags: ['a', 'b'],
      },
    } as const;
    const fast = await fastIssuer(key).signTypedData(typedData);
    assert.equal(fast, await privateKeyToAccount(key).signTypedData(typedData));
    assert.equal(
      await recoverTypedDataAddress({ ...typedData, signature: fast }),
      privateKeyToAccount(key).address,
    );
  });

  it('caches per domain: two domains in turn each keep their own separator', async () => {
    const key = generatePrivateKey();
    const issuer = fastIssuer(key);
    const reference = privateKeyToAccount(key);
    for (const chainId of [1, 10, 1, 8453, 10]) {
      const typedData = {
        domain: { name: 'X', version: '1', chainId },
        types: { V: [{ name: 'n', type: 'uint256' }] },
        primaryType: 'V',
        message: { n: BigInt(chainId) },
      } as const;
      assert.equal(await issuer.signTypedData(typedData), await reference.signTypedData(typedData));
    }
  });

  it('credentials signed with it verify offline', async () => {
    const key = `0x${randomBytes(32).toString('hex')}` as Hex;
    const signer = fastIssuer(key);
    const credential = await signCredential({
      signer,
      recipient: privateKeyToAccount(generatePrivateKey()).address,
      campaignId: 'c',
      taskId: 't',
      time: 1_700_000_000,
    });
    const check = await verifyCredential(credential, { issuers: [signer.address] });
    assert.equal(check.valid, true);
  });
});
