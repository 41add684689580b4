import {
  type Address,
  type Credential,
  type CredentialsResponse,
  MAX_CREDENTIALS_PAGE,
  verifyCredential,
} from '@questboard/core';
import type { HeldCredential, Rule } from '@questboard/rules';
import { getAddress, type LocalAccount } from 'viem';
import type { ServerConfig } from '../config.js';
import type { Db } from '../db.js';
import { ApiError, badRequest } from '../http-error.js';
import type { Logger } from '../log.js';
import * as store from '../store.js';

/** What one `credential` rule asks for. */
export interface CredentialNeed {
  issuer: string;
  campaignId: string;
  taskId?: string;
}

/** Every `credential` rule inside a rule (through all / any / atLeast / not). */
export function credentialNeeds(rule: Rule): CredentialNeed[] {
  switch (rule.type) {
    case 'credential':
      return [
        {
          issuer: rule.issuer,
          campaignId: rule.campaignId,
          ...(rule.taskId !== undefined ? { taskId: rule.taskId } : {}),
        },
      ];
    case 'all':
    case 'any':
    case 'atLeast':
      return rule.rules.flatMap(credentialNeeds);
    case 'not':
      return credentialNeeds(rule.rule);
    default:
      return [];
  }
}

/** A partner server that could not be asked: which endpoint, and when to try again. */
export class PartnerUnavailable extends Error {
  override name = 'PartnerUnavailable';
  constructor(
    readonly endpoint: string,
    message: string,
    readonly retryAfter: number,
  ) {
    super(message);
  }
}

const DEFAULT_RETRY_AFTER = 30;
/** A partner listing more pages than this for one (campaign, task) is refused, never cut silently. */
const MAX_PARTNER_PAGES = 20;

const cursorOf = (last: { issuedAt: string; uid: string }) =>
  Buffer.from(`${last.issuedAt}|${last.uid}`).toString('base64url');

function parseCursor(cursor: string): { issuedAt: string; uid: string } {
  const [issuedAt, uid] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (!issuedAt || !uid || Number.isNaN(Date.parse(issuedAt)) || !/^0x[0-9a-f]{64}$/i.test(uid))
    throw badRequest('Query parameter "after" is not a cursor this server gave out.');
  return { issuedAt, uid };
}

/**
 * Credentials as `credential` rules see them: this server's own (from its store) and those of
 * partner Questboard servers (issuer address → endpoint, kept in the database and managed through
 * the admin API). For one rule, only the issuers it names are asked, in parallel, for exactly
 * the campaign and task it names, page by page; each partner credential is checked offline.
 */
export class CredentialSources {
  private endpoints: { map: Record<string, string>; at: number } | undefined;

  constructor(
    private readonly db: Db,
    private readonly config: ServerConfig,
    private readonly issuer: LocalAccount,
    private readonly log: Logger,
    private readonly fetchImpl: typeof fetch,
  ) {}

  /** One page of this server's credentials for a wallet (`GET /credentials/{address}`). */
  async page(
    address: Address,
    query: { campaignId?: string; taskId?: string; after?: string; limit?: number },
  ): Promise<CredentialsResponse> {
    const result = await store.credentialsOf(this.db, address, {
      ...(query.campaignId !== undefined ? { campaignId: query.campaignId } : {}),
      ...(query.taskId !== undefined ? { taskId: query.taskId } : {}),
      ...(query.after !== undefined ? { after: parseCursor(query.after) } : {}),
      limit: query.limit ?? MAX_CREDENTIALS_PAGE,
    });
    return {
      credentials: result.credentials,
      ...(result.more && result.last ? { next: cursorOf(result.last) } : {}),
    };
  }

  // --- revocations -----------------------------------------------------------------------

  /** Revokes one of this server's credentials (admin). Idempotent; 404 for a uid it never issued. */
  async revoke(uid: string, reason: string | undefined) {
    const result = await store.revokeCredential(this.db, uid.toLowerCase(), reason ?? null);
    if (!result)
      throw new ApiError(404, 'BAD_REQUEST', `This server issued no credential with uid ${uid}.`);
    if (result.first) this.log.info('credential revoked', { uid, reason });
    return result;
  }

  /** Revocations, public, oldest first, paged like credentials. */
  /** The revocations among these uids: `{ revoked }`, what core's `serverRevocations` reads. */
  async revokedAmong(uids: readonly string[]) {
    return { revoked: await store.revocationsOf(this.db, uids) };
  }

  async revocations(query: { after?: string; limit: number }) {
    const result = await store.listRevocations(
      this.db,
      query.after !== undefined ? toRevocationCursor(parseCursor(query.after)) : undefined,
      query.limit,
    );
    const tail = result.revocations.at(-1);
    return {
      revocations: result.revocations,
      ...(result.more && tail
        ? { next: cursorOf({ issuedAt: tail.revokedAt, uid: tail.uid }) }
        : {}),
    };
  }

  // --- partner endpoints ------------------------------------------------------------------

  /** Seeds the database with QUESTBOARD_ISSUER_ENDPOINTS (the admin API manages them after). */
  async seed(): Promise<void> {
    for (const [issuer, endpoint] of Object.entries(this.config.issuerEndpoints))
      await store.putIssuerEndpoint(this.db, issuer.toLowerCase(), endpoint.replace(/\/+$/, ''));
    this.endpoints = undefined;
  }

  /** Partner endpoints by lowercased issuer address, cached 2 s per replica. */
  async partners(): Promise<Record<string, string>> {
    if (!this.endpoints || Date.now() - this.endpoints.at > 2000)
      this.endpoints = { map: await store.listIssuerEndpoints(this.db), at: Date.now() };
    return this.endpoints.map;
  }

  async putPartner(issuer: Address, endpoint: string): Promise<boolean> {
    const created = await store.putIssuerEndpoint(
      this.db,
      issuer.toLowerCase(),
      endpoint.replace(/\/+$/, ''),
    );
    this.endpoints = undefined;
    this.log.info('partner endpoint set', { issuer, endpoint });
    return created;
  }

  async deletePartner(issuer: Address): Promise<boolean> {
    const deleted = await store.deleteIssuerEndpoint(this.db, issuer.toLowerCase());
    this.endpoints = undefined;
    if (deleted) this.log.info('partner endpoint removed', { issuer });
    return deleted;
  }

  // --- the source a rule evaluation uses --------------------------------------------------

  /**
   * The credential source for one rule: the credentials of `address` matching what the rule's
   * `credential` parts name. Throws `PartnerUnavailable` when a partner it needs cannot answer.
   */
  async forRule(rule: Rule, address: Address): Promise<HeldCredential[]> {
    const needs = credentialNeeds(rule);
    const own = this.issuer.address.toLowerCase();
    const partners = await this.partners();
    const lists = await Promise.all(
      needs.map(async (need): Promise<HeldCredential[]> => {
        const issuer = need.issuer.toLowerCase();
        if (issuer === own) return this.own(address, need);
        const endpoint = partners[issuer];
        // An issuer nobody configured: the wallet cannot be shown to hold its credential.
        if (!endpoint) return [];
        return this.fromPartner(endpoint, issuer, address, need);
      }),
    );
    return lists.flat();
  }

  private async own(address: Address, need: CredentialNeed): Promise<HeldCredential[]> {
    const held: HeldCredential[] = [];
    let after: { issuedAt: string; uid: string } | undefined;
    for (;;) {
      const page = await store.credentialsOf(this.db, address, {
        excludeRevoked: true,
        campaignId: need.campaignId,
        ...(need.taskId !== undefined ? { taskId: need.taskId } : {}),
        ...(after ? { after } : {}),
        limit: MAX_CREDENTIALS_PAGE,
      });
      for (const c of page.credentials) held.push(toHeld(c));
      if (!page.more || !page.last) return held;
      after = page.last;
    }
  }

  private async fromPartner(
    endpoint: string,
    issuer: string,
    address: Address,
    need: CredentialNeed,
  ): Promise<HeldCredential[]> {
    const held: HeldCredential[] = [];
    const query = new URLSearchParams({ campaignId: need.campaignId });
    if (need.taskId !== undefined) query.set('taskId', need.taskId);
    let next: string | undefined;
    for (let pageNo = 0; ; pageNo++) {
      if (pageNo >= MAX_PARTNER_PAGES)
        throw new PartnerUnavailable(
          endpoint,
          `credential source ${endpoint} lists more than ${MAX_PARTNER_PAGES} pages for campaign ${need.campaignId}`,
          DEFAULT_RETRY_AFTER,
        );
      if (next !== undefined) query.set('after', next);
      const url = `${endpoint}/credentials/${address}?${query}`;
      let response: Response;
      try {
        response = await this.fetchImpl(url, {
          headers: { accept: 'application/json' },
          signal: AbortSignal.timeout(this.config.ruleTimeoutMs),
        });
      } catch (error) {
        throw new PartnerUnavailable(
          endpoint,
          `credential source ${endpoint} cannot be reached (${(error as Error).message})`,
          DEFAULT_RETRY_AFTER,
        );
      }
      if (!response.ok) {
        const header = response.headers.get('retry-after');
        throw new PartnerUnavailable(
          endpoint,
          `credential source ${endpoint} answered HTTP ${response.status}`,
          header && /^\d{1,6}$/.test(header) ? Number(header) : DEFAULT_RETRY_AFTER,
        );
      }
      let body: { credentials?: unknown; next?: unknown };
      try {
        body = (await response.json()) as typeof body;
      } catch {
        throw new PartnerUnavailable(
          endpoint,
          `credential source ${endpoint} sent a body that is not JSON`,
          DEFAULT_RETRY_AFTER,
        );
      }
      if (!Array.isArray(body?.credentials))
        throw new PartnerUnavailable(
          endpoint,
          `credential source ${endpoint} sent no credentials list`,
          DEFAULT_RETRY_AFTER,
        );
      for (const candidate of body.credentials) {
        const check = await verifyCredential(candidate, {
          issuers: [getAddress(issuer)],
          recipient: address,
          campaignId: need.campaignId,
          ...(need.taskId !== undefined ? { taskId: need.taskId } : {}),
        });
        if (check.valid) held.push(toHeld(check.credential));
      }
      if (typeof body.next !== 'string' || body.next === '') return held;
      next = body.next;
    }
  }
}

const toRevocationCursor = (c: { issuedAt: string; uid: string }) => ({
  revokedAt: c.issuedAt,
  uid: c.uid,
});

function toHeld(credential: Credential): HeldCredential {
  return { ...credential } as unknown as HeldCredential;
}

/** The RULE_ERROR a verify answers when a partner a rule needs is down (503, Retry-After). */
export function partnerError(error: PartnerUnavailable): ApiError {
  return new ApiError(
    503,
    'RULE_ERROR',
    `This task cannot be checked right now: the partner server ${error.endpoint} is unavailable. Try again in a moment.`,
    {
      details: `CREDENTIAL_SOURCE_FAILED: ${error.message}`,
      retryable: true,
      retryAfter: error.retryAfter,
    },
  );
}
