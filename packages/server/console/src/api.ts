import type { CampaignListResponse, ValidationIssue } from '@questboard/core';

/** One failed admin call as the console shows it: the server's message and issues by path. */
export class AdminApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string | undefined,
    readonly issues: readonly ValidationIssue[] = [],
  ) {
    super(message);
  }
}

export type CampaignSummary = CampaignListResponse['campaigns'][number];

/**
 * The admin API calls the console makes, on the page's own origin, with the admin key as the
 * `Authorization: Bearer` header the server's admin routes take.
 */
export class AdminApi {
  constructor(
    private readonly key: string,
    private readonly base = '',
  ) {}

  async #call(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ body: unknown; headers: Headers }> {
    const init: RequestInit = {
      method,
      headers: { authorization: `Bearer ${this.key}`, ...headers },
      credentials: 'omit',
      cache: 'no-store',
    };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] = 'application/json';
    }
    let response: Response;
    try {
      response = await fetch(this.base + path, init);
    } catch {
      throw new AdminApiError(0, 'The server did not answer. Is it running?', 'NETWORK');
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    if (!response.ok) {
      const error = (parsed as { error?: { message?: string; code?: string; issues?: unknown } })
        ?.error;
      const issues = Array.isArray(error?.issues)
        ? (error.issues as ValidationIssue[]).filter(
            (i) => typeof i?.path === 'string' && typeof i?.message === 'string',
          )
        : [];
      throw new AdminApiError(
        response.status,
        describeStatus(response.status, error?.message),
        error?.code,
        issues,
      );
    }
    return { body: parsed, headers: response.headers };
  }

  /** Every campaign, archived ones too (needs the admin key: the sign-in check). */
  async list(): Promise<CampaignSummary[]> {
    const { body } = await this.#call('GET', '/campaigns?archived=true');
    return (body as CampaignListResponse).campaigns;
  }

  /** A live campaign's public view and its ETag. */
  async read(id: string): Promise<{ campaign: unknown; etag: string | undefined }> {
    const { body, headers } = await this.#call('GET', `/campaigns/${encodeURIComponent(id)}`);
    return { campaign: body, etag: headers.get('etag') ?? undefined };
  }

  /** Creates (`etag` absent) or replaces (`If-Match: etag`) a campaign; answers the new ETag. */
  async publish(
    campaign: { id: string },
    update: { etag?: string } | undefined,
  ): Promise<string | undefined> {
    const { headers } = update
      ? await this.#call(
          'PUT',
          `/campaigns/${encodeURIComponent(campaign.id)}`,
          campaign,
          update.etag ? { 'if-match': update.etag } : {},
        )
      : await this.#call('POST', '/campaigns', campaign);
    return headers.get('etag') ?? undefined;
  }

  async archive(id: string): Promise<void> {
    await this.#call('POST', `/campaigns/${encodeURIComponent(id)}/archive`);
  }
}

/** What a person reads for a failed call: the server's own words, or what the status means. */
export function describeStatus(status: number, message: string | undefined): string {
  if (status === 401) return 'That admin key is wrong.';
  if (status === 403)
    return message ?? 'The admin API is disabled on this server (no QUESTBOARD_ADMIN_KEY).';
  if (status === 429) return message ?? 'Too many attempts: wait a minute and try again.';
  return message ?? `The server answered ${status}.`;
}
