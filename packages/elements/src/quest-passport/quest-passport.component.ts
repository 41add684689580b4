import {
  type Address,
  allTasks,
  type Campaign,
  type Credential,
  type CredentialCheck,
  lazyBackend,
  type QuestBackend,
  QuestError,
  type RevocationSource,
  toQuestError,
} from '@questboard/core';
import { html, nothing, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { questEvent } from '../events.js';
import { passportMessages } from '../i18n/en.passport.js';
import { addEnglish } from '../i18n/index.js';
import { QuestElement } from '../internal/quest-element.js';
import { passportStyles } from './quest-passport.styles.js';

// This code's English messages (kept out of the script-tag file's eager catalog).
addEnglish(passportMessages);

/** One credential with the outcome of its offline check. */
export interface PassportEntry {
  credential: Credential;
  check: CredentialCheck | null;
  /** The credential in the EAS explorer of its chain (https), when its chain has one. */
  explorerUrl?: string | null;
}

/** `light`, `dark`, `auto` (follows `prefers-color-scheme`); unset: the board's inside a board, else `auto`. */
export type PassportTheme = 'light' | 'dark' | 'auto';

const short = (address: string) => `${address.slice(0, 6)}…${address.slice(-4)}`;

/** Whether `node` sits inside a `<quest-board>` (also across shadow roots). */
function insideBoard(node: Node): boolean {
  let current: Node | null = node.parentNode;
  while (current) {
    if (current instanceof Element && current.localName === 'quest-board') return true;
    current = current instanceof ShadowRoot ? current.host : current.parentNode;
  }
  return false;
}

/**
 * The credentials an address holds, each checked offline: its EIP-712 signature (the issuer is
 * recovered from it), when `issuers` is set whether the issuer is one you trust, and whether
 * its issuer revoked it (the server's revocation list when `endpoint` is set, or any
 * `revocation` source). Each credential is an EAS off-chain attestation: it links to the EAS
 * explorer of its chain when there is one. Task and campaign titles come from the campaigns
 * (`campaigns`, else loaded through the backend); their ids are shown when a campaign cannot
 * be loaded. Works on its own (`endpoint` + `address`) or next to or inside `<quest-board>`
 * (`backend` + `address`), where it follows the board's theme.
 *
 * @summary An address's verifiable credentials, each shown with whether it checks out.
 * @tagname quest-passport
 *
 * @event {QuestErrorEvent} quest-error - Loading the credentials failed. `detail: { error: QuestError }`.
 *
 * @csspart base - The passport's box.
 * @csspart title - "Credentials of 0x1234…abcd".
 * @csspart list - The list of credentials.
 * @csspart credential - One credential, with its state as an extra part name: `checking`,
 *   `valid`, `invalid`, `revoked` or `unchecked` (signature valid, revocation not readable).
 * @csspart credential-title - What it attests: task and campaign.
 * @csspart credential-meta - When and by whom it was issued.
 * @csspart credential-status - Whether its signature (and issuer) check out, or why not.
 * @csspart credential-link - The link to the EAS explorer (opens in a new tab).
 * @csspart empty - Shown when the address holds no credential, or no address is set.
 * @csspart loading - Shown while loading.
 * @csspart error - The loading error.
 *
 * @cssproperty --quest-passport-background - Background (default: `--quest-color-background`).
 */
export class QuestPassport extends QuestElement {
  static override styles = passportStyles;

  static override properties = {
    ...QuestElement.properties,
    address: {},
    endpoint: {},
    theme: { reflect: true },
    issuers: {
      converter: {
        fromAttribute: (value: string | null) =>
          value ? value.split(/[\s,]+/).filter(Boolean) : undefined,
        toAttribute: (value: string[] | undefined) => value?.join(','),
      },
    },
    backend: { attribute: false },
    campaigns: { attribute: false },
    revocation: { attribute: false },
    explorers: { attribute: false },
    entries: { state: true },
    status: { state: true },
    error: { state: true },
    titles: { state: true },
    inBoard: { state: true },
  };

  /** The address whose credentials are shown. */
  declare address: Address | undefined;
  /**
   * Base URL of a Questboard server: credentials are read from it (unless `backend` is set),
   * and so are revocations (`GET {endpoint}/credentials/revocations`, unless `revocation` is set).
   */
  declare endpoint: string | undefined;
  /**
   * `light`, `dark`, or `auto` (follows `prefers-color-scheme`), like the board's. Unset: inside a
   * `<quest-board>` the passport follows the board's theme; elsewhere it is `auto`.
   */
  declare theme: PassportTheme | undefined;
  /**
   * Issuer addresses you trust (attribute: comma- or space-separated). With it, a credential from
   * any other issuer is shown as not checking out.
   */
  declare issuers: Address[] | undefined;
  /** Where credentials come from: any `QuestBackend` (e.g. the board's `backend`). */
  declare backend: QuestBackend | undefined;
  /**
   * Campaigns whose task and campaign titles to show (e.g. the board's campaign). Credentials of
   * other campaigns load theirs through the backend (`loadCampaign`), or show ids.
   */
  declare campaigns: readonly Campaign[] | undefined;
  /**
   * Where revocations are read: a `RevocationSource` from `@questboard/core`
   * (`serverRevocations(…)`, `easRevocations(…)` or your own). Default: the `endpoint`'s list.
   */
  declare revocation: RevocationSource | undefined;
  /** EAS explorer base URLs (https) per chain id; default: easscan.org's (`EAS_EXPLORERS`). */
  declare explorers: Readonly<Record<number, string>> | undefined;
  declare protected entries: readonly PassportEntry[];
  declare protected status: 'idle' | 'loading' | 'ready' | 'error';
  declare protected error: QuestError | null;
  /** Campaign id → its title and its tasks' titles. */
  declare protected titles: ReadonlyMap<string, { title: string; tasks: Map<string, string> }>;
  declare protected inBoard: boolean;

  #request = 0;
  #endpointBackend: { endpoint: string; backend: QuestBackend } | undefined;

  constructor() {
    super();
    this.entries = [];
    this.status = 'idle';
    this.error = null;
    this.titles = new Map();
    this.inBoard = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.inBoard = insideBoard(this);
  }

  /** Reloads and re-checks the credentials. */
  async refresh(): Promise<void> {
    const request = ++this.#request;
    const backend = this.#source();
    const address = this.address;
    if (!backend || !address) {
      this.entries = [];
      this.status = 'idle';
      return;
    }
    this.status = 'loading';
    this.error = null;
    try {
      const credentials = await backend.credentials(address);
      if (request !== this.#request) return;
      this.entries = credentials.map((credential) => ({ credential, check: null }));
      this.status = 'ready';
      void this.#loadTitles(backend, credentials, request);
      // Signature checks need secp256k1 and keccak: loaded only here, never in the base bundle.
      const { easExplorerUrl, serverRevocations, verifyCredential } = await import(
        '@questboard/core/credential'
      );
      const issuers = this.issuers?.length ? this.issuers : undefined;
      const revocation =
        this.revocation ?? (this.endpoint ? serverRevocations(this.endpoint) : undefined);
      const checked = await Promise.all(
        credentials.map(async (credential): Promise<PassportEntry> => {
          const check = await verifyCredential(credential, {
            recipient: address,
            ...(issuers ? { issuers } : {}),
            ...(revocation ? { revocation } : {}),
          });
          const genuine = check.credential;
          return {
            credential,
            check,
            explorerUrl: genuine ? await easExplorerUrl(genuine, this.explorers) : null,
          };
        }),
      );
      if (request === this.#request) this.entries = checked;
    } catch (error) {
      if (request !== this.#request) return;
      this.error = toQuestError(error);
      this.status = 'error';
      this.dispatchEvent(questEvent('quest-error', { error: this.error }));
    }
  }

  /** Titles of the credentials' campaigns: given in `campaigns`, else loaded (failures: ids stay). */
  async #loadTitles(backend: QuestBackend, credentials: readonly Credential[], request: number) {
    const given = new Map((this.campaigns ?? []).map((c) => [c.id, c]));
    const ids = [...new Set(credentials.map((c) => c.campaignId))];
    const campaigns = await Promise.all(
      ids.map(async (id) => given.get(id) ?? (await backend.loadCampaign(id).catch(() => null))),
    );
    if (request !== this.#request) return;
    const titles = new Map<string, { title: string; tasks: Map<string, string> }>();
    for (const campaign of campaigns) {
      if (!campaign || typeof campaign.title !== 'string') continue;
      titles.set(campaign.id, {
        title: campaign.title,
        tasks: new Map(allTasks(campaign).map(({ task }) => [task.id, task.title])),
      });
    }
    this.titles = titles;
  }

  #source(): QuestBackend | undefined {
    if (this.backend) return this.backend;
    if (!this.endpoint) return undefined;
    if (this.#endpointBackend?.endpoint !== this.endpoint) {
      const endpoint = this.endpoint;
      this.#endpointBackend = {
        endpoint,
        backend: lazyBackend(() =>
          import('@questboard/core/http').then(({ httpBackend }) => httpBackend({ endpoint })),
        ),
      };
    }
    return this.#endpointBackend.backend;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (
      changed.has('address') ||
      changed.has('endpoint') ||
      changed.has('backend') ||
      changed.has('issuers') ||
      changed.has('revocation') ||
      changed.has('explorers') ||
      changed.has('campaigns')
    )
      void this.refresh();
  }

  override render() {
    const i18n = this.i18n;
    const address = this.address;
    const theme = this.theme ?? (this.inBoard ? 'board' : 'auto');
    return html`<section part="base" class="passport" data-theme=${theme} aria-label=${i18n.t('passport.label')}>
      ${address ? html`<h3 part="title" class="title">${i18n.t('passport.title', { address: short(address) })}</h3>` : nothing}
      ${this.#renderBody()}
    </section>`;
  }

  #renderBody() {
    const i18n = this.i18n;
    if (!this.address || (!this.backend && !this.endpoint))
      return html`<p part="empty" class="message">${i18n.t('passport.noAddress')}</p>`;
    if (this.status === 'loading' || this.status === 'idle')
      return html`<p part="loading" class="message" role="status">${i18n.t('passport.loading')}</p>`;
    if (this.status === 'error')
      return html`<p part="error" class="message error" role="alert">${i18n.error(this.error ?? new QuestError('UNKNOWN', 'Something went wrong.'))}</p>`;
    if (!this.entries.length)
      return html`<p part="empty" class="message">${i18n.t('passport.empty')}</p>`;
    const date = new Intl.DateTimeFormat(i18n.locale, { dateStyle: 'medium' });
    return html`<ul part="list">
      ${repeat(
        this.entries,
        (entry) => entry.credential.uid,
        ({ credential, check, explorerUrl }) => {
          const state =
            check === null
              ? 'checking'
              : check.valid
                ? 'valid'
                : check.reason === 'REVOKED'
                  ? 'revoked'
                  : check.reason === 'REVOCATION_UNAVAILABLE'
                    ? 'unchecked'
                    : 'invalid';
          const status =
            check === null
              ? i18n.t('passport.checking')
              : check.valid
                ? i18n.t(this.issuers?.length ? 'passport.trusted' : 'passport.valid')
                : check.reason === 'REVOKED'
                  ? i18n.t('passport.revoked', { date: date.format((check.revokedAt ?? 0) * 1000) })
                  : check.reason === 'REVOCATION_UNAVAILABLE'
                    ? i18n.t('passport.revocationUnknown', { reason: check.message })
                    : i18n.t('passport.invalid', { reason: check.message });
          const names = this.titles.get(credential.campaignId);
          return html`<li part="credential ${state}" class="credential is-${state}">
            <p part="credential-title" class="what">
              ${i18n.t('passport.task', {
                task: names?.tasks.get(credential.taskId) ?? credential.taskId,
                campaign: names?.title ?? credential.campaignId,
              })}
            </p>
            <p part="credential-meta" class="meta">
              ${i18n.t('passport.issued', { date: date.format(credential.time * 1000), issuer: short(credential.issuer) })}
            </p>
            <p part="credential-status" class="status" role=${check === null ? 'status' : nothing}>${status}</p>
            ${
              explorerUrl
                ? html`<a part="credential-link" class="link" href=${explorerUrl} target="_blank" rel="noopener noreferrer"
                    >${i18n.t('passport.explorer')}<span class="visually-hidden"> ${i18n.t('passport.newTab')}</span></a
                  >`
                : nothing
            }
          </li>`;
        },
      )}
    </ul>`;
  }
}
