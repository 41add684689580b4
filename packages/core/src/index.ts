export {
  checkInput,
  checkQuizAnswer,
  hashQuizAnswer,
  normalizeAnswer,
  randomSalt,
} from './answers.js';
export type {
  BackendNeeds,
  ClaimRequest,
  ClaimResult,
  LeaderboardEntry,
  LeaderboardPage,
  QuestBackend,
  Session,
  SignInRequest,
  VerifyFailed,
  VerifyPassed,
  VerifyRequest,
  VerifyResult,
} from './backend.js';
export type {
  Address,
  Campaign,
  ChainConfig,
  InputTask,
  Level,
  QuizTask,
  Reward,
  RuleTask,
  Task,
  TaskBase,
  TaskKind,
  Tier,
  TierUnlock,
  UnlockRequirement,
  VisitTask,
  WalletChainTask,
  WalletConnectTask,
  WalletSignInTask,
} from './campaign.js';
export { RULE_TASK_KINDS, SCHEMA_VERSION, TASK_KINDS } from './campaign.js';
export type {
  AttestMessage,
  ChainReader,
  Credential,
  CredentialCheck,
  CredentialFailureReason,
  EasDomain,
  EasOffchainAttestation,
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
export {
  allTasks,
  campaignWindow,
  deriveLadder,
  findTask,
  findTier,
  levelFor,
  nextWindowChange,
  requiredCount,
} from './engine.js';
export type {
  QuestErrorCode,
  QuestErrorJSON,
  QuestErrorOptions,
  ValidationIssue,
} from './errors.js';
export { isQuestError, QuestError, toQuestError } from './errors.js';
export type { HttpBackendOptions } from './http-backend.js';
export { httpBackend } from './http-backend.js';
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
} from './ladder.js';
export { lazyBackend } from './lazy-backend.js';
export type { KeyValueStorage, MemoryBackendOptions } from './memory-backend.js';
export { memoryBackend, STORAGE_VERSION } from './memory-backend.js';
export type { Completion, Progress } from './progress.js';
export { emptyProgress } from './progress.js';
export * from './protocol.js';
export { evaluateTaskRule } from './rule-eval.js';
export type { Period, Schedule, ScheduleUnit, Streak, StreakOptions, Weekday } from './schedule.js';
export {
  instantOf,
  isTimeZone,
  periodOf,
  SCHEDULE_SECONDS_MAX,
  SCHEDULE_SECONDS_MIN,
  SCHEDULE_UNITS,
  streakOf,
  WEEKDAYS,
} from './schedule.js';
export type { CampaignValidation, PatternChecker, RuleValidator } from './schema.js';
export {
  invalidCampaignError,
  isSafeUrl,
  parseCampaignLazily,
  validateCampaignWith,
} from './schema.js';
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
export type {
  LadderChange,
  LoadStatus,
  QuestState,
  QuestStateOptions,
  VerifyOutcome,
} from './state.js';
export { createQuestState } from './state.js';
export { parseCampaign, validateCampaign } from './validate.js';
