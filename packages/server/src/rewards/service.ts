import {
  type Address,
  badgeVoucherToJson,
  type Campaign,
  createBadgeVoucher,
  findTier,
  type RewardDelivery,
  signBadgeVoucher,
  type Tier,
  type TokenProof,
  tierTokenAmount,
} from '@questboard/core';
import { getAddress, type LocalAccount } from 'viem';
import type { Db } from '../db.js';
import { ApiError, badRequest } from '../http-error.js';
import type { Logger } from '../log.js';
import type { CampaignService } from '../service/campaigns.js';
import * as rewardStore from '../store-rewards.js';
import {
  buildRound,
  loadRound,
  type Round,
  type RoundDump,
  roundCsv,
  roundProof,
} from './rounds.js';

/** One drop of a campaign: where its token tiers are paid. */
export interface Drop {
  chainId: number;
  contract: Address;
}

/** A closed round, as the admin API answers it. */
export interface RoundInfo {
  round: number;
  chainId: number;
  contract: string;
  root: `0x${string}`;
  /** Base units the drop must hold for everyone to claim this round in full (decimal). */
  total: string;
  /** Addresses in the round. */
  count: number;
  closedAt: string;
}

const notFound = (message: string) => new ApiError(404, 'NOT_FOUND', message);

const info = (r: rewardStore.RoundRow): RoundInfo => ({
  round: r.round,
  chainId: r.chainId,
  contract: r.contract,
  root: r.root,
  total: r.total,
  count: r.count,
  closedAt: r.closedAt,
});

const sameDrop = (a: Drop, b: { chainId: number; contract: string }) =>
  a.chainId === b.chainId && a.contract.toLowerCase() === b.contract.toLowerCase();

/** The distinct drops a campaign's token tiers pay from, in tier order. */
export function dropsOf(campaign: Campaign): Drop[] {
  const drops: Drop[] = [];
  for (const tier of campaign.tiers) {
    const reward = tier.reward;
    if (reward?.kind !== 'token') continue;
    const drop = { chainId: reward.chainId, contract: getAddress(reward.contract) };
    if (!drops.some((d) => sameDrop(d, drop))) drops.push(drop);
  }
  return drops;
}

/**
 * Rewards on the server: what a claim delivers (a stored, signed badge voucher; a token tier's
 * amount in the ledger; an allowlist place), and the drop rounds the operator closes from the
 * token ledger, with the proofs they serve.
 */
export class RewardService {
  /** Loaded rounds (immutable once stored), by `campaign:round`. */
  private readonly rounds = new Map<string, Round>();

  constructor(
    private readonly db: Db,
    private readonly campaigns: CampaignService,
    private readonly issuer: Pick<LocalAccount, 'signTypedData'>,
    private readonly log: Logger,
    private readonly now: () => number,
  ) {}

  /**
   * A new delivery for `address` claiming `tier` (a badge voucher is created and signed here),
   * or null for a credential reward (nothing to store).
   */
  async newDelivery(
    campaign: Campaign,
    tier: Tier,
    address: Address,
  ): Promise<Exclude<RewardDelivery, { kind: 'credential' }> | null> {
    const reward = tier.reward;
    switch (reward?.kind) {
      case undefined:
      case 'credential':
        return null;
      case 'allowlist':
        return { kind: 'allowlist', list: reward.list };
      case 'token':
        return {
          kind: 'token',
          chainId: reward.chainId,
          contract: getAddress(reward.contract),
          token: {
            address: getAddress(reward.token.address),
            symbol: reward.token.symbol,
            decimals: reward.token.decimals,
          },
          amount: tierTokenAmount(tier).toString(),
        };
      case 'badge': {
        const voucher = createBadgeVoucher({
          to: address,
          campaignId: campaign.id,
          tierId: tier.id,
          now: this.now(),
        });
        const contract = getAddress(reward.contract);
        const signature = await signBadgeVoucher(
          this.issuer,
          { chainId: reward.chainId, address: contract },
          voucher,
        );
        return {
          kind: 'badge',
          chainId: reward.chainId,
          contract,
          voucher: badgeVoucherToJson(voucher),
          signature,
        };
      }
    }
  }

  /** A token delivery with the proof of the latest closed round that includes the address. */
  async withProof(
    campaignId: string,
    address: Address,
    delivery: RewardDelivery,
  ): Promise<RewardDelivery> {
    if (delivery.kind !== 'token') return delivery;
    const proof = await this.proofFor(campaignId, delivery, address);
    return proof ? { ...delivery, proof } : delivery;
  }

  private async proofFor(
    campaignId: string,
    drop: Drop,
    address: Address,
  ): Promise<TokenProof | undefined> {
    const latest = await rewardStore.latestRound(this.db, campaignId, drop.chainId, drop.contract);
    if (!latest) return undefined;
    const round = await this.loaded(campaignId, latest.round);
    const proof = roundProof(round, address);
    if (!proof) return undefined;
    return {
      round: latest.round,
      root: latest.root,
      amount: proof.amount.toString(),
      proof: proof.proof,
    };
  }

  private async loaded(campaignId: string, round: number): Promise<Round> {
    const key = `${campaignId}:${round}`;
    const hit = this.rounds.get(key);
    if (hit) return hit;
    const dump = await rewardStore.roundDumpOf(this.db, campaignId, round);
    if (dump === null) throw notFound(`Round ${round} of campaign "${campaignId}" does not exist.`);
    const loaded = loadRound(dump as RoundDump);
    if (this.rounds.size >= 32) this.rounds.delete(this.rounds.keys().next().value!);
    this.rounds.set(key, loaded);
    return loaded;
  }

  /**
   * `GET /campaigns/{id}/tiers/{tierId}/proof/{address}`: the proof of the latest closed round
   * of the tier's drop, or 404 `NOT_FOUND` while no closed round includes the address.
   */
  async proof(campaignId: string, tierId: string, address: Address): Promise<TokenProof> {
    const campaign = await this.campaigns.live(campaignId);
    const tier = findTier(campaign, tierId);
    if (!tier)
      throw new ApiError(
        404,
        'TIER_NOT_FOUND',
        `Tier "${tierId}" is not part of campaign "${campaignId}".`,
      );
    const reward = tier.reward;
    if (reward?.kind !== 'token')
      throw badRequest(`Tier "${tierId}" has no token reward: there is no proof to serve.`);
    const proof = await this.proofFor(campaignId, reward, address);
    if (!proof)
      throw notFound(
        `${address} is in no closed round of this drop yet: claim the tier, then wait for the operator to close a round.`,
      );
    return proof;
  }

  /** The campaign (archived too: an operator still pays out an ended campaign). */
  private async campaign(campaignId: string): Promise<Campaign> {
    const row = await this.campaigns.row(campaignId);
    if (!row)
      throw new ApiError(404, 'CAMPAIGN_NOT_FOUND', `Campaign "${campaignId}" does not exist.`);
    return row.campaign;
  }

  /** The drop a round is closed for: the only one, or the one the operator named. */
  private pickDrop(campaign: Campaign, wanted: Partial<Drop>): Drop {
    const drops = dropsOf(campaign);
    const list = drops.map((d) => `${d.contract} on chain ${d.chainId}`).join(', ');
    if (drops.length === 0)
      throw badRequest(`Campaign "${campaign.id}" has no token tier: there is nothing to close.`);
    if (wanted.contract === undefined && wanted.chainId === undefined) {
      if (drops.length === 1) return drops[0]!;
      throw badRequest(
        `Campaign "${campaign.id}" pays from ${drops.length} drops (${list}): name one with { "chainId", "contract" }.`,
      );
    }
    const match = drops.filter(
      (d) =>
        (wanted.chainId === undefined || d.chainId === wanted.chainId) &&
        (wanted.contract === undefined ||
          d.contract.toLowerCase() === wanted.contract.toLowerCase()),
    );
    if (match.length !== 1)
      throw badRequest(
        match.length === 0
          ? `No token tier of campaign "${campaign.id}" pays from that drop; its drops: ${list}.`
          : `More than one drop matches; name both chainId and contract (drops: ${list}).`,
      );
    return match[0]!;
  }

  /**
   * Closes a round of one drop from its ledger (every claimed token tier, cumulative per
   * address). The same ledger gives the same round again: no new row (`created: false`).
   */
  async closeRound(
    campaignId: string,
    wanted: Partial<Drop> = {},
  ): Promise<{ round: RoundInfo; created: boolean }> {
    const campaign = await this.campaign(campaignId);
    const drop = this.pickDrop(campaign, wanted);
    const result = await this.db.transaction(async (tx) => {
      await rewardStore.lockCampaignRounds(tx, campaignId);
      const ledger = await rewardStore.tokenLedger(tx, campaignId, drop.chainId, drop.contract);
      if (ledger.length === 0)
        throw badRequest(
          `Nobody has claimed a token tier of drop ${drop.contract} yet: there is nothing to close.`,
        );
      const round = buildRound(ledger);
      const latest = await rewardStore.latestRound(tx, campaignId, drop.chainId, drop.contract);
      if (latest && latest.root === round.root) return { row: latest, created: false, round };
      const row = await rewardStore.insertRound(tx, {
        campaignId,
        chainId: drop.chainId,
        contract: drop.contract,
        root: round.root,
        total: round.total.toString(),
        count: round.entries.length,
        dump: round.tree.dump(),
      });
      return { row, created: true, round };
    });
    if (result.created) {
      this.rounds.set(`${campaignId}:${result.row.round}`, result.round);
      this.log.info('round closed', {
        campaignId,
        round: result.row.round,
        root: result.row.root,
        count: result.row.count,
      });
    }
    return { round: info(result.row), created: result.created };
  }

  async listRounds(campaignId: string): Promise<RoundInfo[]> {
    await this.campaign(campaignId);
    return (await rewardStore.listRounds(this.db, campaignId)).map(info);
  }

  private async storedRound(campaignId: string, round: number): Promise<Round> {
    await this.campaign(campaignId);
    return this.loaded(campaignId, round);
  }

  /** A round as CSV `address,amount` (checksummed, one row per address). */
  async roundCsv(campaignId: string, round: number): Promise<string> {
    return roundCsv(await this.storedRound(campaignId, round));
  }

  /** A round's `StandardMerkleTree` dump JSON. */
  async roundDump(campaignId: string, round: number): Promise<RoundDump> {
    return (await this.storedRound(campaignId, round)).tree.dump();
  }

  /** An allowlist as CSV: `address`, then every address that claimed a tier of it, checksummed. */
  async allowlistCsv(campaignId: string, list: string): Promise<string> {
    const campaign = await this.campaign(campaignId);
    const addresses = await rewardStore.allowlistOf(this.db, campaignId, list);
    const named = campaign.tiers.some(
      (t) => t.reward?.kind === 'allowlist' && t.reward.list === list,
    );
    if (!named && addresses.length === 0)
      throw notFound(`Campaign "${campaignId}" has no allowlist "${list}".`);
    const unique = [...new Set(addresses.map((a) => getAddress(a)))];
    return `address\n${unique.map((a) => `${a}\n`).join('')}`;
  }
}
