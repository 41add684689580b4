import { html, nothing, type PropertyValues, svg } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import { QuestElement } from '../internal/quest-element.js';
import { insightsStyles } from './quest-insights.styles.js';
import {
  INSIGHTS_VIEWS,
  type InsightsData,
  type InsightsRetained,
  type InsightsView,
  insightsPath,
} from './types.js';

/** The retention columns, in order. */
const RETENTION_DAYS = ['d1', 'd7', 'd30'] as const;

type Status = 'idle' | 'loading' | 'ready' | 'unauthorized' | 'not-found' | 'error';

/** `quest-insights-error`: a view could not be loaded. */
export interface QuestInsightsErrorDetail {
  /** The HTTP status (0 when the request did not get an answer). */
  status: number;
  view: InsightsView;
}

const isView = (v: unknown): v is InsightsView =>
  (INSIGHTS_VIEWS as readonly unknown[]).includes(v);

/** The server's URL when it is an absolute http: or https: URL (no trailing slash), else undefined. */
function serverUrl(api: string | undefined): string | undefined {
  if (!api) return undefined;
  try {
    const url = new URL(api);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
    return url.href.replace(/\/+$/, '');
  } catch {
    return undefined;
  }
}

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly view: InsightsView,
  ) {
    super(`HTTP ${status} for ${view}`);
  }
}

/** Width of the SVG charts' drawing (a viewBox: they scale to the element). */
const W = 600;
const BAR = 18;
const GAP = 6;
const LABEL = 140;

/**
 * Operator insights for one campaign, read from the reference server's admin views: the funnel
 * per rung (reached → completed → claimed, with drop-off), the retention triangle (D1 / D7 / D30
 * per first-seen cohort), daily activity (new and returning wallets) and each task's completion
 * rate with its top failure reasons. Charts are plain SVG (no script, CSP-safe); every chart has a
 * data table beside it for screen readers (visually hidden; `show-tables` shows them).
 *
 * The key goes in the `token` property only, never an attribute, so it never lands in the DOM or
 * in serialised HTML. Give `data` instead of `api` + `token` to show answers you already have
 * (stories, a console that fetched them): then nothing is fetched.
 *
 * @tagname quest-insights
 * @summary Funnel, retention, daily activity and task failures for campaign operators.
 *
 * @event quest-insights-error - A view could not be loaded; `detail.status` (HTTP status, 0 for a network failure) and `detail.view`.
 *
 * @csspart insights - The wrapper.
 * @csspart status - The loading, empty or error message.
 * @csspart retry - The "Try again" button after an error.
 * @csspart section - One view's section (also `section-funnel`, `section-retention`, `section-daily`, `section-tasks`).
 * @csspart heading - A section's heading.
 * @csspart summary - The funnel's totals (viewed, connected, signed in, wallets).
 * @csspart chart - A chart's `<svg>` (hidden from assistive technology: its table says the same).
 * @csspart bar - One bar of a chart (also `bar-reached`, `bar-completed`, `bar-claimed`, `bar-new`, `bar-returning`).
 * @csspart table - A data table (also `table-funnel`, `table-retention`, `table-daily`, `table-tasks`).
 * @csspart row - One data row of a table.
 * @csspart cell - One data cell (also `cell-empty` on a retention cell still to come, shown as "—").
 * @csspart legend - A chart's legend.
 *
 * @cssproperty --quest-insights-reached - The "reached" bars (default: `--quest-color-border`).
 * @cssproperty --quest-insights-completed - The "completed" and "returning" bars (default: `--quest-color-accent`).
 * @cssproperty --quest-insights-claimed - The "claimed" and "new" bars (default: `--quest-color-success`).
 * @cssproperty --quest-insights-heat - The retention cells' colour, mixed by rate (default: `--quest-color-accent`).
 */
export class QuestInsights extends QuestElement {
  static override styles = insightsStyles;

  static override properties = {
    api: { type: String },
    campaign: { type: String },
    token: { attribute: false },
    view: { type: String, reflect: true },
    data: { attribute: false },
    fetcher: { attribute: false },
    showTables: { type: Boolean, attribute: 'show-tables', reflect: true },
    _status: { state: true },
    _data: { state: true },
  };

  /** The Questboard server's URL (http: or https:). */
  declare api: string | undefined;
  /** The campaign id. */
  declare campaign: string | undefined;
  /**
   * The admin key (or a read-only insights token), sent as `Authorization: Bearer`. A property
   * only (no attribute), so it never appears in the DOM.
   */
  declare token: string | undefined;
  /** `all` (default), or one of `funnel`, `retention`, `daily`, `tasks`: the view shown. Reflected. */
  declare view: InsightsView | 'all';
  /**
   * Answers to show as they are, without fetching (the server's JSON per view). When set, `api`
   * and `token` are not used.
   */
  declare data: InsightsData | undefined;
  /**
   * The `fetch` to read the views with (default: the page's `fetch`): for a proxy that adds
   * headers, or a story showing the loading and error states without a server.
   */
  declare fetcher: typeof fetch | undefined;
  /** Shows the data tables beside the charts (they are always there for screen readers). Reflected. */
  declare showTables: boolean;

  declare private _status: Status;
  declare private _data: InsightsData;
  #abort: AbortController | undefined;

  constructor() {
    super();
    this.view = 'all';
    this.showTables = false;
    this._status = 'idle';
    this._data = {};
  }

  /** The answers shown (fetched, or `data`). */
  get insights(): InsightsData {
    return this._data;
  }

  /** Reads the views again. */
  refresh(): Promise<void> {
    return this.#load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#abort?.abort();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (
      changed.has('api') ||
      changed.has('campaign') ||
      changed.has('token') ||
      changed.has('view') ||
      changed.has('data') ||
      changed.has('fetcher')
    )
      void this.#load();
  }

  #views(): InsightsView[] {
    return isView(this.view) ? [this.view] : [...INSIGHTS_VIEWS];
  }

  async #load(): Promise<void> {
    this.#abort?.abort();
    this.#abort = undefined;
    if (this.data) {
      this._data = this.data;
      this._status = 'ready';
      return;
    }
    const base = serverUrl(this.api);
    const campaign = this.campaign;
    const token = this.token;
    if (!base || !campaign || !token) {
      this._status = 'idle';
      this._data = {};
      return;
    }
    const abort = new AbortController();
    this.#abort = abort;
    this._status = 'loading';
    try {
      const views = this.#views();
      const answers = await Promise.all(
        views.map(async (view) => {
          let response: Response;
          try {
            response = await (this.fetcher ?? fetch)(`${base}${insightsPath(campaign, view)}`, {
              headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
              signal: abort.signal,
              credentials: 'omit',
            });
          } catch (error) {
            if (abort.signal.aborted) throw error;
            throw new HttpFailure(0, view);
          }
          if (!response.ok) throw new HttpFailure(response.status, view);
          return [view, await response.json()] as const;
        }),
      );
      if (abort.signal.aborted) return;
      this._data = Object.fromEntries(answers) as InsightsData;
      this._status = 'ready';
    } catch (error) {
      if (abort.signal.aborted) return;
      const failure = error instanceof HttpFailure ? error : new HttpFailure(0, this.#views()[0]!);
      this._data = {};
      this._status =
        failure.status === 401 || failure.status === 403
          ? 'unauthorized'
          : failure.status === 404
            ? 'not-found'
            : 'error';
      this.dispatchEvent(
        new CustomEvent<QuestInsightsErrorDetail>('quest-insights-error', {
          detail: { status: failure.status, view: failure.view },
          bubbles: true,
          composed: true,
        }),
      );
    }
  }

  #percent(rate: number): string {
    return new Intl.NumberFormat(this.i18n.locale, {
      style: 'percent',
      maximumFractionDigits: 1,
    }).format(rate);
  }

  /** `part` of one cell (tests and themes read them). */
  #cell(content: unknown, extra = '') {
    return html`<td part=${extra ? `cell ${extra}` : 'cell'}>${content}</td>`;
  }

  #isEmpty(): boolean {
    const d = this._data;
    const funnelEmpty =
      !d.funnel || (d.funnel.viewed === 0 && d.funnel.wallets === 0 && d.funnel.connected === 0);
    return (
      funnelEmpty &&
      !d.retention?.cohorts.length &&
      !d.daily?.days.length &&
      !d.tasks?.tasks.some((t) => t.started || t.attempted)
    );
  }

  #funnel() {
    const f = this._data.funnel;
    if (!f) return nothing;
    const i18n = this.i18n;
    const top = Math.max(1, ...f.tiers.map((t) => t.reached));
    const rung = BAR * 3 + GAP * 2 + 16;
    const height = Math.max(rung, f.tiers.length * rung);
    const scale = (n: number) => (n / top) * (W - LABEL - 60);
    const bar = (y: number, n: number, kind: 'reached' | 'completed' | 'claimed') =>
      svg`<rect part=${`bar bar-${kind}`} class=${kind} x=${LABEL} y=${y} height=${BAR}
        width=${Math.max(n > 0 ? 1 : 0, scale(n))}></rect>
        <text class="value" x=${LABEL + scale(n) + 4} y=${y + BAR - 4}>${i18n.number(n)}</text>`;
    const drop = (lost: number, of: number) => (of > 0 ? this.#percent(lost / of) : '—');
    return html`<section part="section section-funnel" aria-labelledby="h-funnel">
      <h3 part="heading" id="h-funnel">${i18n.t('insights.funnel')}</h3>
      <dl part="summary" class="summary">
        ${(['viewed', 'connected', 'signedIn', 'wallets'] as const).map(
          (k) =>
            html`<div><dt>${i18n.t(`insights.summary.${k}`)}</dt><dd data-key=${k}>${i18n.number(f[k])}</dd></div>`,
        )}
      </dl>
      ${
        f.tiers.length
          ? html`<svg part="chart" class="chart" viewBox=${`0 0 ${W} ${height}`} aria-hidden="true" focusable="false">
          ${f.tiers.map((t, i) => {
            const y = i * rung;
            return svg`<g>
              <text class="label" x="0" y=${y + BAR + GAP + BAR - 4}>${t.tierId}</text>
              ${bar(y, t.reached, 'reached')}
              ${bar(y + BAR + GAP, t.completed, 'completed')}
              ${t.hasReward ? bar(y + 2 * (BAR + GAP), t.claimed, 'claimed') : nothing}
            </g>`;
          })}
        </svg>
        <ul part="legend" class="legend" aria-hidden="true">
          <li><span class="swatch reached"></span>${i18n.t('insights.reached')}</li>
          <li><span class="swatch completed"></span>${i18n.t('insights.completed')}</li>
          <li><span class="swatch claimed"></span>${i18n.t('insights.claimed')}</li>
        </ul>`
          : html`<p part="status" class="status">${i18n.t('insights.noTiers')}</p>`
      }
      <div class=${this.showTables ? 'tables' : 'tables visually-hidden'} ?hidden=${!f.tiers.length}>
        <table part="table table-funnel">
        <caption>${i18n.t('insights.funnelTable')}</caption>
        <thead><tr>
          <th scope="col">${i18n.t('insights.tier')}</th>
          <th scope="col">${i18n.t('insights.reached')}</th>
          <th scope="col">${i18n.t('insights.completed')}</th>
          <th scope="col">${i18n.t('insights.dropOffCompleted')}</th>
          <th scope="col">${i18n.t('insights.claimed')}</th>
          <th scope="col">${i18n.t('insights.dropOffClaimed')}</th>
        </tr></thead>
        <tbody>
          ${f.tiers.map(
            (t) => html`<tr part="row" data-tier=${t.tierId}>
              <th scope="row">${t.tierId}</th>
              ${this.#cell(i18n.number(t.reached))}
              ${this.#cell(i18n.number(t.completed))}
              ${this.#cell(drop(t.dropOff.beforeCompleted, t.reached))}
              ${this.#cell(t.hasReward ? i18n.number(t.claimed) : '—')}
              ${this.#cell(t.hasReward ? drop(t.dropOff.beforeClaimed, t.completed) : '—')}
            </tr>`,
          )}
        </tbody>
      </table>
      </div>
    </section>`;
  }

  #retained(r: InsightsRetained) {
    if (!r) return this.#cell('—', 'cell-empty');
    return html`<td part="cell" style=${styleMap({ '--_rate': `${Math.round(r.rate * 40)}%` })} class="heat"
      title=${this.i18n.t('insights.retainedTitle', { n: r.count })}>${this.#percent(r.rate)}</td>`;
  }

  #retention() {
    const r = this._data.retention;
    if (!r) return nothing;
    const i18n = this.i18n;
    return html`<section part="section section-retention" aria-labelledby="h-retention">
      <h3 part="heading" id="h-retention">${i18n.t('insights.retention')}</h3>
      ${
        r.cohorts.length
          ? html`<table part="table table-retention" class="triangle">
        <caption class="visually-hidden">${i18n.t('insights.retentionTable')}</caption>
        <thead><tr>
          <th scope="col">${i18n.t('insights.cohort')}</th>
          <th scope="col">${i18n.t('insights.cohortSize')}</th>
          ${RETENTION_DAYS.map((d) => html`<th scope="col">${i18n.t(`insights.${d}`)}</th>`)}
        </tr></thead>
        <tbody>
          ${r.cohorts.map(
            (c) => html`<tr part="row" data-cohort=${c.cohort}>
              <th scope="row">${c.cohort}</th>
              ${this.#cell(i18n.number(c.size))}
              ${RETENTION_DAYS.map((d) => this.#retained(c[d]))}
            </tr>`,
          )}
        </tbody>
      </table>`
          : html`<p part="status" class="status">${i18n.t('insights.noCohorts')}</p>`
      }
    </section>`;
  }

  #daily() {
    const d = this._data.daily;
    if (!d) return nothing;
    const i18n = this.i18n;
    const days = d.days;
    const top = Math.max(1, ...days.map((x) => x.new + x.returning));
    const H = 160;
    const step = days.length ? W / days.length : W;
    const width = Math.max(1, step * 0.8);
    const h = (n: number) => (n / top) * (H - 20);
    return html`<section part="section section-daily" aria-labelledby="h-daily">
      <h3 part="heading" id="h-daily">${i18n.t('insights.daily')}</h3>
      ${
        days.length
          ? html`<svg part="chart" class="chart" viewBox=${`0 0 ${W} ${H}`} aria-hidden="true" focusable="false">
          ${days.map((x, i) => {
            const left = i * step + (step - width) / 2;
            return svg`<g><title>${x.day}</title>
              <rect part="bar bar-new" class="new" x=${left} width=${width} y=${H - h(x.new)} height=${h(x.new)}></rect>
              <rect part="bar bar-returning" class="returning" x=${left} width=${width}
                y=${H - h(x.new) - h(x.returning)} height=${h(x.returning)}></rect></g>`;
          })}
        </svg>
        <ul part="legend" class="legend" aria-hidden="true">
          <li><span class="swatch new"></span>${i18n.t('insights.new')}</li>
          <li><span class="swatch returning"></span>${i18n.t('insights.returning')}</li>
        </ul>`
          : html`<p part="status" class="status">${i18n.t('insights.noDays')}</p>`
      }
      <div class=${this.showTables ? 'tables' : 'tables visually-hidden'} ?hidden=${!days.length}>
        <table part="table table-daily">
        <caption>${i18n.t('insights.dailyTable')}</caption>
        <thead><tr>
          <th scope="col">${i18n.t('insights.day')}</th>
          <th scope="col">${i18n.t('insights.new')}</th>
          <th scope="col">${i18n.t('insights.returning')}</th>
        </tr></thead>
        <tbody>
          ${days.map(
            (x) => html`<tr part="row" data-day=${x.day}>
              <th scope="row">${x.day}</th>
              ${this.#cell(i18n.number(x.new))}
              ${this.#cell(i18n.number(x.returning))}
            </tr>`,
          )}
        </tbody>
      </table>
      </div>
    </section>`;
  }

  #tasks() {
    const t = this._data.tasks;
    if (!t) return nothing;
    const i18n = this.i18n;
    return html`<section part="section section-tasks" aria-labelledby="h-tasks">
      <h3 part="heading" id="h-tasks">${i18n.t('insights.tasks')}</h3>
      ${
        t.tasks.length
          ? html`<table part="table table-tasks">
        <caption class="visually-hidden">${i18n.t('insights.tasksTable')}</caption>
        <thead><tr>
          <th scope="col">${i18n.t('insights.task')}</th>
          <th scope="col">${i18n.t('insights.started')}</th>
          <th scope="col">${i18n.t('insights.attempted')}</th>
          <th scope="col">${i18n.t('insights.verified')}</th>
          <th scope="col">${i18n.t('insights.completionRate')}</th>
          <th scope="col">${i18n.t('insights.topFailures')}</th>
        </tr></thead>
        <tbody>
          ${t.tasks.map(
            (x) => html`<tr part="row" data-task=${x.taskId}>
              <th scope="row">${x.taskId}</th>
              ${this.#cell(i18n.number(x.started))}
              ${this.#cell(i18n.number(x.attempted))}
              ${this.#cell(i18n.number(x.verified))}
              ${this.#cell(x.attempted ? this.#percent(x.completionRate) : '—')}
              ${this.#cell(
                x.topFailures.length
                  ? html`<ul class="reasons">${x.topFailures.map(
                      (f) =>
                        html`<li><span class="reason">${f.reason}</span> <span class="count">${i18n.number(f.count)}</span></li>`,
                    )}</ul>`
                  : '—',
              )}
            </tr>`,
          )}
        </tbody>
      </table>`
          : html`<p part="status" class="status">${i18n.t('insights.noTasks')}</p>`
      }
    </section>`;
  }

  override render() {
    const i18n = this.i18n;
    const status = this._status;
    const empty = status === 'ready' && this.#isEmpty();
    const message =
      status === 'idle'
        ? i18n.t('insights.idle')
        : status === 'loading'
          ? i18n.t('insights.loading')
          : status === 'unauthorized'
            ? i18n.t('insights.unauthorized')
            : status === 'not-found'
              ? i18n.t('insights.notFound')
              : status === 'error'
                ? i18n.t('insights.error')
                : empty
                  ? i18n.t('insights.empty')
                  : '';
    const failed = status === 'unauthorized' || status === 'not-found' || status === 'error';
    const sections: Record<InsightsView, () => unknown> = {
      funnel: () => this.#funnel(),
      retention: () => this.#retention(),
      daily: () => this.#daily(),
      tasks: () => this.#tasks(),
    };
    return html`<div part="insights" class="insights" aria-busy=${status === 'loading' ? 'true' : 'false'}>
      <div part="status" class=${failed ? 'status error' : 'status'} role=${failed ? 'alert' : 'status'}
        ?hidden=${!message}>
        ${message}
        ${failed ? html` <button part="retry" type="button" @click=${() => this.refresh()}>${i18n.t('insights.retry')}</button>` : nothing}
      </div>
      ${status === 'ready' && !empty ? this.#views().map((v) => sections[v]()) : nothing}
    </div>`;
  }
}

declare global {
  interface HTMLElementEventMap {
    'quest-insights-error': CustomEvent<QuestInsightsErrorDetail>;
  }
}
