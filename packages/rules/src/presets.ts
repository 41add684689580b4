// Quest platforms' endpoint contracts, as data: an `http` rule with `preset` sends the address
// the way that platform does and reads the answer as that platform means it. Each entry cites
// the published contract it follows (docs/rules.md has the worked examples).
import type { HttpStatusOutcome, JsonValue } from './types.js';

export const HTTP_PRESETS = [
  'taskon',
  'questn',
  'soquest',
  'zealy',
  'galxe',
  'intract',
  'guild',
  'debank',
] as const;

/** Body shapes an endpoint may answer with (see `judgeShape` in http.ts). */
export const BODY_SHAPES = [
  'boolean', // a bare `true` / `false`
  'isValid', // { "result": { "isValid": bool } }
  'topIsValid', // { "isValid": bool }
  'point', // { "result": { "point": n } }
  'dataResult', // { "data": { "result": bool } }
  'statusWord', // { "status": "success" | "failed" | "error" }
  'isOk', // { "is_ok": bool }
  'progress', // { "completed": bool, "numerator": n, "denominator": d }
] as const;
export type BodyShape = (typeof BODY_SHAPES)[number];

export interface PresetSpec {
  /** Display name, for messages. */
  name: string;
  method: 'GET' | 'POST';
  /** The POST body sent when the rule gives none. */
  body?: JsonValue;
  /** What `$address` (and `<ACCOUNT_ID>`) stand for. */
  address: 'checksum' | 'lower';
  /** Shapes the platform's endpoints answer with; empty: the rule needs a predicate. */
  shapes: readonly BodyShape[];
  /** Status meanings; anything else non-2xx is an error. */
  statuses: Record<string, HttpStatusOutcome>;
  /** Said when the endpoint answers 401/403. */
  refusedHint?: string;
}

export const PRESETS: Record<(typeof HTTP_PRESETS)[number], PresetSpec> = {
  // TaskOn: GET ?address=…, identifiers lowercased, always HTTP 200, { result: { isValid } }
  // (and { result: { point } } from the points API).
  taskon: {
    name: 'TaskOn',
    method: 'GET',
    address: 'lower',
    shapes: ['isValid', 'point'],
    statuses: { '2xx': 'body' },
  },
  // QuestN: GET ?address=…, status always 200, { data: { result }, error?: { code, message } }.
  questn: {
    name: 'QuestN',
    method: 'GET',
    address: 'checksum',
    shapes: ['dataResult'],
    statuses: { '2xx': 'body' },
  },
  // SoQuest: GET ?address=…, { code: 0, message, data: { result } }; a non-zero code is an error.
  soquest: {
    name: 'SoQuest',
    method: 'GET',
    address: 'checksum',
    shapes: ['dataResult'],
    statuses: { '2xx': 'body' },
  },
  // Zealy: POST { userId, communityId, subdomain, questId, requestId, accounts }; 200 means done,
  // 400 means not done with { message } shown to the user; nothing else is expected.
  zealy: {
    name: 'Zealy',
    method: 'POST',
    body: { requestId: '$requestId', accounts: { wallet: '$address' } },
    address: 'checksum',
    shapes: [],
    statuses: { '2xx': 'pass', '400': 'fail' },
  },
  // Galxe REST credential: GET/POST with $address, any JSON judged by an expression (the help
  // centre's example reads `is_ok`); Galxe's servers must be allowed by IP, or 403.
  galxe: {
    name: 'Galxe',
    method: 'GET',
    address: 'checksum',
    shapes: ['isOk', 'boolean', 'isValid', 'topIsValid', 'dataResult'],
    statuses: { '2xx': 'body' },
    refusedHint:
      'endpoints written for Galxe often allow only Galxe’s outbound IPs: allow this server’s too',
  },
  // Intract: POST { "address": "<lowercase>" } (https only).
  intract: {
    name: 'Intract',
    method: 'POST',
    body: { address: '$address' },
    address: 'lower',
    shapes: ['dataResult', 'isValid', 'topIsValid', 'boolean'],
    statuses: { '2xx': 'body' },
  },
  // Guild custom API call: the URL's <ACCOUNT_ID> is the wallet; one key of the JSON answer is
  // compared with a value (a predicate here).
  guild: {
    name: 'Guild',
    method: 'GET',
    address: 'lower',
    shapes: [],
    statuses: { '2xx': 'body' },
  },
  // DeBank quest action: GET ?address=… (checksummed in its example); 200 with
  // { status: "success" | "failed" }; 4xx invalid input, 5xx internal, { status: "error", message }.
  debank: {
    name: 'DeBank',
    method: 'GET',
    address: 'checksum',
    shapes: ['statusWord'],
    statuses: { '2xx': 'body' },
  },
};

/** Every shape, in the order `format: "auto"` tries them. */
export const AUTO_SHAPES: readonly BodyShape[] = BODY_SHAPES;

/** `HttpFormat` values that name one shape. */
export const FORMAT_SHAPES: Record<string, readonly BodyShape[]> = {
  auto: AUTO_SHAPES,
  isValid: ['isValid'],
  point: ['point'],
  dataResult: ['dataResult'],
  progress: ['progress'],
};

/** The status map key syntax: an exact status or a class. */
export const STATUS_KEY = /^(?:[1-5]\d\d|[1-5]xx)$/;
export const STATUS_OUTCOMES: readonly HttpStatusOutcome[] = ['pass', 'fail', 'error', 'body'];

/** The meaning of `status` in `map` (exact key first, then its class). */
export function lookupStatus(
  map: Record<string, HttpStatusOutcome> | undefined,
  status: number,
): HttpStatusOutcome | undefined {
  if (!map) return undefined;
  const exact = String(status);
  if (Object.hasOwn(map, exact)) return map[exact];
  const cls = `${exact[0]}xx`;
  if (Object.hasOwn(map, cls)) return map[cls];
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Substitutions

/** Tokens replaced in URLs, bodies and variables; longest first so `$address.lower` wins. */
export const SUBSTITUTION =
  /\$address\.lower|\$address\.checksum|\$address|\$requestId|<ACCOUNT_ID>/g;

export interface SubstitutionValues {
  /** The wallet as `$address` means it (checksummed, or lowercase under some presets). */
  address: string;
  checksum: string;
  lower: string;
  requestId: string;
}

export function substitute(
  template: string,
  v: SubstitutionValues,
  encode: (s: string) => string = (s) => s,
): string {
  return template.replace(SUBSTITUTION, (token) => {
    switch (token) {
      case '$address.lower':
        return encode(v.lower);
      case '$address.checksum':
        return encode(v.checksum);
      case '$requestId':
        return encode(v.requestId);
      default:
        return encode(v.address);
    }
  });
}
