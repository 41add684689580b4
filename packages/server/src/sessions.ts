import { QuestError, type SessionResponse, verifySiwe } from '@questboard/core';
import { createPublicClient, http } from 'viem';
import type { AppContext, Ctx } from './context.js';
import { ApiError } from './http-error.js';
import { newSessionToken, sha256 } from './secrets.js';
import type { AuthedSession } from './service.js';
import * as store from './store.js';

const BEARER = /^Bearer ([A-Za-z0-9_-]{20,100})$/;

/** The session of the request's bearer token, or 401 SIGN_IN_REQUIRED. */
export async function requireSession(ctx: AppContext, c: Ctx): Promise<AuthedSession> {
  const header = c.req.header('authorization');
  if (!header) throw new ApiError(401, 'SIGN_IN_REQUIRED', 'Sign in with your wallet first.');
  const match = BEARER.exec(header);
  if (!match)
    throw new ApiError(401, 'SIGN_IN_REQUIRED', 'The session token is malformed. Sign in again.');
  const session = await store.findSession(ctx.db, sha256(match[1]!));
  if (!session)
    throw new ApiError(
      401,
      'SIGN_IN_REQUIRED',
      'The session has expired or is unknown. Sign in again.',
    );
  return session;
}

export function bearerToken(c: Ctx): string | undefined {
  return BEARER.exec(c.req.header('authorization') ?? '')?.[1];
}

function hostsOf(origins: readonly string[] | undefined): string[] {
  const hosts: string[] = [];
  for (const origin of origins ?? []) {
    try {
      hosts.push(new URL(origin).host);
    } catch {
      // parseCampaign validated origins; skip anything odd.
    }
  }
  return hosts;
}

/**
 * SIWE sign-in: the message's domain must be the calling page's host (its `Origin`), and that
 * host must be one of the allowed ones (QUESTBOARD_SIWE_DOMAINS, plus the hosts of the
 * campaign's `origins` — or of every live campaign's when no campaignId is given).
 */
export async function signIn(
  ctx: AppContext,
  c: Ctx,
  body: { message: string; signature: string; campaignId?: string },
): Promise<SessionResponse> {
  const { config, db } = ctx;
  let domains = [...config.siweDomains];
  const chainIds = [...config.chainIds];
  if (body.campaignId !== undefined) {
    const campaign = await ctx.service.liveCampaign(body.campaignId);
    domains.push(...hostsOf(campaign.origins));
    if (chainIds.length > 0) chainIds.push(...Object.keys(campaign.chains ?? {}).map(Number));
  } else {
    domains.push(...hostsOf(await store.allOrigins(db)));
  }
  domains = [...new Set(domains)];
  const origin = c.req.header('origin');
  if (origin) {
    // A page may only sign in for itself: the message's domain must be the caller's host.
    const host = hostsOf([origin])[0];
    if (!host || !domains.includes(host))
      throw new QuestError('SIGN_IN_FAILED', 'Sign-in failed.', {
        details: `WRONG_DOMAIN: the calling page (${origin}) is not an allowed sign-in domain`,
      });
    domains = [host];
  }
  const chainId = /\nChain ID: (\d+)\n/.exec(body.message)?.[1];
  const rpc = chainId ? config.rpcUrls[Number(chainId)]?.[0] : undefined;
  const verified = await verifySiwe({
    message: body.message,
    signature: body.signature,
    domains,
    chainIds,
    checkNonce: (nonce) => store.consumeNonce(db, nonce),
    ...(rpc
      ? {
          // Smart-contract wallets (ERC-1271 / ERC-6492) need the chain.
          verifySignature: ({ address, message, signature }) =>
            createPublicClient({ transport: http(rpc) }).verifyMessage({
              address,
              message,
              signature,
            }),
        }
      : {}),
  });
  const token = newSessionToken();
  const ttlEnd = Date.now() + config.sessionTtl * 1000;
  const expiresAt = new Date(
    verified.expiresAt ? Math.min(Date.parse(verified.expiresAt), ttlEnd) : ttlEnd,
  ).toISOString();
  await store.insertSession(db, {
    tokenHash: sha256(token),
    address: verified.address,
    chainId: verified.chainId,
    domain: verified.domain,
    expiresAt,
  });
  ctx.log.info('signed in', {
    address: verified.address,
    chainId: verified.chainId,
    domain: verified.domain,
  });
  return { token, address: verified.address, chainId: verified.chainId, expiresAt };
}
