import '../../test/setup.js';
import './quest-reward.js';
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { Reward } from '@questboard/core';
import { requestedResources } from '@questboard/wallet/testing';
import { part, text, until } from '../../test/helpers.js';
import type { ClaimRequestDetail } from '../internal/actions.js';
import type { QuestReward, RewardState } from './quest-reward.component.js';

const reward: Reward = {
  title: 'Explorer badge',
  description: 'For finishing the basics.',
  image: '/examples/does-not-matter.png',
};

async function render(state: RewardState, extra: Partial<QuestReward> = {}): Promise<QuestReward> {
  return fixture<QuestReward>(
    html`<quest-reward
      .reward=${{ ...reward, image: undefined }}
      tier-id="basics"
      .state=${state}
      .busy=${extra.busy ?? false}
      .error=${extra.error ?? null}
      .locale=${extra.locale}
    ></quest-reward>`,
  );
}

describe('<quest-reward>', () => {
  it('is accessible in every state', async () => {
    for (const state of ['locked', 'claimable', 'claimed'] as const)
      await expect(await render(state)).to.be.accessible();
  });

  it('shows the reward, and what is left to do while locked', async () => {
    const el = await render('locked');
    expect(text(part(el, 'reward-label'))).to.equal('Reward');
    expect(text(part(el, 'reward-title'))).to.equal('Explorer badge');
    expect(text(part(el, 'reward-description'))).to.equal('For finishing the basics.');
    expect(text(part(el, 'reward-state'))).to.equal('Finish every task in this tier to claim it.');
    expect(part(el, 'reward-claim')).to.equal(null);
  });

  it('claimable: the button asks the board to claim, once', async () => {
    const el = await render('claimable');
    const request = oneEvent(el, 'quest-claim-request');
    part(el, 'reward-claim')!.click();
    expect(((await request) as CustomEvent<ClaimRequestDetail>).detail).to.deep.equal({
      tierId: 'basics',
    });
    el.busy = true;
    await el.updateComplete;
    expect(text(part(el, 'reward-claim'))).to.equal('Claiming…');
    expect(part(el, 'reward-claim')!.getAttribute('aria-disabled')).to.equal('true');
    let again = false;
    el.addEventListener('quest-claim-request', () => {
      again = true;
    });
    part(el, 'reward-claim')!.click();
    expect(again).to.equal(false);
  });

  it('claimed and failed claims', async () => {
    const claimed = await render('claimed');
    expect(text(part(claimed, 'reward-state'))).to.equal('Claimed');
    const failed = await render('claimable', {
      error: { code: 'TIER_NOT_COMPLETE', shortMessage: 'Not complete.' },
    });
    expect(text(part(failed, 'reward-error'))).to.equal(
      'Finish every task of this tier to claim its reward.',
    );
    const es = await render('claimable', { locale: 'es' });
    expect(text(part(es, 'reward-claim'))).to.equal('Reclamar recompensa');
  });

  it('shows a safe image only', async () => {
    const el = await fixture<QuestReward>(
      html`<quest-reward .reward=${{ ...reward, image: 'https://example.org/badge.png' }}></quest-reward>`,
    );
    const img = part<HTMLImageElement>(el, 'reward-image')!;
    expect(img.getAttribute('src')).to.equal('https://example.org/badge.png');
    expect(img.alt).to.equal('');
    const unsafe = await fixture<QuestReward>(
      html`<quest-reward .reward=${{ ...reward, image: 'javascript:alert(1)' }}></quest-reward>`,
    );
    expect(part(unsafe, 'reward-image')).to.equal(null);
  });
});

describe('<quest-reward> badge and token rewards (no chain)', () => {
  const claimChunk = () => requestedResources('/internal/claim.ts');

  it('loads the on-chain claim code only once a badge or token card appears', async () => {
    // A fresh, large resource-timing buffer (the default 250 entries fill up with the test's own
    // modules): a module imported before now would not be requested again, and the wait fails.
    performance.clearResourceTimings();
    performance.setResourceTimingBufferSize(100_000);
    await render('claimable');
    await render('claimed');
    expect(claimChunk()).to.deep.equal([]);
    const el = await fixture<QuestReward>(
      html`<quest-reward
        .reward=${{
          kind: 'badge',
          title: 'Explorer',
          chainId: 8453,
          contract: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
        }}
        state="claimable"
      ></quest-reward>`,
    );
    await until(() => claimChunk().length > 0, 'the claim chunk request');
    await until(() => part(el, 'reward-claim'), 'the claim button of the loaded on-chain half');
    await expect(el).to.be.accessible();
    expect(text(part(el, 'reward-label'))).to.equal('Soulbound badge');
    expect(text(part(el, 'reward-claim'))).to.equal('Mint badge');
  });

  it('a token reward that is locked shows its amount and what is left to do', async () => {
    const el = await fixture<QuestReward>(
      html`<quest-reward
        .reward=${{
          kind: 'token',
          title: 'Trader rewards',
          chainId: 8453,
          contract: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
          token: {
            address: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
            symbol: 'ACME',
            decimals: 18,
          },
          amount: '120000000000000000000',
        }}
        state="locked"
      ></quest-reward>`,
    );
    expect(text(part(el, 'reward-amount'))).to.equal('120 ACME');
    expect(text(part(el, 'reward-state'))).to.equal('Finish every task in this tier to claim it.');
    expect(part(el, 'reward-claim')).to.equal(null);
  });
});
