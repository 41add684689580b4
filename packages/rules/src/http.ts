// HTTP and GraphQL rules: one request each, with a timeout and a capped body, judged by a
// predicate or by one of the response shapes other quest platforms already use.
import { type JsonLike, parseJson } from './json.js';
import { LIMITS } from './limits.js';
import type { Plan } from './plan.js';
import { evaluatePredicate, formatValue } from './predicate.js';
import {
  AUTO_SHAPES,
  type BodyShape,
  FORMAT_SHAPES,
  lookupStatus,
  PRESETS,
  type PresetSpec,
  type SubstitutionValues,
  substitute,
} from './presets.js';
import { requestSecretSlots } from './secrets.js';
import { originOf, type RawResponse, request, ruleError } from './transport.js';
import type {
  Address,
  EvaluationContext,
  GraphqlRule,
  HttpRule,
  HttpStatusOutcome,
  JsonValue,
  RuleError,
  RuleResult,
} from './types.js';

/** The values substituted for one check: the wallet in each form, a fresh request id. */
export function substitutionValues(
  address: Address,
  addressCase: 'checksum' | 'lower' = 'checksum',
  requestId: string = newRequestId(),
): SubstitutionValues {
  const lower = address.toLowerCase();
  return {
    address: addressCase === 'lower' ? lower : address,
    checksum: address,
    lower,
    requestId,
  };
}

/** A fresh id per check (`$requestId`): a UUID v4 where `crypto.randomUUID` exists. */
export function newRequestId(): string {
  const c = globalThis.crypto;
  if (typeof c?.randomUUID === 'function') return c.randomUUID();
  const bytes = c.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Fills a URL template: every substitution URL-encoded. A plain string is the address in every form. */
export function fillUrl(template: string, values: SubstitutionValues | string): string {
  const v =
    typeof values === 'string'
      ? { address: values, checksum: values, lower: values.toLowerCase(), requestId: '' }
      : values;
  return substitute(template, v, encodeURIComponent);
}

/** Fills every string of a JSON value (the result is serialised as JSON, so nothing can escape). */
export function fillJson(
  value: JsonValue | undefined,
  values: SubstitutionValues,
): JsonValue | undefined {
  if (typeof value === 'string') return substitute(value, values);
  if (Array.isArray(value)) return value.map((v) => fillJson(v, values) as JsonValue);
  if (value && typeof value === 'object') {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(value)) {
      Object.defineProperty(out, k, {
        value: fillJson(v, values),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return value;
}

async function send(
  url: string,
  init: RequestInit,
  ctx: EvaluationContext,
): Promise<RawResponse | RuleError> {
  return request(url, init, {
    fetch: ctx.fetch ?? globalThis.fetch,
    timeoutMs: ctx.timeoutMs ?? 10_000,
    maxBytes: ctx.maxBodyBytes ?? LIMITS.httpBody,
    signal: ctx.signal,
    kind: 'HTTP',
  });
}

function retryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

/** An operator-facing error for a status the endpoint should not have answered with. */
function statusError(
  res: RawResponse,
  where: string,
  message?: string,
  preset?: PresetSpec,
): RuleError {
  const said = message ? `: ${message}` : '';
  let what = `${where} answered HTTP ${res.status}${said}`;
  if (res.status === 401 || res.status === 403) {
    what = `${where} refused the request (HTTP ${res.status})${said}: check the rule's API key or headers${preset?.refusedHint ? `; ${preset.refusedHint}` : ''}`;
  } else if (res.status === 404) {
    what = `${where} answered HTTP 404 (not found)${said}: check the rule's URL`;
  } else if (res.status >= 400 && res.status < 500 && !retryableStatus(res.status)) {
    what = `${where} did not accept the request (HTTP ${res.status})${said}: check the rule's URL, method and body`;
  }
  return ruleError('HTTP_STATUS', what, retryableStatus(res.status));
}

/** The parsed body, boxed: a body may itself look like a rule error (`{"status":"error"}`). */
function json(res: RawResponse, where: string): { value: JsonLike } | RuleError {
  try {
    return { value: parseJson(res.text) };
  } catch (e) {
    return ruleError(
      'MALFORMED_RESPONSE',
      `${where} did not answer with JSON (${(e as Error).message})`,
      false,
    );
  }
}

function isErr(x: { value: JsonLike } | RuleError): x is RuleError {
  return !('value' in x);
}

function get(obj: JsonLike, ...path: string[]): JsonLike | undefined {
  let cur: JsonLike | undefined = obj;
  for (const k of path) {
    if (typeof cur !== 'object' || cur === null || Array.isArray(cur) || !Object.hasOwn(cur, k))
      return undefined;
    cur = (cur as Record<string, JsonLike>)[k];
  }
  return cur;
}

function numeric(v: JsonLike | undefined): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  return undefined;
}

/** A partner's message, made safe to show: one line, no control characters, at most 200 characters. */
function clean(text: string): string {
  const one = text
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return one.length > 200 ? `${one.slice(0, 199)}…` : one;
}

/** The endpoint's own words, wherever platforms put them: `error.message`, `error`, `message`, `msg`, `errors[0].message`. */
function partnerMessage(body: JsonLike | undefined): string | undefined {
  if (body === undefined) return undefined;
  const errors = get(body, 'errors');
  const candidates = [
    get(body, 'error', 'message'),
    get(body, 'error'),
    get(body, 'message'),
    get(body, 'msg'),
    Array.isArray(errors) && errors.length > 0 ? get(errors[0]!, 'message') : undefined,
  ];
  for (const c of candidates) {
    // "OK" beside a verdict (SoQuest's `message`) explains nothing.
    if (typeof c === 'string' && c.trim() !== '' && !/^(ok|success|succeeded)\.?$/i.test(c.trim()))
      return clean(c);
  }
  return undefined;
}

/**
 * Whether the body declares an error, and how: `hard` errors (`status: "error"`, a non-zero
 * top-level `code`, a non-empty `errors` list) are never a verdict; a `soft` one (an `error`
 * field) explains a "not done" but never comes with a pass.
 */
function bodyError(body: JsonLike): 'hard' | 'soft' | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const status = get(body, 'status');
  if (typeof status === 'string' && status.toLowerCase() === 'error') return 'hard';
  const code = get(body, 'code');
  const n = numeric(code);
  if (n !== undefined && n !== 0 && n !== 200) return 'hard';
  const errors = get(body, 'errors');
  if (Array.isArray(errors) && errors.length > 0) return 'hard';
  const error = get(body, 'error');
  if (typeof error === 'string' && error.trim() !== '') return 'soft';
  if (error === true) return 'soft';
  if (typeof error === 'object' && error !== null && !Array.isArray(error)) {
    const message = get(error, 'message');
    const errorCode = get(error, 'code');
    const hasMessage = typeof message === 'string' && message.trim() !== '';
    const hasCode =
      errorCode !== undefined && errorCode !== null && errorCode !== '' && errorCode !== 0;
    if (hasMessage || hasCode) return 'soft';
  }
  return undefined;
}

type Verdict =
  | { status: 'pass'; observed?: string }
  | { status: 'fail'; reason?: string; observed?: string }
  | { status: 'progress'; current: number; target: number; reason: string };

/** The verdict of one shape, or `undefined` when the body does not have it. */
function judgeShape(
  shape: BodyShape,
  body: JsonLike,
  rule: HttpRule,
  where: string,
): Verdict | undefined {
  const bool = (v: JsonLike | undefined, field: string): Verdict | undefined =>
    typeof v !== 'boolean'
      ? undefined
      : v
        ? { status: 'pass' }
        : { status: 'fail', reason: `${where} says the task is not done (${field} is false)` };
  switch (shape) {
    case 'boolean':
      return bool(body, 'the answer');
    case 'isValid':
      return bool(get(body, 'result', 'isValid'), 'result.isValid');
    case 'topIsValid':
      return bool(get(body, 'isValid'), 'isValid');
    case 'dataResult':
      return bool(get(body, 'data', 'result'), 'data.result');
    case 'isOk':
      return bool(get(body, 'is_ok'), 'is_ok');
    case 'statusWord': {
      const v = get(body, 'status');
      if (typeof v !== 'string') return undefined;
      const word = v.toLowerCase();
      if (word === 'success') return { status: 'pass' };
      if (word === 'failed' || word === 'fail')
        return { status: 'fail', reason: `${where} says the task is not done (status is "${v}")` };
      return undefined;
    }
    case 'point': {
      const points = numeric(get(body, 'result', 'point'));
      if (points === undefined) return undefined;
      const min = rule.minPoints ?? 1;
      if (points >= min) return { status: 'pass', observed: String(points) };
      return {
        status: 'fail',
        reason: `${where} reports ${points} point(s); ${min} required`,
        observed: String(points),
      };
    }
    case 'progress': {
      const completed = get(body, 'completed');
      const current = numeric(get(body, 'numerator'));
      const target = numeric(get(body, 'denominator'));
      if (completed === true) return { status: 'pass' };
      if (current !== undefined && target !== undefined && target > 0) {
        if (current >= target && completed !== false)
          return { status: 'pass', observed: `${current}/${target}` };
        return {
          status: 'progress',
          current,
          target,
          reason: `${where} reports ${current} of ${target} done`,
        };
      }
      if (completed === false)
        return { status: 'fail', reason: `${where} says the task is not completed` };
      return undefined;
    }
  }
}

const SHAPE_TEXT: Record<BodyShape, string> = {
  boolean: 'true|false',
  isValid: '{"result":{"isValid":true|false}}',
  topIsValid: '{"isValid":true|false}',
  point: '{"result":{"point":n}}',
  dataResult: '{"data":{"result":true|false}}',
  statusWord: '{"status":"success"|"failed"}',
  isOk: '{"is_ok":true|false}',
  progress: '{"completed":bool,"numerator":n,"denominator":d}',
};

function endpointError(where: string, body: JsonLike): RuleError {
  const message = partnerMessage(body);
  return ruleError(
    'ENDPOINT_ERROR',
    `${where} answered with an error${message ? `: ${message}` : ` (${formatValue(body)})`}`,
    false,
  );
}

/** Reads a 2xx (or `body`-outcome) response as `shapes` say, or with the rule's predicate. */
function judgeBody(
  res: RawResponse,
  rule: HttpRule,
  address: Address,
  where: string,
  shapes: readonly BodyShape[],
  checkErrors: boolean,
): RuleResult {
  if (res.text.trim() === '') {
    return ruleError(
      'MALFORMED_RESPONSE',
      `${where} answered HTTP ${res.status} with an empty body, which says neither done nor not done`,
      false,
    );
  }
  const parsed = json(res, where);
  if (isErr(parsed)) return parsed;
  const body = parsed.value;
  const declared = checkErrors ? bodyError(body) : undefined;
  if (declared === 'hard') return endpointError(where, body);
  if (rule.predicate) {
    if (declared) return endpointError(where, body);
    const verdict = evaluatePredicate(rule.predicate, body, { address });
    return verdict.ok
      ? { status: 'pass' }
      : { status: 'fail', reason: `${where}: ${verdict.reason}` };
  }
  let verdict: Verdict | undefined;
  for (const shape of shapes) {
    verdict = judgeShape(shape, body, rule, where);
    if (verdict) break;
  }
  if (!verdict) {
    if (declared) return endpointError(where, body);
    const expected = shapes.map((s) => SHAPE_TEXT[s]).join(' or ');
    return ruleError(
      'MALFORMED_RESPONSE',
      `${where} answered ${formatValue(body)}, expected ${expected}; give the rule a predicate or a preset`,
      false,
    );
  }
  if (verdict.status === 'fail') {
    // The endpoint's own explanation is the reason the visitor sees.
    const own = partnerMessage(body);
    return {
      status: 'fail',
      reason: own ?? verdict.reason ?? `${where} says the task is not done`,
      ...(verdict.observed ? { observed: verdict.observed } : {}),
    };
  }
  if (declared) return endpointError(where, body);
  return verdict;
}

/** What `status` means for this rule: its own map, then the preset's, then the defaults. */
function statusOutcome(
  rule: HttpRule,
  preset: PresetSpec | undefined,
  status: number,
): HttpStatusOutcome {
  const own = lookupStatus(rule.statuses, status);
  if (own) return own;
  if (preset) return lookupStatus(preset.statuses, status) ?? 'error';
  if (status >= 200 && status <= 299)
    return rule.format === 'status' && !rule.predicate ? 'pass' : 'body';
  // Without a preset, only 400 is "not done", and only for `auto` and `status`: 401, 403, 404 and
  // the rest say the request was wrong (an operator's problem), never that the visitor is not done.
  const format = rule.predicate ? undefined : (rule.format ?? 'auto');
  if (status === 400 && (format === 'auto' || format === 'status')) return 'fail';
  return 'error';
}

function judgeHttp(res: RawResponse, rule: HttpRule, address: Address, where: string): RuleResult {
  const preset = rule.preset ? PRESETS[rule.preset] : undefined;
  let outcome = statusOutcome(rule, preset, res.status);
  // A predicate judges the body of a status that would pass on its own (Zealy's 200).
  if (outcome === 'pass' && rule.predicate) outcome = 'body';
  const parsed = (): JsonLike | undefined => {
    if (res.text.trim() === '') return undefined;
    const body = json(res, where);
    return isErr(body) ? undefined : body.value;
  };
  switch (outcome) {
    case 'pass': {
      const body = parsed();
      if (body !== undefined && bodyError(body)) return endpointError(where, body);
      return { status: 'pass', observed: `HTTP ${res.status}` };
    }
    case 'fail': {
      const body = parsed();
      if (body !== undefined && bodyError(body) === 'hard' && get(body, 'status') === 'error')
        return statusError(res, where, partnerMessage(body), preset);
      return {
        status: 'fail',
        reason:
          partnerMessage(body) ?? `${where} answered HTTP ${res.status}: the task is not done`,
      };
    }
    case 'error':
      return statusError(res, where, partnerMessage(parsed()), preset);
    case 'body': {
      const shapes = preset ? preset.shapes : (FORMAT_SHAPES[rule.format ?? 'auto'] ?? AUTO_SHAPES);
      // Error bodies are recognised under `auto` and every preset; an explicit format or a bare
      // predicate reads only what it names.
      const checkErrors =
        preset !== undefined || (!rule.predicate && (rule.format ?? 'auto') === 'auto');
      return judgeBody(res, rule, address, where, shapes, checkErrors);
    }
  }
}

/** A rule that still holds a secret reference cannot be sent: only the server can resolve it. */
function unresolved(rule: HttpRule | GraphqlRule): RuleError | undefined {
  const slot = requestSecretSlots(rule, 'rule')[0];
  if (!slot) return undefined;
  return ruleError(
    'SECRET_UNRESOLVED',
    `${slot.path} refers to the secret ${slot.name}, which only the server resolves: check this rule on the server (resolveSecrets) — nothing was sent`,
    false,
  );
}

export function planHttp(rule: HttpRule, address: Address): Plan {
  return {
    reads: [],
    async finish(rt) {
      const secret = unresolved(rule);
      if (secret) return secret;
      const preset = rule.preset ? PRESETS[rule.preset] : undefined;
      const values = substitutionValues(address, preset?.address);
      const url = fillUrl(rule.url as string, values);
      const where = originOf(url);
      const method = rule.method ?? preset?.method ?? 'GET';
      const headers: Record<string, string> = {
        accept: 'application/json',
        ...(rule.headers as Record<string, string> | undefined),
      };
      let body: string | undefined;
      if (method === 'POST') {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(
          fillJson(rule.body ?? preset?.body ?? { address: '$address' }, values),
        );
      }
      const res = await send(url, { method, headers, body, redirect: 'error' }, rt.ctx);
      if ('code' in res) return res;
      return judgeHttp(res, rule, address, where);
    },
  };
}

export function planGraphql(rule: GraphqlRule, address: Address): Plan {
  return {
    reads: [],
    async finish(rt) {
      const secret = unresolved(rule);
      if (secret) return secret;
      const values = substitutionValues(address);
      const url = fillUrl(rule.url as string, values);
      const where = originOf(url);
      const res = await send(
        url,
        {
          method: 'POST',
          headers: {
            accept: 'application/graphql-response+json, application/json',
            'content-type': 'application/json',
            ...(rule.headers as Record<string, string> | undefined),
          },
          body: JSON.stringify({
            query: rule.query,
            variables: fillJson(rule.variables ?? {}, values),
          }),
          redirect: 'error',
        },
        rt.ctx,
      );
      if ('code' in res) return res;
      if (retryableStatus(res.status)) return statusError(res, where);
      const parsed = json(res, where);
      if (isErr(parsed)) return res.status >= 300 ? statusError(res, where) : parsed;
      const body = parsed.value;
      const errors = get(body, 'errors');
      const data = get(body, 'data');
      if (Array.isArray(errors) && errors.length > 0 && (data === undefined || data === null)) {
        const first = get(errors[0]!, 'message');
        return ruleError(
          'GRAPHQL_ERROR',
          `${where} answered with an error: ${typeof first === 'string' ? clean(first) : 'unknown'}`,
          false,
        );
      }
      if (res.status < 200 || res.status > 299)
        return statusError(res, where, partnerMessage(body));
      if (data === undefined || data === null) {
        return ruleError('MALFORMED_RESPONSE', `${where} answered without data`, false);
      }
      const verdict = evaluatePredicate(rule.predicate, data, { address });
      return verdict.ok
        ? { status: 'pass' }
        : { status: 'fail', reason: `${where}: ${verdict.reason}` };
    },
  };
}
