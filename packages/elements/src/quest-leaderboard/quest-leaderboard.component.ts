import {
  type Address,
  httpBackend,
  isQuestError,
  LEADERBOARD_PERIODS,
  type LeaderboardEntry,
  type LeaderboardPage,
  type LeaderboardPeriod,
  type QuestBackend,
} from '@questboard/core';
import { html, nothing, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { leaderboardMessages } from '../i18n/en.leaderboard.js';
import { addEnglish } from '../i18n/index.js';
import { QuestElement } from '../internal/quest-element.js';
import { leaderboardStyles } from './quest-leaderboard.styles.js';

// This code's English messages (kept out of the script-tag file's eager catalog).
addEnglish(leaderboardMessages);

/** `quest-leaderboard-period`: the visitor picked another period tab. */
export interface QuestLeaderboardPeriodDetail {
  period: LeaderboardPeriod;
}

/** `0x1234…abcd` (no ENS look-ups: nothing leaves the page for a name). */
const short = (address: string) =>
  address.length > 12 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address;

const isPeriod = (v: unknown): v is LeaderboardPeriod =>
  (LEADERBOARD_PERIODS as readonly unknown[]).includes(v);

type Status = 'idle' | 'loading' | 'ready' | 'error';

/**
 * A campaign's leaderboard: period tabs (all time, today, this week, this month), a paged table
 * (keyset pages from the backend, so 10,000 wallets cost one page of rows), and the visitor's own
 * row pinned under the table when it is not on the page shown. Works on its own (`campaign` +
 * `api`, or a `backend` property) or inside a board page (give it the board's backend and the
 * visitor's `address`).
 *
 * @tagname quest-leaderboard
 * @summary Paged, per-period leaderboard with the visitor's own rank pinned.
 *
 * @event quest-leaderboard-period - The visitor picked another period; `detail.period`.
 *
 * @csspart leaderboard - The wrapper.
 * @csspart tabs - The period tab list.
 * @csspart tab - One period tab (also `tab-selected` on the chosen one).
 * @csspart table - The `<table>`.
 * @csspart caption - The table's caption (the label).
 * @csspart row - One entry's row (also `row-self` on the visitor's own).
 * @csspart rank - The rank cell.
 * @csspart address - The wallet cell (short address; the full one in its `title`).
 * @csspart points - The points cell.
 * @csspart pinned - The `<tbody>` holding the visitor's own row when it is off the page.
 * @csspart status - The loading, empty or error message.
 * @csspart retry - The "Try again" button after an error.
 * @csspart footer - The pager: previous, page and total, next.
 * @csspart previous - The previous-page button.
 * @csspart next - The next-page button.
 * @csspart total - The "n wallets ranked" / page text.
 *
 * @cssproperty --quest-leaderboard-accent - The selected tab's colour (default: `--quest-color-accent`).
 * @cssproperty --quest-leaderboard-self-background - The visitor's row background (default: `--quest-color-surface`).
 * @cssproperty --quest-leaderboard-row-border - Row and tab borders (default: `--quest-color-border`).
 */
export class QuestLeaderboard extends QuestElement {
  static override styles = leaderboardStyles;

  static override properties = {
    campaign: { type: String },
    api: { type: String },
    backend: { attribute: false },
    period: { type: String, reflect: true },
    pageSize: { type: Number, attribute: 'page-size' },
    address: { type: String },
    periods: {
      attribute: 'periods',
      converter: {
        fromAttribute: (v: string | null) => (v ?? '').split(/[\s,]+/).filter(isPeriod),
      },
    },
    label: { type: String },
    _status: { state: true },
    _page: { state: true },
    _index: { state: true },
  };

  /** The campaign id whose board to show. */
  declare campaign: string | undefined;
  /** The Questboard server's URL (used when no `backend` is given). */
  declare api: string | undefined;
  /** The backend to read the board from (for example the board's); wins over `api`. */
  declare backend: QuestBackend | undefined;
  /** `all` (default), `day`, `week` or `month`: the board shown. Reflected. */
  declare period: LeaderboardPeriod;
  /** Entries per page (default 25; the reference server allows up to 100). */
  declare pageSize: number;
  /** The visitor's wallet: its row is highlighted, or pinned under the table when off the page. */
  declare address: Address | undefined;
  /** The period tabs offered, in order (attribute: `periods="all week"`). Default: all four. */
  declare periods: LeaderboardPeriod[];
  /** The table's caption (default: "Leaderboard" in the locale). */
  declare label: string | undefined;

  declare private _status: Status;
  declare private _page: LeaderboardPage | undefined;
  /** 0-based page number; `#cursors[i]` is the cursor of page i (undefined for the first). */
  declare private _index: number;
  #cursors: (string | undefined)[] = [undefined];
  #abort: AbortController | undefined;
  #error: unknown;
  /** The board's size, from its first page (later pages do not count it again). */
  #total: number | undefined;
  #own: { endpoint: string; backend: QuestBackend } | undefined;

  constructor() {
    super();
    this.period = 'all';
    this.pageSize = 25;
    this.periods = [...LEADERBOARD_PERIODS];
    this._status = 'idle';
    this._index = 0;
  }

  /** The page currently shown (after loading), as the backend answered it. */
  get page(): LeaderboardPage | undefined {
    return this._page;
  }

  /**
   * Reads the shown page again (say after the visitor completed a task). Quietly: the table stays
   * as it is until the answer, then only what changed is touched (one entry's points: one text).
   */
  refresh(): Promise<void> {
    return this.#load(true);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#abort?.abort();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (
      changed.has('campaign') ||
      changed.has('api') ||
      changed.has('backend') ||
      changed.has('period') ||
      changed.has('pageSize') ||
      changed.has('address')
    ) {
      this.#cursors = [undefined];
      this._index = 0;
      this.#total = undefined;
      void this.#load();
    }
  }

  #backend(): QuestBackend | undefined {
    if (this.backend) return this.backend;
    if (!this.api) return undefined;
    if (this.#own?.endpoint !== this.api)
      this.#own = { endpoint: this.api, backend: httpBackend({ endpoint: this.api }) };
    return this.#own.backend;
  }

  async #load(quiet = false): Promise<void> {
    this.#abort?.abort();
    const backend = this.#backend();
    if (!this.campaign || !backend?.leaderboard || !isPeriod(this.period)) {
      this._status = 'idle';
      this._page = undefined;
      return;
    }
    const abort = new AbortController();
    this.#abort = abort;
    if (!quiet || this._status !== 'ready') this._status = 'loading';
    try {
      const cursor = this.#cursors[this._index];
      const page = await backend.leaderboard(this.campaign, {
        period: this.period,
        limit: Math.max(1, Math.floor(this.pageSize) || 25),
        signal: abort.signal,
        ...(cursor !== undefined ? { cursor } : {}),
        ...(this.address ? { address: this.address } : {}),
      });
      if (abort.signal.aborted) return;
      this.#cursors[this._index + 1] = page.next;
      this.#cursors.length = this._index + 2;
      if (page.total !== undefined) this.#total = page.total;
      this._page = page;
      this._status = 'ready';
    } catch (error) {
      if (abort.signal.aborted) return;
      this.#error = error;
      this._status = 'error';
    }
  }

  #go(delta: number) {
    const index = this._index + delta;
    if (index < 0 || (delta > 0 && this.#cursors[index] === undefined)) return;
    this._index = index;
    void this.#load();
  }

  #pick(period: LeaderboardPeriod, focus = false) {
    if (period !== this.period) {
      this.period = period;
      this.dispatchEvent(
        new CustomEvent<QuestLeaderboardPeriodDetail>('quest-leaderboard-period', {
          detail: { period },
          bubbles: true,
          composed: true,
        }),
      );
    }
    if (focus)
      void this.updateComplete.then(() =>
        this.renderRoot.querySelector<HTMLElement>(`#tab-${period}`)?.focus(),
      );
  }

  #onTabKey(event: KeyboardEvent) {
    const offered = this.periods;
    const at = offered.indexOf(this.period);
    const step = { ArrowRight: 1, ArrowLeft: -1, Home: -at, End: offered.length - 1 - at }[
      event.key
    ];
    if (step === undefined) return;
    event.preventDefault();
    const rtl = getComputedStyle(this).direction === 'rtl' && event.key.startsWith('Arrow');
    const next = offered[(at + (rtl ? -step : step) + offered.length) % offered.length];
    if (next) this.#pick(next, true);
  }

  #row(entry: LeaderboardEntry, self: boolean) {
    const i18n = this.i18n;
    return html`<tr part=${self ? 'row row-self' : 'row'} class=${self ? 'self' : ''} aria-current=${self ? 'true' : nothing}>
      <td part="rank" class="rank">${i18n.number(entry.rank)}</td>
      <td part="address" class="address" title=${entry.address}>${short(entry.address)}${
        self ? html` <span class="you">(${i18n.t('leaderboard.you')})</span>` : nothing
      }</td>
      <td part="points" class="points">${i18n.number(entry.points)}</td>
    </tr>`;
  }

  override render() {
    const i18n = this.i18n;
    const page = this._page;
    const me = this.address?.toLowerCase();
    const isMe = (e: LeaderboardEntry) => me !== undefined && e.address.toLowerCase() === me;
    const pinned =
      page?.me && !page.entries.some(isMe) && this._status === 'ready' ? page.me : undefined;
    const periods = this.periods.length ? this.periods : [...LEADERBOARD_PERIODS];
    const status = this._status;
    const entries = page?.entries ?? [];
    const message =
      status === 'loading' && !page
        ? i18n.t('leaderboard.loading')
        : status === 'error'
          ? isQuestError(this.#error)
            ? i18n.error(this.#error)
            : i18n.t('leaderboard.error')
          : status === 'ready' && entries.length === 0
            ? i18n.t('leaderboard.empty')
            : '';
    return html`<div part="leaderboard" aria-busy=${status === 'loading' ? 'true' : 'false'}>
      <div part="tabs" class="tabs" role="tablist" aria-label=${i18n.t('leaderboard.periods')}
        ?hidden=${periods.length < 2} @keydown=${this.#onTabKey}>
        ${periods.map(
          (p) => html`<button id=${`tab-${p}`} role="tab" type="button"
            part=${p === this.period ? 'tab tab-selected' : 'tab'}
            aria-selected=${p === this.period ? 'true' : 'false'} aria-controls="panel"
            tabindex=${p === this.period ? '0' : '-1'}
            @click=${() => this.#pick(p)}>${i18n.t(`leaderboard.period.${p}`)}</button>`,
        )}
      </div>
      <div id="panel" role=${periods.length < 2 ? nothing : 'tabpanel'}
        aria-labelledby=${periods.length < 2 ? nothing : `tab-${this.period}`}>
        <table part="table" ?hidden=${entries.length === 0}>
          <caption part="caption">${this.label ?? i18n.t('leaderboard.label')}</caption>
          <thead>
            <tr>
              <th scope="col" class="rank">${i18n.t('leaderboard.rank')}</th>
              <th scope="col">${i18n.t('leaderboard.wallet')}</th>
              <th scope="col" class="points">${i18n.t('leaderboard.points')}</th>
            </tr>
          </thead>
          <tbody>
            ${repeat(
              entries,
              (e) => e.address,
              (e) => this.#row(e, isMe(e)),
            )}
          </tbody>
          <tbody part="pinned" class="pinned" ?hidden=${!pinned}>
            ${pinned ? this.#row(pinned, true) : nothing}
          </tbody>
        </table>
        <div part="status" class="status" role="status" ?hidden=${!message}>
          ${message}
          ${
            status === 'error'
              ? html` <button part="retry" type="button" @click=${() => this.refresh()}>${i18n.t('leaderboard.retry')}</button>`
              : nothing
          }
        </div>
        <div part="footer" class="footer" ?hidden=${entries.length === 0 || (this._index === 0 && !page?.next)}>
          <button part="previous" type="button" ?disabled=${this._index === 0 || status === 'loading'}
            @click=${() => this.#go(-1)}>${i18n.t('leaderboard.previous')}</button>
          <span part="total">${i18n.t('leaderboard.page', { page: this._index + 1 })}${
            this.#total !== undefined
              ? html` · ${i18n.t('leaderboard.total', { n: this.#total })}`
              : nothing
          }</span>
          <button part="next" type="button" ?disabled=${!page?.next || status === 'loading'}
            @click=${() => this.#go(1)}>${i18n.t('leaderboard.next')}</button>
        </div>
      </div>
    </div>`;
  }
}

declare global {
  interface HTMLElementEventMap {
    'quest-leaderboard-period': CustomEvent<QuestLeaderboardPeriodDetail>;
  }
}
