// The console's Exports page: the current segment (the Segments page's rule) downloaded as CSV,
// NDJSON or a merkle tree (POST /admin/segments/export?format=…), through fetch → Blob → object
// URL: the page's CSP (connect-src 'self', no inline code) allows nothing else.
import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { type AdminApi, EXPORT_FILES, EXPORT_FORMATS, type ExportFormat } from './api.js';
import type { SegmentsController } from './pages-segments.js';

const LABELS: Record<ExportFormat, string> = {
  csv: 'Download CSV',
  ndjson: 'Download NDJSON',
  merkle: 'Download merkle tree',
};

const DESCRIPTIONS: Record<ExportFormat, string> = {
  csv: 'address, points, tiers, tasks, referrer, first and last seen: one row per member.',
  ndjson: 'One member object per line.',
  merkle:
    'A StandardMerkleTree dump with QuestDrop leaves [address, uint256], amount = points (members with no points left out).',
};

/** The last file made: kept as an object URL so it can be saved again. */
export interface ExportFile {
  format: ExportFormat;
  name: string;
  url: string;
  size: number;
}

/** The downloads of the current segment. */
export class ExportsController implements ReactiveController {
  busy: ExportFormat | undefined;
  error: string | undefined;
  file: ExportFile | undefined;
  #abort: AbortController | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly api: () => AdminApi,
    readonly segment: SegmentsController,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.#abort?.abort();
    this.#forget();
  }

  #forget() {
    if (this.file) URL.revokeObjectURL(this.file.url);
    this.file = undefined;
  }

  /** Fetches the export, makes it an object URL and saves it (a click on a `download` link). */
  async download(format: ExportFormat, root: ShadowRoot | Document): Promise<void> {
    if (!this.segment.ready) return;
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    this.busy = format;
    this.error = undefined;
    this.host.requestUpdate();
    try {
      const blob = await this.api().segmentExport(this.segment.rule, format, abort.signal);
      if (abort.signal.aborted) return;
      this.#forget();
      const name = EXPORT_FILES[format];
      this.file = { format, name, url: URL.createObjectURL(blob), size: blob.size };
      this.host.requestUpdate();
      await (this.host as unknown as { updateComplete: Promise<unknown> }).updateComplete;
      root.querySelector<HTMLAnchorElement>('#export-file')?.click();
    } catch (error) {
      if (abort.signal.aborted) return;
      this.error = (error as Error).message;
    } finally {
      if (this.#abort === abort) {
        this.#abort = undefined;
        this.busy = undefined;
      }
      this.host.requestUpdate();
    }
  }
}

const bytes = (n: number) =>
  n < 1024
    ? `${n} bytes`
    : n < 1024 * 1024
      ? `${(n / 1024).toFixed(1)} KB`
      : `${(n / 1048576).toFixed(1)} MB`;

/** The Exports page. */
export function renderExports(c: ExportsController) {
  const s = c.segment;
  const ready = s.ready;
  return html`<section aria-labelledby="exports-title">
    <h2 id="exports-title">Exports</h2>
    <p class="hint">Downloads the members of the segment edited on the Segments page.</p>
    <pre class="rule" aria-label="Current segment rule">${s.text}</pre>
    <p id="export-segment" role="status">
      ${
        ready
          ? `${s.count} wallet${s.count === 1 ? '' : 's'} in this segment.`
          : s.status === 'checking'
            ? 'Checking the rule…'
            : 'The rule is not valid: fix it on the Segments page.'
      }
    </p>
    <ul class="exports">
      ${EXPORT_FORMATS.map(
        (format) => html`<li>
          <button
            type="button"
            id="export-${format}"
            aria-describedby="export-${format}-hint"
            ?disabled=${!ready || c.busy !== undefined}
            @click=${(e: Event) =>
              void c.download(format, (e.currentTarget as Element).getRootNode() as ShadowRoot)}
          >
            ${c.busy === format ? 'Preparing…' : LABELS[format]}
          </button>
          <span id="export-${format}-hint" class="hint">${DESCRIPTIONS[format]}</span>
        </li>`,
      )}
    </ul>
    ${c.error ? html`<p class="notice bad" role="alert">${c.error}</p>` : nothing}
    ${
      c.file
        ? html`<p id="export-done">
          <a id="export-file" href=${c.file.url} download=${c.file.name}>Save ${c.file.name} again</a>
          <span class="hint">(${bytes(c.file.size)})</span>
        </p>`
        : nothing
    }
  </section>`;
}
