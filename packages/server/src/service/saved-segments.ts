import type { Address, Campaign, Progress } from '@questboard/core';
import type { Db } from '../db.js';
import { ApiError } from '../http-error.js';
import type { Logger } from '../log.js';
import type { SegmentRule, SegmentService } from '../segments.js';
import * as segmentStore from '../store-segments.js';

/** The segments a campaign's tiers name (`unlock.segment`), each once, in tier order. */
export const segmentsOf = (campaign: Campaign): string[] => [
  ...new Set(campaign.tiers.flatMap((t) => (t.unlock?.segment ? [t.unlock.segment] : []))),
];

const notFound = (name: string) =>
  new ApiError(
    404,
    'NOT_FOUND',
    `Segment "${name}" does not exist; save it with PUT /admin/segments/${name}.`,
  );

/**
 * Saved segments: the operator's named rules (admin API) and, for the campaigns whose tiers name
 * them, which of them a wallet is in. Membership is one statement per (segment, wallet), cached
 * `ttlMs` per replica like campaigns; so is each segment's rule.
 */
export class SavedSegments {
  private readonly rules = new Map<string, { rule: SegmentRule | null; at: number }>();
  private readonly memberCache = new Map<string, { member: boolean; at: number }>();

  constructor(
    private readonly db: Db,
    private readonly queries: SegmentService,
    private readonly log: Logger,
    private readonly ttlMs = 2000,
  ) {}

  list() {
    return segmentStore.listSegments(this.db);
  }

  async get(name: string) {
    const segment = await segmentStore.getSegment(this.db, name);
    if (!segment) throw notFound(name);
    return segment;
  }

  async put(name: string, rule: SegmentRule) {
    const result = await segmentStore.putSegment(this.db, name, rule);
    this.forget(name);
    this.log.info(result.created ? 'segment created' : 'segment updated', { segment: name });
    return result;
  }

  /** Deletes a segment; 409 naming the live campaigns whose tiers are gated on it. */
  async delete(name: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (!(await segmentStore.lockSegmentForDelete(tx, name))) throw notFound(name);
      const using = await segmentStore.campaignsUsingSegment(tx, name);
      if (using.length)
        throw new ApiError(
          409,
          'BAD_REQUEST',
          `Segment "${name}" gates a tier of live campaign${using.length > 1 ? 's' : ''} ${using.map((id) => `"${id}"`).join(', ')}: change or archive ${using.length > 1 ? 'them' : 'it'} first.`,
          { details: `used by ${using.join(', ')}` },
        );
      await segmentStore.deleteSegment(tx, name);
    });
    this.forget(name);
    this.log.info('segment deleted', { segment: name });
  }

  /** The saved rule, or 404 (count, members and export by name). */
  async rule(name: string): Promise<SegmentRule> {
    return (await this.get(name)).rule;
  }

  count(name: string) {
    return this.rule(name).then((rule) => this.queries.count(rule));
  }

  async members(name: string, page: { after?: string; limit: number }) {
    return this.queries.members(await this.rule(name), page);
  }

  async pages(name: string) {
    return this.queries.pages(await this.rule(name));
  }

  async merkle(name: string) {
    return this.queries.merkle(await this.rule(name));
  }

  /** The segments named by `campaign` that `address` is in (cached `ttlMs`). */
  async membership(campaign: Campaign, address: Address): Promise<string[]> {
    const names = segmentsOf(campaign);
    if (names.length === 0) return [];
    const inside = await Promise.all(names.map((name) => this.isMember(name, address)));
    return names.filter((_, i) => inside[i]);
  }

  /** `progress` with the segments of `campaign` its wallet is in (`Progress.segments`). */
  async withSegments<P extends Progress>(campaign: Campaign, progress: P): Promise<P> {
    if (!progress.address || segmentsOf(campaign).length === 0) return progress;
    return { ...progress, segments: await this.membership(campaign, progress.address) };
  }

  private async cachedRule(name: string): Promise<SegmentRule | null> {
    const hit = this.rules.get(name);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.rule;
    const rule = (await segmentStore.getSegment(this.db, name))?.rule ?? null;
    if (this.rules.size > 10_000) this.rules.clear();
    this.rules.set(name, { rule, at: Date.now() });
    return rule;
  }

  private async isMember(name: string, address: Address): Promise<boolean> {
    const key = `${name}\u0000${address}`;
    const hit = this.memberCache.get(key);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.member;
    const rule = await this.cachedRule(name);
    // Deleted since the campaign was published (only possible once it is archived): no one is in.
    const member = rule ? await segmentStore.segmentHas(this.db, rule, address) : false;
    if (this.memberCache.size > 100_000) this.memberCache.clear();
    this.memberCache.set(key, { member, at: Date.now() });
    return member;
  }

  private forget(name: string) {
    this.rules.delete(name);
    for (const key of this.memberCache.keys())
      if (key.startsWith(`${name}\u0000`)) this.memberCache.delete(key);
  }
}
