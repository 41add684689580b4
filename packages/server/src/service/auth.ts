import { QuestError, type SessionResponse, verifySiwe } from '@questboard/core';
import { createPublicClient, http } from 'viem';
import type { ServerConfig } from '../config.js';
import type { Db } from '../db.js';
import type { Logger } from '../log.js';
import { newNonce, newSessionToken, sha256 } from '../secrets.js';
import * as store from '../store.js';
import { insertSessionWithEvent } from '../store-insights.js';
import type { CampaignService } from './campaigns.js';
import type { AuthedSession } from './types.js';

function hostsOf(origins: Iterable<string> | undefined): string[] {
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

/** What a bearer token stands for: a live session, or one this server no longer knows. */
export type SessionLookup = { state: 'valid'; session: AuthedSession } | { state: 'expired' };

/** Nonces, Sign-In with Ethereum, and the sessions it opens. */
export class AuthService {
  constructor(
    private readonly db: Db,
    private readonly config: ServerConfig,
    private readonly campaigns: CampaignService,
    private readonly log: Logger,
  ) {}

  async nonce(): Promise<{ nonce: string; expiresAt: string }> {
    const nonce = newNonce();
    return { nonce, expiresAt: await store.insertNonce(this.db, nonce, this.config.nonceTtl) };
  }

  async lookup(token: string): Promise<SessionLookup> {
    const session = await store.findSession(this.db, sha256(token));
    return session ? { state: 'valid', session } : { state: 'expired' };
  }

  async signOut(token: string): Promise<void> {
    await store.deleteSession(this.db, sha256(token));
  }

  /**
   * SIWE sign-in: the message's domain must be the calling page's host (its `Origin`), and that
   * host must be one of the allowed ones (QUESTBOARD_SIWE_DOMAINS, plus the hosts of the
   * campaign's `origins` — or of every live campaign's when no campaignId is given).
   */
  async signIn(
    body: { message: string; signature: string; campaignId?: string },
    origin: string | undefined,
  ): Promise<SessionResponse> {
    const { config, db } = this;
    let domains = [...config.siweDomains];
    const chainIds = [...config.chainIds];
    if (body.campaignId !== undefined) {
      const campaign = await this.campaigns.live(body.campaignId);
      domains.push(...hostsOf(campaign.origins));
      if (chainIds.length > 0) chainIds.push(...Object.keys(campaign.chains ?? {}).map(Number));
    } else {
      domains.push(...hostsOf(await this.campaigns.allOrigins()));
    }
    domains = [...new Set(domains)];
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
      signature: body.signature as `0x${string}`,
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
    // events: signed_in for the campaign, in the session's own statement (none without one).
    await insertSessionWithEvent(
      db,
      {
        tokenHash: sha256(token),
        address: verified.address,
        chainId: verified.chainId,
        domain: verified.domain,
        expiresAt,
      },
      body.campaignId,
    );
    this.log.info('signed in', {
      address: verified.address,
      chainId: verified.chainId,
      domain: verified.domain,
    });
    return { token, address: verified.address, chainId: verified.chainId, expiresAt };
  }
}
