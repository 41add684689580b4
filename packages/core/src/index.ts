export type {
  BackendNeeds,
  ClaimRequest,
  ClaimResult,
  LeaderboardEntry,
  LeaderboardPage,
  QuestBackend,
  ReferralRequest,
  RewardDelivery,
  Session,
  SignInRequest,
  TokenProof,
  VerifyFailed,
  VerifyPassed,
  VerifyRequest,
  VerifyResult,
} from './backends/backend.js';
export { lazyBackend } from './backends/lazy-backend.js';
export * from './backends/protocol.js';
export { addressChecksumProblem } from './campaign/address.js';
export {
  checkInput,
  checkQuizAnswer,
  hashQuizAnswer,
  normalizeAnswer,
  randomSalt,
} from './campaign/answers.js';
export type {
  Address,
  AllowlistReward,
  BadgeReward,
  Campaign,
  ChainConfig,
  ClaimLimit,
  CredentialReward,
  InputTask,
  Level,
  QuizTask,
  Reward,
  RewardBase,
  RewardKind,
  RewardToken,
  RuleTask,
  RuleTaskKind,
  Task,
  TaskBase,
  TaskKind,
  Tier,
  TierUnlock,
  TokenAmount,
  TokenReward,
  UnlockRequirement,
  VisitTask,
  WalletChainTask,
  WalletConnectTask,
  WalletSignInTask,
} from './campaign/campaign.js';
export { REWARD_KINDS, RULE_TASK_KINDS, SCHEMA_VERSION, TASK_KINDS } from './campaign/campaign.js';
export { textProblem, uncleanText } from './campaign/clean.js';
export { publicCampaign, publicRule, SECRET_RULE_FIELDS } from './campaign/public.js';
export {
  formatTokenAmount,
  MAX_TOKEN_AMOUNT,
  rewardKind,
  tierPoints,
  tierTokenAmount,
  tokenAmountOf,
} from './campaign/reward.js';
export {
  hasRuleTasks,
  loadRulesValidator,
  needsRulesValidator,
} from './campaign/rules-validator.js';
export type {
  CampaignValidation,
  LazyParseOptions,
  PatternChecker,
  RewardChecks,
  RuleValidator,
} from './campaign/schema.js';
export {
  checkCampaignPatterns,
  invalidCampaignError,
  MAX_CAMPAIGN_POINTS,
  MAX_TASK_POINTS,
  parseCampaignLazily,
  validateCampaignWith,
} from './campaign/schema.js';
export { isSafeUrl } from './campaign/url.js';
export { parseCampaign, validateCampaign } from './campaign/validate.js';
export type {
  AttestMessage,
  ChainReader,
  Credential,
  CredentialCheck,
  CredentialFailureReason,
  EasDomain,
  EasOffchainAttestation,
  Keccak256,
  RevocationQuery,
  RevocationSource,
  ServerRevocationsOptions,
  SignCredentialOptions,
  TypedDataSigner,
  VerifyCredentialOptions,
} from './credential.js';
export {
  ATTEST_TYPES,
  CREDENTIAL_FAILURE_REASONS,
  CREDENTIAL_SCHEMA,
  credentialSchemaUid,
  DEFAULT_EAS_DOMAIN,
  EAS_DOMAIN_NAME,
  EAS_EXPLORERS,
  EAS_OFFCHAIN_VERSION,
  easExplorerUrl,
  easRevocations,
  encodeCredentialData,
  offchainUid,
  REVOCATIONS_PER_REQUEST,
  serverRevocations,
  signCredential,
  verifyCredential,
} from './credential.js';
export type {
  QuestErrorCode,
  QuestErrorJSON,
  QuestErrorOptions,
  ValidationIssue,
} from './errors.js';
export { isQuestError, QUEST_ERROR_CODES, QuestError, toQuestError } from './errors.js';
export type { HttpBackendOptions } from './http-backend.js';
export { httpBackend } from './http-backend.js';
export * from './insights-protocol.js';
export {
  allTasks,
  campaignWindow,
  deriveLadder,
  deriveLadderWith,
  findTask,
  findTier,
  hasSchedules,
  levelFor,
  nextWindowChange,
  nextWindowChangeWith,
  RECENT_PERIODS,
  requiredCount,
} from './ladder/engine.js';
export type {
  DeriveOptions,
  Ladder,
  LadderTask,
  LadderTier,
  LevelInfo,
  PendingState,
  TaskState,
  TierState,
  WindowState,
} from './ladder/ladder.js';
export type { Completion, Progress } from './ladder/progress.js';
export { addCompletion, emptyProgress } from './ladder/progress.js';
export type {
  LadderChange,
  LoadStatus,
  QuestState,
  QuestStateOptions,
  VerifyOutcome,
} from './ladder/state.js';
export { createQuestState, loadScheduleEngine } from './ladder/state.js';
export {
  compareStandings,
  DEFAULT_LEADERBOARD_LIMIT,
  LEADERBOARD_PERIODS,
  type LeaderboardPeriod,
  type LeaderboardQuery,
  type LeaderboardStanding,
  type LedgerEntry,
  leaderboardPeriod,
  MAX_LEADERBOARD_LIMIT,
  pageOfStandings,
  standingsOf,
} from './leaderboard.js';
export type { KeyValueStorage, MemoryBackendOptions, StoredProgress } from './memory-backend.js';
export {
  deliveryStorageKey,
  memoryBackend,
  progressStorageKey,
  STORAGE_PREFIX,
  STORAGE_VERSION,
  sessionStorageKey,
  storageSubject,
} from './memory-backend.js';
export { randomHex, toHex } from './random.js';
export type {
  BindFacts,
  RefereeFacts,
  Referral,
  ReferralBinding,
  ReferralNeed,
  ReferralRefusal,
  ReferralRule,
  ReferralRules,
  ReferralState,
  ReferralStatus,
  ReferralsOverview,
} from './referrals.js';
export {
  bindRefusal,
  inviteLink,
  newReferralCode,
  parseReferralCode,
  qualifiesNow,
  REFERRAL_CODE,
  REFERRAL_MAX_REFEREES_MAX,
  REFERRAL_PARAM,
  REFERRAL_REFUSAL_MESSAGES,
  REFERRAL_REFUSALS,
  REFERRAL_RULE_TYPES,
  REFERRAL_STATES,
  REFERRAL_WITHIN_DAYS_MAX,
  refereeFacts,
  referralDeadline,
  referralNeeds,
  referralStatus,
} from './referrals.js';
export type { CapturedReferral, ReferralStorage } from './referrals-capture.js';
export {
  captureReferral,
  referralStorageKey,
  sendReferral,
  settleReferral,
  storedReferral,
} from './referrals-capture.js';
export type {
  Period,
  Schedule,
  ScheduleUnit,
  Streak,
  StreakOptions,
  StreakRules,
  Weekday,
} from './schedule.js';
export {
  indexOfKey,
  instantOf,
  isTimeZone,
  periodAt,
  periodOf,
  SCHEDULE_SECONDS_MAX,
  SCHEDULE_SECONDS_MIN,
  SCHEDULE_UNITS,
  STREAK_FREEZES_MAX,
  STREAK_REPAIR_WINDOW_MAX,
  streakOf,
  WEEKDAYS,
} from './schedule.js';
export type { ScheduleEngine } from './schedule-engine.js';
export {
  campaignStreak,
  completionCount,
  everDone,
  periodCompletions,
  repairPeriod,
  type Streaks,
  scheduleAnchor,
  streaksOf,
  taskPeriod,
  taskStreak,
  timeZoneOf,
} from './schedule-tasks.js';
export type {
  NonceCheck,
  SignatureCheck,
  SiweFailureReason,
  SiweMessageFields,
  SiweResult,
  VerifySiweOptions,
} from './siwe.js';
export {
  parseSiweMessage,
  SIWE_FAILURE_REASONS,
  SIWE_MAX_MESSAGE_LENGTH,
  siweFailureReason,
  verifySiwe,
} from './siwe.js';
export { evaluateTaskRule } from './verify/rule-eval.js';
export type {
  ClaimCounts,
  ClaimVerdict,
  Failed,
  RefusalCode,
  Refused,
  TaskGate,
  TaskVerdict,
  VerifyFacts,
  VerifyFailCode,
} from './verify/verify.js';
export {
  checkTask,
  claimGate,
  claimLimitGate,
  REFUSAL_CODES,
  taskGate,
  VERIFY_FAIL_CODES,
  verifyTask,
} from './verify/verify.js';
export type {
  BadgeContract,
  BadgeVoucher,
  BadgeVoucherJson,
  CreateBadgeVoucherInput,
} from './voucher.js';
export {
  badgeVoucherFromJson,
  badgeVoucherToJson,
  badgeVoucherTypedData,
  createBadgeVoucher,
  randomVoucherNonce,
  rewardKey,
  signBadgeVoucher,
  VOUCHER_CLOCK_SKEW_SECONDS,
  VOUCHER_TTL_SECONDS,
} from './voucher.js';
