// Secret references in rules: `{ "$secret": "PARTNER_KEY" }` where an http/graphql rule would
// otherwise carry a partner's API key in the campaign. The campaign stores the name only; the
// server resolves it (from its environment) into a copy it evaluates and never stores. A rule
// that still holds a reference when evaluated is an error before anything is sent, so a browser
// evaluating a public campaign never sends a placeholder where a key belongs.
import type { GraphqlRule, HttpRule, JsonValue, Rule, SecretRef } from './types.js';

/** A secret's name: what an environment variable may be called. */
export const SECRET_NAME = /^[A-Z][A-Z0-9_]{0,63}$/;

export const SECRET_KEY = '$secret';

/** An object that means to be a secret reference (it has a `$secret` key); see `checkSecretRef`. */
export function looksLikeSecretRef(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.hasOwn(value, SECRET_KEY)
  );
}

/** Whether `value` is a well-formed secret reference: exactly `{ "$secret": NAME }`. */
export function isSecretRef(value: unknown): value is SecretRef {
  return (
    looksLikeSecretRef(value) &&
    Object.keys(value).length === 1 &&
    typeof value[SECRET_KEY] === 'string' &&
    SECRET_NAME.test(value[SECRET_KEY] as string)
  );
}

/** Why `value` (which has a `$secret` key) is not a valid reference, or `undefined`. */
export function checkSecretRef(value: Record<string, unknown>): string | undefined {
  const extra = Object.keys(value).filter((k) => k !== SECRET_KEY);
  if (extra.length > 0)
    return `is a secret reference, which may hold only "$secret" (found ${extra.join(', ')})`;
  const name = value[SECRET_KEY];
  if (typeof name !== 'string' || !SECRET_NAME.test(name)) {
    return 'must name a secret: 1–64 capital letters, digits or "_", starting with a letter (e.g. { "$secret": "PARTNER_KEY" })';
  }
  return undefined;
}

type Slot = { path: string; name: string };

function jsonSlots(value: unknown, path: string, out: Slot[], depth = 0): void {
  if (depth > 32 || typeof value !== 'object' || value === null) return;
  if (isSecretRef(value)) {
    out.push({ path, name: value.$secret });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      jsonSlots(v, `${path}[${i}]`, out, depth + 1);
    });
    return;
  }
  for (const [k, v] of Object.entries(value)) jsonSlots(v, key(path, k), out, depth + 1);
}

function key(path: string, k: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`;
}

/** Every secret reference in one http/graphql rule (not its children), with its path. */
export function requestSecretSlots(rule: HttpRule | GraphqlRule, path: string): Slot[] {
  const out: Slot[] = [];
  if (isSecretRef(rule.url)) out.push({ path: `${path}.url`, name: rule.url.$secret });
  for (const [name, value] of Object.entries(rule.headers ?? {})) {
    if (isSecretRef(value)) out.push({ path: key(`${path}.headers`, name), name: value.$secret });
  }
  if (rule.type === 'http') jsonSlots(rule.body, `${path}.body`, out);
  else jsonSlots(rule.variables, `${path}.variables`, out);
  return out;
}

function walk(rule: Rule, path: string, visit: (r: HttpRule | GraphqlRule, path: string) => void) {
  switch (rule.type) {
    case 'http':
    case 'graphql':
      visit(rule, path);
      break;
    case 'all':
    case 'any':
    case 'atLeast':
      rule.rules.forEach((r, i) => {
        walk(r, `${path}.rules[${i}]`, visit);
      });
      break;
    case 'not':
      walk(rule.rule, `${path}.rule`, visit);
      break;
  }
}

/** The names of the secrets a (validated) rule uses, each once, in order of appearance. */
export function secretRefs(rule: Rule): string[] {
  const names = new Set<string>();
  walk(rule, 'rule', (r, p) => {
    for (const slot of requestSecretSlots(r, p)) names.add(slot.name);
  });
  return [...names];
}

/** Thrown by `resolveSecrets`: `code` says which problem, `names` which secrets. */
export class SecretError extends Error {
  readonly code: 'SECRET_MISSING' | 'SECRET_INVALID';
  readonly names: string[];
  constructor(code: SecretError['code'], names: string[], message: string) {
    super(message);
    this.name = 'SecretError';
    this.code = code;
    this.names = names;
  }
}

function replaceJson(value: JsonValue | undefined, lookup: (ref: SecretRef) => string): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (isSecretRef(value)) return lookup(value);
  if (Array.isArray(value)) return value.map((v) => replaceJson(v, lookup));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    Object.defineProperty(out, k, {
      value: replaceJson(v, lookup),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

function mapRule(
  rule: Rule,
  fn: (r: HttpRule | GraphqlRule, path: string) => Rule,
  path: string,
): Rule {
  switch (rule.type) {
    case 'http':
    case 'graphql':
      return fn(rule, path);
    case 'all':
    case 'any':
    case 'atLeast':
      return { ...rule, rules: rule.rules.map((r, i) => mapRule(r, fn, `${path}.rules[${i}]`)) };
    case 'not':
      return { ...rule, rule: mapRule(rule.rule, fn, `${path}.rule`) };
    default:
      return rule;
  }
}

/**
 * A copy of `rule` with every secret reference replaced by `lookup(name)` (for the server, e.g.
 * `(name) => process.env[name]`). Throws a `SecretError` naming every secret that is not set
 * (`SECRET_MISSING`), or whose value cannot stand where it is used — a header value with a line
 * break, a URL that is not http(s) (`SECRET_INVALID`; the message never contains the value).
 * The input is not changed; keep the resolved copy in memory only.
 */
export function resolveSecrets<R extends Rule>(
  rule: R,
  lookup: (name: string) => string | undefined,
  path = 'rule',
): R {
  const missing = new Map<string, string[]>();
  const invalid: { name: string; where: string; why: string }[] = [];
  const value = (name: string, where: string): string => {
    const v = lookup(name);
    if (typeof v !== 'string' || v === '') {
      missing.set(name, [...(missing.get(name) ?? []), where]);
      return '';
    }
    return v;
  };
  const resolved = mapRule(
    rule,
    (r, p) => {
      const copy: HttpRule | GraphqlRule = { ...r };
      if (isSecretRef(r.url)) {
        const url = value(r.url.$secret, `${p}.url`);
        if (url && !/^https?:\/\/[^\s]+$/i.test(url)) {
          invalid.push({
            name: r.url.$secret,
            where: `${p}.url`,
            why: 'is not an http:// or https:// URL',
          });
        }
        copy.url = url;
      }
      if (r.headers) {
        const headers: Record<string, string> = {};
        for (const [h, v] of Object.entries(r.headers)) {
          if (!isSecretRef(v)) {
            headers[h] = v;
            continue;
          }
          const where = key(`${p}.headers`, h);
          const text = value(v.$secret, where);
          if (/[\r\n\0]/.test(text) || text.length > 4096) {
            invalid.push({
              name: v.$secret,
              where,
              why: 'is not a single-line header value of at most 4096 characters',
            });
          }
          headers[h] = text;
        }
        copy.headers = headers;
      }
      const json = (ref: SecretRef, where: string) => value(ref.$secret, where);
      if (copy.type === 'http' && copy.body !== undefined) {
        copy.body = replaceJson(copy.body, (ref) => json(ref, `${p}.body`)) as JsonValue;
      }
      if (copy.type === 'graphql' && copy.variables !== undefined) {
        copy.variables = replaceJson(copy.variables, (ref) =>
          json(ref, `${p}.variables`),
        ) as Record<string, JsonValue>;
      }
      return copy;
    },
    path,
  );
  if (missing.size > 0) {
    const names = [...missing.keys()];
    const list = names.map((n) => `${n} (used at ${missing.get(n)!.join(', ')})`).join('; ');
    throw new SecretError(
      'SECRET_MISSING',
      names,
      `${names.length === 1 ? 'a secret is' : 'secrets are'} not set: ${list}`,
    );
  }
  if (invalid.length > 0) {
    throw new SecretError(
      'SECRET_INVALID',
      [...new Set(invalid.map((i) => i.name))],
      invalid.map((i) => `secret ${i.name} (used at ${i.where}) ${i.why}`).join('; '),
    );
  }
  return resolved as R;
}

/**
 * The rule as a public view may show it: every `headers` field of http/graphql rules removed
 * (plain API keys sit there too), secret references elsewhere kept as references (a name is not
 * a secret). Not meant for evaluation: the server evaluates the stored rule, resolved.
 */
export function publicRule<R extends Rule>(rule: R): R {
  return mapRule(
    rule,
    (r) => {
      const { headers: _headers, ...rest } = r;
      return rest as Rule;
    },
    'rule',
  ) as R;
}
