// HTTP and GraphQL rules: one request each, with a timeout and a capped body, judged by a
// predicate or by one of the response shapes other quest platforms already use.
import { type JsonLike, parseJson } from './json.js';
import { LIMITS } from './limits.js';
import type { Plan } from './plan.js';
import { evaluatePredicate, formatValue } from './predicate.js';
import { originOf, type RawResponse, request, ruleError } from './transport.js';
import type {
  Address,
  EvaluationContext,
  GraphqlRule,
  HttpFormat,
  HttpRule,
  JsonValue,
  RuleError,
  RuleResult,
} from './types.js';

/** Puts the URL-encoded address wherever the template says `$address`. */
export function fillUrl(template: string, address: string): string {
  return template.replaceAll('$address', encodeURIComponent(address));
}

/** Replaces `$address` inside every string of a JSON value (the result is serialised as JSON, so nothing can escape). */
export function fillJson(value: JsonValue | undefined, address: string): JsonValue | undefined {
  if (typeof value === 'string') return value.replaceAll('$address', address);
  if (Array.isArray(value)) return value.map((v) => fillJson(v, address) as JsonValue);
  if (value && typeof value === 'object') {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(value)) {
      Object.defineProperty(out, k, {
        value: fillJson(v, address),
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

function statusError(res: RawResponse, where: string): RuleError {
  const retryable = res.status >= 500 || res.status === 408 || res.status === 429;
  return ruleError('HTTP_STATUS', `${where} answered HTTP ${res.status}`, retryable);
}

function json(res: RawResponse, where: string): JsonLike | RuleError {
  try {
    return parseJson(res.text);
  } catch (e) {
    return ruleError(
      'MALFORMED_RESPONSE',
      `${where} did not answer with JSON (${(e as Error).message})`,
      false,
    );
  }
}

function isErr(x: unknown): x is RuleError {
  return typeof x === 'object' && x !== null && (x as { status?: unknown }).status === 'error';
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

/** Which known shape a body has, for `format: "auto"`. */
function detect(body: JsonLike): Exclude<HttpFormat, 'auto' | 'status'> | undefined {
  if (typeof get(body, 'result', 'isValid') === 'boolean') return 'isValid';
  if (numeric(get(body, 'result', 'point')) !== undefined) return 'point';
  if (typeof get(body, 'data', 'result') === 'boolean') return 'dataResult';
  if (typeof get(body, 'completed') === 'boolean' || numeric(get(body, 'numerator')) !== undefined)
    return 'progress';
  return undefined;
}

function judgeShape(
  format: Exclude<HttpFormat, 'auto' | 'status'>,
  body: JsonLike,
  rule: HttpRule,
  where: string,
): RuleResult {
  const malformed = (expected: string) =>
    ruleError(
      'MALFORMED_RESPONSE',
      `${where} answered ${formatValue(body)}, expected ${expected}`,
      false,
    );
  switch (format) {
    case 'isValid': {
      const v = get(body, 'result', 'isValid');
      if (typeof v !== 'boolean') return malformed('{"result":{"isValid":true|false}}');
      return v
        ? { status: 'pass' }
        : {
            status: 'fail',
            reason: `${where} says the task is not done (result.isValid is false)`,
          };
    }
    case 'point': {
      const points = numeric(get(body, 'result', 'point'));
      if (points === undefined) return malformed('{"result":{"point":n}}');
      const min = rule.minPoints ?? 1;
      if (points >= min) return { status: 'pass', observed: String(points) };
      return {
        status: 'fail',
        reason: `${where} reports ${points} point(s); ${min} required`,
        observed: String(points),
      };
    }
    case 'dataResult': {
      const v = get(body, 'data', 'result');
      if (typeof v !== 'boolean') return malformed('{"data":{"result":true|false}}');
      return v
        ? { status: 'pass' }
        : { status: 'fail', reason: `${where} says the task is not done (data.result is false)` };
    }
    case 'progress': {
      if (get(body, 'completed') === true) return { status: 'pass' };
      const current = numeric(get(body, 'numerator'));
      const target = numeric(get(body, 'denominator'));
      if (current !== undefined && target !== undefined && target > 0) {
        if (current >= target && get(body, 'completed') !== false)
          return { status: 'pass', observed: `${current}/${target}` };
        return {
          status: 'progress',
          current,
          target,
          reason: `${where} reports ${current} of ${target} done`,
        };
      }
      if (get(body, 'completed') === false)
        return { status: 'fail', reason: `${where} says the task is not completed` };
      return malformed('{"completed":bool,"numerator":n,"denominator":d}');
    }
  }
}

function judgeHttp(res: RawResponse, rule: HttpRule, address: Address, where: string): RuleResult {
  const format = rule.predicate ? undefined : (rule.format ?? 'auto');
  const clientError =
    res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429;
  if ((format === 'auto' || format === 'status') && clientError) {
    return { status: 'fail', reason: `${where} answered HTTP ${res.status}: the task is not done` };
  }
  if (res.status < 200 || res.status > 299) return statusError(res, where);
  if (format === 'status') return { status: 'pass', observed: `HTTP ${res.status}` };
  if (format === 'auto' && res.text.trim() === '')
    return { status: 'pass', observed: `HTTP ${res.status}` };
  const body = json(res, where);
  if (isErr(body)) return body;
  if (rule.predicate) {
    const verdict = evaluatePredicate(rule.predicate, body, { address });
    return verdict.ok
      ? { status: 'pass' }
      : { status: 'fail', reason: `${where}: ${verdict.reason}` };
  }
  const shape = format === 'auto' ? detect(body) : format;
  if (!shape) {
    return ruleError(
      'MALFORMED_RESPONSE',
      `${where} answered ${formatValue(body)}, which is none of the known shapes; give the rule a predicate`,
      false,
    );
  }
  return judgeShape(shape!, body, rule, where);
}

export function planHttp(rule: HttpRule, address: Address): Plan {
  return {
    reads: [],
    async finish(rt) {
      const url = fillUrl(rule.url, address);
      const where = originOf(url);
      const method = rule.method ?? 'GET';
      const headers: Record<string, string> = {
        accept: 'application/json',
        ...(rule.headers ?? {}),
      };
      let body: string | undefined;
      if (method === 'POST') {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(fillJson(rule.body ?? { address: '$address' }, address));
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
      const where = originOf(rule.url);
      const res = await send(
        fillUrl(rule.url, address),
        {
          method: 'POST',
          headers: {
            accept: 'application/graphql-response+json, application/json',
            'content-type': 'application/json',
            ...(rule.headers ?? {}),
          },
          body: JSON.stringify({
            query: rule.query,
            variables: fillJson(rule.variables ?? {}, address),
          }),
          redirect: 'error',
        },
        rt.ctx,
      );
      if ('code' in res) return res;
      if (res.status >= 500 || res.status === 408 || res.status === 429)
        return statusError(res, where);
      const body = json(res, where);
      if (isErr(body)) return res.status >= 300 ? statusError(res, where) : body;
      const errors = get(body, 'errors');
      const data = get(body, 'data');
      if (Array.isArray(errors) && errors.length > 0 && (data === undefined || data === null)) {
        const first = get(errors[0]!, 'message');
        return ruleError(
          'GRAPHQL_ERROR',
          `${where} answered with an error: ${typeof first === 'string' ? first.slice(0, 200) : 'unknown'}`,
          false,
        );
      }
      if (res.status < 200 || res.status > 299) return statusError(res, where);
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
