// The widget's side of an invite link: `?ref=<code>` captured first-touch, kept with the
// visitor's other state, sent once to the backend. Storage is injected (localStorage in pages).
import type { QuestBackend, ReferralRequest } from './backends/backend.js';
import { toQuestError } from './errors.js';
import {
  parseReferralCode,
  REFERRAL_PARAM,
  REFERRAL_REFUSALS,
  type ReferralRefusal,
} from './referrals.js';

/** The subset of the Web Storage API used. */
export interface ReferralStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** A captured invite: its code, when it was seen, and how sending it ended (absent: not yet). */
export interface CapturedReferral {
  code: string;
  /** ISO 8601. */
  at: string;
  /** `bound`, or the refusal (a refused code is never sent again). */
  outcome?: 'bound' | ReferralRefusal | 'BAD_REQUEST';
}

/** Where the invite of a scope (the backend endpoint and campaign) is kept. */
export const referralStorageKey = (scope: string) => `questboard:v1:ref:${scope}`;

/** The captured invite of `scope`, if any. */
export function storedReferral(
  storage: ReferralStorage,
  scope: string,
): CapturedReferral | undefined {
  try {
    const value = JSON.parse(storage.getItem(referralStorageKey(scope)) ?? 'null');
    const code = parseReferralCode(value?.code);
    return code && typeof value.at === 'string' ? { ...value, code } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * First touch: keeps the `?ref=` code of `href` unless an invite was captured before (a later
 * link never replaces it). A malformed `ref` is ignored. Returns the invite kept.
 */
export function captureReferral(
  storage: ReferralStorage,
  scope: string,
  href: string,
  now = Date.now(),
): CapturedReferral | undefined {
  const kept = storedReferral(storage, scope);
  if (kept) return kept;
  let code: string | undefined;
  try {
    code = parseReferralCode(new URL(href).searchParams.get(REFERRAL_PARAM));
  } catch {
    return undefined;
  }
  if (!code) return undefined;
  const captured: CapturedReferral = { code, at: new Date(now).toISOString() };
  try {
    storage.setItem(referralStorageKey(scope), JSON.stringify(captured));
  } catch {
    // Storage full or blocked: the invite still counts for this page.
  }
  return captured;
}

/** Records how sending the invite ended, so it is sent once. */
export function settleReferral(
  storage: ReferralStorage,
  scope: string,
  outcome: NonNullable<CapturedReferral['outcome']>,
): void {
  const kept = storedReferral(storage, scope);
  if (!kept) return;
  try {
    storage.setItem(referralStorageKey(scope), JSON.stringify({ ...kept, outcome }));
  } catch {
    // blocked storage: it may be sent again, and the backend answers the same binding
  }
}

/**
 * Sends the captured invite of `scope` to the backend once the visitor has what it needs (a
 * wallet; a session where the backend needs sign-in): bound or refused, it is never sent again.
 * Network failures leave it for the next identity change. Returns the invite as kept.
 */
export async function sendReferral(
  backend: QuestBackend,
  storage: ReferralStorage,
  scope: string,
  request: ReferralRequest,
): Promise<CapturedReferral | undefined> {
  const kept = storedReferral(storage, scope);
  if (!kept || kept.outcome || !backend.bindReferral) return kept;
  if (backend.needs?.signIn && !request.session) return kept;
  let outcome: NonNullable<CapturedReferral['outcome']>;
  try {
    await backend.bindReferral({ ...request, code: kept.code });
    outcome = 'bound';
  } catch (error) {
    const failure = toQuestError(error);
    if (failure.code === 'REFERRAL_REFUSED' && isRefusal(failure.details))
      outcome = failure.details;
    else if (failure.code === 'BAD_REQUEST') outcome = 'BAD_REQUEST';
    else if (failure.code === 'NOT_SUPPORTED') return kept;
    else throw failure;
  }
  settleReferral(storage, scope, outcome);
  return { ...kept, outcome };
}

const isRefusal = (value: unknown): value is ReferralRefusal =>
  (REFERRAL_REFUSALS as readonly unknown[]).includes(value);
