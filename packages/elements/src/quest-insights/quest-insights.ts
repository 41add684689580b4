import { defineElement } from '../internal/define.js';
import { QuestInsights } from './quest-insights.component.js';

export type { QuestInsightsErrorDetail } from './quest-insights.component.js';
export { QuestInsights } from './quest-insights.component.js';
export type {
  InsightsDaily,
  InsightsData,
  InsightsFunnel,
  InsightsRetained,
  InsightsRetention,
  InsightsTasks,
  InsightsView,
} from './types.js';
export { INSIGHTS_VIEWS } from './types.js';

defineElement('quest-insights', QuestInsights);

declare global {
  interface HTMLElementTagNameMap {
    'quest-insights': QuestInsights;
  }
}
