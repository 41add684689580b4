/**
 * `@questboard/elements`: the element classes, their types and typed events. Importing this
 * module registers nothing; import `@questboard/elements/define` (or an element's own define
 * module) to register the tags, or call `defineQuestElements()`.
 */
import { defineElement } from './internal/define.js';
import { QuestBoard } from './quest-board/quest-board.component.js';
import { QuestInsights } from './quest-insights/quest-insights.component.js';
import { QuestInvite } from './quest-invite/quest-invite.component.js';
import { QuestLeaderboard } from './quest-leaderboard/quest-leaderboard.component.js';
import { QuestPassport } from './quest-passport/quest-passport.component.js';
import { QuestProgress } from './quest-progress/quest-progress.component.js';
import { QuestReward } from './quest-reward/quest-reward.component.js';
import { QuestTask } from './quest-task/quest-task.component.js';
import { QuestTier } from './quest-tier/quest-tier.component.js';
import { QuestWallet } from './quest-wallet/quest-wallet.component.js';

export type {
  QuestClaimDetail,
  QuestClaimEvent,
  QuestCompleteDetail,
  QuestCompleteEvent,
  QuestErrorDetail,
  QuestErrorEvent,
  QuestEventDetails,
  QuestLevelDetail,
  QuestLevelEvent,
  QuestRewardClaimableDetail,
  QuestRewardClaimableEvent,
  QuestRewardConfirmedDetail,
  QuestRewardConfirmedEvent,
  QuestRewardSentDetail,
  QuestRewardSentEvent,
  QuestStreakDetail,
  QuestStreakEvent,
  QuestUnlockDetail,
  QuestUnlockEvent,
  QuestVerifyDetail,
  QuestVerifyEvent,
  QuestWalletRequestDetail,
  QuestWalletRequestEvent,
} from './events.js';
export type { FailureFacts } from './i18n/describe.js';
export { describeFailure } from './i18n/describe.js';
export type {
  Catalog,
  LocaleCatalog,
  Message,
  MessageId,
  PluralMessage,
  Translator,
} from './i18n/index.js';
export {
  $catalogs,
  formatMessage,
  loadLocale,
  registerLocale,
  resolveLocale,
  supportedLocales,
  translator,
} from './i18n/index.js';
export type { OnchainView } from './internal/claim-types.js';
export { defineElement } from './internal/define.js';
export { StoreController } from './internal/store-controller.js';
export { VERSION } from './internal/version.js';
export type { QuestTheme } from './quest-board/quest-board.component.js';
export { QuestBoard } from './quest-board/quest-board.component.js';
export type {
  BoardConfig,
  BoardHostHooks,
  BoardState,
  ClaimsState,
} from './quest-board/quest-board.controller.js';
export { BoardController } from './quest-board/quest-board.controller.js';
export type {
  QuestInsightsErrorDetail,
  QuestSegmentChangeDetail,
  QuestSegmentExportDetail,
} from './quest-insights/quest-insights.component.js';
export { QuestInsights } from './quest-insights/quest-insights.component.js';
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
} from './quest-insights/types.js';
export { INSIGHTS_VIEWS } from './quest-insights/types.js';
export type {
  QuestInviteCopyDetail,
  QuestInviteCopyEvent,
} from './quest-invite/quest-invite.component.js';
export { QuestInvite } from './quest-invite/quest-invite.component.js';
export type { QuestLeaderboardPeriodDetail } from './quest-leaderboard/quest-leaderboard.component.js';
export { QuestLeaderboard } from './quest-leaderboard/quest-leaderboard.component.js';
export type { PassportEntry } from './quest-passport/quest-passport.component.js';
export { QuestPassport } from './quest-passport/quest-passport.component.js';
export { QuestProgress } from './quest-progress/quest-progress.component.js';
export type { RewardState } from './quest-reward/quest-reward.component.js';
export { QuestReward } from './quest-reward/quest-reward.component.js';
export { QuestTask } from './quest-task/quest-task.component.js';
export { QuestTier } from './quest-tier/quest-tier.component.js';
export type {
  QuestConnectDetail,
  QuestDisconnectDetail,
  QuestWalletErrorDetail,
} from './quest-wallet/quest-wallet.component.js';
export { QuestWallet } from './quest-wallet/quest-wallet.component.js';
export { darkTokens, lightTokens } from './styles/tokens.js';
// The element maps generated from custom-elements.json, and `HTMLElementTagNameMap` for every tag.
export type * from './types/props.js';

/** Registers every element (same as importing the define module). Idempotent. */
export function defineQuestElements(): void {
  defineElement('quest-progress', QuestProgress);
  defineElement('quest-reward', QuestReward);
  defineElement('quest-task', QuestTask);
  defineElement('quest-tier', QuestTier);
  defineElement('quest-wallet', QuestWallet);
  defineElement('quest-passport', QuestPassport);
  defineElement('quest-invite', QuestInvite);
  defineElement('quest-board', QuestBoard);
  defineElement('quest-leaderboard', QuestLeaderboard);
  defineElement('quest-insights', QuestInsights);
}
