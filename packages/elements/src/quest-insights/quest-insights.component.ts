import { html, nothing, type PropertyValues, svg } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import { insightsMessages } from '../i18n/en.insights.js';
import { addEnglish } from '../i18n/index.js';
import { QuestElement } from '../internal/quest-element.js';
import { insightsStyles } from './quest-insights.styles.js';
import {
  CONDITION_FIELDS,
  CONDITION_KINDS,
  type Combinator,
  type Condition,
  type ConditionField,
  type ConditionKind,
  formRule,
  type IssueTarget,
  issueTarget,
  ruleForm,
  type SegmentForm,
} from './segment-form.js';
import {
  type FetchedView,
  INSIGHTS_VIEWS,
  type InsightsData,
  type InsightsRetained,
  type InsightsView,
  insightsPath,
  type SegmentExportFormat,
  type SegmentRule,
} from './types.js';

// This code's English messages (kept out of the script-tag file's eager catalog).
addEnglish(insightsMessages);

/** The retention columns, in order. */
const RETENTION_DAYS = ['d1', 'd7', 'd30'] as const;

type Status = 'idle' | 'loading' | 'ready' | 'unauthorized' | 'not-found' | 'error';
/** The segment builder's count: no rule or no server, in flight, answered, refused at fields, failed. */
type CountStatus = 'none' | 'counting' | 'count' | 'invalid' | 'unauthorized' | 'error';

/** The export formats, in button order. */
const EXPORT_FORMATS: readonly SegmentExportFormat[] = ['csv', 'ndjson', 'merkle'];
const EXPORT_FILES: Record<SegmentExportFormat, string> = {
  csv: 'segment.csv',
  ndjson: 'segment.ndjson',
  merkle: 'segment-merkle.json',
};

/** `quest-segment-change`: the builder's rule changed (undefined when it has no condition). */
export interface QuestSegmentChangeDetail {
  rule: SegmentRule | undefined;
}

/** `quest-segment-export`: an export button was pressed (cancel it to skip the download). */
export interface QuestSegmentExportDetail {
  format: SegmentExportFormat;
  rule: SegmentRule;
}

/** A server issue with the segment rule, and where in the form it points. */
interface FormIssue extends IssueTarget {
  path: string;
  message: string;
}

/** `quest-insights-error`: a view could not be loaded. */
export interface QuestInsightsErrorDetail {
  /** The HTTP status (0 when the request did not get an answer). */
  status: number;
  view: InsightsView;
}

const isView = (v: unknown): v is InsightsView =>
  (INSIGHTS_VIEWS as readonly unknown[]).includes(v);
const isFetched = (v: InsightsView): v is FetchedView => v !== 'segments';

/** The issues of a 400 answer's body (`{ error: { issues: [{ path, message }] } }`), if any. */
async function answerIssues(response: Response): Promise<{ path: string; message: string }[]> {
  try {
    const body = (await response.json()) as {
      error?: { message?: string; issues?: { path?: unknown; message?: unknown }[] };
    };
    const issues = (body.error?.issues ?? [])
      .filter((i) => typeof i.path === 'string' && typeof i.message === 'string')
      .map((i) => ({ path: i.path as string, message: i.message as string }));
    if (issues.length) return issues;
    return [{ path: '', message: body.error?.message ?? `HTTP ${response.status}` }];
  } catch {
    return [{ path: '', message: `HTTP ${response.status}` }];
  }
}

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

/** A failed segment request: its status and the issues of a 400. */
class SegmentFailure extends Error {
  constructor(
    readonly status: number,
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(`HTTP ${status}`);
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
 * rate with its top failure reasons, the referral funnel (bound → qualified, top referrers) and a
 * segment builder (conditions joined by all / any, a live member count, CSV / NDJSON / merkle
 * export). Charts are plain SVG (no script, CSP-safe); every chart has a data table beside it for
 * screen readers (visually hidden; `show-tables` shows them).
 *
 * The key goes in the `token` property only, never an attribute, so it never lands in the DOM or
 * in serialised HTML. Give `data` instead of `api` + `token` to show answers you already have
 * (stories, a console that fetched them): then nothing is fetched.
 *
 * @tagname quest-insights
 * @summary Funnel, retention, daily activity, task failures, referrals and a segment builder for campaign operators.
 *
 * @event quest-insights-error - A view could not be loaded; `detail.status` (HTTP status, 0 for a network failure) and `detail.view`.
 * @event quest-segment-change - The segment builder's rule changed by the form; `detail.rule` (undefined with no condition).
 * @event quest-segment-export - An export button was pressed; `detail.format` (`csv`, `ndjson`, `merkle`) and `detail.rule`. Cancelable: `preventDefault()` skips the download.
 *
 * @csspart insights - The wrapper.
 * @csspart status - The loading, empty or error message.
 * @csspart retry - The "Try again" button after an error.
 * @csspart section - One view's section (also `section-funnel`, `section-retention`, `section-daily`, `section-tasks`, `section-referrals`, `section-segments`).
 * @csspart heading - A section's heading.
 * @csspart summary - The funnel's totals (viewed, connected, signed in, wallets); the referrals' (bound, qualified, conversion).
 * @csspart chart - A chart's `<svg>` (hidden from assistive technology: its table says the same).
 * @csspart bar - One bar of a chart (also `bar-reached`, `bar-completed`, `bar-claimed`, `bar-new`, `bar-returning`, `bar-bound`, `bar-qualified`).
 * @csspart table - A data table (also `table-funnel`, `table-retention`, `table-daily`, `table-tasks`, `table-referrals`, `table-referrers`).
 * @csspart row - One data row of a table.
 * @csspart cell - One data cell (also `cell-empty` on a retention cell still to come, shown as "—").
 * @csspart legend - A chart's legend.
 * @csspart segment-form - The segment builder's `<form>`.
 * @csspart segment-combinator - The all / any `<select>`.
 * @csspart segment-condition - One condition's `<fieldset>`.
 * @csspart segment-kind - A condition's kind `<select>`.
 * @csspart segment-field - A condition's labelled field (label and input).
 * @csspart segment-input - A condition's input.
 * @csspart segment-raw - A rule the form has no fields for, shown as JSON.
 * @csspart field-error - The server's message under a field (or a condition) it refused.
 * @csspart segment-issues - The server's messages that name no field of the form.
 * @csspart segment-add - The "Add a condition" button.
 * @csspart segment-remove - A condition's remove button.
 * @csspart segment-count - The live member count (an `aria-live` status).
 * @csspart segment-export - The export buttons' group (also `export-csv`, `export-ndjson`, `export-merkle` on each button).
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
    rule: { attribute: false },
    countDelay: { type: Number, attribute: 'count-delay' },
    _status: { state: true },
    _data: { state: true },
    _form: { state: true },
    _count: { state: true },
    _countStatus: { state: true },
    _issues: { state: true },
    _exporting: { state: true },
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
  /**
   * `all` (default), or one of `funnel`, `retention`, `daily`, `tasks`, `referrals`, `segments`
   * (the segment builder): the view shown. Reflected.
   */
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
  /**
   * The segment builder's rule (the server's segment JSON, @questboard/core `SegmentRule`):
   * set it to fill the form; the form's edits set it and fire `quest-segment-change`. Undefined
   * while the form has no condition. A top-level `all` / `any` is the form's list; conditions
   * the form has no fields for are kept and shown as JSON.
   */
  declare rule: SegmentRule | undefined;
  /**
   * Milliseconds the builder waits after the last change before it counts the members
   * (attribute `count-delay`; default 300). A newer change aborts the count in flight.
   */
  declare countDelay: number;

  declare private _status: Status;
  declare private _data: InsightsData;
  declare private _form: SegmentForm;
  declare private _count: number | undefined;
  declare private _countStatus: CountStatus;
  declare private _issues: FormIssue[];
  declare private _exporting: SegmentExportFormat | undefined;
  #abort: AbortController | undefined;
  #countAbort: AbortController | undefined;
  #countTimer: ReturnType<typeof setTimeout> | undefined;
  /** The JSON of the rule last counted (or being counted): the same rule is not counted twice. */
  #countedJson: string | undefined;
  /** The rule the form last built (a `rule` set from outside differs from it). */
  #built: SegmentRule | undefined;

  constructor() {
    super();
    this.view = 'all';
    this.showTables = false;
    this.countDelay = 300;
    this._status = 'idle';
    this._data = {};
    this._form = { combinator: 'all', conditions: [] };
    this._count = undefined;
    this._countStatus = 'none';
    this._issues = [];
    this._exporting = undefined;
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
    this.#countAbort?.abort();
    clearTimeout(this.#countTimer);
    this.#countedJson = undefined;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) this.#scheduleCount();
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
    if (changed.has('rule') && this.rule !== this.#built) {
      this._form = ruleForm(this.rule);
      this.#built = this.rule;
      this._issues = [];
    }
    if (
      changed.has('rule') ||
      changed.has('api') ||
      changed.has('token') ||
      changed.has('view') ||
      changed.has('fetcher')
    ) {
      if (!changed.has('rule')) this.#countedJson = undefined;
      this.#scheduleCount();
    }
  }

  #views(): InsightsView[] {
    return isView(this.view) ? [this.view] : [...INSIGHTS_VIEWS];
  }

  /** The views read from the server (every view but the segment builder). */
  #fetchedViews(): FetchedView[] {
    return this.#views().filter(isFetched);
  }

  #segmentsShown(): boolean {
    return this.#views().includes('segments');
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
    const views = this.#fetchedViews();
    if (!views.length) {
      this._status = 'ready';
      this._data = {};
      return;
    }
    const abort = new AbortController();
    this.#abort = abort;
    this._status = 'loading';
    try {
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
      const failure =
        error instanceof HttpFailure ? error : new HttpFailure(0, this.#fetchedViews()[0]!);
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

  /** The server URL and key when the builder can ask the server, else undefined. */
  #segmentServer(): { base: string; token: string } | undefined {
    const base = serverUrl(this.api);
    const token = this.token;
    return base && token ? { base, token } : undefined;
  }

  /** Counts the rule after `countDelay` ms of quiet (a newer change restarts the wait). */
  #scheduleCount(): void {
    if (!this.#segmentsShown()) return;
    const json = this.rule ? JSON.stringify(this.rule) : undefined;
    if (json !== undefined && json === this.#countedJson) return;
    clearTimeout(this.#countTimer);
    this.#countTimer = undefined;
    if (!this.rule || !this.#segmentServer()) {
      this.#countAbort?.abort();
      this.#countAbort = undefined;
      this.#countedJson = undefined;
      this._countStatus = 'none';
      this._count = undefined;
      return;
    }
    const delay = Number.isFinite(this.countDelay) ? Math.max(0, this.countDelay) : 300;
    this.#countTimer = setTimeout(() => {
      this.#countTimer = undefined;
      void this.countSegment();
    }, delay);
  }

  /** One request about the builder's rule to `POST /admin/segments/{path}`. */
  async #segmentRequest(path: string, signal: AbortSignal): Promise<Response> {
    const server = this.#segmentServer();
    if (!server) throw new SegmentFailure(0);
    let response: Response;
    try {
      response = await (this.fetcher ?? fetch)(`${server.base}/admin/segments/${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${server.token}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ rule: this.rule }),
        signal,
        credentials: 'omit',
      });
    } catch (error) {
      if (signal.aborted) throw error;
      throw new SegmentFailure(0);
    }
    if (response.status === 400) throw new SegmentFailure(400, await answerIssues(response));
    if (!response.ok) throw new SegmentFailure(response.status);
    return response;
  }

  #showFailure(error: unknown): void {
    const failure = error instanceof SegmentFailure ? error : new SegmentFailure(0);
    if (failure.status === 400) {
      this._issues = failure.issues.map((i) => ({ ...i, ...issueTarget(i.path, this._form) }));
      this._countStatus = 'invalid';
    } else {
      this._countStatus =
        failure.status === 401 || failure.status === 403 ? 'unauthorized' : 'error';
    }
    this._count = undefined;
  }

  /**
   * Counts the builder's rule now (`POST /admin/segments/count`), aborting a count in flight.
   * Resolves to the count, or undefined when there is no rule or server, the server refused the
   * rule (its issues are shown at their fields) or this count was overtaken by a newer one.
   */
  async countSegment(): Promise<number | undefined> {
    clearTimeout(this.#countTimer);
    this.#countTimer = undefined;
    this.#countAbort?.abort();
    this.#countAbort = undefined;
    const rule = this.rule;
    if (!rule || !this.#segmentServer()) {
      this.#countedJson = undefined;
      this._countStatus = 'none';
      this._count = undefined;
      return undefined;
    }
    const abort = new AbortController();
    this.#countAbort = abort;
    this.#countedJson = JSON.stringify(rule);
    this._countStatus = 'counting';
    try {
      const response = await this.#segmentRequest('count', abort.signal);
      const { count } = (await response.json()) as { count: number };
      if (abort.signal.aborted) return undefined;
      this._issues = [];
      this._count = count;
      this._countStatus = 'count';
      return count;
    } catch (error) {
      if (abort.signal.aborted) return undefined;
      this.#showFailure(error);
      // A refused or failed rule is counted again on its next change, or by hand.
      this.#countedJson = undefined;
      return undefined;
    } finally {
      if (this.#countAbort === abort) this.#countAbort = undefined;
    }
  }

  /**
   * The builder's rule exported by the server (`POST /admin/segments/export?format=`): CSV,
   * NDJSON or a StandardMerkleTree dump, as a Blob. Undefined when there is no rule or server,
   * or the server refused (a 400's issues are shown at their fields).
   */
  async exportSegment(format: SegmentExportFormat): Promise<Blob | undefined> {
    if (!this.rule || !this.#segmentServer() || !EXPORT_FORMATS.includes(format)) return undefined;
    const abort = new AbortController();
    this._exporting = format;
    try {
      const response = await this.#segmentRequest(
        `export?format=${encodeURIComponent(format)}`,
        abort.signal,
      );
      return await response.blob();
    } catch (error) {
      this.#showFailure(error);
      return undefined;
    } finally {
      this._exporting = undefined;
    }
  }

  async #onExport(format: SegmentExportFormat): Promise<void> {
    const rule = this.rule;
    if (!rule) return;
    const go = this.dispatchEvent(
      new CustomEvent<QuestSegmentExportDetail>('quest-segment-export', {
        detail: { format, rule },
        bubbles: true,
        composed: true,
        cancelable: true,
      }),
    );
    if (!go) return;
    const blob = await this.exportSegment(format);
    if (!blob) return;
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = EXPORT_FILES[format];
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  /** The form changed: its rule becomes `rule`, announced, and counted after the delay. */
  #edit(form: SegmentForm): void {
    this._form = form;
    this._issues = [];
    const rule = formRule(form);
    this.#built = rule;
    this.rule = rule;
    this.dispatchEvent(
      new CustomEvent<QuestSegmentChangeDetail>('quest-segment-change', {
        detail: { rule },
        bubbles: true,
        composed: true,
      }),
    );
  }

  #editCondition(index: number, change: (c: Condition) => Condition): void {
    this.#edit({
      ...this._form,
      conditions: this._form.conditions.map((c, i) => (i === index ? change(c) : c)),
    });
  }

  #addCondition(): void {
    this.#edit({
      ...this._form,
      conditions: [
        ...this._form.conditions,
        { kind: 'taskDone', values: this.campaign ? { campaignId: this.campaign } : {} },
      ],
    });
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
      !d.tasks?.tasks.some((t) => t.started || t.attempted) &&
      !d.referrals?.bound
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

  #referrals() {
    const r = this._data.referrals;
    if (!r) return nothing;
    const i18n = this.i18n;
    const conversion = (qualified: number, bound: number) =>
      bound > 0 ? this.#percent(qualified / bound) : '—';
    const top = Math.max(1, r.bound);
    const scale = (n: number) => (n / top) * (W - LABEL - 60);
    const H = BAR * 2 + GAP;
    const bar = (y: number, n: number, kind: 'bound' | 'qualified') =>
      svg`<text class="label" x="0" y=${y + BAR - 4}>${i18n.t(`insights.ref.${kind}`)}</text>
        <rect part=${`bar bar-${kind}`} class=${kind} x=${LABEL} y=${y} height=${BAR}
        width=${Math.max(n > 0 ? 1 : 0, scale(n))}></rect>
        <text class="value" x=${LABEL + scale(n) + 4} y=${y + BAR - 4}>${i18n.number(n)}</text>`;
    return html`<section part="section section-referrals" aria-labelledby="h-referrals">
      <h3 part="heading" id="h-referrals">${i18n.t('insights.referrals')}</h3>
      <dl part="summary" class="summary">
        <div><dt>${i18n.t('insights.ref.bound')}</dt><dd data-key="bound">${i18n.number(r.bound)}</dd></div>
        <div><dt>${i18n.t('insights.ref.qualified')}</dt><dd data-key="qualified">${i18n.number(r.qualified)}</dd></div>
        <div><dt>${i18n.t('insights.ref.conversion')}</dt><dd data-key="qualificationRate">${conversion(r.qualified, r.bound)}</dd></div>
      </dl>
      ${
        r.bound
          ? html`<svg part="chart" class="chart" viewBox=${`0 0 ${W} ${H}`} aria-hidden="true" focusable="false">
          ${bar(0, r.bound, 'bound')}${bar(BAR + GAP, r.qualified, 'qualified')}
        </svg>`
          : html`<p part="status" class="status">${i18n.t('insights.ref.none')}</p>`
      }
      <div class=${this.showTables ? 'tables' : 'tables visually-hidden'} ?hidden=${!r.bound}>
        <table part="table table-referrals">
          <caption>${i18n.t('insights.ref.table')}</caption>
          <thead><tr>
            <th scope="col">${i18n.t('insights.ref.bound')}</th>
            <th scope="col">${i18n.t('insights.ref.qualified')}</th>
            <th scope="col">${i18n.t('insights.ref.conversion')}</th>
          </tr></thead>
          <tbody><tr part="row">
            ${this.#cell(i18n.number(r.bound))}
            ${this.#cell(i18n.number(r.qualified))}
            ${this.#cell(conversion(r.qualified, r.bound))}
          </tr></tbody>
        </table>
      </div>
      ${
        r.topReferrers.length
          ? html`<table part="table table-referrers">
        <caption>${i18n.t('insights.ref.top')}</caption>
        <thead><tr>
          <th scope="col">${i18n.t('insights.ref.referrer')}</th>
          <th scope="col">${i18n.t('insights.ref.bound')}</th>
          <th scope="col">${i18n.t('insights.ref.qualified')}</th>
          <th scope="col">${i18n.t('insights.ref.conversion')}</th>
        </tr></thead>
        <tbody>
          ${r.topReferrers.map(
            (x) => html`<tr part="row" data-referrer=${x.referrer}>
              <th scope="row"><code>${x.referrer}</code></th>
              ${this.#cell(i18n.number(x.bound))}
              ${this.#cell(i18n.number(x.qualified))}
              ${this.#cell(conversion(x.qualified, x.bound))}
            </tr>`,
          )}
        </tbody>
      </table>`
          : nothing
      }
    </section>`;
  }

  /** The server's message for a condition's field (or the condition, without `field`). */
  #issue(index: number, field?: ConditionField): FormIssue | undefined {
    return this._issues.find((i) => i.index === index && i.field === field);
  }

  #field(index: number, c: Condition, field: ConditionField) {
    const i18n = this.i18n;
    const id = `seg-${index}-${field}`;
    const issue = this.#issue(index, field);
    const type =
      field === 'min' ? 'number' : field === 'after' || field === 'before' ? 'date' : 'text';
    const label =
      c.kind === 'credential' && field === 'taskId'
        ? i18n.t('insights.seg.field.taskOptional')
        : i18n.t(`insights.seg.field.${field}`);
    return html`<div part="segment-field" class="field">
      <label for=${id}>${label}</label>
      <input part="segment-input" id=${id} name=${field} type=${type} data-field=${field}
        .value=${c.values[field] ?? ''}
        min=${type === 'number' ? '0' : nothing} step=${type === 'number' ? '1' : nothing}
        spellcheck="false" autocomplete="off"
        aria-invalid=${issue ? 'true' : 'false'}
        aria-describedby=${issue ? `${id}-error` : nothing}
        @input=${(e: Event) => {
          const value = (e.target as HTMLInputElement).value;
          this.#editCondition(index, (x) => ({ ...x, values: { ...x.values, [field]: value } }));
        }} />
      ${issue ? html`<span part="field-error" class="field-error" id=${`${id}-error`}>${issue.message}</span>` : nothing}
    </div>`;
  }

  #condition(c: Condition, index: number) {
    const i18n = this.i18n;
    const n = index + 1;
    const kinds: ConditionKind[] =
      c.kind === 'raw' ? ['raw', ...CONDITION_KINDS] : [...CONDITION_KINDS];
    const issue = this.#issue(index);
    return html`<fieldset part="segment-condition" class="condition" data-index=${index} data-kind=${c.kind}>
      <legend>${i18n.t('insights.seg.condition', { index: n })}</legend>
      <div class="field">
        <label for=${`seg-${index}-kind`}>${i18n.t('insights.seg.kind')}</label>
        <select part="segment-kind" id=${`seg-${index}-kind`}
          @change=${(e: Event) => {
            const kind = (e.target as HTMLSelectElement).value as ConditionKind;
            this.#editCondition(index, (x) => ({ kind, values: x.values }));
          }}>
          ${kinds.map(
            (k) =>
              html`<option value=${k} ?selected=${k === c.kind}>${i18n.t(`insights.seg.kind.${k}`)}</option>`,
          )}
        </select>
      </div>
      ${
        c.kind === 'raw'
          ? html`<code part="segment-raw" class="raw">${JSON.stringify(c.raw)}</code>`
          : CONDITION_FIELDS[c.kind].map((f) => this.#field(index, c, f))
      }
      ${issue ? html`<p part="field-error" class="field-error">${issue.message}</p>` : nothing}
      <button part="segment-remove" type="button"
        aria-label=${i18n.t('insights.seg.remove', { index: n })}
        @click=${() =>
          this.#edit({
            ...this._form,
            conditions: this._form.conditions.filter((_, i) => i !== index),
          })}>${i18n.t('insights.seg.removeShort')}</button>
    </fieldset>`;
  }

  #countMessage(): string {
    const i18n = this.i18n;
    if (!this.#segmentServer()) return i18n.t('insights.seg.noServer');
    if (!this.rule) return i18n.t('insights.seg.empty');
    switch (this._countStatus) {
      case 'counting':
        return i18n.t('insights.seg.counting');
      case 'count':
        return i18n.t('insights.seg.count', { n: this._count ?? 0 });
      case 'invalid':
        return i18n.t('insights.seg.invalid');
      case 'unauthorized':
        return i18n.t('insights.unauthorized');
      case 'error':
        return i18n.t('insights.seg.error');
      default:
        return i18n.t('insights.seg.counting');
    }
  }

  #segments() {
    const i18n = this.i18n;
    const form = this._form;
    const loose = this._issues.filter((i) => i.index === undefined);
    const canExport = !!this.rule && !!this.#segmentServer() && this._exporting === undefined;
    return html`<section part="section section-segments" aria-labelledby="h-segments">
      <h3 part="heading" id="h-segments">${i18n.t('insights.segments')}</h3>
      <form part="segment-form" class="segments" @submit=${(e: Event) => {
        e.preventDefault();
        void this.countSegment();
      }}>
        <div class="field">
          <label for="seg-combinator">${i18n.t('insights.seg.match')}</label>
          <select part="segment-combinator" id="seg-combinator"
            @change=${(e: Event) =>
              this.#edit({
                ...this._form,
                combinator: (e.target as HTMLSelectElement).value as Combinator,
              })}>
            <option value="all" ?selected=${form.combinator === 'all'}>${i18n.t('insights.seg.all')}</option>
            <option value="any" ?selected=${form.combinator === 'any'}>${i18n.t('insights.seg.any')}</option>
          </select>
        </div>
        ${form.conditions.map((c, i) => this.#condition(c, i))}
        <button part="segment-add" type="button" @click=${() => this.#addCondition()}>${i18n.t('insights.seg.add')}</button>
        ${
          loose.length
            ? html`<div part="segment-issues" class="field-error" role="alert"><ul>${loose.map(
                (i) =>
                  html`<li>${i.path ? html`<code>${i.path}</code> ` : nothing}${i.message}</li>`,
              )}</ul></div>`
            : nothing
        }
        <p part="segment-count" class="count" role="status" aria-live="polite">${this.#countMessage()}</p>
        <div part="segment-export" class="export" role="group" aria-label=${i18n.t('insights.seg.export')}>
          ${EXPORT_FORMATS.map(
            (f) => html`<button part=${`export-${f}`} type="button" ?disabled=${!canExport}
              aria-busy=${this._exporting === f ? 'true' : 'false'}
              @click=${() => this.#onExport(f)}>${i18n.t(`insights.seg.export.${f}`)}</button>`,
          )}
        </div>
      </form>
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
    const sections: Record<FetchedView, () => unknown> = {
      funnel: () => this.#funnel(),
      retention: () => this.#retention(),
      daily: () => this.#daily(),
      tasks: () => this.#tasks(),
      referrals: () => this.#referrals(),
    };
    const fetched = this.#fetchedViews();
    return html`<div part="insights" class="insights" aria-busy=${status === 'loading' ? 'true' : 'false'}>
      ${
        fetched.length
          ? html`<div part="status" class=${failed ? 'status error' : 'status'} role=${failed ? 'alert' : 'status'}
        ?hidden=${!message}>
        ${message}
        ${failed ? html` <button part="retry" type="button" @click=${() => this.refresh()}>${i18n.t('insights.retry')}</button>` : nothing}
      </div>`
          : nothing
      }
      ${status === 'ready' && !empty ? fetched.map((v) => sections[v]()) : nothing}
      ${this.#segmentsShown() ? this.#segments() : nothing}
    </div>`;
  }
}

declare global {
  interface HTMLElementEventMap {
    'quest-insights-error': CustomEvent<QuestInsightsErrorDetail>;
    'quest-segment-change': CustomEvent<QuestSegmentChangeDetail>;
    'quest-segment-export': CustomEvent<QuestSegmentExportDetail>;
  }
}
