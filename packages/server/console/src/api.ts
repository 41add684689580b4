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

/** One wallet of a segment (`POST /admin/segments/members`). */
export interface SegmentMember {
  address: string;
  points: number;
  tiers: number;
  tasks: number;
  referrer: string | null;
  firstSeen: string;
  lastSeen: string;
}

/** The formats of `POST /admin/segments/export`. */
export const EXPORT_FORMATS = ['csv', 'ndjson', 'merkle'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The file name each export is saved under. */
export const EXPORT_FILES: Record<ExportFormat, string> = {
  csv: 'segment.csv',
  ndjson: 'segment.ndjson',
  merkle: 'segment-merkle.json',
};

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
    signal?: AbortSignal,
  ): Promise<{ body: unknown; headers: Headers }> {
    const response = await this.#fetch(method, path, body, headers, signal);
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    if (!response.ok) throw failure(response.status, parsed);
    return { body: parsed, headers: response.headers };
  }

  async #fetch(
    method: string,
    path: string,
    body: unknown,
    headers: Record<string, string>,
    signal: AbortSignal | undefined,
  ): Promise<Response> {
    const init: RequestInit = {
      method,
      headers: { authorization: `Bearer ${this.key}`, ...headers },
      credentials: 'omit',
      cache: 'no-store',
      ...(signal ? { signal } : {}),
    };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] = 'application/json';
    }
    try {
      return await fetch(this.base + path, init);
    } catch (error) {
      // An abort is the caller's own doing: it goes back as it came.
      if (signal?.aborted) throw error;
      throw new AdminApiError(0, 'The server did not answer. Is it running?', 'NETWORK');
    }
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

  /** How many wallets a segment rule selects (a 400 names each bad field of the rule). */
  async segmentCount(rule: unknown, signal?: AbortSignal): Promise<number> {
    const { body } = await this.#call('POST', '/admin/segments/count', { rule }, {}, signal);
    return (body as { count: number }).count;
  }

  /** One page of a segment's members in address order; `next` is the following page's `after`. */
  async segmentMembers(
    rule: unknown,
    page: { after?: string; limit: number },
    signal?: AbortSignal,
  ): Promise<{ members: SegmentMember[]; next?: string }> {
    const { body } = await this.#call(
      'POST',
      '/admin/segments/members',
      { rule, limit: page.limit, ...(page.after ? { after: page.after } : {}) },
      {},
      signal,
    );
    return body as { members: SegmentMember[]; next?: string };
  }

  /** A segment's export as a Blob (CSV, NDJSON or the merkle tree's JSON dump). */
  async segmentExport(rule: unknown, format: ExportFormat, signal?: AbortSignal): Promise<Blob> {
    const response = await this.#fetch(
      'POST',
      `/admin/segments/export?format=${format}`,
      { rule },
      {},
      signal,
    );
    if (!response.ok) {
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON
      }
      throw failure(response.status, parsed);
    }
    return response.blob();
  }
}

/** The error of a refused call: the server's message and its issues by path. */
function failure(status: number, parsed: unknown): AdminApiError {
  const error = (parsed as { error?: { message?: string; code?: string; issues?: unknown } })
    ?.error;
  const issues = Array.isArray(error?.issues)
    ? (error.issues as ValidationIssue[]).filter(
        (i) => typeof i?.path === 'string' && typeof i?.message === 'string',
      )
    : [];
  return new AdminApiError(status, describeStatus(status, error?.message), error?.code, issues);
}

/** What a person reads for a failed call: the server's own words, or what the status means. */
export function describeStatus(status: number, message: string | undefined): string {
  if (status === 401) return 'That admin key is wrong.';
  if (status === 403)
    return message ?? 'The admin API is disabled on this server (no QUESTBOARD_ADMIN_KEY).';
  if (status === 429) return message ?? 'Too many attempts: wait a minute and try again.';
  return message ?? `The server answered ${status}.`;
}
