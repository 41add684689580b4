import { defineElement } from '../internal/define.js';
import { QuestInsights } from './quest-insights.component.js';

export type {
  QuestInsightsErrorDetail,
  QuestSegmentChangeDetail,
  QuestSegmentExportDetail,
} from './quest-insights.component.js';
export { QuestInsights } from './quest-insights.component.js';
export type {
  InsightsDaily,
  InsightsData,
  InsightsFunnel,
  InsightsReferrals,
  InsightsRetained,
  InsightsRetention,
  InsightsTasks,
  InsightsView,
  SegmentExportFormat,
  SegmentRule,
} from './types.js';
export { INSIGHTS_VIEWS } from './types.js';

defineElement('quest-insights', QuestInsights);

declare global {
  interface HTMLElementTagNameMap {
    'quest-insights': QuestInsights;
  }
}
