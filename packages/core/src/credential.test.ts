import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { keccak256, serializeSignature, stringToHex, verifyTypedData } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import {
  ATTEST_TYPES,
  type Credential,
  credentialSchemaUid,
  DEFAULT_EAS_DOMAIN,
  signCredential,
  toEasOffchainAttestation,
  verifyCredential,
} from './credential.js';

const issuer = privateKeyToAccount(
  '0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a',
);
const other = privateKeyToAccount(
  '0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba',
);
const recipient = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' as const;
const T = 1_780_000_000;

const make = (o: Partial<Parameters<typeof signCredential>[0]> = {}) =>
  signCredential({
    signer: issuer,
    recipient,
    campaignId: 'demo',
    taskId: 'visit-docs',
    time: T,
    ...o,
  });

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));

describe('credentials', () => {
  test('a signed credential verifies offline, also after a JSON round trip', async () => {
    const credential = await make();
    assert.equal(credential.issuer, issuer.address);
    assert.equal(credential.version, 2);
    assert.equal(credential.schema, credentialSchemaUid());
    assert.match(credential.uid, /^0x[0-9a-f]{64}$/);
    const check = await verifyCredential(clone(credential), {
      issuers: [issuer.address],
      recipient,
      campaignId: 'demo',
      taskId: 'visit-docs',
    });
    assert.equal(check.valid, true, JSON.stringify(check));
  });

  test('follows the EAS off-chain attestation v2 shape (domain, types, r/s/v)', async () => {
    const credential = await make();
    assert.deepEqual(credential.typedData.domain, {
      name: 'EAS Attestation',
      version: DEFAULT_EAS_DOMAIN.version,
      chainId: DEFAULT_EAS_DOMAIN.chainId,
      verifyingContract: DEFAULT_EAS_DOMAIN.verifyingContract,
    });
    assert.equal(credential.typedData.primaryType, 'Attest');
    assert.deepEqual(
      credential.typedData.types.Attest!.map((f) => f.name),
      [
        'version',
        'schema',
        'recipient',
        'time',
        'expirationTime',
        'revocable',
        'refUID',
        'data',
        'salt',
      ],
    );
    const eas = toEasOffchainAttestation(credential) as {
      signature: { r: `0x${string}`; s: `0x${string}`; v: number };
      message: Record<string, unknown>;
    };
    const m = eas.message;
    // Independent check with viem's verifyTypedData over the EAS JSON (signature rebuilt from r, s, v).
    const ok = await verifyTypedData({
      address: issuer.address,
      domain: credential.typedData.domain,
      types: ATTEST_TYPES,
      primaryType: 'Attest',
      message: {
        version: m.version as number,
        schema: m.schema as `0x${string}`,
        recipient: m.recipient as `0x${string}`,
        time: BigInt(m.time as number),
        expirationTime: BigInt(m.expirationTime as number),
        revocable: m.revocable as boolean,
        refUID: m.refUID as `0x${string}`,
        data: m.data as `0x${string}`,
        salt: m.salt as `0x${string}`,
      },
      signature: serializeSignature({
        r: eas.signature.r,
        s: eas.signature.s,
        v: BigInt(eas.signature.v),
      }),
    });
    assert.equal(ok, true);
    // Schema uid = keccak256(abi.encodePacked(schema, resolver, revocable)), as the EAS registry computes it.
    assert.equal(
      credentialSchemaUid(),
      keccak256(
        `${stringToHex('string campaignId,string taskId')}${'00'.repeat(20)}01` as `0x${string}`,
      ),
    );
  });

  const tamper: [string, (c: Credential) => void, string][] = [
    ['taskId', (c) => (c.taskId = 'other-task'), 'FIELD_MISMATCH'],
    ['campaignId', (c) => (c.campaignId = 'other'), 'FIELD_MISMATCH'],
    ['recipient', (c) => (c.recipient = other.address), 'FIELD_MISMATCH'],
    ['time', (c) => (c.time = T + 1), 'FIELD_MISMATCH'],
    [
      'time in both places',
      (c) => {
        c.time = T + 1;
        c.typedData.message.time = T + 1;
      },
      'UID_MISMATCH',
    ],
    ['uid', (c) => (c.uid = `0x${'ab'.repeat(32)}`), 'UID_MISMATCH'],
    [
      'signature',
      (c) =>
        (c.signature =
          `${c.signature.slice(0, 10)}${c.signature[10] === 'a' ? 'b' : 'a'}${c.signature.slice(11)}` as `0x${string}`),
      'BAD_SIGNATURE',
    ],
    ['issuer', (c) => (c.issuer = other.address), 'BAD_SIGNATURE'],
    ['domain chain', (c) => (c.typedData.domain.chainId = 10), 'BAD_SIGNATURE'],
    ['domain name', (c) => (c.typedData.domain.name = 'Other'), 'UNSUPPORTED_FORMAT'],
    ['types', (c) => c.typedData.types.Attest!.pop(), 'UNSUPPORTED_FORMAT'],
    ['schema', (c) => (c.typedData.message.schema = `0x${'11'.repeat(32)}`), 'UNSUPPORTED_FORMAT'],
    ['data', (c) => (c.typedData.message.data = '0x1234'), 'MALFORMED'],
    ['a missing field', (c) => delete (c as Partial<Credential>).signature, 'MALFORMED'],
  ];
  for (const [what, mutate, reason] of tamper) {
    test(`a tampered ${what} fails with ${reason}`, async () => {
      const credential = clone(await make());
      mutate(credential);
      const check = await verifyCredential(credential);
      assert.equal(check.valid, false);
      assert.equal(!check.valid && check.reason, reason, JSON.stringify(check));
      assert.ok(!check.valid && check.message.length > 10);
    });
  }

  test('expiry, issuer allowlist and expectations', async () => {
    const expiring = await make({ expirationTime: T + 60 });
    assert.equal((await verifyCredential(expiring, { now: (T + 30) * 1000 })).valid, true);
    const expired = await verifyCredential(expiring, { now: (T + 61) * 1000 });
    assert.equal(!expired.valid && expired.reason, 'EXPIRED');
    const credential = await make();
    const untrusted = await verifyCredential(credential, { issuers: [other.address] });
    assert.equal(!untrusted.valid && untrusted.reason, 'UNTRUSTED_ISSUER');
    for (const expectation of [
      { recipient: other.address },
      { campaignId: 'x' },
      { taskId: 'x' },
    ]) {
      const check = await verifyCredential(credential, expectation);
      assert.equal(!check.valid && check.reason, 'NOT_EXPECTED');
    }
    for (const junk of [null, 1, 'x', [], {}])
      assert.equal((await verifyCredential(junk)).valid, false);
  });

  test('property: any campaign/task strings round-trip; changing one character fails', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.string({ minLength: 1, maxLength: 40 }),
        async (campaignId, taskId) => {
          const credential = clone(await make({ campaignId, taskId }));
          assert.equal((await verifyCredential(credential, { campaignId, taskId })).valid, true);
          const changed = { ...credential, taskId: `${taskId}!` };
          assert.equal((await verifyCredential(changed)).valid, false);
        },
      ),
      { numRuns: 25 },
    );
  });
});
