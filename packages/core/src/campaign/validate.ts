import { checkPattern, validateRule } from '@questboard/rules/validate';
import type { Campaign } from './campaign.js';
import { rewardChecks } from './reward-schema.js';
import { type CampaignValidation, invalidCampaignError, validateCampaignWith } from './schema.js';

/** Validates a campaign and lists every problem with its path. Never throws. */
export function validateCampaign(input: unknown): CampaignValidation {
  return validateCampaignWith(input, validateRule, checkPattern, rewardChecks);
}

/** Returns the validated campaign or throws one `CAMPAIGN_INVALID` error listing every bad path. */
export function parseCampaign(input: unknown): Campaign {
  const result = validateCampaign(input);
  if (result.ok) return result.campaign;
  throw invalidCampaignError(result.issues);
}
