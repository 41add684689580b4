import {
  type Campaign,
  hashQuizAnswer,
  type KeyValueStorage,
  memoryBackend,
  type QuestBackend,
  randomSalt,
  type ValidationIssue,
  validateCampaign,
} from '@questboard/core';
import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { AdminApi, AdminApiError, type CampaignSummary } from './api.js';
import {
  changeRewardKind,
  changeTaskKind,
  type Draft,
  FORM_REWARD_KINDS,
  FORM_TASK_KINDS,
  issuesByPath,
  loadDraft,
  newCampaign,
  newTask,
  newTier,
  saveDraft,
} from './draft.js';
import { ExportsController, renderExports } from './pages-exports.js';
import { InsightsController, renderInsights } from './pages-insights.js';
import { renderSegments, SegmentsController } from './pages-segments.js';
import { fieldId, getAt, setAt } from './paths.js';
import { consoleStyles } from './quest-console.styles.js';

/** sessionStorage key of the admin key: gone when the tab closes, never in localStorage. */
export const KEY_STORAGE = 'questboard-console:admin-key';

type Json = Record<string, unknown>;
type View = 'list' | 'edit';
/** The console's pages, each at its own hash route (`#/segments`, `#/insights/<id>`). */
export const PAGES = ['campaigns', 'insights', 'segments', 'exports'] as const;
export type Page = (typeof PAGES)[number];
const PAGE_LABELS: Record<Page, string> = {
  campaigns: 'Campaigns',
  insights: 'Insights',
  segments: 'Segments',
  exports: 'Exports',
};

/** `#/insights/demo` → `{ page: 'insights', id: 'demo' }`; anything else is the campaigns page. */
export function parseRoute(hash: string): { page: Page; id?: string } {
  const [, name, id] = /^#\/([a-z]+)(?:\/(.+))?$/.exec(hash) ?? [];
  const page = (PAGES as readonly string[]).includes(name ?? '') ? (name as Page) : 'campaigns';
  if (page === 'insights' && id) {
    try {
      return { page, id: decodeURIComponent(id) };
    } catch {
      return { page };
    }
  }
  return { page };
}
type Tab = 'form' | 'json';

interface FieldOptions {
  type?: 'text' | 'number' | 'url' | 'datetime' | 'textarea' | 'lines' | 'json';
  hint?: string;
  placeholder?: string;
  /** Issues at paths under this one are shown here too (a rule edited as JSON). */
  deep?: boolean;
  required?: boolean;
}

/** A key-value store in memory: the preview's progress never touches the page's storage. */
function memoryStorage(): KeyValueStorage {
  const map = new Map<string, string>();
  return {
    get length() {
      return map.size;
    },
    key: (i: number) => [...map.keys()][i] ?? null,
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    removeItem: (k: string) => void map.delete(k),
  };
}

const toLocalInput = (iso: unknown): string => {
  if (typeof iso !== 'string') return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

/**
 * The operator console: sign in with the admin key, list campaigns, create and edit one in a
 * form or as JSON (both validated as you type by core's `validateCampaign`, each problem shown
 * at its field), preview the draft in a live `<quest-board>` on the memory backend, publish and
 * archive through the admin API. The working draft is kept in localStorage (it survives a
 * reload); the admin key in sessionStorage only.
 *
 * Pages, each at a hash route: Campaigns (`#/campaigns`), Insights (`#/insights/<id>`: a
 * `<quest-insights>` and the referral funnel), Segments (`#/segments`: a segment rule checked
 * live, its count and members) and Exports (`#/exports`: the segment as CSV, NDJSON or a merkle
 * tree).
 *
 * @summary The Questboard operator console (served at `/console`).
 *
 * @csspart preview - The live `<quest-board>` preview of the draft.
 *
 * @cssproperty --quest-color-accent - Buttons and highlights (every global `--quest-*` token applies).
 */
export class QuestConsole extends LitElement {
  static override styles = consoleStyles;

  static override properties = {
    base: {},
    _key: { state: true },
    _signInError: { state: true },
    _busy: { state: true },
    _view: { state: true },
    _campaigns: { state: true },
    _draft: { state: true },
    _tab: { state: true },
    _jsonText: { state: true },
    _jsonError: { state: true },
    _serverIssues: { state: true },
    _message: { state: true },
    _error: { state: true },
    _page: { state: true },
  };

  /** The API's origin and path prefix; empty (the page's own origin) by default. */
  declare base: string;
  declare _key: string | null;
  declare _signInError: string | undefined;
  declare _busy: boolean;
  declare _view: View;
  declare _campaigns: CampaignSummary[] | undefined;
  declare _draft: Draft | undefined;
  declare _tab: Tab;
  declare _jsonText: string;
  declare _jsonError: string | undefined;
  declare _serverIssues: ValidationIssue[];
  declare _message: string;
  declare _error: string | undefined;
  declare _page: Page;

  readonly #insights = new InsightsController(this);
  readonly #segments = new SegmentsController(this, () => this.#api);
  readonly #exports = new ExportsController(this, () => this.#api, this.#segments);
  readonly #onHash = () => this.#route(parseRoute(location.hash));

  /** Raw text of fields whose value does not round-trip while typing (lists, JSON, numbers). */
  #raw = new Map<string, string>();
  /** Fields whose text does not parse yet (a rule's JSON), by path. */
  #fieldErrors = new Map<string, string>();
  /** Paths a field of the current render shows issues for. */
  #shown = new Set<string>();
  #deepShown = new Set<string>();
  #issues: ValidationIssue[] = [];
  #preview: Campaign | null = null;
  readonly #backend: QuestBackend = memoryBackend({
    storage: memoryStorage(),
    onWarning: () => {},
  });

  constructor() {
    super();
    this.base = '';
    this._key = null;
    this._busy = false;
    this._view = 'list';
    this._tab = 'form';
    this._jsonText = '';
    this._serverIssues = [];
    this._message = '';
    this._page = 'campaigns';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this._key = sessionStorage.getItem(KEY_STORAGE);
    const draft = loadDraft(localStorage);
    if (draft) this.#open(draft, draft.text);
    if (this._key) void this.#refresh();
    window.addEventListener('hashchange', this.#onHash);
    this.#onHash();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.#onHash);
  }

  // ————— pages —————

  /** Goes to a page (its hash route, so Back and a bookmark work). */
  #go(page: Page, id?: string) {
    const hash = `#/${page}${page === 'insights' && id ? `/${encodeURIComponent(id)}` : ''}`;
    if (location.hash !== hash) history.pushState(null, '', hash);
    this.#route({ page, ...(id ? { id } : {}) });
  }

  #route({ page, id }: { page: Page; id?: string }) {
    this._page = page;
    if (!this._key) return;
    if (page === 'insights') {
      const wanted = id ?? this.#insights.campaign;
      if (wanted !== this.#insights.campaign) this.#insights.select(wanted);
    }
    if ((page === 'segments' || page === 'exports') && this.#segments.status === 'idle')
      void this.#segments.check();
  }

  /** The server's absolute URL, for elements that need one (`<quest-insights>`). */
  get #apiUrl(): string {
    return new URL(this.base || '/', location.href).href.replace(/\/+$/, '');
  }

  get #api(): AdminApi {
    return new AdminApi(this._key ?? '', this.base);
  }

  // ————— sign-in and list —————

  async #signIn(event: SubmitEvent) {
    event.preventDefault();
    const input = this.renderRoot.querySelector<HTMLInputElement>('#admin-key');
    const key = input?.value.trim() ?? '';
    if (!key) {
      this._signInError = 'Enter the admin key.';
      return;
    }
    this._busy = true;
    try {
      this._campaigns = await new AdminApi(key, this.base).list();
      sessionStorage.setItem(KEY_STORAGE, key);
      this._key = key;
      this._signInError = undefined;
      this._message = 'Signed in.';
      this.#route(parseRoute(location.hash));
    } catch (error) {
      this._signInError = (error as Error).message;
    } finally {
      this._busy = false;
    }
  }

  #signOut() {
    sessionStorage.removeItem(KEY_STORAGE);
    this._key = null;
    this._campaigns = undefined;
    this._message = 'Signed out.';
  }

  async #refresh() {
    try {
      this._campaigns = await this.#api.list();
      this._error = undefined;
    } catch (error) {
      if (error instanceof AdminApiError && error.status === 401) this.#signOut();
      this._error = (error as Error).message;
    }
  }

  // ————— the draft —————

  #open(draft: Draft, text?: string) {
    this._draft = draft;
    this._view = 'edit';
    this._serverIssues = [];
    this.#raw.clear();
    this.#fieldErrors.clear();
    this._jsonText = text ?? JSON.stringify(draft.campaign, null, 2);
    this._jsonError = undefined;
    if (text !== undefined) this.#parseJson(text);
    this.#validate();
  }

  #newCampaign() {
    if (!this.#confirmDiscard()) return;
    this.#open({ v: 1, campaign: newCampaign(), source: 'new' });
    this.#persist();
  }

  async #edit(id: string) {
    if (!this.#confirmDiscard()) return;
    this._busy = true;
    try {
      const { campaign, etag } = await this.#api.read(id);
      this.#open({ v: 1, campaign, source: 'server', ...(etag ? { etag } : {}) });
      this.#persist();
      this._message = `Loaded campaign ${id}.`;
    } catch (error) {
      this._error = (error as Error).message;
    } finally {
      this._busy = false;
    }
  }

  #confirmDiscard(): boolean {
    return !this._draft || window.confirm('Replace the draft you are editing?');
  }

  #discard() {
    if (!window.confirm('Discard this draft?')) return;
    localStorage.removeItem('questboard-console:draft');
    this._draft = undefined;
    this._view = 'list';
    this._message = 'Draft discarded.';
  }

  #persist() {
    if (!this._draft) return;
    const draft: Draft = { ...this._draft };
    if (this._jsonError) draft.text = this._jsonText;
    else delete draft.text;
    saveDraft(localStorage, draft);
  }

  /** Runs core's validator (the server's own) and the console's own checks on the draft. */
  #validate() {
    const campaign = this._draft?.campaign;
    const result = validateCampaign(campaign);
    const issues: ValidationIssue[] = result.ok ? [] : [...result.issues];
    // The public view leaves quiz answers out: publishing without them would drop them.
    const tiers = (campaign as Json | undefined)?.tiers;
    if (this._draft?.source === 'server' && Array.isArray(tiers))
      tiers.forEach((tier, i) => {
        const tasks = (tier as Json)?.tasks;
        if (Array.isArray(tasks))
          tasks.forEach((task, j) => {
            if ((task as Json)?.kind === 'quiz' && !(task as Json).answer)
              issues.push({
                path: `tiers[${i}].tasks[${j}].answer`,
                message: 'enter the answer again: the server keeps it and does not send it back',
              });
          });
      });
    for (const [path, message] of this.#fieldErrors) issues.push({ path, message });
    this.#issues = issues;
    if (result.ok && issues.length === 0) this.#preview = result.campaign;
  }

  /** Sets one value of the draft (from the form) and keeps the JSON view in step. */
  #set(path: string, value: unknown) {
    if (!this._draft) return;
    // Added or removed entries move the paths below them: typed text is re-read from the draft.
    if (path.endsWith(']') || (typeof value === 'object' && value !== null)) this.#raw.clear();
    this._draft = { ...this._draft, campaign: setAt(this._draft.campaign, path, value) };
    this._jsonText = JSON.stringify(this._draft.campaign, null, 2);
    this._jsonError = undefined;
    this._serverIssues = [];
    this.#validate();
    this.#persist();
  }

  #parseJson(text: string): boolean {
    try {
      const campaign = JSON.parse(text) as unknown;
      this._draft = { ...this._draft!, campaign };
      this._jsonError = undefined;
      this.#raw.clear();
      this.#fieldErrors.clear();
      return true;
    } catch (error) {
      this._jsonError = `The JSON does not parse: ${(error as Error).message}`;
      return false;
    }
  }

  #onJsonInput(event: Event) {
    const text = (event.target as HTMLTextAreaElement).value;
    this._jsonText = text;
    this._serverIssues = [];
    if (this.#parseJson(text)) this.#validate();
    this.#persist();
  }

  // ————— publish and archive —————

  async #publish() {
    const draft = this._draft;
    if (!draft) return;
    if (this.#issues.length || this._jsonError) {
      this._error = 'Fix the problems shown before publishing.';
      return;
    }
    const campaign = draft.campaign as { id: string };
    this._busy = true;
    this._error = undefined;
    try {
      const etag = await this.#api.publish(
        campaign,
        draft.source === 'server' ? { ...(draft.etag ? { etag: draft.etag } : {}) } : undefined,
      );
      this._draft = { ...draft, source: 'server', ...(etag ? { etag } : {}) };
      this.#persist();
      this._message = `Published campaign ${campaign.id}.`;
      void this.#refresh();
    } catch (error) {
      this.#showServerError(error);
    } finally {
      this._busy = false;
    }
  }

  #showServerError(error: unknown) {
    if (!(error instanceof AdminApiError)) {
      this._error = String(error);
      return;
    }
    let issues = [...error.issues];
    // A taken id is the id field's problem.
    if (error.status === 409 && !issues.length) issues = [{ path: 'id', message: error.message }];
    this._serverIssues = issues;
    this._error = `The server refused: ${error.message}${
      issues.length ? ` (${issues.length} problem${issues.length > 1 ? 's' : ''} marked below)` : ''
    }`;
  }

  async #archive(id: string) {
    if (!window.confirm(`Archive campaign ${id}? Visitors will no longer see it.`)) return;
    this._busy = true;
    try {
      await this.#api.archive(id);
      this._message = `Archived campaign ${id}.`;
      if (this._draft && (this._draft.campaign as Json)?.id === id)
        this._draft = { ...this._draft, source: 'new' };
      this.#persist();
      await this.#refresh();
    } catch (error) {
      this._error = (error as Error).message;
    } finally {
      this._busy = false;
    }
  }

  // ————— rendering —————

  override render() {
    return html`
      <header>
        <h1>Questboard console</h1>
        <span class="spacer"></span>
        ${
          this._key
            ? html`<nav aria-label="Console pages">
                  ${PAGES.map(
                    (page) => html`<button
                      class="secondary"
                      data-page=${page}
                      aria-current=${this._page === page ? 'page' : 'false'}
                      @click=${() => {
                        if (page === 'campaigns') this._view = 'list';
                        this.#go(page);
                      }}
                    >${PAGE_LABELS[page]}</button>`,
                  )}
                </nav>
                <button class="secondary" @click=${this.#signOut}>Sign out</button>`
            : nothing
        }
      </header>
      <p role="status" class="hint">${this._message}</p>
      ${this._key ? this.#renderSignedIn() : this.#renderSignIn()}
    `;
  }

  #renderSignIn() {
    const err = this._signInError;
    return html`<form class="sign-in" @submit=${this.#signIn} novalidate>
      <h2>Sign in</h2>
      <div class="field">
        <label for="admin-key">Admin key</label>
        <input
          id="admin-key"
          type="password"
          autocomplete="off"
          aria-invalid=${err ? 'true' : 'false'}
          aria-describedby="admin-key-help ${err ? 'admin-key-error' : ''}"
        />
        <p id="admin-key-help" class="hint">
          The server's QUESTBOARD_ADMIN_KEY. Kept in this tab only (sessionStorage).
        </p>
        ${err ? html`<p id="admin-key-error" class="error" role="alert">${err}</p>` : nothing}
      </div>
      <button type="submit" ?disabled=${this._busy}>Sign in</button>
    </form>`;
  }

  #renderSignedIn() {
    return html`${
      this._error ? html`<p class="notice bad" role="alert">${this._error}</p>` : nothing
    }${this.#renderPage()}`;
  }

  #renderPage() {
    switch (this._page) {
      case 'insights':
        return renderInsights(
          this.#insights,
          this._campaigns,
          this.#apiUrl,
          this._key ?? '',
          (id) => this.#go('insights', id || undefined),
        );
      case 'segments':
        return renderSegments(this.#segments);
      case 'exports':
        return renderExports(this.#exports);
      default:
        return this._view === 'edit' && this._draft ? this.#renderEditor() : this.#renderList();
    }
  }

  #renderList() {
    const list = this._campaigns;
    return html`<section aria-labelledby="list-title">
      <div class="toolbar">
        <h2 id="list-title">Campaigns</h2>
        <span class="spacer"></span>
        <button @click=${this.#newCampaign}>New campaign</button>
        ${
          this._draft
            ? html`<button class="secondary" @click=${() => (this._view = 'edit')}>
                Back to the draft
              </button>`
            : nothing
        }
      </div>
      ${
        !list
          ? html`<p>Loading…</p>`
          : list.length === 0
            ? html`<p>No campaigns yet.</p>`
            : html`<table>
              <thead>
                <tr><th scope="col">Id</th><th scope="col">Title</th><th scope="col">State</th><th scope="col">Updated</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr>
              </thead>
              <tbody>
                ${list.map(
                  (c) => html`<tr data-campaign=${c.id}>
                    <td><code>${c.id}</code></td>
                    <td>${c.title}</td>
                    <td>${c.archived ? 'archived' : 'live'}</td>
                    <td>${new Date(c.updatedAt).toLocaleString()}</td>
                    <td>
                      ${
                        c.archived
                          ? nothing
                          : html`<button class="secondary" aria-label="Edit ${c.id}" @click=${() => this.#edit(c.id)}>Edit</button>
                            <button class="secondary" aria-label="Insights ${c.id}" @click=${() => this.#go('insights', c.id)}>Insights</button>
                            <button class="danger" aria-label="Archive ${c.id}" @click=${() => this.#archive(c.id)}>Archive</button>`
                      }
                    </td>
                  </tr>`,
                )}
              </tbody>
            </table>`
      }
    </section>`;
  }

  #allIssues(): ValidationIssue[] {
    return [...this.#issues, ...this._serverIssues];
  }

  #renderEditor() {
    const draft = this._draft!;
    const campaign = (draft.campaign ?? {}) as Json;
    const issues = this.#allIssues();
    const byPath = issuesByPath(issues);
    this.#shown.clear();
    this.#deepShown.clear();
    const form = this.#renderForm(campaign, byPath);
    const unplaced = issues.filter(
      (i) =>
        !this.#shown.has(i.path) && ![...this.#deepShown].some((p) => i.path.startsWith(`${p}.`)),
    );
    const id = typeof campaign.id === 'string' ? campaign.id : '';
    return html`<div class="toolbar" role="toolbar" aria-label="Draft">
        <button class="secondary" aria-pressed=${this._tab === 'form'} @click=${() => (this._tab = 'form')}>Form</button>
        <button class="secondary" aria-pressed=${this._tab === 'json'} @click=${() => (this._tab = 'json')}>JSON</button>
        <span class="spacer"></span>
        <button id="publish" @click=${this.#publish} ?disabled=${this._busy}>
          ${draft.source === 'server' ? 'Publish changes' : 'Publish'}
        </button>
        ${
          draft.source === 'server'
            ? html`<button class="danger" @click=${() => this.#archive(id)} ?disabled=${this._busy}>Archive</button>`
            : nothing
        }
        <button class="secondary" @click=${this.#discard}>Discard draft</button>
      </div>
      <p id="problem-count" class=${issues.length || this._jsonError ? 'error' : 'hint'} aria-live="polite">
        ${
          this._jsonError
            ? 'The JSON does not parse.'
            : issues.length
              ? `${issues.length} problem${issues.length > 1 ? 's' : ''} to fix before publishing.`
              : 'No problems: ready to publish.'
        }
      </p>
      ${
        draft.source === 'server'
          ? html`<p class="notice hint">Editing the published campaign <code>${id}</code>. The server does not send back quiz answers or rule headers: enter them again before publishing.</p>`
          : nothing
      }
      <div class="layout">
        <div>
          <div ?hidden=${this._tab !== 'form'}>
            ${
              unplaced.length && !this._jsonError
                ? html`<div class="notice bad" id="other-problems">
                  <h3>Other problems</h3>
                  <ul class="issues">${unplaced.map((i) => html`<li><code>${i.path || '(campaign)'}</code> ${i.message}</li>`)}</ul>
                </div>`
                : nothing
            }
            ${this._jsonError ? html`<p class="notice bad">Fix the JSON view first: ${this._jsonError}</p>` : form}
          </div>
          <div ?hidden=${this._tab !== 'json'}>${this.#renderJson(issues)}</div>
        </div>
        <section class="preview" aria-labelledby="preview-title">
          <h2 id="preview-title">Preview</h2>
          <p class="hint">
            The draft on this device only (nothing is sent to the server until you publish)${
              this.#preview && (issues.length || this._jsonError)
                ? '; showing the last valid version'
                : ''
            }.
          </p>
          ${
            this.#preview
              ? html`<quest-board part="preview" .backend=${this.#backend} .campaign=${this.#preview}></quest-board>`
              : html`<p class="hint">The preview appears once the draft is valid.</p>`
          }
        </section>
      </div>`;
  }

  #renderJson(issues: ValidationIssue[]) {
    const invalid = Boolean(this._jsonError || issues.length);
    return html`<div class="field">
      <label for="json">Campaign JSON</label>
      <textarea
        id="json"
        class="json"
        spellcheck="false"
        aria-invalid=${invalid ? 'true' : 'false'}
        aria-describedby="json-problems"
        .value=${live(this._jsonText)}
        @input=${this.#onJsonInput}
      ></textarea>
      <div id="json-problems">
        ${
          this._jsonError
            ? html`<p class="error" role="alert">${this._jsonError}</p>`
            : issues.length
              ? html`<ul class="issues error" aria-label="Problems">
                ${issues.map((i) => html`<li><code>${i.path || '(campaign)'}</code>: ${i.message}</li>`)}
              </ul>`
              : html`<p class="hint">Valid.</p>`
        }
      </div>
    </div>`;
  }

  // ————— form —————

  #renderForm(campaign: Json, byPath: Map<string, string[]>) {
    const tiers = Array.isArray(campaign.tiers) ? (campaign.tiers as Json[]) : [];
    const tierIds = tiers.map((t) => t?.id);
    const taskIds = tiers.flatMap((t) =>
      Array.isArray(t?.tasks) ? (t.tasks as Json[]).map((k) => k?.id) : [],
    );
    return html`<form @submit=${(e: Event) => e.preventDefault()} novalidate aria-label="Campaign">
      <fieldset>
        <legend>Campaign</legend>
        <div class="row">
          ${this.#field('Id', 'id', byPath, { hint: 'Letters, digits, - and _', required: true })}
          ${this.#field('Title', 'title', byPath, { required: true })}
        </div>
        ${this.#field('Description', 'description', byPath, { type: 'textarea' })}
        <div class="row">
          ${this.#field('Starts at', 'startsAt', byPath, { type: 'datetime', hint: 'Your local time; empty: open now' })}
          ${this.#field('Ends at', 'endsAt', byPath, { type: 'datetime', hint: 'Empty: no end' })}
        </div>
      </fieldset>
      ${tiers.map((tier, i) => this.#renderTier(tier, i, tierIds, byPath))}
      ${this.#shownAt('tiers', byPath)}
      <button type="button" class="secondary" @click=${() => this.#set(`tiers[${tiers.length}]`, newTier(tierIds))}>Add tier</button>
      <span hidden>${taskIds.length}</span>
    </form>`;
  }

  #renderTier(tier: Json, i: number, tierIds: unknown[], byPath: Map<string, string[]>) {
    const p = `tiers[${i}]`;
    const tasks = Array.isArray(tier?.tasks) ? (tier.tasks as Json[]) : [];
    const allTaskIds = ((this._draft?.campaign as Json)?.tiers as Json[] | undefined)?.flatMap(
      (t) => (Array.isArray(t?.tasks) ? (t.tasks as Json[]).map((k) => k?.id) : []),
    );
    const reward = tier?.reward as Json | undefined;
    const rewardKind = reward ? String(reward.kind ?? 'credential') : '';
    const unlockPath = `${p}.unlock.after`;
    return html`<fieldset data-tier=${i}>
      <legend>Tier ${i + 1}${tier?.title ? `: ${tier.title}` : ''}</legend>
      ${this.#shownAt(p, byPath)}
      <div class="row">
        ${this.#field('Tier id', `${p}.id`, byPath, { required: true })}
        ${this.#field('Tier title', `${p}.title`, byPath, { required: true })}
      </div>
      ${this.#field('Tier description', `${p}.description`, byPath, { type: 'textarea' })}
      ${this.#select(
        'Unlocks after',
        unlockPath,
        byPath,
        [
          ['', 'Open from the start'],
          ...tierIds
            .filter((id, j) => j !== i && typeof id === 'string')
            .map((id) => [id as string, `all tasks of ${id}`] as [string, string]),
        ],
        (value) => this.#set(`${p}.unlock`, value ? { after: value } : undefined),
      )}
      ${tasks.map((task, j) => this.#renderTask(task, `${p}.tasks[${j}]`, byPath))}
      ${this.#shownAt(`${p}.tasks`, byPath)}
      <div class="toolbar">
        <button type="button" class="secondary" @click=${() => this.#set(`${p}.tasks[${tasks.length}]`, newTask(allTaskIds ?? []))}>Add task</button>
        <button type="button" class="danger" aria-label="Remove tier ${i + 1}" @click=${() => this.#set(p, undefined)}>Remove tier</button>
      </div>
      <fieldset>
        <legend>Reward</legend>
        ${this.#shownAt(`${p}.reward`, byPath)}
        ${this.#select(
          'Reward kind',
          `${p}.reward.kind`,
          byPath,
          [['', 'No reward'], ...FORM_REWARD_KINDS.map((k) => [k, k] as [string, string])],
          (value) => this.#set(`${p}.reward`, changeRewardKind(reward, value)),
          rewardKind,
        )}
        ${reward ? this.#renderReward(reward, rewardKind, `${p}.reward`, byPath) : nothing}
      </fieldset>
    </fieldset>`;
  }

  #renderReward(_reward: Json, kind: string, p: string, byPath: Map<string, string[]>) {
    return html`${this.#field('Reward title', `${p}.title`, byPath, { required: true })}
      ${this.#field('Reward description', `${p}.description`, byPath)}
      ${this.#field('Image URL', `${p}.image`, byPath, { type: 'url' })}
      ${kind === 'allowlist' ? this.#field('List name', `${p}.list`, byPath, { required: true }) : nothing}
      ${
        kind === 'badge' || kind === 'token'
          ? html`<div class="row">
            ${this.#field('Chain id', `${p}.chainId`, byPath, { type: 'number' })}
            ${this.#field('Contract', `${p}.contract`, byPath, { placeholder: '0x…' })}
          </div>`
          : nothing
      }
      ${
        kind === 'token'
          ? html`<div class="row">
            ${this.#field('Token address', `${p}.token.address`, byPath, { placeholder: '0x…' })}
            ${this.#field('Token symbol', `${p}.token.symbol`, byPath)}
            ${this.#field('Token decimals', `${p}.token.decimals`, byPath, { type: 'number' })}
            ${this.#field('Amount (base units)', `${p}.amount`, byPath, { hint: 'A decimal string; per point: edit in the JSON view' })}
          </div>`
          : nothing
      }`;
  }

  #renderTask(task: Json, p: string, byPath: Map<string, string[]>) {
    const kind = String(task?.kind ?? '');
    const formKind = (FORM_TASK_KINDS as readonly string[]).includes(kind);
    return html`<fieldset data-task=${String(task?.id ?? '')}>
      <legend>Task${task?.title ? `: ${task.title}` : ''}</legend>
      ${this.#shownAt(p, byPath)}
      <div class="row">
        ${this.#select(
          'Kind',
          `${p}.kind`,
          byPath,
          [
            ...FORM_TASK_KINDS.map((k) => [k, k] as [string, string]),
            ...(formKind ? [] : [[kind, `${kind} (JSON view)`] as [string, string]]),
          ],
          (value) => this.#set(p, changeTaskKind(task, value)),
        )}
        ${this.#field('Task id', `${p}.id`, byPath, { required: true })}
        ${this.#field('Points', `${p}.points`, byPath, { type: 'number' })}
      </div>
      ${this.#field('Task title', `${p}.title`, byPath, { required: true })}
      ${this.#field('Task description', `${p}.description`, byPath)}
      ${kind === 'visit' ? this.#field('Link', `${p}.url`, byPath, { type: 'url', required: true }) : nothing}
      ${
        kind === 'quiz'
          ? html`${this.#field('Question', `${p}.question`, byPath, { required: true })}
            ${this.#field('Options', `${p}.options`, byPath, { type: 'lines', hint: 'One per line; none: a free-text answer' })}
            ${this.#answerField(task, `${p}.answer`, byPath)}`
          : nothing
      }
      ${
        kind === 'input'
          ? html`${this.#field('Field label', `${p}.label`, byPath)}
            ${this.#field('Pattern', `${p}.pattern`, byPath, { hint: 'A regular expression the whole input must match', required: true })}`
          : nothing
      }
      ${
        kind === 'onchain'
          ? html`${this.#field('Rule', `${p}.rule`, byPath, { type: 'json', deep: true, hint: 'A rule of @questboard/rules, as JSON' })}
            ${this.#field('Link to do it', `${p}.url`, byPath, { type: 'url' })}`
          : nothing
      }
      <button type="button" class="danger" aria-label="Remove task ${String(task?.id ?? '')}" @click=${() => this.#set(p, undefined)}>Remove task</button>
    </fieldset>`;
  }

  /** Issues at exactly `path` (an object or a list): shown where that object is edited. */
  #shownAt(path: string, byPath: Map<string, string[]>) {
    const messages = byPath.get(path);
    this.#shown.add(path);
    return messages ? html`<p class="error" role="alert">${messages.join('; ')}</p>` : nothing;
  }

  #messages(path: string, byPath: Map<string, string[]>, deep: boolean): string[] {
    this.#shown.add(path);
    if (deep) this.#deepShown.add(path);
    const out = [...(byPath.get(path) ?? [])];
    if (deep)
      for (const [p, m] of byPath)
        if (p.startsWith(`${path}.`) || p.startsWith(`${path}[`))
          out.push(...m.map((x) => `${p.slice(path.length + 1)}: ${x}`));
    return out;
  }

  #describe(id: string, messages: string[], hint?: string): TemplateResult {
    return html`${hint ? html`<p id="${id}-hint" class="hint">${hint}</p>` : nothing}
      ${messages.length ? html`<p id="${id}-error" class="error">${messages.join('; ')}</p>` : nothing}`;
  }

  #field(label: string, path: string, byPath: Map<string, string[]>, opts: FieldOptions = {}) {
    const id = fieldId(path);
    const messages = this.#messages(path, byPath, opts.deep ?? false);
    const invalid = messages.length > 0;
    const describedBy = [opts.hint ? `${id}-hint` : '', invalid ? `${id}-error` : '']
      .filter(Boolean)
      .join(' ');
    const value = getAt(this._draft?.campaign, path);
    const type = opts.type ?? 'text';
    const common = {
      id,
      invalid: invalid ? 'true' : 'false',
      describedBy: describedBy || nothing,
    };
    let control: TemplateResult;
    if (type === 'textarea' || type === 'lines' || type === 'json') {
      const shown = this.#rawOr(path, value, type);
      control = html`<textarea
        id=${common.id}
        rows=${type === 'json' ? 6 : 3}
        spellcheck=${type === 'json' ? 'false' : 'true'}
        aria-invalid=${common.invalid}
        aria-describedby=${common.describedBy}
        ?required=${opts.required}
        .value=${live(shown)}
        @input=${(e: Event) => this.#onText(path, (e.target as HTMLTextAreaElement).value, type)}
      ></textarea>`;
    } else {
      const shown = type === 'datetime' ? toLocalInput(value) : this.#rawOr(path, value, type);
      control = html`<input
        id=${common.id}
        type=${type === 'datetime' ? 'datetime-local' : type === 'number' ? 'text' : type}
        inputmode=${type === 'number' ? 'numeric' : nothing}
        placeholder=${opts.placeholder ?? nothing}
        aria-invalid=${common.invalid}
        aria-describedby=${common.describedBy}
        ?required=${opts.required}
        .value=${live(shown)}
        @input=${(e: Event) => this.#onText(path, (e.target as HTMLInputElement).value, type)}
      />`;
    }
    return html`<div class="field">
      <label for=${id}>${label}</label>
      ${control}
      ${this.#describe(id, messages, opts.hint)}
    </div>`;
  }

  #select(
    label: string,
    path: string,
    byPath: Map<string, string[]>,
    options: [string, string][],
    onChange: (value: string) => void,
    current?: string,
  ) {
    const id = fieldId(path);
    const messages = this.#messages(path, byPath, false);
    const value = current ?? String(getAt(this._draft?.campaign, path) ?? '');
    return html`<div class="field">
      <label for=${id}>${label}</label>
      <select
        id=${id}
        aria-invalid=${messages.length ? 'true' : 'false'}
        aria-describedby=${messages.length ? `${id}-error` : nothing}
        @change=${(e: Event) => onChange((e.target as HTMLSelectElement).value)}
      >
        ${options.map(([v, text]) => html`<option value=${v} ?selected=${v === value}>${text}</option>`)}
        ${options.some(([v]) => v === value) ? nothing : html`<option value=${value} selected>${value}</option>`}
      </select>
      ${this.#describe(id, messages)}
    </div>`;
  }

  /** The quiz answer is never stored in clear: typing it sets `answer` to a fresh salted hash. */
  #answerField(task: Json, path: string, byPath: Map<string, string[]>) {
    const id = fieldId(path);
    const messages = this.#messages(path, byPath, true);
    const hint = task.answer
      ? 'An answer is set (only its salted hash is kept). Type a new one to replace it.'
      : 'Kept only as a salted hash.';
    return html`<div class="field">
      <label for=${id}>Answer</label>
      <input
        id=${id}
        type="text"
        autocomplete="off"
        aria-invalid=${messages.length ? 'true' : 'false'}
        aria-describedby="${id}-hint${messages.length ? ` ${id}-error` : ''}"
        @change=${async (e: Event) => {
          const answer = (e.target as HTMLInputElement).value;
          if (!answer.trim()) return;
          const salt = randomSalt();
          this.#set(path, { salt, hash: await hashQuizAnswer(salt, answer) });
          this._message = 'Quiz answer set.';
        }}
      />
      ${this.#describe(id, messages, hint)}
    </div>`;
  }

  #rawOr(path: string, value: unknown, type: FieldOptions['type']): string {
    const raw = this.#raw.get(path);
    if (raw !== undefined) return raw;
    if (value === undefined || value === null) return '';
    if (type === 'lines') return Array.isArray(value) ? value.join('\n') : String(value);
    if (type === 'json') return JSON.stringify(value, null, 2);
    return typeof value === 'string' ? value : String(value);
  }

  #onText(path: string, text: string, type: FieldOptions['type']) {
    this.#raw.set(path, text);
    this.#fieldErrors.delete(path);
    let value: unknown = text;
    if (type === 'datetime') {
      this.#raw.delete(path);
      const d = new Date(text);
      value = text && !Number.isNaN(d.getTime()) ? d.toISOString() : undefined;
    } else if (type === 'number') {
      value = /^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : text === '' ? undefined : text;
    } else if (type === 'lines') {
      const lines = text
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
      value = lines.length ? lines : undefined;
    } else if (type === 'json') {
      try {
        value = JSON.parse(text);
      } catch (error) {
        this.#fieldErrors.set(path, `does not parse as JSON (${(error as Error).message})`);
        this.#validate();
        this.requestUpdate();
        return;
      }
    } else if (text === '' && !['id', 'title'].some((f) => path === f || path.endsWith(`.${f}`)))
      value = undefined;
    this.#set(path, value);
  }
}
