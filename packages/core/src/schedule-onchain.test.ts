// A scheduled on-chain task on a real anvil, with the backend's clock injected and block times
// set by evm_setNextBlockTimestamp: the event rule sees only the current period, so one old
// swap cannot satisfy every day.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  ANVIL_ACCOUNTS,
  type AnvilNode,
  abis,
  deployFixtures,
  type Fixtures,
  send,
  startAnvil,
} from '@questboard/rules/testing';
import type { VerifyResult } from './backends/backend.js';
import { parseCampaign } from './campaign/validate.js';
import { isQuestError, type QuestError } from './errors.js';

/** Whether a verify passed (a refusal is a thrown QuestError, caught by the helpers). */
const okOf = (r: VerifyResult | QuestError) => !isQuestError(r) && r.ok;

import { memoryBackend } from './memory-backend.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Midnight UTC, 1 January 2030 (after anvil's clock, so block times can be set to it). */
const D1 = Date.UTC(2030, 0, 1);
const alice = ANVIL_ACCOUNTS[1]!;

let node: AnvilNode;
let fx: Fixtures;
before(async () => {
  node = await startAnvil();
  fx = await deployFixtures(node.rpcUrl);
});
after(() => node?.stop());

async function swapAt(ms: number) {
  await fx.client.setNextBlockTimestamp({ timestamp: BigInt(ms / 1000) });
  await send(fx.client, alice, {
    address: fx.pool,
    abi: abis.pool,
    functionName: 'swap',
    args: [alice, 100n, -100n],
  });
}

describe('a daily on-chain task (anvil)', () => {
  test('counts only the swaps of the current period', async () => {
    const campaign = parseCampaign({
      schemaVersion: 1,
      id: 'daily-swap',
      title: 'Swap every day',
      chains: { '31337': { rpcUrls: [node.rpcUrl] } },
      tiers: [
        {
          id: 'daily',
          title: 'Daily',
          tasks: [
            {
              id: 'swap',
              kind: 'onchain',
              title: 'Swap today',
              points: 10,
              schedule: { every: 'day' },
              rule: {
                type: 'onchain.event',
                chainId: 31337,
                contract: fx.pool,
                event:
                  'event Swap(address indexed sender, address indexed recipient, int256 amount0, int256 amount1, uint160 sqrtPriceX96)',
                args: { sender: '$address' },
              },
            },
          ],
        },
      ],
    });
    const clock = { now: D1 + 12 * HOUR };
    const backend = memoryBackend({ storage: null, now: () => clock.now });
    await backend.loadCampaign(campaign);
    const verify = () =>
      backend.verify({ campaignId: campaign.id, taskId: 'swap', address: alice }).catch((e) => {
        if (isQuestError(e)) return e;
        throw e;
      });

    await swapAt(D1 + 10 * HOUR);
    assert.equal(okOf(await verify()), true, 'a swap today passes today');
    clock.now = D1 + DAY + HOUR;
    const next = await verify();
    assert.ok(!isQuestError(next) && !next.ok, JSON.stringify(next));
    assert.equal(next.code, 'VERIFY_FAILED', "yesterday's swap does not count today");
    await swapAt(D1 + DAY + 2 * HOUR);
    clock.now = D1 + DAY + 3 * HOUR;
    assert.equal(okOf(await verify()), true, "today's swap does");
    const progress = await backend.getProgress(campaign.id, alice);
    assert.deepEqual(Object.keys(progress.periods?.swap ?? {}).sort(), [
      '2030-01-01',
      '2030-01-02',
    ]);
  });
});
