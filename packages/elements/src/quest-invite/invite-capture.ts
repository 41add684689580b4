// The board's side of invite links: `?ref=` captured first-touch beside the visitor's other
// state (localStorage), sent once at the first call with an identity. Policy: @questboard/core.
import {
  type CapturedReferral,
  captureReferral,
  type QuestBackend,
  type ReferralRequest,
  type ReferralStorage,
  sendReferral,
} from '@questboard/core';

let fallback: Map<string, string> | undefined;

/** `localStorage` when usable, else a map for this page (blocked storage, SSR). */
function storage(): ReferralStorage {
  try {
    const s = globalThis.localStorage;
    if (s) return s;
  } catch {
    // blocked: fall through
  }
  fallback ??= new Map();
  const map = fallback;
  return { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v) };
}

/** One invite per backend and campaign. */
export const inviteScope = (endpoint: string | undefined, campaignId: string) =>
  `${endpoint ?? 'local'}|${campaignId}`;

/**
 * Keeps this page's `?ref=` unless an invite was captured before (first touch). `href` is the
 * page's address when the board loaded the campaign (default: now), so a router that rewrites
 * the address meanwhile does not lose the code.
 */
export function captureInvite(
  scope: string,
  href: string | undefined = typeof location === 'undefined' ? undefined : location.href,
): CapturedReferral | undefined {
  if (href === undefined) return undefined;
  return captureReferral(storage(), scope, href);
}

/** Sends the captured invite once the visitor has what the backend needs. */
export function sendInvite(
  backend: QuestBackend,
  scope: string,
  request: ReferralRequest,
): Promise<CapturedReferral | undefined> {
  return sendReferral(backend, storage(), scope, request);
}
