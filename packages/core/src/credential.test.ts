import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { hashTypedData, keccak256, stringToHex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import {
  ATTEST_TYPES,
  CREDENTIAL_SCHEMA,
  credentialSchemaUid,
  DEFAULT_EAS_DOMAIN,
  easExplorerUrl,
  encodeCredentialData,
  serverRevocations,
  signCredential,
  verifyCredential,
  ZERO_BYTES32,
} from './credential.js';

// The real EAS SDK. Its ESM build does not load on Node 20 (a lodash import); require() does.
const require = createRequire(import.meta.url);
// biome-ignore lint/suspicious/noExplicitAny: the SDK is used untyped, as plain JavaScript would
const eas: any = require('@ethereum-attestation-service/eas-sdk');
// The SDK's own ethers (its signer type), not a dependency of ours.
// biome-ignore lint/suspicious/noExplicitAny: idem
const ethers: any = createRequire(require.resolve('@ethereum-attestation-service/eas-sdk'))(
  'ethers',
);

const ISSUER_KEY = '0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a';
const issuer = privateKeyToAccount(ISSUER_KEY);
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

const clone = <V>(v: V): V =>
  JSON.parse(JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? x.toString() : x)));

/** The SDK's verifier for a credential's EAS domain (chain id as the bigint the SDK compares). */
function sdkOffchain(domain = DEFAULT_EAS_DOMAIN) {
  return new eas.Offchain(
    { address: domain.verifyingContract, version: domain.version, chainId: BigInt(domain.chainId) },
    eas.OffchainAttestationVersion.Version2,
    undefined,
  );
}
const sdkAccepts = (attester: string, attestation: unknown, domain = DEFAULT_EAS_DOMAIN) => {
  try {
    return sdkOffchain(domain).verifyOffchainAttestationSignature(attester, attestation) as boolean;
  } catch {
    return false;
  }
};

async function reason(input: unknown, options?: Parameters<typeof verifyCredential>[1]) {
  const check = await verifyCredential(input, options);
  assert.ok(check.valid || check.message.length > 10, 'says why');
  return check.valid ? 'VALID' : check.reason;
}

describe('credentials are EAS off-chain attestations', () => {
  test('a signed credential verifies offline, also after a JSON round trip', async () => {
    const credential = await make();
    assert.equal(credential.issuer, issuer.address);
    assert.equal(credential.version, 2);
    assert.equal(credential.message.schema, credentialSchemaUid());
    assert.match(credential.uid, /^0x[0-9a-f]{64}$/);
    const check = await verifyCredential(clone(credential), {
      issuers: [issuer.address],
      recipient,
      campaignId: 'demo',
      taskId: 'visit-docs',
    });
    assert.equal(check.valid, true, JSON.stringify(check));
    assert.deepEqual(check.valid && check.credential, credential, 'rebuilt from what is signed');
  });

  test("the EAS SDK's verifyOffchainAttestationSignature accepts it unmodified, as served (JSON)", async () => {
    const served = clone(await make());
    assert.equal(sdkAccepts(issuer.address, served), true);
    assert.equal(sdkAccepts(other.address, served), false, 'another attester');
    const tampered = clone(served);
    tampered.message.time += 1;
    assert.equal(sdkAccepts(issuer.address, tampered), false, 'a changed message');
  });

  test("the EAS SDK's createOffchainURL encodes it, and what it decodes verifies", async () => {
    const credential = clone(await make());
    const url: string = eas.createOffchainURL({ sig: credential, signer: credential.issuer });
    assert.match(url, /^\/offchain\/url\/#attestation=/);
    const pkg = eas.decodeBase64ZippedBase64(
      decodeURIComponent(url.slice('/offchain/url/#attestation='.length)),
    );
    assert.equal(pkg.signer, issuer.address);
    assert.equal(pkg.sig.uid, credential.uid);
    assert.equal(sdkAccepts(pkg.signer, pkg.sig), true);
    assert.equal(await reason(clone(pkg.sig)), 'VALID', 'and so does verifyCredential');
  });

  test('easExplorerUrl links to easscan.org with the attestation in the link, as the SDK reads it', async () => {
    const credential = await make();
    const link = await easExplorerUrl(credential);
    assert.ok(link, 'mainnet has an explorer');
    assert.match(link, /^https:\/\/easscan\.org\/offchain\/url\/#attestation=/);
    const pkg = eas.decodeBase64ZippedBase64(decodeURIComponent(link.split('#attestation=')[1]!));
    assert.equal(pkg.signer, issuer.address);
    assert.equal(sdkAccepts(issuer.address, pkg.sig), true);
    const onBase = await make({
      domain: {
        ...DEFAULT_EAS_DOMAIN,
        chainId: 8453,
        verifyingContract: '0x4200000000000000000000000000000000000021',
      },
    });
    assert.match((await easExplorerUrl(onBase))!, /^https:\/\/base\.easscan\.org\//);
    const local = await make({ domain: { ...DEFAULT_EAS_DOMAIN, chainId: 31337 } });
    assert.equal(await easExplorerUrl(local), null, 'no explorer for a local chain');
    assert.equal(
      await easExplorerUrl(credential, { 1: 'http://easscan.example' }),
      null,
      'https only',
    );
    assert.equal(await easExplorerUrl(credential, { 1: 'javascript:alert(1)//' }), null);
  });

  test("plain EAS SDK attestations (signed by the SDK's own signer) verify, with their fields decoded", async () => {
    const wallet = new ethers.Wallet(ISSUER_KEY);
    const attestation = await sdkOffchain().signOffchainAttestation(
      {
        schema: credentialSchemaUid(),
        recipient,
        time: BigInt(T),
        expirationTime: 0n,
        revocable: true,
        refUID: ZERO_BYTES32,
        data: encodeCredentialData('demo', 'swap'),
      },
      wallet,
    );
    for (const input of [attestation, clone(attestation)]) {
      const check = await verifyCredential(input, { issuers: [issuer.address], recipient });
      assert.equal(check.valid, true, JSON.stringify(check.valid || check.message));
      assert.ok(check.valid);
      assert.equal(check.credential.issuer, issuer.address);
      assert.equal(check.credential.campaignId, 'demo');
      assert.equal(check.credential.taskId, 'swap');
      assert.equal(check.credential.time, T);
      assert.equal(check.credential.uid, attestation.uid);
    }
    // And an SDK attestation of another schema is not a Questboard credential.
    const foreign = await sdkOffchain().signOffchainAttestation(
      {
        schema: keccak256(stringToHex('another schema')),
        recipient,
        time: BigInt(T),
        expirationTime: 0n,
        revocable: true,
        refUID: ZERO_BYTES32,
        data: '0x',
      },
      wallet,
    );
    assert.equal(await reason(clone(foreign)), 'UNSUPPORTED_FORMAT');
  });

  test('signing builds the EIP-712 digest itself: the same signature as signTypedData, for any input', async () => {
    const typedOnly = { address: issuer.address, signTypedData: issuer.signTypedData };
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 30 }),
        fc.string({ maxLength: 30 }),
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc.constantFrom(1, 10, 8453, 31337),
        fc.constantFrom('0.26', '1.3.0'),
        async (campaignId, taskId, time, chainId, version) => {
          const domain = {
            chainId,
            version,
            verifyingContract: DEFAULT_EAS_DOMAIN.verifyingContract,
          };
          const salt = keccak256(stringToHex(`${campaignId}/${taskId}`));
          const options = { recipient, campaignId, taskId, time, salt, domain };
          const fast = await signCredential({ signer: issuer, ...options });
          const slow = await signCredential({ signer: typedOnly, ...options });
          assert.deepEqual(fast, slow);
          // And viem's own hashTypedData agrees with the digest the signature covers.
          const digest = hashTypedData({
            domain: fast.domain,
            types: ATTEST_TYPES,
            primaryType: 'Attest',
            message: { ...fast.message, time: BigInt(time), expirationTime: 0n },
          });
          const { recoverAddress, serializeSignature } = await import('viem');
          const sig = serializeSignature({ ...fast.signature, v: BigInt(fast.signature.v) });
          assert.equal(await recoverAddress({ hash: digest, signature: sig }), issuer.address);
        },
      ),
      { numRuns: 20 },
    );
  });

  test("a signer's own keccak256 is used when it computes keccak-256, refused before signing when not", async () => {
    const options = {
      recipient,
      campaignId: 'c',
      taskId: 't',
      time: 1_700_000_000,
      salt: ZERO_BYTES32,
    };
    let calls = 0;
    const counting = (data: `0x${string}`) => {
      calls++;
      return keccak256(data);
    };
    const withOwn = await signCredential({
      signer: { ...issuer, keccak256: counting },
      ...options,
    });
    assert.ok(calls > 2, 'the digest and the uid were hashed with it');
    assert.deepEqual(withOwn, await signCredential({ signer: issuer, ...options }));
    // SHA3-256 is not keccak-256 (other padding): refused, and nothing is signed.
    const { sha3_256 } = await import('@noble/hashes/sha3');
    let signed = false;
    const wrong = {
      ...issuer,
      sign: async (args: { hash: `0x${string}` }) => {
        signed = true;
        return issuer.sign!(args);
      },
      keccak256: (data: `0x${string}`) =>
        `0x${Buffer.from(sha3_256(Buffer.from(data.slice(2), 'hex'))).toString('hex')}` as const,
    };
    await assert.rejects(
      signCredential({ signer: wrong, ...options }),
      /does not compute keccak-256/,
    );
    assert.equal(signed, false);
  });

  test('the schema uid is the one the EAS registry computes', () => {
    // keccak256(abi.encodePacked(schema, resolver, revocable))
    assert.equal(
      credentialSchemaUid(),
      keccak256(`${stringToHex(CREDENTIAL_SCHEMA)}${'00'.repeat(20)}01` as `0x${string}`),
    );
    assert.equal(
      eas.SchemaRegistry.getSchemaUID(
        CREDENTIAL_SCHEMA,
        '0x0000000000000000000000000000000000000000',
        true,
      ),
      credentialSchemaUid(),
    );
  });
});

describe('verifyCredential refuses what the signature does not say', () => {
  type Mutable = Record<string, unknown> & {
    message: Record<string, unknown>;
    domain: Record<string, unknown>;
    types: { Attest: unknown[] };
    signature: Record<string, unknown>;
  };
  const copies: [string, (c: Mutable) => void][] = [
    ['schema', (c) => (c.schema = `0x${'11'.repeat(32)}`)],
    ['version', (c) => (c.version = 3)],
    ['expirationTime', (c) => (c.expirationTime = T + 60)],
    ['recipient', (c) => (c.recipient = other.address)],
    ['time', (c) => (c.time = T + 1)],
    ['campaignId', (c) => (c.campaignId = 'other')],
    ['taskId', (c) => (c.taskId = 'other-task')],
    ['revocable', (c) => (c.revocable = false)],
    ['refUID', (c) => (c.refUID = `0x${'22'.repeat(32)}`)],
    ['data', (c) => (c.data = encodeCredentialData('demo', 'other'))],
    ['salt', (c) => (c.salt = `0x${'33'.repeat(32)}`)],
  ];
  for (const [what, mutate] of copies) {
    test(`a top-level ${what} that disagrees with the signed message → FIELD_MISMATCH`, async () => {
      const credential = clone(await make()) as unknown as Mutable;
      mutate(credential);
      assert.equal(await reason(credential), 'FIELD_MISMATCH');
      // The EAS SDK reads only the signed parts: this is why the copies are checked here.
      if (what !== 'version') assert.equal(sdkAccepts(issuer.address, credential), true);
    });
  }

  const tamper: [string, (c: Mutable) => void, string][] = [
    ['uid', (c) => (c.uid = `0x${'ab'.repeat(32)}`), 'UID_MISMATCH'],
    [
      'signed time (and its copy)',
      (c) => {
        c.message.time = T + 1;
        c.time = T + 1;
      },
      'UID_MISMATCH',
    ],
    ['signature', (c) => (c.signature.s = `0x${'7'.repeat(63)}1`), 'BAD_SIGNATURE'],
    ['issuer', (c) => (c.issuer = other.address), 'BAD_SIGNATURE'],
    ['attester', (c) => (c.attester = other.address), 'BAD_SIGNATURE'],
    ['domain chain', (c) => (c.domain.chainId = 10), 'BAD_SIGNATURE'],
    ['domain contract', (c) => (c.domain.verifyingContract = other.address), 'BAD_SIGNATURE'],
    ['domain name', (c) => (c.domain.name = 'Other'), 'UNSUPPORTED_FORMAT'],
    ['types', (c) => c.types.Attest.pop(), 'UNSUPPORTED_FORMAT'],
    ['primary type', (c) => (c.primaryType = 'Attestation'), 'UNSUPPORTED_FORMAT'],
    ['message version', (c) => (c.message.version = 1), 'UNSUPPORTED_FORMAT'],
    ['schema', (c) => (c.message.schema = `0x${'11'.repeat(32)}`), 'UNSUPPORTED_FORMAT'],
    ['data', (c) => (c.message.data = '0x1234'), 'MALFORMED'],
    ['odd data', (c) => (c.message.data = '0x123'), 'MALFORMED'],
    ['signature v', (c) => (c.signature.v = 29), 'MALFORMED'],
    ['a 2^64 time', (c) => (c.message.time = '18446744073709551616'), 'MALFORMED'],
    ['a missing signature', (c) => delete (c as Record<string, unknown>).signature, 'MALFORMED'],
    [
      'the 0.1 shape',
      (c) => {
        c.typedData = { message: c.message };
        delete (c as Record<string, unknown>).message;
      },
      'UNSUPPORTED_FORMAT',
    ],
  ];
  for (const [what, mutate, expected] of tamper) {
    test(`a tampered ${what} → ${expected}`, async () => {
      const credential = clone(await make()) as unknown as Mutable;
      mutate(credential);
      assert.equal(await reason(credential), expected);
    });
  }

  test('expiry, issuer allowlist and expectations', async () => {
    const expiring = await make({ expirationTime: T + 60 });
    assert.equal(await reason(expiring, { now: (T + 30) * 1000 }), 'VALID');
    assert.equal(await reason(expiring, { now: (T + 60) * 1000 }), 'EXPIRED');
    const credential = await make();
    assert.equal(await reason(credential, { issuers: [other.address] }), 'UNTRUSTED_ISSUER');
    for (const expectation of [{ recipient: other.address }, { campaignId: 'x' }, { taskId: 'x' }])
      assert.equal(await reason(credential, expectation), 'NOT_EXPECTED');
    for (const junk of [null, 1, 'x', [], {}]) assert.equal(await reason(junk), 'MALFORMED');
  });

  test('property: any campaign/task strings round-trip; changing one character fails', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.string({ minLength: 1, maxLength: 40 }),
        async (campaignId, taskId) => {
          const credential = clone(await make({ campaignId, taskId }));
          assert.equal(await reason(credential, { campaignId, taskId }), 'VALID');
          assert.equal(sdkAccepts(issuer.address, credential), true);
          assert.equal(await reason({ ...credential, taskId: `${taskId}!` }), 'FIELD_MISMATCH');
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe("revocation from a server's list", () => {
  const requests: URL[] = [];
  let revoked: Record<string, unknown>[] = [];
  let status = 200;
  let url = '';
  const server = createServer((req: IncomingMessage, res) => {
    const u = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(u);
    if (u.pathname !== '/api/credentials/revocations') {
      res.writeHead(404).end();
      return;
    }
    const asked = new Set(u.searchParams.getAll('uid'));
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ revoked: revoked.filter((r) => asked.has(r.uid as string)) }));
  });
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('a revoked credential is REVOKED with its time; the others of the same batch are valid', async () => {
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((taskId) => make({ taskId })));
    revoked = [
      { uid: b!.uid, revokedAt: '2026-11-02T10:00:00.000Z' },
      { uid: `0x${'99'.repeat(32)}`, revokedAt: 1 },
    ];
    requests.length = 0;
    const revocation = serverRevocations(url);
    const checks = await Promise.all([a, b, c].map((x) => verifyCredential(x, { revocation })));
    assert.deepEqual(
      checks.map((x) => (x.valid ? 'VALID' : x.reason)),
      ['VALID', 'REVOKED', 'VALID'],
    );
    const refused = checks[1]!;
    assert.ok(!refused.valid);
    assert.equal(refused.revokedAt, Date.parse('2026-11-02T10:00:00Z') / 1000);
    assert.match(refused.message, /revoked by its issuer on 2026-11-02T10:00:00.000Z/);
    assert.equal(refused.credential?.uid, b!.uid);
    // Lookups of one tick share requests (how many depends on scheduling: not asserted).
    const asked = requests.flatMap((r) => r.searchParams.getAll('uid'));
    assert.deepEqual([...new Set(asked)].sort(), [a!.uid, b!.uid, c!.uid].sort());
    console.log(`# ${requests.length} request(s) for 3 lookups`);
  });

  test('Unix seconds are read too; a failing list or an unknown issuer → REVOCATION_UNAVAILABLE', async () => {
    const credential = await make();
    revoked = [{ uid: credential.uid, revokedAt: T + 5 }];
    const check = await verifyCredential(credential, { revocation: serverRevocations(url) });
    assert.ok(!check.valid && check.reason === 'REVOKED' && check.revokedAt === T + 5);
    status = 503;
    const down = await verifyCredential(credential, { revocation: serverRevocations(url) });
    assert.ok(!down.valid && down.reason === 'REVOCATION_UNAVAILABLE');
    assert.match(down.message, /answered HTTP 503/);
    status = 200;
    revoked = [{ uid: credential.uid, revokedAt: 'not a date' }];
    assert.equal(
      await reason(credential, { revocation: serverRevocations(url) }),
      'REVOCATION_UNAVAILABLE',
    );
    revoked = [];
    const perIssuer = serverRevocations({ [other.address]: url });
    const unknown = await verifyCredential(credential, { revocation: perIssuer });
    assert.ok(!unknown.valid && /no revocation list is known for issuer/.test(unknown.message));
    assert.equal(
      await reason(credential, {
        revocation: serverRevocations({ [issuer.address.toLowerCase()]: url }),
      }),
      'VALID',
    );
  });

  test('asks at most 100 uids per request', async () => {
    const many = await Promise.all(
      Array.from({ length: 150 }, (_, i) => make({ taskId: `t${i}` })),
    );
    revoked = [];
    requests.length = 0;
    const revocation = serverRevocations(url);
    const checks = await Promise.all(many.map((x) => verifyCredential(x, { revocation })));
    assert.deepEqual(
      checks.filter((x) => !x.valid),
      [],
    );
    assert.ok(requests.every((r) => r.searchParams.getAll('uid').length <= 100));
    const asked = new Set(requests.flatMap((r) => r.searchParams.getAll('uid')));
    assert.equal(asked.size, 150);
    console.log(`# ${requests.length} request(s) for 150 lookups`);
  });
});
