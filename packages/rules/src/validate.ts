// Rule validation. No viem here: the browser widget's core bundles this module.
import { type AbiParam, parseSignature } from './abi-signature.js';
import { LIMITS } from './limits.js';
import { parsePath } from './path.js';
import { checkPattern } from './pattern.js';
import { HTTP_PRESETS, PRESETS, STATUS_KEY, STATUS_OUTCOMES, SUBSTITUTION } from './presets.js';
import { checkSecretRef, looksLikeSecretRef } from './secrets.js';
import type { PredicateOp, ValidationIssue } from './types.js';

type Issues = ValidationIssue[];
type Obj = Record<string, unknown>;

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const UINT = /^(0|[1-9]\d{0,77})$/;
const INT = /^-?(0|[1-9]\d{0,77})$/;
const AMOUNT = /^(0|[1-9]\d{0,77})(\.\d{1,77})?$/;
const NUMERIC = /^-?(0|[1-9]\d{0,77})(\.\d{1,77})?$/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;
export const ADDRESS_VAR = '$address';

const RULE_TYPES = [
  'onchain.txCount',
  'onchain.balance',
  'onchain.nft',
  'onchain.call',
  'onchain.event',
  'http',
  'graphql',
  'credential',
  'all',
  'any',
  'atLeast',
  'not',
] as const;

const OPS: readonly PredicateOp[] = [
  'eq',
  'ne',
  'gt',
  'gte',
  'lt',
  'lte',
  'in',
  'contains',
  'exists',
  'matches',
];

const ONCHAIN = ['type', 'chainId', 'snapshotBlock'];
const FIELDS: Record<(typeof RULE_TYPES)[number], string[]> = {
  'onchain.txCount': [...ONCHAIN, 'min'],
  'onchain.balance': [...ONCHAIN, 'token', 'min', 'decimals', 'symbol'],
  'onchain.nft': [...ONCHAIN, 'standard', 'contract', 'tokenId', 'min'],
  'onchain.call': [...ONCHAIN, 'contract', 'signature', 'args', 'predicate'],
  'onchain.event': [
    ...ONCHAIN,
    'contract',
    'event',
    'args',
    'where',
    'min',
    'fromBlock',
    'toBlock',
    'since',
    'until',
  ],
  http: [
    'type',
    'url',
    'method',
    'headers',
    'body',
    'predicate',
    'format',
    'minPoints',
    'preset',
    'statuses',
  ],
  graphql: ['type', 'url', 'query', 'variables', 'headers', 'predicate'],
  credential: ['type', 'issuer', 'campaignId', 'taskId'],
  all: ['type', 'rules'],
  any: ['type', 'rules'],
  atLeast: ['type', 'n', 'rules'],
  not: ['type', 'rule'],
};

const HTTP_FORMATS = ['auto', 'status', 'isValid', 'point', 'dataResult', 'progress'];

function isObject(x: unknown): x is Obj {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function kind(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'a list';
  if (typeof x === 'object') return 'an object';
  if (typeof x === 'string') return x.length > 40 ? 'a string' : `"${x}"`;
  return `${typeof x === 'number' ? 'the number' : typeof x} ${String(x)}`;
}

function at(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function has(obj: Obj, key: string): boolean {
  return Object.hasOwn(obj, key) && obj[key] !== undefined;
}

function checkFields(
  obj: Obj,
  allowed: readonly string[],
  path: string,
  issues: Issues,
  what: string,
) {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      issues.push({
        path: at(path, key),
        message: `is not a field of ${what} (allowed: ${allowed.join(', ')})`,
      });
    }
  }
}

function wholeNumber(
  obj: Obj,
  key: string,
  path: string,
  issues: Issues,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
  required = true,
): number | undefined {
  const p = at(path, key);
  if (!has(obj, key)) {
    if (required) issues.push({ path: p, message: `is required: a whole number ≥ ${min}` });
    return undefined;
  }
  const v = obj[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`;
    issues.push({ path: p, message: `must be a whole number ${range} (got ${kind(v)})` });
    return undefined;
  }
  return v;
}

function text(
  obj: Obj,
  key: string,
  path: string,
  issues: Issues,
  max: number,
  required = true,
): string | undefined {
  const p = at(path, key);
  if (!has(obj, key)) {
    if (required) issues.push({ path: p, message: 'is required' });
    return undefined;
  }
  const v = obj[key];
  if (typeof v !== 'string' || v.trim() === '') {
    issues.push({ path: p, message: `must be a non-empty string (got ${kind(v)})` });
    return undefined;
  }
  if (v.length > max) {
    issues.push({ path: p, message: `is too long: at most ${max} characters` });
    return undefined;
  }
  return v;
}

function address(
  obj: Obj,
  key: string,
  path: string,
  issues: Issues,
  required = true,
): string | undefined {
  const p = at(path, key);
  if (!has(obj, key)) {
    if (required) issues.push({ path: p, message: 'is required: a 0x-prefixed 20-byte address' });
    return undefined;
  }
  const v = obj[key];
  if (typeof v !== 'string' || !ADDRESS.test(v)) {
    issues.push({ path: p, message: `must be a 0x-prefixed 20-byte address (got ${kind(v)})` });
    return undefined;
  }
  return v;
}

/** A block number: a non-negative safe integer or its decimal string. */
function blockNumber(obj: Obj, key: string, path: string, issues: Issues): bigint | undefined {
  if (!has(obj, key)) return undefined;
  const v = obj[key];
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
  if (typeof v === 'string' && UINT.test(v)) return BigInt(v);
  issues.push({
    path: at(path, key),
    message: `must be a block number: a whole number ≥ 0 or its decimal string (got ${kind(v)})`,
  });
  return undefined;
}

/** A time: ISO 8601 date-time string or unix seconds. Returns unix seconds. */
function time(obj: Obj, key: string, path: string, issues: Issues): number | undefined {
  if (!has(obj, key)) return undefined;
  const v = obj[key];
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return v;
  if (
    typeof v === 'string' &&
    /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/.test(v)
  ) {
    const ms = Date.parse(v);
    if (!Number.isNaN(ms)) return Math.floor(ms / 1000);
  }
  issues.push({
    path: at(path, key),
    message: `must be an ISO 8601 date (UTC) or date-time with a zone such as "2026-01-31T00:00:00Z", or unix seconds (got ${kind(v)})`,
  });
  return undefined;
}

function secretRef(value: Obj, path: string, issues: Issues): void {
  const problem = checkSecretRef(value);
  if (problem) issues.push({ path, message: problem });
}

function checkUrl(obj: Obj, path: string, issues: Issues): void {
  if (has(obj, 'url') && looksLikeSecretRef(obj.url)) {
    // The whole URL is a secret: checked when the server resolves it (resolveSecrets).
    secretRef(obj.url, at(path, 'url'), issues);
    return;
  }
  const url = text(obj, 'url', path, issues, 2048);
  if (url === undefined) return;
  const p = at(path, 'url');
  if (!/^https?:\/\//i.test(url)) {
    issues.push({ path: p, message: 'must start with http:// or https://' });
    return;
  }
  try {
    new URL(url.replace(SUBSTITUTION, '0x0000000000000000000000000000000000000000'));
  } catch {
    issues.push({ path: p, message: 'is not a valid URL' });
  }
  const host = /^https?:\/\/([^/?#]*)/i.exec(url)?.[1] ?? '';
  if (new RegExp(SUBSTITUTION.source).test(host)) {
    issues.push({
      path: p,
      message:
        '$address, $requestId and <ACCOUNT_ID> may not appear in the host; put them in the path or query',
    });
  }
}

function checkHeaders(obj: Obj, path: string, issues: Issues): void {
  if (!has(obj, 'headers')) return;
  const headers = obj.headers;
  const p = at(path, 'headers');
  if (!isObject(headers)) {
    issues.push({
      path: p,
      message: `must be an object of header names to string values (got ${kind(headers)})`,
    });
    return;
  }
  const names = Object.keys(headers);
  if (names.length > 32) issues.push({ path: p, message: 'has too many headers: at most 32' });
  for (const name of names.slice(0, 32)) {
    const value = headers[name];
    if (!HEADER_NAME.test(name)) {
      issues.push({ path: at(p, name), message: 'is not a valid header name' });
    } else if (looksLikeSecretRef(value)) {
      secretRef(value, at(p, name), issues);
    } else if (typeof value !== 'string' || /[\r\n\0]/.test(value) || value.length > 4096) {
      issues.push({
        path: at(p, name),
        message:
          'must be a single-line string of at most 4096 characters, or a secret reference { "$secret": "NAME" }',
      });
    }
  }
}

/** JSON only: no functions, undefined, NaN or cycles; bounded size. */
function checkJson(
  value: unknown,
  path: string,
  issues: Issues,
  budget: { nodes: number; secrets?: boolean } = { nodes: 1000 },
  depth = 0,
): void {
  if (--budget.nodes < 0) {
    if (budget.nodes === -1)
      issues.push({ path, message: 'is too large: at most 1000 JSON values' });
    return;
  }
  if (depth > 16) {
    issues.push({ path, message: 'is nested too deeply: at most 16 levels' });
    return;
  }
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) issues.push({ path, message: 'must be a finite number' });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      checkJson(item, at(path, i), issues, budget, depth + 1);
    });
    return;
  }
  const proto = isObject(value) ? Object.getPrototypeOf(value) : undefined;
  if ((proto === Object.prototype || proto === null) && looksLikeSecretRef(value)) {
    if (budget.secrets) secretRef(value, path, issues);
    else
      issues.push({
        path,
        message:
          'may not hold a secret reference: secrets go in url, headers, an http body or graphql variables',
      });
    return;
  }
  if (proto === Object.prototype || proto === null) {
    for (const [k, v] of Object.entries(value as Obj))
      checkJson(v, at(path, k), issues, budget, depth + 1);
    return;
  }
  issues.push({ path, message: `must be plain JSON (got ${typeof value})` });
}

// ---------------------------------------------------------------------------------------------
// Predicates

function isNumeric(v: unknown): boolean {
  return (
    (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && NUMERIC.test(v))
  );
}

export function validatePredicate(
  pred: unknown,
  path: string,
  issues: Issues,
  budget = { nodes: 0 },
  depth = 0,
): void {
  if (++budget.nodes > LIMITS.predicateNodes) {
    if (budget.nodes === LIMITS.predicateNodes + 1) {
      issues.push({
        path,
        message: `makes the predicate too large: at most ${LIMITS.predicateNodes} conditions`,
      });
    }
    return;
  }
  if (depth > LIMITS.predicateDepth) {
    issues.push({ path, message: `is nested too deeply: at most ${LIMITS.predicateDepth} levels` });
    return;
  }
  if (!isObject(pred)) {
    issues.push({
      path,
      message: `must be a predicate object such as { "path": "result", "op": "eq", "value": true } (got ${kind(pred)})`,
    });
    return;
  }
  const combinator = (['all', 'any', 'not'] as const).filter((k) => has(pred, k));
  if (combinator.length > 0) {
    if (combinator.length > 1 || Object.keys(pred).length > 1) {
      issues.push({
        path,
        message: `must have exactly one of all, any, not, or path/op/value (found ${Object.keys(pred).join(', ')})`,
      });
      return;
    }
    const key = combinator[0]!;
    const inner = pred[key];
    if (key === 'not') {
      validatePredicate(inner, at(path, 'not'), issues, budget, depth + 1);
      return;
    }
    if (!Array.isArray(inner) || inner.length === 0) {
      issues.push({
        path: at(path, key),
        message: `must be a non-empty list of predicates (got ${kind(inner)})`,
      });
      return;
    }
    inner.forEach((p, i) => {
      validatePredicate(p, at(at(path, key), i), issues, budget, depth + 1);
    });
    return;
  }
  checkFields(pred, ['path', 'op', 'value', 'flags'], path, issues, 'a predicate');
  if (has(pred, 'path')) {
    if (typeof pred.path !== 'string') {
      issues.push({
        path: at(path, 'path'),
        message: `must be a string such as "result.isValid" (got ${kind(pred.path)})`,
      });
    } else {
      const parsed = parsePath(pred.path);
      if (typeof parsed === 'string') issues.push({ path: at(path, 'path'), message: parsed });
    }
  }
  const op = pred.op;
  if (typeof op !== 'string' || !OPS.includes(op as PredicateOp)) {
    issues.push({
      path: at(path, 'op'),
      message: `must be one of ${OPS.join(', ')} (got ${kind(op)})`,
    });
    return;
  }
  const vp = at(path, 'value');
  const value = pred.value;
  if (has(pred, 'flags') && op !== 'matches') {
    issues.push({ path: at(path, 'flags'), message: 'is only allowed with op "matches"' });
  }
  switch (op as PredicateOp) {
    case 'eq':
    case 'ne':
    case 'contains':
      if (!Object.hasOwn(pred, 'value'))
        issues.push({ path: vp, message: `is required for op "${op}"` });
      else checkJson(value, vp, issues);
      break;
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      if (!isNumeric(value)) {
        issues.push({
          path: vp,
          message: `must be a number or a decimal string such as "1000000000000000000" for op "${op}" (got ${kind(value)})`,
        });
      }
      break;
    case 'in':
      if (!Array.isArray(value)) {
        issues.push({
          path: vp,
          message: `must be a list of values for op "in" (got ${kind(value)})`,
        });
      } else if (value.length > LIMITS.inValues) {
        issues.push({ path: vp, message: `has too many values: at most ${LIMITS.inValues}` });
      } else {
        checkJson(value, vp, issues);
      }
      break;
    case 'exists':
      if (has(pred, 'value') && typeof value !== 'boolean') {
        issues.push({
          path: vp,
          message: `must be true or false for op "exists" (got ${kind(value)})`,
        });
      }
      break;
    case 'matches': {
      const flags = has(pred, 'flags') ? pred.flags : '';
      const flagsOk = typeof flags === 'string' && /^(?!.*(.).*\1)[imsu]*$/.test(flags);
      if (!flagsOk) {
        issues.push({
          path: at(path, 'flags'),
          message: 'must be a string of distinct flags among i, m, s, u',
        });
      }
      if (typeof value !== 'string' || value === '') {
        issues.push({
          path: vp,
          message: `must be a regular expression string for op "matches" (got ${kind(value)})`,
        });
        break;
      }
      if (value.length > LIMITS.regexLength) {
        issues.push({ path: vp, message: `is too long: at most ${LIMITS.regexLength} characters` });
        break;
      }
      const problem = checkPattern(value, flagsOk ? (flags as string) : '');
      if (problem) issues.push({ path: vp, message: problem });
      break;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// ABI values

function checkAbiValue(value: unknown, type: string, path: string, issues: Issues): void {
  const array = /^(.*)\[(\d*)\]$/.exec(type);
  if (array) {
    if (!Array.isArray(value)) {
      issues.push({ path, message: `must be a list for type ${type} (got ${kind(value)})` });
      return;
    }
    if (array[2] !== '' && value.length !== Number(array[2])) {
      issues.push({ path, message: `must have exactly ${array[2]} items for type ${type}` });
    }
    if (value.length > 100) {
      issues.push({ path, message: 'has too many items: at most 100' });
      return;
    }
    value.forEach((v, i) => {
      checkAbiValue(v, array[1]!, at(path, i), issues);
    });
    return;
  }
  const fail = (expected: string) =>
    issues.push({ path, message: `must be ${expected} for type ${type} (got ${kind(value)})` });
  if (type === 'address') {
    if (value !== ADDRESS_VAR && (typeof value !== 'string' || !ADDRESS.test(value))) {
      fail('a 0x-prefixed address or "$address"');
    }
  } else if (type === 'bool') {
    if (typeof value !== 'boolean') fail('true or false');
  } else if (type === 'string') {
    if (typeof value !== 'string') fail('a string');
  } else if (type === 'bytes') {
    if (typeof value !== 'string' || !/^0x([0-9a-fA-F]{2})*$/.test(value))
      fail('0x-prefixed hex bytes');
  } else if (type.startsWith('bytes')) {
    const n = Number(type.slice(5));
    if (typeof value !== 'string' || !new RegExp(`^0x[0-9a-fA-F]{${2 * n}}$`).test(value)) {
      fail(`0x-prefixed hex of exactly ${n} bytes`);
    }
  } else if (type.startsWith('uint') || type.startsWith('int')) {
    const signed = type.startsWith('int');
    const ok =
      (typeof value === 'number' && Number.isSafeInteger(value) && (signed || value >= 0)) ||
      (typeof value === 'string' && (signed ? INT : UINT).test(value));
    if (!ok) {
      fail(`a whole number${signed ? '' : ' ≥ 0'} or its decimal string`);
    } else {
      const bits = BigInt(type.replace(/^u?int/, '') || '256');
      const n = BigInt(value as string | number);
      const max = signed ? (1n << (bits - 1n)) - 1n : (1n << bits) - 1n;
      const min = signed ? -(1n << (bits - 1n)) : 0n;
      if (n > max || n < min) fail(`a whole number from ${min} to ${max}`);
    }
  } else if (type === 'tuple') {
    if (!isObject(value) && !Array.isArray(value)) fail('an object or a list');
    else checkJson(value, path, issues);
  }
}

function signature(obj: Obj, key: 'signature' | 'event', path: string, issues: Issues) {
  const source = text(obj, key, path, issues, 1000);
  if (source === undefined) return undefined;
  const parsed = parseSignature(source, key === 'event' ? 'event' : 'function');
  if (typeof parsed === 'string') {
    issues.push({ path: at(path, key), message: parsed });
    return undefined;
  }
  return parsed;
}

// ---------------------------------------------------------------------------------------------
// Rules

interface State {
  nodes: number;
}

function validateOnchain(rule: Obj, type: string, path: string, issues: Issues): void {
  wholeNumber(rule, 'chainId', path, issues, 1);
  const snapshot = blockNumber(rule, 'snapshotBlock', path, issues);
  switch (type) {
    case 'onchain.txCount':
      wholeNumber(rule, 'min', path, issues, 1);
      break;
    case 'onchain.balance': {
      const native = !has(rule, 'token') || rule.token === 'native';
      if (!native) address(rule, 'token', path, issues);
      const decimals = wholeNumber(rule, 'decimals', path, issues, 0, 77, false);
      if (native && has(rule, 'decimals')) {
        issues.push({
          path: at(path, 'decimals'),
          message: 'is only for ERC-20 tokens: native balances have 18 decimals',
        });
      }
      if (has(rule, 'symbol')) text(rule, 'symbol', path, issues, 32);
      const p = at(path, 'min');
      const min = rule.min;
      if (!has(rule, 'min')) {
        issues.push({
          path: p,
          message: 'is required: the amount as a decimal string, e.g. "1.5"',
        });
      } else if (typeof min !== 'string' || !AMOUNT.test(min)) {
        issues.push({
          path: p,
          message: `must be an amount as a decimal string such as "1.5" (got ${kind(min)})`,
        });
      } else if (/^0(\.0*)?$/.test(min)) {
        issues.push({ path: p, message: 'must be greater than 0' });
      } else {
        const places = min.split('.')[1]?.length ?? 0;
        const max = native ? 18 : decimals;
        if (max !== undefined && places > max) {
          issues.push({
            path: p,
            message: `has ${places} decimal places but the token has only ${max}`,
          });
        }
      }
      break;
    }
    case 'onchain.nft': {
      const standard = rule.standard;
      if (standard !== 'erc721' && standard !== 'erc1155') {
        issues.push({
          path: at(path, 'standard'),
          message: `must be "erc721" or "erc1155" (got ${kind(standard)})`,
        });
      }
      address(rule, 'contract', path, issues);
      const min = wholeNumber(rule, 'min', path, issues, 1, Number.MAX_SAFE_INTEGER, false);
      if (has(rule, 'tokenId')) {
        const id = rule.tokenId;
        if (
          !(typeof id === 'string' && UINT.test(id)) &&
          !(typeof id === 'number' && Number.isSafeInteger(id) && id >= 0)
        ) {
          issues.push({
            path: at(path, 'tokenId'),
            message: `must be a token id: a decimal string such as "42" (got ${kind(id)})`,
          });
        }
        if (standard === 'erc721' && min !== undefined && min > 1) {
          issues.push({
            path: at(path, 'min'),
            message: 'must be 1 for a specific ERC-721 token id (one owner per token)',
          });
        }
      }
      break;
    }
    case 'onchain.call': {
      address(rule, 'contract', path, issues);
      const sig = signature(rule, 'signature', path, issues);
      const args = has(rule, 'args') ? rule.args : [];
      if (!Array.isArray(args)) {
        issues.push({
          path: at(path, 'args'),
          message: `must be a list of arguments (got ${kind(args)})`,
        });
      } else if (sig) {
        if (args.length !== sig.inputs.length) {
          issues.push({
            path: at(path, 'args'),
            message: `must have ${sig.inputs.length} argument(s) for ${sig.name}(…) (got ${args.length})`,
          });
        } else {
          sig.inputs.forEach((p, i) => {
            checkAbiValue(args[i], p.type, at(at(path, 'args'), i), issues);
          });
        }
      }
      if (!has(rule, 'predicate')) {
        issues.push({
          path: at(path, 'predicate'),
          message: 'is required: how to judge the result, e.g. { "op": "gte", "value": "1" }',
        });
      } else {
        validatePredicate(rule.predicate, at(path, 'predicate'), issues);
      }
      break;
    }
    case 'onchain.event': {
      address(rule, 'contract', path, issues);
      const sig = signature(rule, 'event', path, issues);
      wholeNumber(rule, 'min', path, issues, 1, Number.MAX_SAFE_INTEGER, false);
      if (has(rule, 'args')) {
        const args = rule.args;
        const ap = at(path, 'args');
        if (!isObject(args)) {
          issues.push({
            path: ap,
            message: `must be an object of indexed parameter names to values (got ${kind(args)})`,
          });
        } else if (sig) {
          for (const [name, v] of Object.entries(args)) {
            const param: AbiParam | undefined = sig.inputs.find((p) => p.name === name);
            if (!param) {
              const names = sig.inputs.filter((p) => p.indexed && p.name).map((p) => p.name);
              issues.push({
                path: at(ap, name),
                message: `is not a parameter of ${sig.name} (indexed parameters: ${names.join(', ') || 'none'})`,
              });
            } else if (!param.indexed) {
              issues.push({
                path: at(ap, name),
                message: 'is not indexed, so logs cannot be filtered by it; use `where` instead',
              });
            } else if (v !== null) {
              checkAbiValue(v, param.type, at(ap, name), issues);
            }
          }
        }
      }
      if (has(rule, 'where')) validatePredicate(rule.where, at(path, 'where'), issues);
      const from = blockNumber(rule, 'fromBlock', path, issues);
      let to: bigint | undefined;
      if (has(rule, 'toBlock') && rule.toBlock !== 'latest')
        to = blockNumber(rule, 'toBlock', path, issues);
      if (from !== undefined && to !== undefined && from > to) {
        issues.push({
          path: at(path, 'toBlock'),
          message: `must not be before fromBlock (${from})`,
        });
      }
      if (snapshot !== undefined && to !== undefined && to > snapshot) {
        issues.push({
          path: at(path, 'toBlock'),
          message: `must not be after snapshotBlock (${snapshot})`,
        });
      }
      if (snapshot !== undefined && from !== undefined && from > snapshot) {
        issues.push({
          path: at(path, 'fromBlock'),
          message: `must not be after snapshotBlock (${snapshot})`,
        });
      }
      const since = time(rule, 'since', path, issues);
      const until = time(rule, 'until', path, issues);
      if (since !== undefined && until !== undefined && since > until) {
        issues.push({ path: at(path, 'until'), message: 'must not be before since' });
      }
      break;
    }
  }
}

const HTTP_PRESET_LIST: readonly string[] = HTTP_PRESETS;

function validateHttp(rule: Obj, path: string, issues: Issues): void {
  checkUrl(rule, path, issues);
  checkHeaders(rule, path, issues);
  let preset: (typeof PRESETS)[keyof typeof PRESETS] | undefined;
  if (has(rule, 'preset')) {
    const name = rule.preset;
    if (typeof name !== 'string' || !HTTP_PRESET_LIST.includes(name)) {
      issues.push({
        path: at(path, 'preset'),
        message: `must be one of ${HTTP_PRESETS.join(', ')} (got ${kind(name)})`,
      });
    } else {
      preset = PRESETS[name as keyof typeof PRESETS];
    }
  }
  const method = has(rule, 'method') ? rule.method : (preset?.method ?? 'GET');
  if (method !== 'GET' && method !== 'POST') {
    issues.push({
      path: at(path, 'method'),
      message: `must be "GET" or "POST" (got ${kind(method)})`,
    });
  }
  if (has(rule, 'body')) {
    if (method !== 'POST')
      issues.push({ path: at(path, 'body'), message: 'is only sent with method "POST"' });
    checkJson(rule.body, at(path, 'body'), issues, { nodes: 1000, secrets: true });
  }
  const format = rule.format;
  if (has(rule, 'format') && (typeof format !== 'string' || !HTTP_FORMATS.includes(format))) {
    issues.push({
      path: at(path, 'format'),
      message: `must be one of ${HTTP_FORMATS.join(', ')} (got ${kind(format)})`,
    });
  }
  if (has(rule, 'format') && has(rule, 'preset')) {
    issues.push({
      path: at(path, 'format'),
      message: 'cannot be combined with preset: the preset says how the response is read',
    });
  }
  if (has(rule, 'predicate')) {
    if (has(rule, 'format')) {
      issues.push({
        path: at(path, 'format'),
        message: 'cannot be combined with predicate: the predicate judges the body',
      });
    }
    validatePredicate(rule.predicate, at(path, 'predicate'), issues);
  } else if (
    preset &&
    preset.shapes.length === 0 &&
    !Object.values(preset.statuses).includes('pass')
  ) {
    issues.push({
      path: at(path, 'predicate'),
      message: `is required with preset "${rule.preset}": ${preset.name} compares one key of the answer with a value, e.g. { "path": "verified", "op": "eq", "value": true }`,
    });
  }
  if (has(rule, 'minPoints')) {
    wholeNumber(rule, 'minPoints', path, issues, 1);
    const pointsOk = preset
      ? preset.shapes.includes('point')
      : format === undefined || format === 'point' || format === 'auto';
    if (has(rule, 'predicate') || !pointsOk) {
      issues.push({
        path: at(path, 'minPoints'),
        message: 'is only used with format "point" or "auto", or preset "taskon"',
      });
    }
  }
  if (has(rule, 'statuses')) {
    const map = rule.statuses;
    const sp = at(path, 'statuses');
    if (!isObject(map)) {
      issues.push({
        path: sp,
        message: `must be an object of statuses to outcomes, e.g. { "404": "fail", "5xx": "error" } (got ${kind(map)})`,
      });
    } else {
      const keys = Object.keys(map);
      if (keys.length > 32) issues.push({ path: sp, message: 'has too many entries: at most 32' });
      for (const k of keys.slice(0, 32)) {
        if (!STATUS_KEY.test(k)) {
          issues.push({
            path: at(sp, k),
            message: 'is not a status: use a code such as "404" or a class such as "4xx"',
          });
        } else if (!(STATUS_OUTCOMES as readonly unknown[]).includes(map[k])) {
          issues.push({
            path: at(sp, k),
            message: `must be one of ${STATUS_OUTCOMES.join(', ')} (got ${kind(map[k])})`,
          });
        }
      }
    }
  }
}

function validateAt(
  rule: unknown,
  path: string,
  issues: Issues,
  state: State,
  depth: number,
): void {
  if (++state.nodes > LIMITS.ruleNodes) {
    if (state.nodes === LIMITS.ruleNodes + 1) {
      issues.push({
        path,
        message: `makes the rule too large: at most ${LIMITS.ruleNodes} rules in one tree`,
      });
    }
    return;
  }
  if (depth > LIMITS.ruleDepth) {
    issues.push({
      path,
      message: `is nested too deeply: at most ${LIMITS.ruleDepth} levels of all/any/atLeast/not`,
    });
    return;
  }
  if (!isObject(rule)) {
    issues.push({ path, message: `must be a rule object with a "type" (got ${kind(rule)})` });
    return;
  }
  const type = rule.type;
  if (typeof type !== 'string' || !(RULE_TYPES as readonly string[]).includes(type)) {
    issues.push({
      path: at(path, 'type'),
      message: `must be one of ${RULE_TYPES.join(', ')} (got ${kind(type)})`,
    });
    return;
  }
  const t = type as (typeof RULE_TYPES)[number];
  checkFields(rule, FIELDS[t], path, issues, `a "${t}" rule`);
  switch (t) {
    case 'onchain.txCount':
    case 'onchain.balance':
    case 'onchain.nft':
    case 'onchain.call':
    case 'onchain.event':
      validateOnchain(rule, t, path, issues);
      break;
    case 'http':
      validateHttp(rule, path, issues);
      break;
    case 'graphql':
      checkUrl(rule, path, issues);
      checkHeaders(rule, path, issues);
      text(rule, 'query', path, issues, 10_000);
      if (has(rule, 'variables')) {
        if (!isObject(rule.variables)) {
          issues.push({
            path: at(path, 'variables'),
            message: `must be an object (got ${kind(rule.variables)})`,
          });
        } else {
          checkJson(rule.variables, at(path, 'variables'), issues, { nodes: 1000, secrets: true });
        }
      }
      if (!has(rule, 'predicate')) {
        issues.push({
          path: at(path, 'predicate'),
          message: 'is required: a predicate on the response data',
        });
      } else {
        validatePredicate(rule.predicate, at(path, 'predicate'), issues);
      }
      break;
    case 'credential':
      address(rule, 'issuer', path, issues);
      text(rule, 'campaignId', path, issues, 200);
      text(rule, 'taskId', path, issues, 200, false);
      break;
    case 'all':
    case 'any':
    case 'atLeast': {
      const rules = rule.rules;
      const rp = at(path, 'rules');
      if (!Array.isArray(rules) || rules.length === 0) {
        issues.push({
          path: rp,
          message: `must be a non-empty list of rules (got ${kind(rules)})`,
        });
      } else {
        rules.forEach((r, i) => {
          validateAt(r, at(rp, i), issues, state, depth + 1);
        });
      }
      if (t === 'atLeast') {
        const max =
          Array.isArray(rules) && rules.length > 0 ? rules.length : Number.MAX_SAFE_INTEGER;
        wholeNumber(rule, 'n', path, issues, 1, max);
      }
      break;
    }
    case 'not':
      if (!has(rule, 'rule'))
        issues.push({ path: at(path, 'rule'), message: 'is required: the rule to negate' });
      else validateAt(rule.rule, at(path, 'rule'), issues, state, depth + 1);
      break;
  }
}

/**
 * Checks that `rule` is a valid rule. Returns every problem found, each with the JSON path of
 * the offending field (under `path`) and a plain-language message; an empty list means valid.
 * Never throws, whatever the input.
 */
export function validateRule(rule: unknown, path = 'rule'): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  try {
    validateAt(rule, path, issues, { nodes: 0 }, 0);
  } catch (e) {
    // Exotic inputs (proxies, throwing getters) must still not escape as exceptions.
    issues.push({ path, message: `could not be read: ${(e as Error)?.message ?? String(e)}` });
  }
  return issues;
}

// The pattern engine is validation's too: core checks input-task patterns with it.
export { checkPattern, compilePattern, testPattern } from './pattern.js';
