/** Bounds on the work one rule may ask for. Rules are data from campaign authors: every loop is bounded. */
export const LIMITS = {
  /** Nesting of `all`/`any`/`atLeast`/`not` rules. */
  ruleDepth: 8,
  /** Rules in one tree, combinators included. */
  ruleNodes: 100,
  /** Nesting of predicate `all`/`any`/`not`. */
  predicateDepth: 8,
  /** Nodes in one predicate. */
  predicateNodes: 64,
  /** Segments in a predicate path. */
  pathSegments: 32,
  /** Characters in a `matches` pattern. */
  regexLength: 200,
  /** Characters a `matches` pattern is run against; longer input does not match. */
  regexInput: 1000,
  /** Items in an `in` list. */
  inValues: 256,
  /** Nesting of a JSON response body. */
  jsonDepth: 64,
  /** HTTP/GraphQL response body, bytes. */
  httpBody: 1_000_000,
  /** JSON-RPC response body, bytes. */
  rpcBody: 16_000_000,
  /** Logs decoded for one `onchain.event` rule with a `where` predicate or time window. */
  eventLogs: 10_000,
} as const;
