import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkPattern, compilePattern, testPattern, validateRule } from './index.js';

// Patterns that take exponential time on a backtracking engine (JavaScript's RegExp): each
// added character of a near-miss input doubles the work. On RE2 they are linear.
const CATASTROPHIC: { source: string; input: string; whole: boolean }[] = [
  // 27 characters of this froze a server for 4 s through an input task.
  { source: '([a-z0-9]+-?)+$', input: `${'a'.repeat(499)}!`, whole: false },
  { source: '^(a|a)+$', input: `${'a'.repeat(499)}!`, whole: false },
  { source: '(a+)+b', input: 'a'.repeat(500), whole: false },
  { source: '(.*a){20}', input: 'a'.repeat(19) + 'b'.repeat(481), whole: false },
  { source: '([a-z0-9]+-?)+', input: `${'a'.repeat(499)}!`, whole: true },
];

describe('campaign patterns run in linear time (RE2)', () => {
  test('known catastrophic patterns on 500-character inputs answer correctly', () => {
    const timings: Record<string, number> = {};
    for (const { source, input, whole } of CATASTROPHIC) {
      assert.equal(input.length, 500);
      const start = performance.now();
      const matched = testPattern(source, '', input, { whole });
      timings[`${source}${whole ? ' (whole)' : ''}`] = Number(
        (performance.now() - start).toFixed(2),
      );
      // None of these near-miss inputs matches.
      assert.equal(matched, false, source);
    }
    // And the same patterns still match what they should.
    assert.equal(testPattern('([a-z0-9]+-?)+$', '', 'abc-def-ghi'), true);
    assert.equal(testPattern('^(a|a)+$', '', 'a'.repeat(500)), true);
    assert.equal(testPattern('(a+)+b', '', `${'a'.repeat(499)}b`), true);
    assert.equal(testPattern('(.*a){20}', '', 'a'.repeat(500)), true);
    // Timings are printed, never asserted (the machine may be loaded).
    console.log(`pattern timings (ms, 500-character inputs): ${JSON.stringify(timings)}`);
  });

  test('somewhere versus whole-input matching, and flags', () => {
    assert.equal(testPattern('b', '', 'abc'), true);
    assert.equal(testPattern('b', '', 'abc', { whole: true }), false);
    assert.equal(testPattern('abc', '', 'abc', { whole: true }), true);
    // Alternation must cover the whole input, not just one branch's prefix.
    assert.equal(testPattern('a|ab', '', 'ab', { whole: true }), true);
    assert.equal(testPattern('ABC', 'i', 'xabcx'), true);
    assert.equal(testPattern('^b$', '', 'a\nb\nc'), false);
    assert.equal(testPattern('^b$', 'm', 'a\nb\nc'), true);
    assert.equal(testPattern('a.c', '', 'a\nc'), false);
    assert.equal(testPattern('a.c', 's', 'a\nc'), true);
    assert.equal(testPattern('^\\u00e9+$', 'u', 'ééé'), true);
    assert.equal(testPattern('^(?<handle>[a-z]+)$', '', 'alice'), true);
    assert.equal(testPattern('^0x[0-9a-f]{40}$', 'i', `0x${'Ab'.repeat(20)}`), true);
  });

  test('what RE2 lacks is refused with a message that says so; syntax errors too', () => {
    assert.match(checkPattern('(a)\\1') ?? '', /backreference \(\\1\).*RE2/);
    assert.match(checkPattern('(?<x>a)\\k<x>') ?? '', /named backreference.*RE2/);
    assert.match(checkPattern('a(?=b)') ?? '', /lookahead.*RE2/);
    assert.match(checkPattern('a(?!b)') ?? '', /lookahead.*RE2/);
    assert.match(checkPattern('(?<=a)b') ?? '', /lookbehind.*RE2/);
    assert.match(checkPattern('(?<!a)b') ?? '', /lookbehind.*RE2/);
    assert.match(checkPattern('[') ?? '', /not a valid regular expression \(RE2 syntax\)/);
    assert.match(checkPattern('a{1001}') ?? '', /not a valid regular expression/);
    assert.match(checkPattern('a', 'g') ?? '', /flags/);
    assert.match(checkPattern('a', 'ii') ?? '', /flags/);
    // Look-alikes inside character classes or escaped are ordinary characters.
    assert.equal(checkPattern('[(?=]x'), undefined);
    assert.equal(checkPattern('\\(?=x'), undefined);
    assert.doesNotMatch(checkPattern('[\\1]') ?? '', /backreference/);
    assert.equal(checkPattern('[]1]'), undefined);
    // An invalid pattern matches nothing rather than throwing.
    assert.equal(testPattern('(a)\\1', '', 'aa'), false);
    assert.equal(typeof compilePattern('('), 'string');
  });
});

describe('predicate "matches" uses the same engine', () => {
  test('validation refuses lookaround at the predicate value path', () => {
    const issues = validateRule({
      type: 'onchain.call',
      chainId: 1,
      contract: '0x0000000000000000000000000000000000000001',
      signature: 'function name() view returns (string)',
      predicate: { op: 'matches', value: '^(?!bad)' },
    });
    assert.deepEqual(
      issues.map((i) => i.path),
      ['rule.predicate.value'],
    );
    assert.match(issues[0]!.message, /lookahead/);
  });
});
