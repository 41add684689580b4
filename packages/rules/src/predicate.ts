// Predicate evaluation over a decoded document (a JSON body, a contract call's result, a log's
// arguments). Predicates are validated beforehand (validatePredicate); evaluation is bounded by
// the validated size and by LIMITS.regexInput.
import { compareDecimals, toDecimal } from './decimal.js';
import { LIMITS } from './limits.js';
import { parsePath } from './path.js';
import { testPattern } from './pattern.js';
import type { ComparePredicate, JsonValue, Predicate } from './types.js';

export interface PredicateOutcome {
  ok: boolean;
  /** When not ok: what was observed and what was expected. */
  reason: string;
}

export interface PredicateVars {
  /** Replaces the string `"$address"` in predicate values. */
  address: string;
}

const HEX = /^0x[0-9a-fA-F]*$/;

/** Reads `segments` from `doc`: own properties of objects, indexes of arrays. */
export function getAt(doc: unknown, segments: readonly string[]): unknown {
  let cur: unknown = doc;
  for (const seg of segments) {
    if (Array.isArray(cur)) {
      if (!/^\d+$/.test(seg)) return undefined;
      cur = cur[Number(seg)];
    } else if (typeof cur === 'object' && cur !== null && Object.hasOwn(cur, seg)) {
      cur = (cur as Record<string, unknown>)[seg];
    } else {
      return undefined;
    }
  }
  return cur;
}

export function formatValue(v: unknown, max = 80): string {
  let s: string;
  if (v === undefined) s = 'missing';
  else if (typeof v === 'bigint') s = v.toString();
  else {
    try {
      s = JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x)) ?? String(v);
    } catch {
      s = String(v);
    }
  }
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function substitute(value: JsonValue | undefined, vars: PredicateVars): unknown {
  if (value === '$address') return vars.address;
  if (Array.isArray(value)) return value.map((v) => substitute(v, vars));
  return value;
}

function isNumberLike(v: unknown): boolean {
  return typeof v === 'number' || typeof v === 'bigint';
}

/** Equality: numbers compared exactly across number/bigint/decimal strings, hex strings case-insensitively, structures deeply. */
export function looseEquals(a: unknown, b: unknown): boolean {
  if ((isNumberLike(a) || isNumberLike(b)) && a !== null && b !== null) {
    const x = toDecimal(a);
    const y = toDecimal(b);
    if (x && y) return compareDecimals(x, y) === 0;
  }
  if (typeof a === 'string' && typeof b === 'string') {
    return HEX.test(a) && HEX.test(b) ? a.toLowerCase() === b.toLowerCase() : a === b;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => looseEquals(x, b[i]));
  }
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    if (Array.isArray(a) || Array.isArray(b)) return false;
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return (
      ka.length === kb.length &&
      ka.every(
        (k) =>
          Object.hasOwn(b, k) &&
          looseEquals((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
      )
    );
  }
  return a === b;
}

const SYMBOL: Record<string, string> = { gt: '>', gte: '≥', lt: '<', lte: '≤' };

function label(p: ComparePredicate): string {
  return p.path ? `\`${p.path}\`` : 'the result';
}

/** Plain-language text of what a predicate requires. */
export function describePredicate(p: Predicate): string {
  if ('all' in p) return p.all.map(describePredicate).join(' and ');
  if ('any' in p) return `(${p.any.map(describePredicate).join(' or ')})`;
  if ('not' in p) return `not (${describePredicate(p.not)})`;
  const v = formatValue(p.value);
  switch (p.op) {
    case 'eq':
      return `${label(p)} = ${v}`;
    case 'ne':
      return `${label(p)} ≠ ${v}`;
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return `${label(p)} ${SYMBOL[p.op]} ${v}`;
    case 'in':
      return `${label(p)} in ${v}`;
    case 'contains':
      return `${label(p)} contains ${v}`;
    case 'exists':
      return p.value === false ? `${label(p)} is absent` : `${label(p)} exists`;
    case 'matches':
      return `${label(p)} matches /${p.value}/${p.flags ?? ''}`;
  }
}

function compare(p: ComparePredicate, doc: unknown, vars: PredicateVars): PredicateOutcome {
  const segments = parsePath(p.path ?? '');
  if (typeof segments === 'string') return { ok: false, reason: `path ${segments}` };
  const observed = getAt(doc, segments);
  const value = substitute(p.value, vars);
  const seen = `${label(p)} is ${formatValue(observed)}`;
  const want = typeof value === 'string' && toDecimal(value) ? value : formatValue(value);
  const expected = (text: string): PredicateOutcome => ({
    ok: false,
    reason: `${seen}, expected ${text}`,
  });
  switch (p.op) {
    case 'eq':
      return looseEquals(observed, value) ? { ok: true, reason: '' } : expected(want);
    case 'ne':
      return !looseEquals(observed, value)
        ? { ok: true, reason: '' }
        : expected(`anything but ${want}`);
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const x = typeof observed === 'boolean' ? undefined : toDecimal(observed);
      const y = toDecimal(value);
      if (!x || !y)
        return {
          ok: false,
          reason: `${seen}, not a number (expected ${SYMBOL[p.op]} ${want})`,
        };
      const c = compareDecimals(x, y);
      const ok = p.op === 'gt' ? c > 0 : p.op === 'gte' ? c >= 0 : p.op === 'lt' ? c < 0 : c <= 0;
      return ok ? { ok, reason: '' } : expected(`${SYMBOL[p.op]} ${want}`);
    }
    case 'in': {
      const list = Array.isArray(value) ? value : [];
      return list.some((v) => looseEquals(observed, v))
        ? { ok: true, reason: '' }
        : expected(`one of ${formatValue(value)}`);
    }
    case 'contains': {
      let ok = false;
      if (typeof observed === 'string' && typeof value === 'string') ok = observed.includes(value);
      else if (Array.isArray(observed)) ok = observed.some((v) => looseEquals(v, value));
      return ok ? { ok, reason: '' } : expected(`to contain ${formatValue(value)}`);
    }
    case 'exists': {
      const present = observed !== undefined && observed !== null;
      const wanted = p.value !== false;
      if (present === wanted) return { ok: true, reason: '' };
      return {
        ok: false,
        reason: wanted ? `${label(p)} is missing` : `${seen}, expected it to be absent`,
      };
    }
    case 'matches': {
      if (typeof observed !== 'string') return expected(`a string matching /${p.value}/`);
      if (observed.length > LIMITS.regexInput) {
        return {
          ok: false,
          reason: `${label(p)} is longer than ${LIMITS.regexInput} characters, too long to match`,
        };
      }
      return testPattern(String(p.value), p.flags, observed)
        ? { ok: true, reason: '' }
        : expected(`to match /${p.value}/${p.flags ?? ''}`);
    }
  }
}

/** Evaluates a validated predicate against `doc`. */
export function evaluatePredicate(
  p: Predicate,
  doc: unknown,
  vars: PredicateVars,
): PredicateOutcome {
  if ('all' in p) {
    for (const child of p.all) {
      const r = evaluatePredicate(child, doc, vars);
      if (!r.ok) return r;
    }
    return { ok: true, reason: '' };
  }
  if ('any' in p) {
    const reasons: string[] = [];
    for (const child of p.any) {
      const r = evaluatePredicate(child, doc, vars);
      if (r.ok) return r;
      reasons.push(r.reason);
    }
    return {
      ok: false,
      reason: `none of the alternatives held: ${reasons.slice(0, 3).join('; ')}`,
    };
  }
  if ('not' in p) {
    const r = evaluatePredicate(p.not, doc, vars);
    return r.ok
      ? { ok: false, reason: `${describePredicate(p.not)} holds, expected it not to` }
      : { ok: true, reason: '' };
  }
  return compare(p, doc, vars);
}
