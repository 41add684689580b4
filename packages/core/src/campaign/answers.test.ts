import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkInput, checkQuizAnswer, hashQuizAnswer, normalizeAnswer } from './answers.js';
import type { InputTask, QuizTask } from './campaign.js';

describe('answers', () => {
  it('normalizes case and whitespace before hashing', async () => {
    assert.equal(normalizeAnswer('  Vitalik \n Buterin '), 'vitalik buterin');
    const hash = await hashQuizAnswer('salt-1234', 'Paris');
    assert.match(hash, /^[0-9a-f]{64}$/);
    assert.notEqual(hash, await hashQuizAnswer('salt-5678', 'Paris'), 'salt changes the hash');
    const quiz = { answer: { salt: 'salt-1234', hash } } as QuizTask;
    assert.equal(await checkQuizAnswer(quiz, ' paris'), true);
    assert.equal(await checkQuizAnswer(quiz, 'London'), false);
    assert.equal(await checkQuizAnswer(quiz, 'x'.repeat(5000)), false);
  });

  it('matches the whole trimmed input, bounded in length', async () => {
    const task = { pattern: '[a-z]{2,5}', flags: 'i' } as InputTask;
    assert.equal(await checkInput(task, ' AbC '), true);
    assert.equal(await checkInput(task, 'abc!'), false, 'anchored: no partial match');
    assert.equal(await checkInput(task, ''), false);
    assert.equal(
      await checkInput({ pattern: 'a|b' } as InputTask, 'ab'),
      false,
      'alternation stays anchored',
    );
    assert.equal(await checkInput({ pattern: '.*', maxLength: 3 } as InputTask, 'abcd'), false);
  });

  it('runs catastrophic patterns on 500-character inputs in linear time (RE2)', async () => {
    const cases: [string, string][] = [
      ['([a-z0-9]+-?)+', `${'a'.repeat(499)}!`],
      ['(a|a)+', `${'a'.repeat(499)}!`],
      ['(a+)+b', 'a'.repeat(500)],
      ['(.*a){20}', 'a'.repeat(19) + 'b'.repeat(481)],
    ];
    const timings: Record<string, number> = {};
    for (const [pattern, input] of cases) {
      const start = performance.now();
      assert.equal(await checkInput({ pattern } as InputTask, input), false, pattern);
      timings[pattern] = Number((performance.now() - start).toFixed(2));
    }
    assert.equal(
      await checkInput({ pattern: '([a-z0-9]+-?)+' } as InputTask, 'my-handle-42'),
      true,
    );
    console.log(`checkInput timings (ms, 500-character inputs): ${JSON.stringify(timings)}`);
  });
});
