/**
 * @questboard/rules — declarative, JSON verification rules.
 *
 * `validateRule` has no viem import and tree-shakes apart from evaluation; evaluation is also
 * reachable as `@questboard/rules/evaluate` for a lazy `import()`.
 */
export { createReadCache, evaluateRule, evaluateRules } from './evaluate.js';
export type { CompiledPattern } from './pattern.js';
export { checkPattern, compilePattern, PATTERN_FLAGS, testPattern } from './pattern.js';
export { HTTP_PRESETS } from './presets.js';
export {
  isSecretRef,
  publicRule,
  resolveSecrets,
  SECRET_NAME,
  SecretError,
  secretRefs,
} from './secrets.js';
export { ruleSince } from './since.js';
export type {
  Address,
  AllRule,
  AnyRule,
  AtLeastRule,
  BalanceRule,
  BlockNumberish,
  CallRule,
  ComparePredicate,
  CredentialRule,
  EvaluationContext,
  EventRule,
  GraphqlRule,
  HeldCredential,
  HttpFormat,
  HttpPreset,
  HttpRule,
  HttpStatusOutcome,
  JsonValue,
  NftRule,
  NotRule,
  OnchainRule,
  Predicate,
  PredicateOp,
  ReadCache,
  Rule,
  RuleError,
  RuleErrorCode,
  RuleResult,
  RuleType,
  SecretRef,
  TxCountRule,
  ValidationIssue,
} from './types.js';
export { validateRule } from './validate.js';
