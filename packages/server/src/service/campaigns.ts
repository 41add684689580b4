import {
  type Campaign,
  invalidCampaignError,
  parseCampaign as parseAny,
  publicCampaign,
} from '@questboard/core';
import { type Rule, secretRefs } from '@questboard/rules';
import type { Db, Queryable } from '../db.js';
import { ApiError, badRequest } from '../http-error.js';
import type { Logger } from '../log.js';
import { sha256 } from '../secrets.js';
import * as store from '../store.js';
import { lockSegments } from '../store-segments.js';

export const etagOf = (campaign: Campaign) => `"${sha256(JSON.stringify(campaign)).slice(0, 32)}"`;

/** Where rule secrets (`{ "$secret": "NAME" }`) are read: the server's environment. */
export const secretFromEnv = (name: string): string | undefined => process.env[name];

/**
 * A campaign this server checks: valid, every quiz carries its answer hash (kept here), and
 * every secret its rules reference is set in the server's environment (a campaign that could
 * never be checked is refused when it is created, not at the first visitor's verify).
 */
function parseCampaign(input: unknown): Campaign {
  const campaign = parseAny(input);
  const issues = campaign.tiers.flatMap((tier, t) =>
    tier.tasks.flatMap((task, k) => {
      const path = `tiers[${t}].tasks[${k}]`;
      if (task.kind === 'quiz' && !task.answer)
        return [{ path: `${path}.answer`, message: 'is required: the server checks quiz answers' }];
      if (!('rule' in task)) return [];
      const missing = secretRefs(task.rule as Rule).filter((name) => !secretFromEnv(name));
      return missing.length
        ? [
            {
              path: `${path}.rule`,
              message: `uses the secret${missing.length > 1 ? 's' : ''} ${missing.map((n) => `"${n}"`).join(', ')}, not set in the server's environment (set ${missing.join(', ')} and restart the server)`,
            },
          ]
        : [];
    }),
  );
  if (issues.length) throw invalidCampaignError(issues);
  return campaign;
}

/**
 * 400 naming `tiers[i].unlock.segment` for each segment the campaign names that is not saved;
 * the named ones stay locked against a delete until the transaction `q` ends.
 */
async function checkSegments(q: Queryable, campaign: Campaign): Promise<void> {
  const named = campaign.tiers.flatMap((tier, t) =>
    tier.unlock?.segment ? [{ name: tier.unlock.segment, path: `tiers[${t}].unlock.segment` }] : [],
  );
  if (named.length === 0) return;
  const saved = await lockSegments(q, [...new Set(named.map((n) => n.name))]);
  const issues = named
    .filter((n) => !saved.has(n.name))
    .map((n) => ({
      path: n.path,
      message: `names no saved segment ("${n.name}"): save it first with PUT /admin/segments/${n.name}`,
    }));
  if (issues.length)
    throw badRequest(
      `The campaign names segments this server has not saved: ${issues.map((i) => i.path).join(', ')}.`,
      { issues },
    );
}

const notFound = (id: string, hint = '') =>
  new ApiError(404, 'CAMPAIGN_NOT_FOUND', `Campaign "${id}" does not exist${hint}.`);

/**
 * Campaigns: reads cached briefly per replica (updates on another replica show within `ttlMs`),
 * and the operator's writes, which invalidate the cache.
 */
export class CampaignService {
  private readonly entries = new Map<string, { row: store.CampaignRow | null; at: number }>();
  private union: { origins: Set<string>; at: number } | undefined;

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    private readonly ttlMs = 2000,
  ) {}

  /** The stored row (archived ones too), cached. */
  async row(id: string): Promise<store.CampaignRow | null> {
    const hit = this.entries.get(id);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.row;
    const row = await store.getCampaign(this.db, id);
    if (this.entries.size > 10_000) this.entries.clear();
    this.entries.set(id, { row, at: Date.now() });
    return row;
  }

  /** A live (not archived) campaign's row, or CAMPAIGN_NOT_FOUND. */
  async liveRow(id: string): Promise<store.CampaignRow> {
    const row = await this.row(id);
    if (!row || row.archived) throw notFound(id);
    return row;
  }

  /**
   * The public view of a live campaign (`GET /campaigns/{id}`): no quiz answers (this server
   * checks them) and no secret rule fields. The ETag is the stored campaign's.
   */
  async publicView(id: string): Promise<{ campaign: Campaign; etag: string }> {
    const row = await this.liveRow(id);
    return { campaign: publicCampaign(row.campaign, { serverChecked: true }), etag: row.etag };
  }

  /** A live (not archived) campaign, or CAMPAIGN_NOT_FOUND. */
  async live(id: string): Promise<Campaign> {
    return (await this.liveRow(id)).campaign;
  }

  invalidate(id: string) {
    this.entries.delete(id);
    this.union = undefined;
  }

  list(includeArchived: boolean) {
    return store.listCampaigns(this.db, includeArchived);
  }

  /** Origins of every live campaign (CORS and SIWE domains for routes that name no campaign), cached 5 s. */
  async allOrigins(): Promise<Set<string>> {
    if (!this.union || Date.now() - this.union.at > 5000)
      this.union = { origins: new Set(await store.allOrigins(this.db)), at: Date.now() };
    return this.union.origins;
  }

  /** Creates or updates a campaign from a JSON file at start (idempotent: unchanged files change nothing). */
  async upsert(input: unknown): Promise<'created' | 'updated' | 'unchanged'> {
    const campaign = parseCampaign(input);
    const etag = etagOf(campaign);
    const result = await this.db.transaction(async (tx) => {
      await checkSegments(tx, campaign);
      const existing = await store.getCampaign(tx, campaign.id);
      if (!existing)
        return (await store.insertCampaign(tx, campaign, etag)) ? 'created' : 'unchanged';
      if (existing.etag === etag) return 'unchanged';
      await store.updateCampaign(tx, campaign, etag);
      return 'updated';
    });
    this.invalidate(campaign.id);
    return result;
  }

  async create(input: unknown): Promise<{ campaign: Campaign; etag: string }> {
    const campaign = parseCampaign(input);
    const etag = etagOf(campaign);
    const inserted = await this.db.transaction(async (tx) => {
      await checkSegments(tx, campaign);
      return store.insertCampaign(tx, campaign, etag);
    });
    if (!inserted)
      throw new ApiError(
        409,
        'BAD_REQUEST',
        `Campaign "${campaign.id}" already exists; update it with PUT /campaigns/${campaign.id}.`,
      );
    this.invalidate(campaign.id);
    this.log.info('campaign created', { campaignId: campaign.id });
    return { campaign, etag };
  }

  async update(
    id: string,
    input: unknown,
    ifMatch: string | undefined,
  ): Promise<{ campaign: Campaign; etag: string }> {
    const campaign = parseCampaign(input);
    if (campaign.id !== id)
      throw badRequest(`The body's id "${campaign.id}" differs from the URL's "${id}".`);
    const etag = etagOf(campaign);
    const updated = await this.db.transaction(async (tx) => {
      const current = await store.getCampaign(tx, id);
      if (!current) return null;
      await checkSegments(tx, campaign);
      if (ifMatch && ifMatch !== current.etag)
        throw new ApiError(
          412,
          'BAD_REQUEST',
          'The campaign changed since you read it (If-Match does not match its ETag).',
        );
      return store.updateCampaign(tx, campaign, etag);
    });
    if (!updated) throw notFound(id, '; create it with POST /campaigns');
    this.invalidate(id);
    this.log.info('campaign updated', { campaignId: id });
    return { campaign, etag };
  }

  async archive(id: string): Promise<void> {
    if (!(await store.setArchived(this.db, id, true))) throw notFound(id);
    this.invalidate(id);
    this.log.info('campaign archived', { campaignId: id });
  }
}
