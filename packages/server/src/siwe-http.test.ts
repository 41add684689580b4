// The reference implementation's negative Sign-In with Ethereum vectors (spruceid/siwe, kept in
// @questboard/core's siwe.vectors.json) at the HTTP level: each is adapted to this server (our
// domain, a nonce from POST /auth/nonce, the test key's address, times around the server's
// clock), signed by a real key, and posted to POST /auth/verify through a real socket. Each
// is refused 401 SIGN_IN_FAILED with its reason, and no session row is written.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import type { SiweFailureReason } from '@questboard/core';
import type { RunningServer } from './server.js';
import { accounts, call, DOMAIN, ORIGIN, startTestServer } from './test/helpers.js';

const vectorsFile = createRequire(import.meta.url).resolve('@questboard/core/package.json');
const vectors = JSON.parse(
  readFileSync(new URL('./src/siwe.vectors.json', `file://${vectorsFile}`), 'utf8'),
) as {
  parsingNegative: Record<string, string>;
  verificationNegative: Record<string, VectorFields>;
};
interface VectorFields {
  domain: string;
  address: string;
  statement?: string;
  uri: string;
  version: string;
  nonce: string;
  issuedAt: string;
  chainId: number;
  expirationTime?: string;
  notBefore?: string;
  signature: string;
  time?: string;
  domainBinding?: string;
  matchNonce?: string;
}

const [alice, bob] = accounts as [(typeof accounts)[0], (typeof accounts)[0]];
const iso = (ms: number) => new Date(ms).toISOString();

/** The reason each verification vector is refused for, here. */
const EXPECTED: Record<string, { reason: SiweFailureReason; signer?: typeof alice }> = {
  'expired message': { reason: 'TIMES_OUT_OF_ORDER' },
  'domain binding': { reason: 'WRONG_DOMAIN' },
  'custom time': { reason: 'EXPIRED' },
  'custom nonce': { reason: 'NONCE_INVALID' },
  'malformed signature': { reason: 'BAD_SIGNATURE' },
  'wrong signature': { reason: 'ADDRESS_MISMATCH', signer: bob },
  'not yet valid': { reason: 'NOT_YET_VALID' },
  'invalid issuedAt': { reason: 'MALFORMED' },
  'invalid notBefore': { reason: 'MALFORMED' },
  'invalid expirationTime': { reason: 'MALFORMED' },
};

/** Writes the lines of a message as given (no validation: vectors hold impossible dates). */
function format(f: Omit<VectorFields, 'signature'>): string {
  const lines = [
    `${f.domain} wants you to sign in with your Ethereum account:`,
    f.address,
    '',
    ...(f.statement ? [f.statement, ''] : ['']),
    `URI: ${f.uri}`,
    `Version: ${f.version}`,
    `Chain ID: ${f.chainId}`,
    `Nonce: ${f.nonce}`,
    `Issued At: ${f.issuedAt}`,
  ];
  if (f.expirationTime) lines.push(`Expiration Time: ${f.expirationTime}`);
  if (f.notBefore) lines.push(`Not Before: ${f.notBefore}`);
  return lines.join('\n');
}

/**
 * The vector's instants moved next to the server's clock, keeping their order: the vector's
 * own "now" (`time`, else a second after Issued At) lands on the real now, and each distinct
 * instant a minute from its neighbours. Impossible dates (February 31) stay as written.
 */
function retimed(v: VectorFields, now: number) {
  const keys = ['issuedAt', 'expirationTime', 'notBefore'] as const;
  const vectorNow = v.time ? Date.parse(v.time) : Date.parse(v.issuedAt) + 1000;
  const real = (s: string) =>
    !Number.isNaN(Date.parse(s)) && iso(Date.parse(s)).slice(0, 10) === s.slice(0, 10);
  const instants = [
    ...new Set([
      vectorNow,
      ...keys.flatMap((k) => (v[k] && real(v[k]!) ? [Date.parse(v[k]!)] : [])),
    ]),
  ].sort((a, b) => a - b);
  const at = (t: number) => now + (instants.indexOf(t) - instants.indexOf(vectorNow)) * 60_000;
  const out: Partial<Record<(typeof keys)[number], string>> = {};
  for (const k of keys) if (v[k]) out[k] = real(v[k]!) ? iso(at(Date.parse(v[k]!))) : v[k];
  return out;
}

describe('POST /auth/verify refuses the reference SIWE vectors, creating no session', () => {
  let server: RunningServer;
  before(async () => {
    server = await startTestServer({ corsOrigins: [ORIGIN] });
  });
  after(() => server.close());

  const count = async (table: 'sessions' | 'nonces') =>
    (await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;
  const nonceLeft = async (nonce: string) =>
    (await server.db.query('SELECT 1 FROM nonces WHERE nonce = $1', [nonce])).length === 1;
  const freshNonce = async (): Promise<string> =>
    (await call(server, 'POST', '/auth/nonce')).body.nonce;

  /** Posts a signed message; asserts the refusal, its reason and that no session appeared. */
  async function refused(message: string, signature: string, reason: SiweFailureReason) {
    const sessions = await count('sessions');
    const reply = await call(server, 'POST', '/auth/verify', {
      body: { message, signature },
      headers: { origin: ORIGIN },
    });
    assert.equal(reply.status, 401, JSON.stringify(reply.body));
    assert.equal(reply.body.error.code, 'SIGN_IN_FAILED');
    assert.equal(String(reply.body.error.details).split(':')[0], reason, reply.body.error.details);
    assert.ok(String(reply.body.error.details).length > reason.length + 5, 'says why');
    assert.equal(await count('sessions'), sessions, 'no session row');
    assert.equal(reply.body.token, undefined);
  }

  /** A parsing vector with our domain, the key's address, a fresh nonce and a live window. */
  function adapt(text: string, nonce: string): string {
    const now = Date.now();
    return text
      .replaceAll('service.org', DOMAIN)
      .replaceAll('0xe5A12547fe4E872D192E3eCecb76F2Ce1aeA4946', alice.address)
      .replaceAll('0xe5a12547fe4e872d192e3ececb76f2ce1aea4946', alice.address.toLowerCase())
      .replaceAll('Nonce: 12341234', `Nonce: ${nonce}`)
      .replaceAll('Issued At: 2022-03-17T12:45:13.610Z', `Issued At: ${iso(now - 1000)}`)
      .replaceAll(
        'Expiration Time: 2023-03-17T12:45:13.610Z',
        `Expiration Time: ${iso(now + 3600_000)}`,
      )
      .replaceAll('Not Before: 2022-03-17T12:45:13.610Z', `Not Before: ${iso(now - 1000)}`);
  }

  test('the adaptation is sound: the first parsing vector, its one defect repaired, signs in', async () => {
    const nonce = await freshNonce();
    const message = adapt(vectors.parsingNegative['missing domain']!, nonce).replace(
      /^ wants/,
      `${DOMAIN} wants`,
    );
    const sessions = await count('sessions');
    const reply = await call(server, 'POST', '/auth/verify', {
      body: { message, signature: await alice.signMessage({ message }) },
      headers: { origin: ORIGIN },
    });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.equal(reply.body.address, alice.address);
    assert.equal(await count('sessions'), sessions + 1);
    assert.equal(await nonceLeft(nonce), false, 'the nonce is used up');
  });

  for (const [name, original] of Object.entries(vectors.parsingNegative)) {
    test(`parsing vector "${name}": MALFORMED, the nonce left unused`, async () => {
      const nonce = await freshNonce();
      const message = adapt(original, nonce);
      assert.notEqual(message, original, 'adapted');
      await refused(message, await alice.signMessage({ message }), 'MALFORMED');
      if (message.includes(nonce)) assert.ok(await nonceLeft(nonce), 'nonce untouched');
    });
  }

  test('every verification vector has an expected reason here', () => {
    assert.deepEqual(
      Object.keys(EXPECTED).sort(),
      Object.keys(vectors.verificationNegative).sort(),
    );
  });

  for (const [name, v] of Object.entries(vectors.verificationNegative)) {
    const expected = EXPECTED[name]!;
    test(`verification vector "${name}": ${expected.reason}`, async () => {
      const nonce = await freshNonce();
      const message = format({
        ...v,
        ...retimed(v, Date.now()),
        // The vector's own domain only where it tests the binding to ours.
        domain: v.domainBinding ? v.domain : DOMAIN,
        uri: v.domainBinding ? v.uri : `https://${DOMAIN}`,
        address: alice.address,
        nonce: v.matchNonce ? v.nonce : nonce,
      });
      const signature =
        name === 'malformed signature'
          ? v.signature
          : await (expected.signer ?? alice).signMessage({ message });
      await refused(message, signature, expected.reason);
      // Only a message good in every other way reaches the nonce; none of these does.
      assert.ok(await nonceLeft(nonce), 'our nonce untouched');
    });
  }
});
