// Types only: this module has no runtime code, so the browser core can import it for free.
import type { HTTP_PRESETS } from './presets.js';

/** Any JSON value. Big integers are written as decimal strings. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue };

/** A 0x-prefixed 20-byte hex address. */
export type Address = `0x${string}`;

/** A path-specific problem with a rule, e.g. `{ path: 'rule.rules[1].min', message: '…' }`. */
export interface ValidationIssue {
  path: string;
  message: string;
}

// ---------------------------------------------------------------------------------------------
// Predicates

export type PredicateOp =
  | 'eq'
  | 'ne'
  | 'gt'
  | 'gte'
  | 'lt'
  | 'lte'
  | 'in'
  | 'contains'
  | 'exists'
  | 'matches';

/**
 * A comparison at a path of the checked document. `path` uses dots and/or brackets
 * (`result.items[0].id`, `result.items.0.id`); an empty or missing path is the document itself.
 * The string `"$address"` inside `value` stands for the wallet being checked.
 */
export interface ComparePredicate {
  path?: string;
  op: PredicateOp;
  value?: JsonValue;
  /** Only for `matches`: regular-expression flags, any of `i`, `m`, `s`, `u`. */
  flags?: string;
}

export type Predicate =
  | ComparePredicate
  | { all: Predicate[] }
  | { any: Predicate[] }
  | { not: Predicate };

// ---------------------------------------------------------------------------------------------
// Rules

/** A block number: a non-negative integer or its decimal string. */
export type BlockNumberish = number | string;

interface OnchainBase {
  /** EVM chain id; the RPC URLs for it come from `EvaluationContext.rpcUrls`. */
  chainId: number;
  /** Read the state at this block instead of the latest one (an anti-sybil measure). */
  snapshotBlock?: BlockNumberish;
}

/** The wallet has sent at least `min` transactions (its account nonce is ≥ `min`). */
export interface TxCountRule extends OnchainBase {
  type: 'onchain.txCount';
  min: number;
}

/** The wallet holds at least `min` (a decimal string in whole tokens, e.g. `"1.5"`). */
export interface BalanceRule extends OnchainBase {
  type: 'onchain.balance';
  /** `"native"` (the default) or an ERC-20 contract address. */
  token?: string;
  min: string;
  /** ERC-20 decimals; read from the token when omitted. */
  decimals?: number;
  /** Shown in messages; read from the token (or `ETH` for native) when omitted. */
  symbol?: string;
}

/** The wallet holds at least `min` tokens of an ERC-721 or ERC-1155 contract. */
export interface NftRule extends OnchainBase {
  type: 'onchain.nft';
  standard: 'erc721' | 'erc1155';
  contract: string;
  /** A specific token id (decimal string); any id of an ERC-721 when omitted. Required for ERC-1155. */
  tokenId?: string;
  /** Defaults to 1. */
  min?: number;
}

/** Any view function, called with `args`, its result checked by `predicate`. */
export interface CallRule extends OnchainBase {
  type: 'onchain.call';
  contract: string;
  /** Human-readable ABI, e.g. `function balanceOf(address owner) view returns (uint256)`. */
  signature: string;
  /** Arguments; `"$address"` is the wallet; integers as decimal strings or numbers. */
  args?: JsonValue[];
  predicate: Predicate;
}

/** At least `min` logs of `event` emitted by `contract`, filtered by indexed arguments. */
export interface EventRule extends OnchainBase {
  type: 'onchain.event';
  contract: string;
  /** Human-readable ABI, e.g. `event Transfer(address indexed from, address indexed to, uint256 value)`. */
  event: string;
  /** Filters on indexed parameters, by name; `"$address"` is the wallet. */
  args?: Record<string, JsonValue>;
  /** A predicate on each decoded log's arguments; only logs that satisfy it count. */
  where?: Predicate;
  /** Defaults to 1. */
  min?: number;
  /** Block window (inclusive). `fromBlock` defaults to 0, `toBlock` to the latest (or `snapshotBlock`). */
  fromBlock?: BlockNumberish;
  toBlock?: BlockNumberish;
  /** Time window (inclusive): ISO 8601 date-time strings or unix seconds. */
  since?: string | number;
  until?: string | number;
}

/**
 * How an HTTP response is judged when no `predicate` is given:
 * - `auto`: recognise any known shape from the body (those below, a bare `true`/`false`, a
 *   top-level `isValid`, DeBank's `status`, Galxe's `is_ok`); a 400 is "not done", other 4xx are
 *   errors; an empty or error body never passes
 * - `status`: 2xx passes, 400 fails, other statuses are errors
 * - `isValid`: `{ "result": { "isValid": true } }`
 * - `point`: `{ "result": { "point": n } }`, passes when n ≥ `minPoints` (default 1)
 * - `dataResult`: `{ "data": { "result": true } }`
 * - `progress`: `{ "completed": bool, "numerator": n, "denominator": d }`
 */
export type HttpFormat = 'auto' | 'status' | 'isValid' | 'point' | 'dataResult' | 'progress';

/**
 * A quest platform whose endpoint contract an `http` rule follows: how the address is sent (its
 * letter case), the default method and body, how statuses and bodies are read. See docs/rules.md.
 */
export type HttpPreset = (typeof HTTP_PRESETS)[number];

/**
 * What an HTTP status means, in a rule's `statuses` map (keys such as `"404"` or `"4xx"`):
 * `pass` and `fail` decide at once (a fail's reason is the endpoint's own message when it sends
 * one), `error` is an operator-facing error, `body` judges the body.
 */
export type HttpStatusOutcome = 'pass' | 'fail' | 'error' | 'body';

/**
 * A reference to a secret the server resolves from its environment, e.g.
 * `{ "$secret": "PARTNER_KEY" }`. Names are 1–64 of `A–Z`, `0–9`, `_`, starting with a letter.
 * Allowed as an `http`/`graphql` rule's `url`, as a header value, and as any value inside an
 * `http` body or `graphql` variables. Never stored resolved; see `resolveSecrets`.
 */
export interface SecretRef {
  $secret: string;
}

export interface HttpRule {
  type: 'http';
  /**
   * `http(s)://` URL; `$address` (the wallet, checksummed or as the preset sends it),
   * `$address.lower`, `$address.checksum`, `$requestId` (fresh per check) and Guild's
   * `<ACCOUNT_ID>` are replaced, URL-encoded. Or a secret reference to the whole URL.
   */
  url: string | SecretRef;
  /** `GET` unless the preset says otherwise. */
  method?: 'GET' | 'POST';
  /** Extra request headers; a value may be a secret reference. */
  headers?: Record<string, string | SecretRef>;
  /** JSON body for POST; the substitutions of `url` work in every string inside (unencoded). */
  body?: JsonValue;
  /** A predicate on the JSON body; when present `format` must be omitted. */
  predicate?: Predicate;
  format?: HttpFormat;
  minPoints?: number;
  /** Judge the endpoint as this platform means its answers (see docs/rules.md). */
  preset?: HttpPreset;
  /** What a status means, overriding the preset and the defaults: `{ "404": "fail", "5xx": "error" }`. */
  statuses?: Record<string, HttpStatusOutcome>;
}

export interface GraphqlRule {
  type: 'graphql';
  /** As `HttpRule.url`. */
  url: string | SecretRef;
  query: string;
  /** The substitutions of `HttpRule.url` work in every string inside. */
  variables?: Record<string, JsonValue>;
  headers?: Record<string, string | SecretRef>;
  /** A predicate on the response's `data`. */
  predicate: Predicate;
}

/** The wallet holds a credential from `issuer` for `campaignId` (and `taskId`, when given). */
export interface CredentialRule {
  type: 'credential';
  issuer: string;
  campaignId: string;
  taskId?: string;
}

export interface AllRule {
  type: 'all';
  rules: Rule[];
}

export interface AnyRule {
  type: 'any';
  rules: Rule[];
}

export interface AtLeastRule {
  type: 'atLeast';
  n: number;
  rules: Rule[];
}

export interface NotRule {
  type: 'not';
  rule: Rule;
}

export type OnchainRule = TxCountRule | BalanceRule | NftRule | CallRule | EventRule;

/** A declarative verification rule: plain JSON, discriminated by `type`. */
export type Rule =
  | OnchainRule
  | HttpRule
  | GraphqlRule
  | CredentialRule
  | AllRule
  | AnyRule
  | AtLeastRule
  | NotRule;

export type RuleType = Rule['type'];

// ---------------------------------------------------------------------------------------------
// Results

/**
 * Error codes: `BAD_RULE` (the rule is invalid), `BAD_CONTEXT` (the evaluation context is),
 * `NO_RPC_URL`, `RPC_UNREACHABLE`, `RPC_ERROR` (the node answered with an error), `UNREACHABLE`
 * (an HTTP/GraphQL endpoint could not be reached), `TIMEOUT`,
 * `MALFORMED_RESPONSE`, `RESPONSE_TOO_LARGE`, `CALL_REVERTED`, `HTTP_STATUS` (unexpected
 * status), `GRAPHQL_ERROR`, `CREDENTIALS_UNAVAILABLE`, `CREDENTIAL_SOURCE_FAILED`, `ABORTED`,
 * `ENDPOINT_ERROR` (an endpoint answered with an error in its body), `SECRET_UNRESOLVED` (the rule
 * still holds a secret reference: only the server, after `resolveSecrets`, can check it).
 */
export type RuleErrorCode =
  | 'BAD_RULE'
  | 'BAD_CONTEXT'
  | 'NO_RPC_URL'
  | 'RPC_UNREACHABLE'
  | 'RPC_ERROR'
  | 'UNREACHABLE'
  | 'TIMEOUT'
  | 'MALFORMED_RESPONSE'
  | 'RESPONSE_TOO_LARGE'
  | 'CALL_REVERTED'
  | 'HTTP_STATUS'
  | 'GRAPHQL_ERROR'
  | 'CREDENTIALS_UNAVAILABLE'
  | 'CREDENTIAL_SOURCE_FAILED'
  | 'ABORTED'
  | 'ENDPOINT_ERROR'
  | 'SECRET_UNRESOLVED';

export type RuleResult =
  | { status: 'pass'; observed?: string }
  | { status: 'fail'; reason: string; observed?: string }
  | { status: 'progress'; current: number; target: number; reason: string }
  | { status: 'error'; code: RuleErrorCode; message: string; retryable: boolean };

export type RuleError = Extract<RuleResult, { status: 'error' }>;

/** A credential as the caller's credential source returns it. */
export interface HeldCredential {
  issuer: string;
  campaignId: string;
  taskId?: string;
  [key: string]: unknown;
}

/** A cache of on-chain reads, keyed by chain and block (see `createReadCache`). */
export interface ReadCache {
  get(key: string): unknown;
  set(key: string, value: unknown, fixedBlock: boolean): void;
  clear(): void;
}

export interface EvaluationContext {
  /** The wallet being checked. */
  address: Address;
  /** RPC URLs per chain id, tried in order (the campaign's `chains[id].rpcUrls`). */
  rpcUrls?: Record<number | string, string[]>;
  /** Multicall3 address per chain; `null` sends separate `eth_call`s in the JSON-RPC batch instead. Defaults to the canonical 0xcA11bde05977b3631167028862bE2a173976CA11. */
  multicall3?: Record<number | string, Address | null>;
  /** The credential source for `credential` rules. */
  credentials?: (address: Address) => Promise<HeldCredential[]>;
  /** Used for HTTP, GraphQL and JSON-RPC requests; defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /** Per-request timeout; defaults to 10 000 ms. */
  timeoutMs?: number;
  /** Largest accepted HTTP/GraphQL response body; defaults to 1 MB (JSON-RPC responses: 16 MB). */
  maxBodyBytes?: number;
  signal?: AbortSignal;
  /** Read cache; defaults to a shared one (2 s for the latest block, 60 s for fixed blocks). `false` disables it. */
  cache?: ReadCache | false;
  /**
   * Unix seconds: only what happened since then counts (event logs from blocks at or after it,
   * see `ruleSince`). A scheduled task passes the start of its current period.
   */
  since?: number;
}
