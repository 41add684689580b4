// The console's Insights page: a campaign's `<quest-insights>` (funnel, retention, daily
// activity, tasks, read with the admin key as its token) and the referral funnel beside it
// (GET /admin/campaigns/{id}/insights/referrals: bound → qualified, top referrers), which the
// element does not show.
import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { AdminApi, CampaignSummary, ReferralFunnel } from './api.js';

/** The selected campaign's referral funnel. */
export class InsightsController implements ReactiveController {
  campaign: string | undefined;
  referrals: ReferralFunnel | undefined;
  error: string | undefined;
  loading = false;
  #abort: AbortController | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly api: () => AdminApi,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.#abort?.abort();
  }

  /** Shows `id` (reads its referral funnel again, even when it is the one shown). */
  async select(id: string | undefined): Promise<void> {
    this.#abort?.abort();
    this.campaign = id;
    this.referrals = undefined;
    this.error = undefined;
    if (!id) {
      this.host.requestUpdate();
      return;
    }
    const abort = new AbortController();
    this.#abort = abort;
    this.loading = true;
    this.host.requestUpdate();
    try {
      const referrals = await this.api().referrals(id, abort.signal);
      if (!abort.signal.aborted) this.referrals = referrals;
    } catch (error) {
      if (!abort.signal.aborted) this.error = (error as Error).message;
    } finally {
      if (this.#abort === abort) {
        this.#abort = undefined;
        this.loading = false;
      }
      this.host.requestUpdate();
    }
  }
}

const percent = (rate: number) =>
  new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 }).format(rate);

/**
 * The Insights page. `api` is the server's absolute URL (the element needs one), `token` the
 * admin key: a property of the element, never an attribute.
 */
export function renderInsights(
  c: InsightsController,
  campaigns: CampaignSummary[] | undefined,
  api: string,
  token: string,
  onSelect: (id: string) => void,
) {
  const id = c.campaign;
  return html`<section aria-labelledby="insights-title">
    <div class="toolbar">
      <h2 id="insights-title">Insights</h2>
      <span class="spacer"></span>
      <div class="field inline">
        <label for="insights-campaign">Campaign</label>
        <select
          id="insights-campaign"
          @change=${(e: Event) => onSelect((e.target as HTMLSelectElement).value)}
        >
          <option value="" ?selected=${!id}>Choose a campaign</option>
          ${(campaigns ?? []).map(
            (k) =>
              html`<option value=${k.id} ?selected=${k.id === id}>${k.id}${k.archived ? ' (archived)' : ''}</option>`,
          )}
        </select>
      </div>
      ${
        id
          ? html`<button type="button" class="secondary" @click=${(e: Event) => {
              void c.select(id);
              const root = (e.currentTarget as Element).getRootNode() as ShadowRoot;
              void root.querySelector('quest-insights')?.refresh();
            }}>Reload</button>`
          : nothing
      }
    </div>
    ${
      id
        ? html`${renderReferrals(c)}
          <quest-insights .api=${api} .campaign=${id} .token=${token}></quest-insights>`
        : html`<p class="hint">Choose a campaign to see its funnel, retention and referrals.</p>`
    }
  </section>`;
}

function renderReferrals(c: InsightsController) {
  const r = c.referrals;
  return html`<section id="referrals" aria-labelledby="referrals-title" class="notice">
    <h3 id="referrals-title">Referrals</h3>
    ${
      c.error
        ? html`<p class="error" role="alert">${c.error}</p>`
        : !r
          ? html`<p class="hint">Loading…</p>`
          : html`<dl class="figures">
              <div><dt>Bound</dt><dd data-key="bound">${r.bound}</dd></div>
              <div><dt>Qualified</dt><dd data-key="qualified">${r.qualified}</dd></div>
              <div><dt>Qualification rate</dt><dd data-key="rate">${percent(r.qualificationRate)}</dd></div>
            </dl>
            ${
              r.topReferrers.length
                ? html`<table id="top-referrers">
                  <caption class="hint">Top referrers</caption>
                  <thead>
                    <tr><th scope="col">Referrer</th><th scope="col">Bound</th><th scope="col">Qualified</th></tr>
                  </thead>
                  <tbody>
                    ${r.topReferrers.map(
                      (t) => html`<tr data-referrer=${t.referrer}>
                        <td><code>${t.referrer}</code></td><td>${t.bound}</td><td>${t.qualified}</td>
                      </tr>`,
                    )}
                  </tbody>
                </table>`
                : html`<p class="hint">No referral yet.</p>`
            }`
    }
  </section>`;
}
