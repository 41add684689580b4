import {
  type Address,
  type Campaign,
  inviteLink,
  type QuestBackend,
  type QuestError,
  REFERRAL_PARAM,
  type ReferralNeed,
  type ReferralsOverview,
  type Session,
  toQuestError,
} from '@questboard/core';
import { html, nothing, type PropertyValues } from 'lit';
import { inviteMessages } from '../i18n/en.invite.js';
import { addEnglish } from '../i18n/index.js';
import { QuestElement } from '../internal/quest-element.js';
import { inviteStyles } from './quest-invite.styles.js';

// This code's English messages (kept out of the script-tag file's eager catalog).
addEnglish(inviteMessages);

/** `quest-invite-copy`: the visitor copied their invite link. */
export interface QuestInviteCopyDetail {
  link: string;
}
export type QuestInviteCopyEvent = CustomEvent<QuestInviteCopyDetail>;

declare global {
  interface HTMLElementEventMap {
    'quest-invite-copy': QuestInviteCopyEvent;
  }
}

const short = (address: string) => `${address.slice(0, 6)}…${address.slice(-4)}`;

/**
 * The visitor's invite link for a campaign with referrals: the link, a copy button with a
 * spoken confirmation, the terms, and the friends invited with their state and what each
 * still needs. `<quest-board>` shows it when the campaign has a `referral` section; it reads
 * the overview from `backend.referrals()` once the visitor has a wallet (and a session where
 * the backend needs sign-in), or shows the `overview` it is given.
 *
 * @tagname quest-invite
 * @summary Invite link, copy action and the list of referred friends.
 *
 * @event quest-invite-copy - The invite link was copied; `detail.link` is the link.
 *
 * @csspart invite - The wrapper.
 * @csspart invite-title - The heading.
 * @csspart invite-terms - What the visitor earns per qualified friend (and the cap).
 * @csspart invite-prompt - Shown until the visitor has a wallet (or session): what to do.
 * @csspart invite-link - The read-only field holding the link.
 * @csspart invite-copy - The copy button.
 * @csspart invite-status - The live region confirming the copy.
 * @csspart invite-referrals - The list of invited friends.
 * @csspart invite-referral - One friend.
 * @csspart invite-referral-state - A friend's state (pending, qualified, expired).
 * @csspart invite-referral-needs - What a pending friend still needs.
 * @csspart invite-empty - Shown while nobody was invited.
 * @csspart invite-error - Why the invitations could not be loaded.
 * @csspart invite-retry - The "Try again" button beside that error (reads the invitations again).
 *
 * @cssproperty --quest-invite-qualified - Colour of the "Qualified" state (default: `--quest-color-success`).
 * @cssproperty --quest-invite-pending - Colour of the other states (default: `--quest-color-text-muted`).
 */
export class QuestInvite extends QuestElement {
  static override styles = inviteStyles;

  static override properties = {
    backend: { attribute: false },
    campaign: { attribute: false },
    address: { attribute: false },
    session: { attribute: false },
    href: { type: String },
    overview: { attribute: false },
    status: { state: true },
    error: { state: true },
    copied: { state: true },
  };

  /** Where the overview comes from (`referrals()`); absent: only `overview` is shown. */
  declare backend: QuestBackend | undefined;
  /** The campaign (its `referral` terms and task titles). */
  declare campaign: Campaign | undefined;
  /** The visitor's wallet. */
  declare address: Address | null | undefined;
  /** The visitor's session (for backends that need sign-in). */
  declare session: Session | null | undefined;
  /** The page the invite link opens (default: this page, without its `ref`). */
  declare href: string | undefined;
  /** The visitor's code and invited friends: loaded from `backend`, or given. */
  declare overview: ReferralsOverview | undefined;
  declare status: 'idle' | 'loading' | 'ready' | 'error';
  declare error: QuestError | undefined;
  declare copied: 'yes' | 'failed' | undefined;

  #request = 0;

  constructor() {
    super();
    this.status = 'idle';
  }

  override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (
      changed.has('backend') ||
      changed.has('campaign') ||
      changed.has('address') ||
      changed.has('session')
    )
      void this.refresh();
  }

  /** Reads the overview again (after a completion that may have qualified a friend). */
  async refresh(): Promise<void> {
    const { backend, campaign, address, session } = this;
    const id = ++this.#request;
    if (!backend?.referrals || !campaign?.referral || !address || !this.#ready()) {
      if (backend) this.status = 'idle';
      return;
    }
    this.status = 'loading';
    try {
      const overview = await backend.referrals({
        campaignId: campaign.id,
        address,
        session: session ?? null,
      });
      if (id !== this.#request) return;
      this.overview = overview;
      this.status = 'ready';
    } catch (error) {
      if (id !== this.#request) return;
      this.error = toQuestError(error);
      this.status = 'error';
    }
  }

  #ready(): boolean {
    return !this.backend?.needs?.signIn || !!this.session;
  }

  /** The visitor's invite link, once their code is known. */
  get link(): string | undefined {
    if (!this.overview) return undefined;
    const base = this.href ?? (typeof location === 'undefined' ? undefined : location.href);
    if (!base) return undefined;
    const url = new URL(base);
    url.searchParams.delete(REFERRAL_PARAM);
    return inviteLink(url.href, this.overview.code);
  }

  async #copy(): Promise<void> {
    const link = this.link;
    if (!link) return;
    let ok = false;
    try {
      await navigator.clipboard.writeText(link);
      ok = true;
    } catch {
      // No clipboard permission: select the field so the visitor can copy it themselves.
      const field = this.renderRoot.querySelector<HTMLInputElement>('input');
      field?.select();
    }
    // Re-announced on every press: clear first so the same text is spoken again.
    this.copied = undefined;
    await this.updateComplete;
    this.copied = ok ? 'yes' : 'failed';
    if (ok)
      this.dispatchEvent(
        new CustomEvent('quest-invite-copy', { detail: { link }, bubbles: true, composed: true }),
      );
  }

  #needs(needs: ReferralNeed[]): string {
    const i18n = this.i18n;
    const titles = new Map(
      (this.campaign?.tiers ?? []).flatMap((tier) => tier.tasks.map((t) => [t.id, t.title])),
    );
    return i18n.t('invite.needs', {
      needs: i18n.list(
        needs.map((n) =>
          n.kind === 'task'
            ? i18n.t('invite.needTask', { task: titles.get(n.task) ?? n.task })
            : i18n.t('invite.needPoints', { n: n.points }),
        ),
      ),
    });
  }

  override render() {
    const i18n = this.i18n;
    const overview = this.overview;
    const terms = overview ?? this.campaign?.referral;
    return html`<section part="invite" class="invite" aria-labelledby="title">
      <h3 part="invite-title" class="title" id="title">${i18n.t('invite.title')}</h3>
      ${
        terms
          ? html`<p part="invite-terms" class="terms">
              ${i18n.t('invite.terms', { n: terms.points })}
              ${terms.maxReferees !== undefined ? i18n.t('invite.cap', { n: terms.maxReferees }) : nothing}
            </p>`
          : nothing
      }
      ${this.#body()}
      <div part="invite-status" class="visually-hidden" role="status" aria-live="polite">
        ${this.copied ? i18n.t(this.copied === 'yes' ? 'invite.copied' : 'invite.copyFailed') : ''}
      </div>
    </section>`;
  }

  #body() {
    const i18n = this.i18n;
    if (this.status === 'error' && this.error)
      return html`<p part="invite-error" class="error" role="alert">
          ${i18n.t('invite.failed')} ${i18n.error(this.error)}
        </p>
        <button part="invite-retry" class="button" type="button" @click=${() => this.refresh()}>
          ${i18n.t('invite.retry')}
        </button>`;
    const overview = this.overview;
    if (!overview) {
      const key =
        this.status === 'loading'
          ? 'invite.loading'
          : this.address
            ? 'invite.signIn'
            : 'invite.prompt';
      return html`<p part="invite-prompt" class="prompt">${i18n.t(key)}</p>`;
    }
    const date = new Intl.DateTimeFormat(i18n.locale, { dateStyle: 'medium' });
    return html`<div class="row">
        <input
          part="invite-link"
          class="link"
          readonly
          aria-label=${i18n.t('invite.linkLabel')}
          .value=${this.link ?? ''}
          @focus=${(e: FocusEvent) => (e.target as HTMLInputElement).select()}
        />
        <button part="invite-copy" class="button" type="button" @click=${() => this.#copy()}>
          ${i18n.t('invite.copy')}
        </button>
      </div>
      ${
        overview.referrals.length === 0
          ? html`<p part="invite-empty" class="empty">${i18n.t('invite.empty')}</p>`
          : html`<ul part="invite-referrals" class="referrals" aria-label=${i18n.t('invite.listLabel')}>
              ${overview.referrals.map(
                (r) => html`<li part="invite-referral" class="referral" data-state=${r.state}>
                  <span title=${r.referee}>${short(r.referee)}</span>
                  <span part="invite-referral-state" class="state">${i18n.t(`invite.${r.state}`)}</span>
                  ${
                    r.state === 'pending' && r.needs.length
                      ? html`<span part="invite-referral-needs" class="needs"
                          >${this.#needs(r.needs)}${
                            r.deadline
                              ? ` ${i18n.t('invite.deadline', { date: date.format(new Date(r.deadline)) })}`
                              : ''
                          }</span
                        >`
                      : nothing
                  }
                </li>`,
              )}
            </ul>`
      }`;
  }
}
