// The console's Insights page: a campaign's `<quest-insights>` (funnel, retention, daily
// activity, tasks, the referral funnel and a segment builder), read with the admin key as its
// token. The element shows the referral funnel itself (GET /admin/campaigns/{id}/insights/referrals),
// so the page adds no second copy of it (one landmark per view).
import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { CampaignSummary } from './api.js';

/** The campaign the Insights page shows. */
export class InsightsController implements ReactiveController {
  campaign: string | undefined;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostDisconnected(): void {}

  /** Shows `id`. */
  select(id: string | undefined): void {
    this.campaign = id;
    this.host.requestUpdate();
  }
}

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
              const root = (e.currentTarget as Element).getRootNode() as ShadowRoot;
              void root.querySelector('quest-insights')?.refresh();
            }}>Reload</button>`
          : nothing
      }
    </div>
    ${
      id
        ? html`<quest-insights .api=${api} .campaign=${id} .token=${token}></quest-insights>`
        : html`<p class="hint">Choose a campaign to see its funnel, retention and referrals.</p>`
    }
  </section>`;
}
