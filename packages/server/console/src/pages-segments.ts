// The console's Segments page: a segment rule edited as JSON, checked live by the server
// (POST /admin/segments/count, debounced, the previous request aborted), its problems shown at
// their lines, the member count and the members page by page (POST /admin/segments/members).
import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { live } from 'lit/directives/live.js';
import { type AdminApi, AdminApiError, type SegmentMember } from './api.js';
import { jsonOffsets, lineOfParseError, lineOfPath } from './json-locate.js';

/** localStorage key of the segment rule being edited (a rule holds no secret). */
export const SEGMENT_STORAGE = 'questboard-console:segment';
/** How long typing pauses before the rule is sent to the server. */
export const SEGMENT_DEBOUNCE_MS = 300;
/** The page sizes offered for the member list. */
export const SEGMENT_PAGE_SIZES = [5, 25, 100] as const;

const DEFAULT_RULE = `{
  "type": "all",
  "rules": [
    { "type": "campaign", "campaignId": "demo" },
    { "type": "points", "campaignId": "demo", "min": 10 }
  ]
}`;

/** One problem of the rule, at its line of the text. */
export interface SegmentProblem {
  /** The field's path inside the rule (`rules[1].min`; empty: the rule itself). */
  path: string;
  message: string;
  /** 1-based line of the text; undefined when it cannot be told. */
  line: number | undefined;
}

type Status = 'idle' | 'checking' | 'ready' | 'invalid' | 'error';

/**
 * The segment being edited and what the server says of it. Shared by the Segments page and the
 * Exports page (which downloads the current segment).
 */
export class SegmentsController implements ReactiveController {
  text: string;
  /** The rule last parsed from `text` (undefined while it does not parse). */
  rule: unknown;
  status: Status = 'idle';
  problems: SegmentProblem[] = [];
  /** A failure that is not the rule's (network, 401, 5xx). */
  error: string | undefined;
  count: number | undefined;
  members: SegmentMember[] = [];
  /** `after` of each page shown so far (the first page has none): "Previous" walks back. */
  cursors: (string | undefined)[] = [undefined];
  next: string | undefined;
  pageSize: number = SEGMENT_PAGE_SIZES[1];
  /** The text `count` and `members` answer for (exports use it only when it is `text`). */
  checkedText: string | undefined;

  #timer: ReturnType<typeof setTimeout> | undefined;
  #abort: AbortController | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly api: () => AdminApi,
    private readonly storage: Storage = localStorage,
  ) {
    host.addController(this);
    this.text = storage.getItem(SEGMENT_STORAGE) ?? DEFAULT_RULE;
    this.#parse();
  }

  hostDisconnected(): void {
    clearTimeout(this.#timer);
    this.#abort?.abort();
  }

  /** The rule is valid and `count` / `members` answer for the text as it is. */
  get ready(): boolean {
    return this.status === 'ready' && this.checkedText === this.text;
  }

  /** New text from the editor: parsed at once, sent to the server once typing pauses. */
  setText(text: string): void {
    this.text = text;
    this.storage.setItem(SEGMENT_STORAGE, text);
    this.#abort?.abort();
    clearTimeout(this.#timer);
    if (this.#parse()) {
      this.problems = [];
      this.status = 'checking';
      this.#timer = setTimeout(() => void this.check(), SEGMENT_DEBOUNCE_MS);
    }
    this.host.requestUpdate();
  }

  /** Sends the rule now (when it parses): the count and the first page of members. */
  async check(): Promise<void> {
    clearTimeout(this.#timer);
    if (!this.#parse()) {
      this.host.requestUpdate();
      return;
    }
    this.cursors = [undefined];
    await this.#load();
  }

  async nextPage(): Promise<void> {
    if (!this.next) return;
    this.cursors = [...this.cursors, this.next];
    await this.#load({ membersOnly: true });
  }

  async previousPage(): Promise<void> {
    if (this.cursors.length < 2) return;
    this.cursors = this.cursors.slice(0, -1);
    await this.#load({ membersOnly: true });
  }

  async setPageSize(size: number): Promise<void> {
    this.pageSize = size;
    this.cursors = [undefined];
    await this.#load({ membersOnly: true });
  }

  /** Parses the text; a syntax error becomes the one problem, at the line the parser names. */
  #parse(): boolean {
    try {
      this.rule = JSON.parse(this.text) as unknown;
      return true;
    } catch (error) {
      const message = (error as Error).message;
      this.rule = undefined;
      this.status = 'invalid';
      this.count = undefined;
      this.members = [];
      this.next = undefined;
      this.error = undefined;
      this.problems = [
        {
          path: '',
          message: `The JSON does not parse: ${message}`,
          line: lineOfParseError(this.text, message),
        },
      ];
      return false;
    }
  }

  async #load({ membersOnly = false } = {}): Promise<void> {
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    const text = this.text;
    const rule = this.rule;
    const after = this.cursors[this.cursors.length - 1];
    this.status = 'checking';
    this.host.requestUpdate();
    try {
      const api = this.api();
      // The count first: a bad rule is refused once, and no page is asked for.
      const count = membersOnly ? this.count : await api.segmentCount(rule, abort.signal);
      const page = await api.segmentMembers(
        rule,
        { limit: this.pageSize, ...(after ? { after } : {}) },
        abort.signal,
      );
      if (abort.signal.aborted) return;
      this.count = count;
      this.members = page.members;
      this.next = page.next;
      this.problems = [];
      this.error = undefined;
      this.status = 'ready';
      this.checkedText = text;
    } catch (error) {
      if (abort.signal.aborted) return;
      this.count = undefined;
      this.members = [];
      this.next = undefined;
      if (error instanceof AdminApiError && error.status === 400 && error.issues.length) {
        const offsets = jsonOffsets(text);
        this.problems = error.issues.map((issue) => {
          const path = issue.path.replace(/^rule(\.|(?=\[)|$)/, '');
          return { path, message: issue.message, line: lineOfPath(text, path, offsets) };
        });
        this.error = undefined;
        this.status = 'invalid';
      } else {
        this.problems = [];
        this.error = (error as Error).message;
        this.status = 'error';
      }
    } finally {
      if (this.#abort === abort) this.#abort = undefined;
      this.host.requestUpdate();
    }
  }
}

/** Selects line `line` of the rule editor and focuses it (an issue's "Line N" button). */
function showLine(event: Event, line: number) {
  const root = (event.currentTarget as Element).getRootNode() as ShadowRoot | Document;
  const editor = root.querySelector<HTMLTextAreaElement>('#segment-rule');
  if (!editor) return;
  const lines = editor.value.split('\n');
  const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
  editor.focus();
  editor.setSelectionRange(start, start + (lines[line - 1]?.length ?? 0));
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** What the count line says. */
function countText(c: SegmentsController): string {
  if (c.status === 'checking') return 'Checking the rule…';
  if (c.status === 'invalid')
    return `The rule has ${plural(c.problems.length, 'problem', 'problems')}.`;
  if (c.status === 'error') return 'The rule could not be checked.';
  if (c.count === undefined) return '';
  return `${plural(c.count, 'wallet matches', 'wallets match')} this rule.`;
}

/** The Segments page. */
export function renderSegments(c: SegmentsController) {
  const lines = c.text.split('\n');
  const bad = new Set(c.problems.map((p) => p.line));
  const invalid = c.status === 'invalid';
  const first = (c.cursors.length - 1) * c.pageSize;
  return html`<section aria-labelledby="segments-title">
    <h2 id="segments-title">Segments</h2>
    <p class="hint">
      A segment rule selects wallets over every campaign (docs/server.md, "Segments"). The server
      checks it as you type.
    </p>
    <div class="field">
      <label for="segment-rule">Segment rule (JSON)</label>
      <div class="editor">
        <pre class="gutter" aria-hidden="true">${lines.map(
          (_, i) =>
            html`<span class=${bad.has(i + 1) ? 'bad' : ''} data-line=${i + 1}>${i + 1}</span>`,
        )}</pre>
        <textarea
          id="segment-rule"
          class="json"
          spellcheck="false"
          wrap="off"
          rows=${Math.max(lines.length + 1, 8)}
          aria-invalid=${invalid ? 'true' : 'false'}
          aria-describedby="segment-problems"
          .value=${live(c.text)}
          @input=${(e: Event) => c.setText((e.target as HTMLTextAreaElement).value)}
        ></textarea>
      </div>
      <div id="segment-problems">
        ${
          c.problems.length
            ? html`<ul class="issues error" aria-label="Problems">
              ${c.problems.map(
                (p) =>
                  html`<li data-line=${p.line ?? nothing}>
                    ${
                      p.line
                        ? html`<button type="button" class="link" @click=${(e: Event) => showLine(e, p.line!)}>Line ${p.line}</button>:`
                        : nothing
                    }
                    ${p.path ? html`<code>${p.path}</code>` : nothing} ${p.message}
                  </li>`,
              )}
            </ul>`
            : nothing
        }
        ${c.error ? html`<p class="error" role="alert">${c.error}</p>` : nothing}
      </div>
    </div>
    <p id="segment-count" role="status" aria-live="polite" data-count=${c.count ?? nothing}>
      ${countText(c)}
    </p>
    ${c.count !== undefined && c.status !== 'invalid' ? renderMembers(c, first) : nothing}
  </section>`;
}

function renderMembers(c: SegmentsController, first: number) {
  const shown = c.members.length;
  return html`<section aria-labelledby="members-title">
    <div class="toolbar">
      <h3 id="members-title">Members</h3>
      <span class="spacer"></span>
      <label for="segment-page-size">Per page</label>
      <select
        id="segment-page-size"
        class="narrow"
        @change=${(e: Event) => void c.setPageSize(Number((e.target as HTMLSelectElement).value))}
      >
        ${SEGMENT_PAGE_SIZES.map((n) => html`<option value=${n} ?selected=${n === c.pageSize}>${n}</option>`)}
      </select>
    </div>
    ${
      shown
        ? html`<table id="segment-members">
          <caption class="hint" id="members-range">
            ${first + 1}–${first + shown} of ${c.count}
          </caption>
          <thead>
            <tr>
              <th scope="col">Address</th><th scope="col">Points</th><th scope="col">Tiers</th>
              <th scope="col">Tasks</th><th scope="col">Referrer</th><th scope="col">First seen</th>
              <th scope="col">Last seen</th>
            </tr>
          </thead>
          <tbody>
            ${c.members.map(
              (m) => html`<tr data-address=${m.address}>
                <td><code>${m.address}</code></td>
                <td>${m.points}</td>
                <td>${m.tiers}</td>
                <td>${m.tasks}</td>
                <td>${m.referrer ? html`<code>${m.referrer}</code>` : '—'}</td>
                <td>${new Date(m.firstSeen).toLocaleString()}</td>
                <td>${new Date(m.lastSeen).toLocaleString()}</td>
              </tr>`,
            )}
          </tbody>
        </table>`
        : html`<p>No wallet matches.</p>`
    }
    <div class="toolbar">
      <button
        type="button"
        class="secondary"
        ?disabled=${c.cursors.length < 2 || c.status === 'checking'}
        @click=${() => void c.previousPage()}
      >
        Previous page
      </button>
      <button
        type="button"
        class="secondary"
        ?disabled=${!c.next || c.status === 'checking'}
        @click=${() => void c.nextPage()}
      >
        Next page
      </button>
    </div>
  </section>`;
}
