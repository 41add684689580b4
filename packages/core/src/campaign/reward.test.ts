import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { QuestError } from '../errors.js';
import type { Campaign } from './campaign.js';
import { publicCampaign } from './public.js';
import { formatTokenAmount, MAX_TOKEN_AMOUNT, rewardKind, tierTokenAmount } from './reward.js';
import { parseCampaignLazily } from './schema.js';
import { parseCampaign, validateCampaign } from './validate.js';

const BADGE = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const DROP = '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512';
const TOKEN = '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0';

// biome-ignore lint/suspicious/noExplicitAny: tests edit the JSON freely, wrong types included
function campaign(): any {
  return {
    schemaVersion: 1,
    id: 'rewards',
    title: 'Rewards',
    chains: { '31337': { rpcUrls: ['http://127.0.0.1:8545'] } },
    tiers: [
      {
        id: 'bronze',
        title: 'Bronze',
        tasks: [{ id: 'v1', kind: 'visit', title: 'Visit', points: 10, url: 'https://a.example' }],
        reward: {
          kind: 'badge',
          title: 'Bronze explorer',
          image: 'https://a.example/bronze.png',
          chainId: 31337,
          contract: BADGE,
        },
      },
      {
        id: 'silver',
        title: 'Silver',
        tasks: [
          { id: 'v2', kind: 'visit', title: 'Visit', points: 20, url: 'https://a.example' },
          { id: 'v3', kind: 'visit', title: 'Visit', points: 30, url: 'https://a.example' },
        ],
        reward: {
          kind: 'token',
          title: '120 ACME',
          chainId: 31337,
          contract: DROP,
          token: { address: TOKEN, symbol: 'ACME', decimals: 18 },
          amount: { perPoint: '1000000000000000000' },
        },
      },
      {
        id: 'gold',
        title: 'Gold',
        tasks: [{ id: 'v4', kind: 'visit', title: 'Visit', points: 5, url: 'https://a.example' }],
        reward: { kind: 'allowlist', title: 'Early access', list: 'early-access' },
      },
      {
        id: 'plain',
        title: 'Plain',
        tasks: [{ id: 'v5', kind: 'visit', title: 'Visit', points: 5, url: 'https://a.example' }],
        reward: { title: 'A credential' },
      },
    ],
  } satisfies Campaign;
}

const issuesOf = (input: unknown) => {
  const result = validateCampaign(input);
  assert.equal(result.ok, false, 'expected the campaign to be refused');
  return result.ok ? [] : result.issues;
};
const pathsOf = (input: unknown) => issuesOf(input).map((i) => `${i.path}`);

describe('reward kinds', () => {
  it('accepts every kind, and credential when kind is absent', () => {
    const parsed = parseCampaign(campaign());
    assert.deepEqual(
      parsed.tiers.map((t) => rewardKind(t.reward!)),
      ['badge', 'token', 'allowlist', 'credential'],
    );
  });

  it('accepts lowercase addresses and fixed amounts', () => {
    const c = campaign();
    c.tiers[0].reward.contract = BADGE.toLowerCase();
    c.tiers[1].reward.amount = '120';
    assert.equal(validateCampaign(c).ok, true);
    assert.equal(tierTokenAmount(c.tiers[1]), 120n);
  });

  it('computes a per-point amount from the tier’s tasks’ points', () => {
    const tier = campaign().tiers[1]!;
    assert.equal(tierTokenAmount(tier), 50n * 10n ** 18n);
    assert.throws(() => tierTokenAmount(campaign().tiers[0]!), /no token reward/);
  });

  it('names every bad field of every kind', () => {
    const c = campaign();
    c.tiers[0].reward.chainId = 0;
    c.tiers[0].reward.contract = '0x1234';
    c.tiers[0].reward.mint = true;
    c.tiers[1].reward.token = { address: 'nope', symbol: '', decimals: 37 };
    c.tiers[1].reward.amount = { perPoint: '-1' };
    c.tiers[2].reward.list = 'has spaces';
    c.tiers[3].reward.kind = 'nft';
    assert.deepEqual(pathsOf(c).sort(), [
      'tiers[0].reward.chainId',
      'tiers[0].reward.contract',
      'tiers[0].reward.mint',
      'tiers[1].reward.amount.perPoint',
      'tiers[1].reward.token.address',
      'tiers[1].reward.token.decimals',
      'tiers[1].reward.token.symbol',
      'tiers[2].reward.list',
      'tiers[3].reward.kind',
    ]);
  });

  it('bounds amounts to positive uint256 decimal strings', () => {
    const bad = [
      ['0', 'more than 0'],
      ['007', 'start with 0'],
      ['1.5', 'decimal string'],
      ['1e18', 'decimal string'],
      [(MAX_TOKEN_AMOUNT + 1n).toString(), 'uint256'],
      ['9'.repeat(200), 'uint256'],
    ] as const;
    for (const [amount, message] of bad) {
      const c = campaign();
      c.tiers[1].reward.amount = amount;
      const issues = issuesOf(c);
      assert.deepEqual(
        issues.map((i) => i.path),
        ['tiers[1].reward.amount'],
        amount,
      );
      assert.match(issues[0]!.message, new RegExp(message), amount);
    }
    const c = campaign();
    c.tiers[1].reward.amount = 120;
    assert.match(issuesOf(c)[0]!.message, /decimal string/);
    c.tiers[1].reward.amount = MAX_TOKEN_AMOUNT.toString();
    assert.equal(validateCampaign(c).ok, true);
  });

  it('refuses a per-point amount that overflows uint256 or pays nothing', () => {
    const c = campaign();
    c.tiers[1].reward.amount = { perPoint: (MAX_TOKEN_AMOUNT / 10n).toString() };
    assert.match(issuesOf(c)[0]!.message, /50 points is more than 2\^256/);
    c.tiers[1].tasks.forEach((t: { points: number }) => {
      t.points = 0;
    });
    c.tiers[1].reward.amount = { perPoint: '5' };
    assert.match(issuesOf(c)[0]!.message, /pays nothing/);
  });

  it('checks checksums of mixed-case addresses and refuses the zero address', () => {
    const c = campaign();
    c.tiers[0].reward.contract = BADGE.replace('F', 'f');
    c.tiers[1].reward.token.address = TOKEN.replace('f', 'F');
    const issues = issuesOf(c);
    assert.deepEqual(
      issues.map((i) => i.path),
      ['tiers[0].reward.contract', 'tiers[1].reward.token.address'],
    );
    assert.match(issues[0]!.message, /EIP-55 checksum/);
    const zero = campaign();
    zero.tiers[1].reward.token.address = `0x${'0'.repeat(40)}`;
    const [issue, ...rest] = issuesOf(zero);
    assert.equal(rest.length, 0);
    assert.equal(issue!.path, 'tiers[1].reward.token.address');
    assert.match(issue!.message, /zero address/);
  });

  it('checks checksums in the lazy browser parser too', async () => {
    const c = campaign();
    c.tiers[1].reward.contract = DROP.replace('E', 'e');
    await assert.rejects(parseCampaignLazily(c), (error: unknown) => {
      assert.ok(error instanceof QuestError);
      assert.equal(error.code, 'CAMPAIGN_INVALID');
      assert.deepEqual(
        error.issues.map((i) => i.path),
        ['tiers[1].reward.contract'],
      );
      return true;
    });
    assert.equal((await parseCampaignLazily(campaign())).tiers.length, 4);
  });

  it('needs the reward chain under chains', () => {
    const c = campaign();
    c.tiers[1].reward.chainId = 8453;
    const issues = issuesOf(c);
    assert.deepEqual(
      issues.map((i) => i.path),
      ['tiers[1].reward.chainId'],
    );
    assert.match(issues[0]!.message, /chain 8453.*not listed under "chains"/);
  });

  it('holds a badge name and image to what QuestBadge stores on chain', () => {
    const c = campaign();
    c.tiers[0].reward.title = 'The "best" badge';
    c.tiers[0].reward.image = 'http://a.example/b.png';
    assert.deepEqual(pathsOf(c).sort(), ['tiers[0].reward.image', 'tiers[0].reward.title']);
    c.tiers[0].reward.name = 'back\\slash';
    assert.deepEqual(pathsOf(c).sort(), ['tiers[0].reward.image', 'tiers[0].reward.name']);
    c.tiers[0].reward.name = 'é'.repeat(64);
    c.tiers[0].reward.image = 'https://a.example/b.png';
    assert.equal(validateCampaign(c).ok, true, '128 bytes of UTF-8 fit');
    c.tiers[0].reward.name = 'é'.repeat(65);
    assert.match(issuesOf(c)[0]!.message, /128 bytes/);
  });

  it('takes the on-chain badge image from chainImage, so the card may show an http: image', () => {
    const c = campaign();
    c.tiers[0].reward.image = 'http://127.0.0.1:5173/badge.svg';
    assert.deepEqual(
      pathsOf(c),
      ['tiers[0].reward.image'],
      'without chainImage, image is on chain',
    );
    c.tiers[0].reward.chainImage = 'ipfs://bafkreigh2akiscaildc';
    assert.equal(validateCampaign(c).ok, true, 'an ipfs: image on chain, an http: one on the card');
    c.tiers[0].reward.chainImage = 'http://a.example/b.png';
    assert.deepEqual(pathsOf(c), ['tiers[0].reward.chainImage']);
    c.tiers[0].reward.chainImage = 'ipfs://"quoted"';
    assert.match(issuesOf(c)[0]!.message, /2048 bytes, without "/);
    c.tiers[0].reward.chainImage = `ipfs://${'a'.repeat(2048)}`;
    assert.deepEqual(pathsOf(c), ['tiers[0].reward.chainImage']);
  });

  it('keeps rewards in the public view as they are', () => {
    const c = parseCampaign(campaign());
    const view = publicCampaign(c, { serverChecked: true });
    assert.deepEqual(
      view.tiers.map((t) => t.reward),
      c.tiers.map((t) => t.reward),
    );
  });

  it('formats base units for display', () => {
    assert.equal(formatTokenAmount(1_500_000n, 6), '1.5');
    assert.equal(formatTokenAmount('120000000000000000000', 18), '120');
    assert.equal(formatTokenAmount('5', 18), '0.000000000000000005');
    assert.equal(formatTokenAmount(42n, 0), '42');
  });
});
