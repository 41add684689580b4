import type { Address } from '../campaign/campaign.js';

/** One recorded completion. */
export interface Completion {
  /** ISO 8601 instant. */
  at: string;
  points: number;
}

/**
 * What a backend knows of one visitor (address, or anonymous) in one campaign.
 * Only completions and claims are stored; everything else is derived by the ladder engine.
 */
export interface Progress {
  campaignId: string;
  /** `null` for an anonymous visitor (no wallet yet). */
  address: Address | null;
  completed: Record<string, Completion>;
  claimed: Record<string, { at: string }>;
}

export function emptyProgress(campaignId: string, address: Address | null = null): Progress {
  return { campaignId, address, completed: {}, claimed: {} };
}
