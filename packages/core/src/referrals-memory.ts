// The memory backend's referrals: the same policy as the server (./referrals.ts), its facts kept
// in the backend's storage. Loaded lazily, only for campaigns with a `referral` section.
import type { Address, Campaign } from './campaign/campaign.js';
import { QuestError } from './errors.js';
import type { Progress } from './ladder/progress.js';
import {
  bindRefusal,
  newReferralCode,
  parseReferralCode,
  qualifiesNow,
  REFERRAL_REFUSAL_MESSAGES,
  type ReferralBinding,
  type ReferralRefusal,
  type ReferralsOverview,
  referralStatus,
} from './referrals.js';

/** The subset of the Web Storage API used (the memory backend's). */
interface Storage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  readonly length: number;
  key(index: number): string | null;
}

interface StoredBinding {
  referee: Address;
  referrer: string;
  code: string;
  boundAt: number;
  qualifiedAt?: number;
}

export interface MemoryReferralDeps {
  storage: Storage;
  prefix: string;
  now: () => number;
  /** The stored progress of an address. */
  progressOf: (campaignId: string, address: Address) => Progress;
}

const refused = (reason: ReferralRefusal) =>
  new QuestError('REFERRAL_REFUSED', REFERRAL_REFUSAL_MESSAGES[reason], { details: reason });

const hasProgress = (p: Progress) =>
  Object.keys(p.completed).length > 0 || Object.keys(p.periods ?? {}).length > 0;

export function memoryReferrals({ storage, prefix, now, progressOf }: MemoryReferralDeps) {
  const codeKey = (c: string, a: Address) => `${prefix}refcode:${c}:${a.toLowerCase()}`;
  const ownerKey = (c: string, code: string) => `${prefix}refowner:${c}:${code}`;
  const bindingKey = (c: string, a: Address) => `${prefix}referral:${c}:${a.toLowerCase()}`;

  const bindingOf = (campaignId: string, referee: Address): StoredBinding | undefined => {
    const raw = storage.getItem(bindingKey(campaignId, referee));
    if (raw === null) return undefined;
    try {
      const b = JSON.parse(raw) as StoredBinding;
      return typeof b.referrer === 'string' &&
        typeof b.referee === 'string' &&
        typeof b.boundAt === 'number'
        ? b
        : undefined;
    } catch {
      return undefined;
    }
  };

  /** Every binding of the campaign, by referee (lowercase). */
  const bindings = (campaignId: string): [string, StoredBinding][] => {
    const start = `${prefix}referral:${campaignId}:`;
    const out: [string, StoredBinding][] = [];
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i);
      if (!key?.startsWith(start)) continue;
      const b = bindingOf(campaignId, key.slice(start.length) as Address);
      if (b) out.push([b.referee.toLowerCase(), b]);
    }
    return out;
  };

  function codeFor(campaignId: string, address: Address): string {
    const existing = storage.getItem(codeKey(campaignId, address));
    if (existing) return existing;
    let code = newReferralCode();
    while (storage.getItem(ownerKey(campaignId, code)) !== null) code = newReferralCode();
    storage.setItem(ownerKey(campaignId, code), address.toLowerCase());
    storage.setItem(codeKey(campaignId, address), code);
    return code;
  }

  return {
    bind(campaign: Campaign, referee: Address, rawCode: string): ReferralBinding {
      if (!campaign.referral) throw refused('NOT_ENABLED');
      const code = parseReferralCode(rawCode);
      if (!code)
        throw new QuestError('BAD_REQUEST', 'The invite code is malformed.', {
          issues: [{ path: 'code', message: 'is not a referral code (10 letters and digits)' }],
        });
      const existing = bindingOf(campaign.id, referee);
      const out = (b: StoredBinding): ReferralBinding => ({
        campaignId: campaign.id,
        referee,
        code: b.code,
        boundAt: new Date(b.boundAt).toISOString(),
      });
      if (existing && existing.code === code) return out(existing);
      const referrer = storage.getItem(ownerKey(campaign.id, code)) as Address | null;
      const refusal = bindRefusal(campaign.referral, {
        referee,
        referrer: referrer ?? undefined,
        bound: existing !== undefined,
        hasProgress: hasProgress(progressOf(campaign.id, referee)),
        referrerCount: referrer
          ? bindings(campaign.id).filter(([, b]) => b.referrer === referrer).length
          : 0,
      });
      if (refusal) throw refused(refusal);
      const binding: StoredBinding = { referee, referrer: referrer!, code, boundAt: now() };
      storage.setItem(bindingKey(campaign.id, referee), JSON.stringify(binding));
      return out(binding);
    },

    overview(campaign: Campaign, referrer: Address): ReferralsOverview {
      const rules = campaign.referral;
      if (!rules) throw refused('NOT_ENABLED');
      const code = codeFor(campaign.id, referrer);
      const at = now();
      const mine = bindings(campaign.id)
        .filter(([, b]) => b.referrer === referrer.toLowerCase())
        .sort(([ra, a], [rb, b]) => b.boundAt - a.boundAt || ra.localeCompare(rb));
      return {
        campaignId: campaign.id,
        code,
        points: rules.points,
        ...(rules.maxReferees !== undefined ? { maxReferees: rules.maxReferees } : {}),
        referrals: mine.map(([, b]) => ({
          referee: b.referee,
          boundAt: new Date(b.boundAt).toISOString(),
          ...(b.qualifiedAt !== undefined
            ? { qualifiedAt: new Date(b.qualifiedAt).toISOString() }
            : {}),
          ...referralStatus(
            rules,
            progressOf(campaign.id, b.referee),
            b.boundAt,
            b.qualifiedAt,
            at,
          ),
        })),
      };
    },

    /** After a completion by `referee`: records the qualification when the rule now holds. */
    qualify(campaign: Campaign, referee: Address): void {
      const rules = campaign.referral;
      const b = rules && bindingOf(campaign.id, referee);
      if (!rules || !b || b.qualifiedAt !== undefined) return;
      const at = now();
      if (!qualifiesNow(rules, progressOf(campaign.id, referee), b.boundAt, at)) return;
      storage.setItem(bindingKey(campaign.id, referee), JSON.stringify({ ...b, qualifiedAt: at }));
    },
  };
}
