// Campaign regular expressions (an input task's `pattern`, a predicate's `matches`) run on RE2
// (re2js, pure JavaScript), whose matching time is linear in the input: no pattern, however
// written, can backtrack exponentially. The syntax is RE2's, with JavaScript's `\uXXXX` escapes
// and `(?<name>…)` groups accepted too; what RE2 cannot do in linear time (backreferences,
// lookahead, lookbehind) is refused with a message that says so. One helper for the browser and
// the server, the core and the rules: the same pattern means the same thing everywhere.
import { RE2JS } from 're2js';

/** Flags a campaign pattern may carry: `i` (ignore case), `m` (multiline), `s` (dot matches newline), `u` (accepted; RE2 always matches code points). */
export const PATTERN_FLAGS = ['i', 'm', 's', 'u'] as const;

/** A compiled campaign pattern. */
export interface CompiledPattern {
  /** Whether the pattern matches somewhere in `input`. */
  test(input: string): boolean;
  /** Whether the pattern matches the whole of `input`. */
  testWhole(input: string): boolean;
}

/**
 * What RE2 lacks, found by scanning the source outside character classes: backreferences
 * (`\1`, `\k<name>`) and lookaround (`(?=`, `(?!`, `(?<=`, `(?<!`).
 */
function unsupported(source: string): string | undefined {
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if (!inClass && /[1-9]/.test(next))
        return `uses a backreference (\\${next}), which the linear-time engine (RE2) does not support`;
      if (!inClass && next === 'k' && source[i + 2] === '<')
        return 'uses a named backreference (\\k<…>), which the linear-time engine (RE2) does not support';
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      // A `]` right after `[` or `[^` is a literal member, not the end of the class.
      if (source[i + 1] === '^') i++;
      if (source[i + 1] === ']') i++;
      continue;
    }
    if (c === '(' && source[i + 1] === '?') {
      const head = source.slice(i + 2, i + 4);
      if (head.startsWith('=') || head.startsWith('!'))
        return 'uses a lookahead ((?=…) or (?!…)), which the linear-time engine (RE2) does not support';
      if (head === '<=' || head === '<!')
        return 'uses a lookbehind ((?<=…) or (?<!…)), which the linear-time engine (RE2) does not support';
    }
  }
  return undefined;
}

function flagBits(flags: string): number {
  let bits = 0;
  if (flags.includes('i')) bits |= RE2JS.CASE_INSENSITIVE;
  if (flags.includes('m')) bits |= RE2JS.MULTILINE;
  if (flags.includes('s')) bits |= RE2JS.DOTALL;
  return bits;
}

const FLAGS = /^(?!.*(.).*\1)[imsu]*$/;

/** A small cache: predicates run the same pattern on every log or item. */
const cache = new Map<string, CompiledPattern | string>();
const CACHE_SIZE = 256;

/**
 * Compiles a campaign pattern, or returns why it cannot be (a message to put after the field's
 * name, e.g. `uses a lookahead …`, `is not a valid regular expression: …`). Never throws.
 */
export function compilePattern(source: string, flags = ''): CompiledPattern | string {
  if (typeof source !== 'string') return 'must be a regular expression string';
  if (typeof flags !== 'string' || !FLAGS.test(flags))
    return 'has flags other than i, m, s, u (each at most once)';
  const key = `${flags}/${source}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  let result: CompiledPattern | string;
  const problem = unsupported(source);
  if (problem) {
    result = problem;
  } else {
    try {
      const re = RE2JS.compile(RE2JS.translateRegExp(source), flagBits(flags));
      result = {
        test: (input) => re.test(input),
        testWhole: (input) => re.testExact(input),
      };
    } catch (e) {
      const detail = String((e as Error)?.message ?? e).replace(/^error parsing regexp: /, '');
      result = `is not a valid regular expression (RE2 syntax): ${detail}`;
    }
  }
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(key, result);
  return result;
}

/** Why a campaign pattern is refused, or `undefined` when it compiles. */
export function checkPattern(source: string, flags = ''): string | undefined {
  const compiled = compilePattern(source, flags);
  return typeof compiled === 'string' ? compiled : undefined;
}

/**
 * Whether `input` matches `source` (somewhere, or as a whole with `whole: true`), in time linear
 * in the input. An invalid pattern matches nothing (validation refuses it beforehand).
 */
export function testPattern(
  source: string,
  flags: string | undefined,
  input: string,
  options: { whole?: boolean } = {},
): boolean {
  const compiled = compilePattern(source, flags ?? '');
  if (typeof compiled === 'string' || typeof input !== 'string') return false;
  return options.whole ? compiled.testWhole(input) : compiled.test(input);
}
