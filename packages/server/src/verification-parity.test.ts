// One table of verification and claim cases, run against both backends: the browser's memory
// backend (directly) and the reference server (PGlite, real HTTP on 127.0.0.1 through
// httpBackend). Both must answer every case with the same outcome code: they share core's
// verification functions and differ only in the facts they trust (the server: its session and
// the chain signed in it; the browser: its wallet and the chain the wallet reports).
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import {
  hashQuizAnswer,
  isQuestError,
  type QuestBackend,
  REFUSAL_CODES,
  type Session,
  VERIFY_FAIL_CODES,
} from '@questboard/core';
import { httpBackend } from '@questboard/core/http';
import { memoryBackend } from '@questboard/core/memory';
import type { LocalAccount } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { createSiweMessage } from 'viem/siwe';
import type { RunningServer } from './server.js';
import { createCampaign, DOMAIN, ORIGIN, startTestServer } from './test/helpers.js';

type Step = (
  | { verify: string; input?: string; chainId?: number }
  | { claim: string }
  | { verify: string; staleSession: true }
) & {
  /** Run as a second wallet (claim limits count everyone's completions). */
  other?: true;
  /** For a setup step: the outcome it must have (default `passed` / `claimed`). */
  expect?: string;
};

interface Case {
  name: string;
  /** Campaign fields over the base campaign below. */
  campaign?: Record<string, unknown>;
  /** The chain the wallet signs in on (and reports). */
  chainId?: number;
  /** Done first, each expected to pass. */
  setup?: Step[];
  step: Step;
  /** `passed`, `claimed`, `claimed-before`, or the code of the fail/refusal. */
  expect: string;
}

const DAY = 86_400_000;
let rulePort = 0;

async function baseCampaign(id: string, overrides: Record<string, unknown> = {}) {
  return {
    schemaVersion: 1,
    id,
    title: `Parity ${id}`,
    origins: [ORIGIN],
    chains: { '1': { rpcUrls: ['http://127.0.0.1:9'] } },
    tiers: [
      {
        id: 'one',
        title: 'One',
        reward: { title: 'Badge one' },
        tasks: [
          { id: 'visit', kind: 'visit', title: 'Visit', points: 5, url: 'https://docs.example' },
          {
            id: 'quiz',
            kind: 'quiz',
            title: 'Quiz',
            question: 'Capital of France?',
            points: 10,
            answer: { salt: 'salt-parity', hash: await hashQuizAnswer('salt-parity', 'Paris') },
          },
          { id: 'handle', kind: 'input', title: 'Handle', points: 5, pattern: '@[a-z0-9_]{1,15}' },
          {
            id: 'after-visit',
            kind: 'visit',
            title: 'After the visit',
            points: 1,
            url: 'https://docs.example/2',
            requires: ['visit'],
          },
        ],
      },
      {
        id: 'wallet',
        title: 'Wallet',
        tasks: [
          { id: 'connect', kind: 'wallet.connect', title: 'Connect', points: 1 },
          { id: 'sign-in', kind: 'wallet.signIn', title: 'Sign in', points: 1 },
          { id: 'mainnet', kind: 'wallet.chain', title: 'Mainnet', points: 1, chainId: 1 },
          {
            id: 'partner-yes',
            kind: 'http',
            title: 'Partner says yes',
            points: 2,
            rule: { type: 'http', url: `http://127.0.0.1:${rulePort}/yes?a=$address` },
          },
          {
            id: 'partner-no',
            kind: 'http',
            title: 'Partner says no',
            points: 2,
            rule: { type: 'http', url: `http://127.0.0.1:${rulePort}/no?a=$address` },
          },
        ],
      },
      {
        id: 'daily',
        title: 'Daily',
        tasks: [
          {
            id: 'check-in',
            kind: 'visit',
            title: 'Check in',
            points: 2,
            url: 'https://docs.example/daily',
            schedule: { every: 'day' },
            streak: {},
          },
          {
            id: 'daily-quiz',
            kind: 'quiz',
            title: 'Daily quiz',
            question: 'Capital of France?',
            points: 2,
            answer: { salt: 'salt-parity', hash: await hashQuizAnswer('salt-parity', 'Paris') },
            schedule: { every: 'day' },
            retryAfter: 3600,
          },
          {
            id: 'first-one',
            kind: 'visit',
            title: 'Only the first visitor',
            points: 1,
            url: 'https://docs.example/first',
            claimLimit: { total: 1 },
          },
          {
            id: 'first-today',
            kind: 'visit',
            title: 'Only the first visitor today',
            points: 1,
            url: 'https://docs.example/today',
            schedule: { every: 'day' },
            claimLimit: { perPeriod: 1 },
          },
        ],
      },
      {
        id: 'locked',
        title: 'Locked',
        unlock: { after: 'one' },
        reward: { title: 'Badge locked' },
        tasks: [{ id: 'late', kind: 'visit', title: 'Late', points: 3, url: 'https://x.example' }],
      },
    ],
    ...overrides,
  };
}

const CASES: Case[] = [
  { name: 'visit passes', step: { verify: 'visit' }, expect: 'passed' },
  { name: 'quiz, right answer', step: { verify: 'quiz', input: ' paris ' }, expect: 'passed' },
  { name: 'quiz, wrong answer', step: { verify: 'quiz', input: 'Lyon' }, expect: 'WRONG_ANSWER' },
  { name: 'input matches', step: { verify: 'handle', input: '@alice' }, expect: 'passed' },
  {
    name: 'input does not match',
    step: { verify: 'handle', input: 'alice' },
    expect: 'INPUT_MISMATCH',
  },
  { name: 'wallet.connect', step: { verify: 'connect' }, expect: 'passed' },
  { name: 'wallet.signIn', step: { verify: 'sign-in' }, expect: 'passed' },
  { name: 'wallet.chain on the chain', chainId: 1, step: { verify: 'mainnet' }, expect: 'passed' },
  {
    name: 'wallet.chain on another chain',
    chainId: 31337,
    step: { verify: 'mainnet' },
    expect: 'VERIFY_FAILED',
  },
  { name: 'rule-backed task passes', step: { verify: 'partner-yes' }, expect: 'passed' },
  { name: 'rule-backed task fails', step: { verify: 'partner-no' }, expect: 'VERIFY_FAILED' },
  {
    name: 'requires not done',
    step: { verify: 'after-visit' },
    expect: 'TASK_LOCKED',
  },
  {
    name: 'requires done',
    setup: [{ verify: 'visit' }],
    step: { verify: 'after-visit' },
    expect: 'passed',
  },
  { name: 'tier locked', step: { verify: 'late' }, expect: 'TASK_LOCKED' },
  {
    name: 'already done answers again, never counts twice',
    setup: [{ verify: 'visit' }],
    step: { verify: 'visit' },
    expect: 'passed',
  },
  { name: 'unknown task', step: { verify: 'nope' }, expect: 'TASK_NOT_FOUND' },
  {
    name: 'before the window',
    campaign: { startsAt: new Date(Date.now() + 30 * DAY).toISOString() },
    step: { verify: 'visit' },
    expect: 'CAMPAIGN_NOT_STARTED',
  },
  {
    name: 'after the window',
    campaign: { endsAt: new Date(Date.now() - DAY).toISOString() },
    step: { verify: 'visit' },
    expect: 'CAMPAIGN_ENDED',
  },
  {
    name: 'a session the backend no longer knows',
    step: { verify: 'sign-in', staleSession: true },
    expect: 'SESSION_EXPIRED',
  },
  { name: 'claim an unfinished tier', step: { claim: 'one' }, expect: 'TIER_NOT_COMPLETE' },
  {
    name: 'claim a finished tier',
    setup: [
      { verify: 'visit' },
      { verify: 'quiz', input: 'Paris' },
      { verify: 'handle', input: '@bob' },
      { verify: 'after-visit' },
    ],
    step: { claim: 'one' },
    expect: 'claimed',
  },
  {
    name: 'claim twice',
    setup: [
      { verify: 'visit' },
      { verify: 'quiz', input: 'Paris' },
      { verify: 'handle', input: '@bob' },
      { verify: 'after-visit' },
      { claim: 'one' },
    ],
    step: { claim: 'one' },
    expect: 'claimed-before',
  },
  { name: 'claim a locked tier', step: { claim: 'locked' }, expect: 'TIER_LOCKED' },
  { name: 'claim a tier without reward', step: { claim: 'wallet' }, expect: 'BAD_REQUEST' },
  { name: 'claim an unknown tier', step: { claim: 'nope' }, expect: 'TIER_NOT_FOUND' },
  { name: 'a scheduled task passes', step: { verify: 'check-in' }, expect: 'passed' },
  {
    name: 'a scheduled task done this period answers again, never counts twice',
    setup: [{ verify: 'check-in' }],
    step: { verify: 'check-in' },
    expect: 'passed',
  },
  {
    name: 'a failed check of a task with retryAfter starts its cooldown',
    setup: [{ verify: 'daily-quiz', input: 'Lyon', expect: 'WRONG_ANSWER' }],
    step: { verify: 'daily-quiz', input: 'Paris' },
    expect: 'TASK_COOLDOWN',
  },
  {
    name: 'a wrong answer of a task with retryAfter is a fail',
    step: { verify: 'daily-quiz', input: 'Lyon' },
    expect: 'WRONG_ANSWER',
  },
  {
    name: 'another visitor is not held back by a cooldown',
    setup: [{ verify: 'daily-quiz', input: 'Lyon', expect: 'WRONG_ANSWER', other: true }],
    step: { verify: 'daily-quiz', input: 'Paris' },
    expect: 'passed',
  },
  {
    name: 'a claim limit in total, used up by another visitor',
    setup: [{ verify: 'first-one', other: true }],
    step: { verify: 'first-one' },
    expect: 'CLAIM_LIMIT_REACHED',
  },
  {
    name: 'a claim limit per period, used up by another visitor',
    setup: [{ verify: 'first-today', other: true }],
    step: { verify: 'first-today' },
    expect: 'CLAIM_LIMIT_REACHED',
  },
  {
    name: 'a claim limit not reached',
    step: { verify: 'first-today' },
    expect: 'passed',
  },
  {
    name: 'claim before the window',
    campaign: { startsAt: new Date(Date.now() + 30 * DAY).toISOString() },
    step: { claim: 'one' },
    expect: 'CAMPAIGN_NOT_STARTED',
  },
];

/** One backend under test: how it gets a campaign and a signed-in wallet. */
interface Harness {
  name: string;
  prepare(campaign: Record<string, unknown>): Promise<QuestBackend>;
}

async function signIn(
  backend: QuestBackend,
  account: LocalAccount,
  chainId: number,
): Promise<Session> {
  const nonce = await backend.getNonce();
  const message = createSiweMessage({
    domain: DOMAIN,
    address: account.address,
    uri: `https://${DOMAIN}`,
    version: '1',
    chainId,
    nonce,
    issuedAt: new Date(),
  });
  return backend.signIn({ message, signature: await account.signMessage({ message }) });
}

async function run(
  backend: QuestBackend,
  campaignId: string,
  step: Step,
  session: Session,
  chainId: number,
): Promise<string> {
  try {
    if ('claim' in step) {
      const result = await backend.claim({
        campaignId,
        tierId: step.claim,
        address: session.address,
        session,
      });
      return result.firstClaim ? 'claimed' : 'claimed-before';
    }
    const stale = 'staleSession' in step;
    const result = await backend.verify({
      campaignId,
      taskId: step.verify,
      address: session.address,
      chainId: 'chainId' in step && step.chainId !== undefined ? step.chainId : chainId,
      ...('input' in step && step.input !== undefined ? { input: step.input } : {}),
      session: stale ? { ...session, token: 'Z'.repeat(43) } : session,
    });
    return result.ok ? 'passed' : result.code;
  } catch (error) {
    if (isQuestError(error)) return error.code;
    throw error;
  }
}

describe('the verification table gives the same codes on both backends', () => {
  let server: RunningServer;
  let partner: Server;
  let n = 0;

  before(async () => {
    // A partner endpoint for rule-backed tasks, on 127.0.0.1 for both backends.
    partner = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ result: { isValid: req.url?.startsWith('/yes') ?? false } }));
    });
    await new Promise<void>((resolve) => partner.listen(0, '127.0.0.1', resolve));
    rulePort = (partner.address() as AddressInfo).port;
    server = await startTestServer();
  });
  after(async () => {
    await server.close();
    await new Promise<void>((resolve) => partner.close(() => resolve()));
  });

  const harnesses: Harness[] = [
    {
      name: 'memory backend',
      async prepare(campaign) {
        const backend = memoryBackend({ storage: null, domain: DOMAIN });
        await backend.loadCampaign(campaign as never);
        return backend;
      },
    },
    {
      name: 'server (PGlite, HTTP)',
      async prepare(campaign) {
        await createCampaign(server, campaign);
        const backend = httpBackend({
          endpoint: server.url,
          campaignId: String(campaign.id),
          retries: 0,
        });
        await backend.loadCampaign(String(campaign.id));
        return backend;
      },
    },
  ];

  test('every expected code is a code the core declares', () => {
    const known = new Set<string>([
      ...VERIFY_FAIL_CODES,
      ...REFUSAL_CODES,
      'passed',
      'claimed',
      'claimed-before',
    ]);
    for (const c of CASES) assert.ok(known.has(c.expect), `${c.name}: ${c.expect}`);
  });

  for (const c of CASES) {
    test(c.name, async () => {
      const startedOn = new Date().toISOString().slice(0, 10);
      const seen: Record<string, string> = {};
      for (const harness of harnesses) {
        const id = `parity-${++n}`;
        const campaign = await baseCampaign(id, c.campaign);
        const backend = await harness.prepare(campaign);
        const account = privateKeyToAccount(generatePrivateKey());
        const chainId = c.chainId ?? 1;
        const session = await signIn(backend, account, chainId);
        let other: Session | undefined;
        for (const step of c.setup ?? []) {
          if (step.other)
            other ??= await signIn(backend, privateKeyToAccount(generatePrivateKey()), chainId);
          const outcome = await run(backend, id, step, step.other ? other! : session, chainId);
          assert.ok(
            step.expect ? outcome === step.expect : ['passed', 'claimed'].includes(outcome),
            `${harness.name}: setup ${JSON.stringify(step)} → ${outcome}`,
          );
        }
        seen[harness.name] = await run(backend, id, c.step, session, chainId);
        if (c.name.startsWith('already done')) {
          const progress = await backend.getProgress(id, account.address, session);
          assert.deepEqual(Object.keys(progress.completed), ['visit'], harness.name);
        }
        if (c.name.startsWith('a scheduled task')) {
          // Stored per period, under the period the backend's own clock names.
          const progress = await backend.getProgress(id, account.address, session);
          assert.deepEqual(Object.keys(progress.completed), [], harness.name);
          const keys = Object.keys(progress.periods?.['check-in'] ?? {});
          assert.equal(keys.length, 1, harness.name);
          // The UTC date of this test (either side of a midnight it may straddle).
          assert.ok(
            [startedOn, new Date().toISOString().slice(0, 10)].includes(keys[0]!),
            `${harness.name}: ${keys[0]}`,
          );
        }
      }
      assert.deepEqual(seen, {
        'memory backend': c.expect,
        'server (PGlite, HTTP)': c.expect,
      });
    });
  }
});
