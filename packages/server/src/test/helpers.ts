import { after } from 'node:test';
import { hashQuizAnswer } from '@questboard/core';
import type { LocalAccount } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { createSiweMessage } from 'viem/siwe';
import { defineConfig, type ServerConfig } from '../config.js';
import type { Db } from '../db.js';
import { STATE_TABLES } from '../migrations.js';
import { type RunningServer, startServer } from '../server.js';
import { startPostgres, type TestPostgres } from './postgres.js';

/** anvil's well-known development keys (local chains only). */
export const DEV_KEYS = [
  '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
  '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3d71f4e1d4e0e2c5',
  '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6',
] as const;
export const accounts = DEV_KEYS.map((k) => privateKeyToAccount(k));
export const ISSUER_KEY =
  '0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a' as const;
export const ADMIN_KEY = 'test-admin-key-0123456789abcdef0123';
export const ORIGIN = 'https://app.example';
export const DOMAIN = 'app.example';

export async function testCampaign(overrides: Record<string, unknown> = {}) {
  return {
    schemaVersion: 1,
    id: 'demo',
    title: 'Demo campaign',
    origins: [ORIGIN, 'https://other.example'],
    tiers: [
      {
        id: 'basics',
        title: 'Basics',
        reward: { title: 'Basics badge' },
        tasks: [
          {
            id: 'visit-docs',
            kind: 'visit',
            title: 'Read the docs',
            points: 5,
            url: 'https://docs.example',
          },
          {
            id: 'quiz-capital',
            kind: 'quiz',
            title: 'Quiz',
            question: 'Capital of France?',
            points: 10,
            answer: { salt: 'salt-0001', hash: await hashQuizAnswer('salt-0001', 'Paris') },
          },
          {
            id: 'handle',
            kind: 'input',
            title: 'Your handle',
            points: 5,
            pattern: '@[a-z0-9_]{1,15}',
          },
        ],
      },
      {
        id: 'advanced',
        title: 'Advanced',
        unlock: { after: 'basics' },
        reward: { title: 'Advanced badge' },
        tasks: [
          { id: 'mainnet', kind: 'wallet.chain', title: 'Be on mainnet', points: 10, chainId: 1 },
          {
            id: 'onchain-tx',
            kind: 'onchain',
            title: 'Send a transaction',
            points: 20,
            rule: { type: 'onchain.txCount', chainId: 31337, min: 1 },
          },
        ],
      },
    ],
    chains: {
      '1': { rpcUrls: ['http://127.0.0.1:9'] },
      '31337': { rpcUrls: ['http://127.0.0.1:9'] },
    },
    ...overrides,
  };
}

export type Store = 'pglite' | 'postgres';

export async function startTestServer(
  overrides: Partial<ServerConfig> = {},
  options: { fetch?: typeof fetch; now?: () => number } = {},
): Promise<RunningServer> {
  return startServer(
    defineConfig({
      adminKey: ADMIN_KEY,
      issuerKey: ISSUER_KEY,
      siweDomains: [DOMAIN],
      chainIds: [1, 31337],
      rateLimitIp: 100_000,
      rateLimitAddress: 100_000,
      ...overrides,
    }),
    options,
  );
}

// biome-ignore lint/suspicious/noExplicitAny: tests read response bodies freely
export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
  /** The body's exact text. */
  text: string;
}

/** A real HTTP request over a 127.0.0.1 socket. */
// biome-ignore lint/suspicious/noExplicitAny: tests read response bodies freely
export async function call<T = any>(
  server: { url: string },
  method: string,
  path: string,
  options: { body?: unknown; raw?: string; token?: string; headers?: Record<string, string> } = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.raw !== undefined) body = options.raw;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
    headers['content-type'] = 'application/json';
  const response = await fetch(server.url + path, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON
  }
  return { status: response.status, headers: response.headers, body: parsed as T, text };
}

export const admin = { authorization: `Bearer ${ADMIN_KEY}` };

export async function createCampaign(server: { url: string }, campaign: unknown) {
  const reply = await call(server, 'POST', '/campaigns', { body: campaign, headers: admin });
  if (reply.status !== 201)
    throw new Error(`campaign not created: ${reply.status} ${JSON.stringify(reply.body)}`);
}

export interface SiweOverrides {
  domain?: string;
  chainId?: number;
  nonce?: string;
  expirationTime?: Date;
  issuedAt?: Date;
  address?: `0x${string}`;
}

/** A signed SIWE message for `account` with a fresh server nonce (viem createSiweMessage + signMessage). */
export async function signedMessage(
  server: { url: string },
  account: LocalAccount,
  o: SiweOverrides = {},
) {
  const nonce = o.nonce ?? (await call(server, 'POST', '/auth/nonce')).body.nonce;
  const message = createSiweMessage({
    domain: o.domain ?? DOMAIN,
    address: o.address ?? account.address,
    uri: `https://${o.domain ?? DOMAIN}`,
    version: '1',
    chainId: o.chainId ?? 1,
    nonce,
    issuedAt: o.issuedAt ?? new Date(),
    ...(o.expirationTime ? { expirationTime: o.expirationTime } : {}),
    statement: 'Sign in to Questboard',
  });
  const signature = await account.signMessage({ message });
  return { message, signature, nonce };
}

export async function signIn(
  server: { url: string },
  account: LocalAccount,
  o: SiweOverrides = {},
): Promise<string> {
  const { message, signature } = await signedMessage(server, account, o);
  const reply = await call(server, 'POST', '/auth/verify', {
    body: { message, signature },
    headers: { origin: ORIGIN },
  });
  if (reply.status !== 200)
    throw new Error(`sign-in failed: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body.token;
}

/** Row counts of every state table (rate-limit counters excluded: every request moves them). */
export async function countRows(db: Db): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of STATE_TABLES) {
    const rows = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
    out[table] = rows[0]!.n;
  }
  return out;
}

/** The ledger and the totals agree for every wallet. */
export async function ledgerMatchesTotals(db: Db): Promise<boolean> {
  const rows = await db.query<{ mismatches: number }>(`
    SELECT count(*)::int AS mismatches FROM (
      SELECT campaign_id, address, sum(delta)::int AS s FROM points_ledger GROUP BY campaign_id, address
    ) l FULL JOIN points_totals t USING (campaign_id, address)
    WHERE l.s IS DISTINCT FROM t.points`);
  return rows[0]!.mismatches === 0;
}

/**
 * One PostgreSQL for a test file: started on first use (a file whose PostgreSQL tests are
 * skipped never starts it) and stopped after the file's tests.
 */
export function lazyPostgres(): () => Promise<TestPostgres> {
  let postgres: TestPostgres | undefined;
  after(() => postgres?.stop());
  return async () => {
    postgres ??= await startPostgres();
    return postgres;
  };
}
