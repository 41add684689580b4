import type { ValidationIssue } from '../errors.js';

// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is what this looks for
const NUL = /\u0000/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why a string is not clean text (valid Unicode without NUL), or undefined when it is. */
export function textProblem(s: string): string | undefined {
  if (NUL.test(s)) return 'must not contain a NUL character (\\u0000)';
  if (LONE_SURROGATE.test(s)) return 'must be valid Unicode (it holds a lone surrogate)';
  return undefined;
}

/** Every string (value or key) in a JSON value that is not clean text, with its path. */
export function uncleanText(value: unknown, path = ''): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const walk = (v: unknown, p: string, depth: number) => {
    if (depth > 64) return;
    if (typeof v === 'string') {
      const problem = textProblem(v);
      if (problem) issues.push({ path: p, message: problem });
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) walk(v[i], `${p}[${i}]`, depth + 1);
    } else if (typeof v === 'object' && v !== null)
      for (const [key, item] of Object.entries(v)) {
        const at = p ? `${p}.${key}` : key;
        const problem = textProblem(key);
        if (problem) issues.push({ path: at, message: `name ${problem}` });
        walk(item, at, depth + 1);
      }
  };
  walk(value, path, 0);
  return issues;
}
