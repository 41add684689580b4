import {
  type Address,
  type Credential,
  type CredentialCheck,
  lazyBackend,
  type QuestBackend,
  QuestError,
  toQuestError,
} from '@questboard/core';
import { html, nothing, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { questEvent } from '../events.js';
import { QuestElement } from '../internal/quest-element.js';
import { passportStyles } from './quest-passport.styles.js';

/** One credential with the outcome of its offline check. */
export interface PassportEntry {
  credential: Credential;
  check: CredentialCheck | null;
}

const short = (address: string) => `${address.slice(0, 6)}…${address.slice(-4)}`;

/**
 * The credentials an address holds, each checked offline: its EIP-712 signature (the issuer is
 * recovered from it) and, when `issuers` is set, whether the issuer is one you trust. Works on its
 * own (`endpoint` + `address`) or inside a page next to `<quest-board>` (`backend` + `address`).
 *
 * @summary An address's verifiable credentials, each shown with whether it checks out.
 * @tagname quest-passport
 *
 * @event {QuestErrorEvent} quest-error - Loading the credentials failed. `detail: { error: QuestError }`.
 *
 * @csspart base - The passport's box.
 * @csspart title - "Credentials of 0x1234…abcd".
 * @csspart list - The list of credentials.
 * @csspart credential - One credential (with `valid` or `invalid` as extra part names).
 * @csspart credential-title - What it attests: task and campaign.
 * @csspart credential-meta - When and by whom it was issued.
 * @csspart credential-status - Whether its signature (and issuer) check out, or why not.
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
    issuers: {
      converter: {
        fromAttribute: (value: string | null) =>
          value ? value.split(/[\s,]+/).filter(Boolean) : undefined,
        toAttribute: (value: string[] | undefined) => value?.join(','),
      },
    },
    backend: { attribute: false },
    entries: { state: true },
    status: { state: true },
    error: { state: true },
  };

  /** The address whose credentials are shown. */
  declare address: Address | undefined;
  /** Base URL of a Questboard server: credentials are read from it (unless `backend` is set). */
  declare endpoint: string | undefined;
  /**
   * Issuer addresses you trust (attribute: comma- or space-separated). With it, a credential from
   * any other issuer is shown as not checking out.
   */
  declare issuers: Address[] | undefined;
  /** Where credentials come from: any `QuestBackend` (e.g. the board's `backend`). */
  declare backend: QuestBackend | undefined;
  declare protected entries: readonly PassportEntry[];
  declare protected status: 'idle' | 'loading' | 'ready' | 'error';
  declare protected error: QuestError | null;

  #request = 0;
  #endpointBackend: { endpoint: string; backend: QuestBackend } | undefined;

  constructor() {
    super();
    this.entries = [];
    this.status = 'idle';
    this.error = null;
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
      // Signature checks need secp256k1 and keccak: loaded only here, never in the base bundle.
      const { verifyCredential } = await import('@questboard/core/credential');
      const issuers = this.issuers?.length ? this.issuers : undefined;
      const checked = await Promise.all(
        credentials.map(async (credential) => ({
          credential,
          check: await verifyCredential(credential, {
            recipient: address,
            ...(issuers ? { issuers } : {}),
          }),
        })),
      );
      if (request === this.#request) this.entries = checked;
    } catch (error) {
      if (request !== this.#request) return;
      this.error = toQuestError(error);
      this.status = 'error';
      this.dispatchEvent(questEvent('quest-error', { error: this.error }));
    }
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
      changed.has('issuers')
    )
      void this.refresh();
  }

  override render() {
    const i18n = this.i18n;
    const address = this.address;
    return html`<section part="base" class="passport" aria-label=${i18n.t('passport.label')}>
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
        ({ credential, check }) => {
          const state = check === null ? 'checking' : check.valid ? 'valid' : 'invalid';
          const status =
            check === null
              ? i18n.t('passport.checking')
              : check.valid
                ? i18n.t(this.issuers?.length ? 'passport.trusted' : 'passport.valid')
                : i18n.t('passport.invalid', { reason: check.message });
          return html`<li part="credential ${state}" class="credential is-${state}">
            <p part="credential-title" class="what">
              ${i18n.t('passport.task', { task: credential.taskId, campaign: credential.campaignId })}
            </p>
            <p part="credential-meta" class="meta">
              ${i18n.t('passport.issued', { date: date.format(credential.time * 1000), issuer: short(credential.issuer) })}
            </p>
            <p part="credential-status" class="status" role=${check === null ? 'status' : nothing}>${status}</p>
          </li>`;
        },
      )}
    </ul>`;
  }
}
