import assert from 'node:assert/strict';
import { dirname } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { evaluateRule, evaluateRules } from './evaluate.js';
import { freePort } from './testing/index.js';
import type { Address, EvaluationContext, HeldCredential, Rule } from './types.js';

const alice: Address = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const issuer = '0x1111111111111111111111111111111111111111';
const held: HeldCredential[] = [
  { issuer, campaignId: 'season-1', taskId: 'bridge', issuedAt: 1 },
  { issuer: '0x2222222222222222222222222222222222222222', campaignId: 'season-2' },
];

function ctx(extra: Partial<EvaluationContext> = {}): EvaluationContext {
  return { address: alice, credentials: async () => held, timeoutMs: 2_000, ...extra };
}

const cred = (campaignId: string, taskId?: string): Rule => ({
  type: 'credential',
  issuer,
  campaignId,
  ...(taskId ? { taskId } : {}),
});

describe('credential', () => {
  test('pass on issuer (any case) + campaign (+ task); fail otherwise, saying what is missing', async () => {
    assert.equal((await evaluateRule(cred('season-1'), ctx())).status, 'pass');
    assert.equal((await evaluateRule(cred('season-1', 'bridge'), ctx())).status, 'pass');
    assert.equal(
      (
        await evaluateRule(
          { ...cred('season-1'), issuer: issuer.toUpperCase().replace('0X', '0x') } as Rule,
          ctx(),
        )
      ).status,
      'pass',
    );
    const r = await evaluateRule(cred('season-1', 'swap'), ctx());
    assert.deepEqual(r, {
      status: 'fail',
      reason: `holds no credential from ${issuer} for task swap of campaign season-1`,
    });
    assert.equal((await evaluateRule(cred('season-2'), ctx())).status, 'fail');
  });

  test('the source is asked once per evaluation, however many credential rules', async () => {
    let calls = 0;
    const source = async () => {
      calls++;
      return held;
    };
    const rs = await evaluateRules(
      [cred('season-1'), cred('season-2'), { type: 'not', rule: cred('x') }],
      ctx({ credentials: source }),
    );
    assert.deepEqual(
      rs.map((r) => r.status),
      ['pass', 'fail', 'pass'],
    );
    assert.equal(calls, 1);
  });

  test('the source gets the checksummed wallet address', async () => {
    let seen = '';
    await evaluateRule(
      cred('x'),
      ctx({
        address: alice.toLowerCase() as Address,
        credentials: async (a) => {
          seen = a;
          return [];
        },
      }),
    );
    assert.equal(seen, alice);
  });

  test('no source, a failing source, a bad answer: errors, never fails', async () => {
    const none = await evaluateRule(cred('season-1'), { address: alice });
    assert.equal(none.status === 'error' && none.code, 'CREDENTIALS_UNAVAILABLE');
    const boom = await evaluateRule(
      cred('season-1'),
      ctx({ credentials: async () => Promise.reject(new Error('db down')) }),
    );
    assert.deepEqual(boom, {
      status: 'error',
      code: 'CREDENTIAL_SOURCE_FAILED',
      message: 'the credential source failed: db down',
      retryable: true,
    });
    const junk = await evaluateRule(
      cred('season-1'),
      ctx({ credentials: async () => 'nope' as unknown as HeldCredential[] }),
    );
    assert.equal(junk.status === 'error' && junk.code, 'MALFORMED_RESPONSE');
  });
});

describe('combinators keep errors apart from fails', async () => {
  const port = await freePort();
  const down: Rule = { type: 'http', url: `http://127.0.0.1:${port}/down` };
  const yes = cred('season-1');
  const no = cred('nope');

  test('all / any / atLeast / not', async () => {
    const results = await evaluateRules(
      [
        { type: 'all', rules: [yes, yes] },
        { type: 'all', rules: [yes, down] },
        { type: 'all', rules: [no, down] },
        { type: 'any', rules: [down, yes] },
        { type: 'any', rules: [no, down] },
        { type: 'any', rules: [no, no] },
        { type: 'atLeast', n: 2, rules: [yes, no, down] },
        { type: 'atLeast', n: 2, rules: [yes, no, no] },
        { type: 'atLeast', n: 2, rules: [no, no, down] },
        { type: 'not', rule: no },
        { type: 'not', rule: yes },
        { type: 'not', rule: down },
      ],
      ctx(),
    );
    assert.deepEqual(
      results.map((r) => (r.status === 'error' ? `error:${r.code}` : r.status)),
      [
        'pass',
        'error:UNREACHABLE',
        'fail',
        'pass',
        'error:UNREACHABLE',
        'fail',
        'error:UNREACHABLE',
        'progress',
        'fail',
        'pass',
        'fail',
        'error:UNREACHABLE',
      ],
    );
  });

  test('an invalid rule in a tier is BAD_RULE for that rule only', async () => {
    const [bad, good] = await evaluateRules(
      [{ type: 'all', rules: [yes, { type: 'onchain.txCount' }] } as Rule, yes],
      ctx(),
    );
    assert.equal(bad!.status === 'error' && bad!.code, 'BAD_RULE');
    assert.match(
      bad!.status === 'error' ? bad!.message : '',
      /rule\.rules\[1\]\.chainId: is required/,
    );
    assert.equal(good!.status, 'pass');
  });
});

describe('bundling', () => {
  const here = dirname(fileURLToPath(import.meta.url));
  async function bundle(contents: string, external: string[] = []): Promise<string> {
    const out = await build({
      external,
      stdin: { contents, resolveDir: here, loader: 'ts' },
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      minify: true,
      conditions: ['source'],
      logLevel: 'silent',
    });
    return out.outputFiles[0]!.text;
  }

  test('importing only validateRule from the index leaves evaluation and viem out', async () => {
    const validateOnly = await bundle(
      "import { validateRule } from '@questboard/rules'; console.log(validateRule);",
    );
    const withEvaluate = await bundle(
      "import { evaluateRule } from '@questboard/rules/evaluate'; console.log(evaluateRule);",
    );
    // aggregate3 (our Multicall3 batching) and viem's error signature only come with evaluation.
    assert.ok(withEvaluate.includes('aggregate3') && withEvaluate.includes('viem@'));
    assert.ok(
      !validateOnly.includes('aggregate3'),
      'evaluation code leaked into the validate-only bundle',
    );
    assert.ok(!validateOnly.includes('viem@'), 'viem leaked into the validate-only bundle');
    // The validator carries the RE2 engine (re2js, the one pattern engine); without it, it is small.
    assert.ok(validateOnly.includes('RE2'), 're2js is the pattern engine of validation');
    const own = await bundle(
      "import { validateRule } from '@questboard/rules'; console.log(validateRule);",
      ['re2js'],
    );
    assert.ok(own.length < 30_000, `validate-only bundle without re2js is ${own.length} bytes`);
    console.log(
      `validate-only bundle: ${validateOnly.length} bytes minified (${own.length} without re2js)`,
    );
    // The ./validate subpath (what core imports) is the same module.
    const subpath = await bundle(
      "import { validateRule } from '@questboard/rules/validate'; console.log(validateRule);",
      ['re2js'],
    );
    assert.ok(!subpath.includes('viem@') && subpath.length < 30_000);
  });
});
