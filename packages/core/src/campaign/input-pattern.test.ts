import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { QuestError } from '../errors.js';
import { parseCampaignLazily } from './schema.js';
import { validateCampaign } from './validate.js';

const sample = JSON.parse(
  readFileSync(
    new URL('../../../../examples/campaigns/questboard-101.json', import.meta.url),
    'utf8',
  ),
);
// The sample's third task of the first tier is an input task.
const INPUT = 'tiers[0].tasks[2]';

function withPattern(pattern: string, flags?: string) {
  const c = structuredClone(sample);
  c.tiers[0].tasks[2].pattern = pattern;
  if (flags !== undefined) c.tiers[0].tasks[2].flags = flags;
  return c;
}

function problems(input: unknown) {
  const result = validateCampaign(input);
  return result.ok ? [] : result.issues;
}

describe('input task patterns (RE2)', () => {
  it('the sample has an input task where the tests expect it', () => {
    assert.equal(sample.tiers[0].tasks[2].kind, 'input');
  });

  it('refuses backreferences and lookaround, naming the field and saying why', () => {
    for (const [pattern, why] of [
      ['(a)\\1', /backreference.*RE2/],
      ['(?=x)x', /lookahead.*RE2/],
      ['(?<=x)y', /lookbehind.*RE2/],
      ['[a-', /not a valid regular expression/],
    ] as const) {
      const issues = problems(withPattern(pattern));
      assert.deepEqual(
        issues.map((i) => i.path),
        [`${INPUT}.pattern`],
        pattern,
      );
      assert.match(issues[0]!.message, why);
    }
  });

  it('accepts nested repetition, which RE2 runs in linear time', () => {
    assert.deepEqual(problems(withPattern('([a-z0-9]+-?)+', 'i')), []);
  });

  it('parseCampaignLazily checks patterns of a campaign without rule tasks', async () => {
    const c = withPattern('(?!admin)[a-z]+');
    assert.ok(
      c.tiers.every((t: { tasks: object[] }) => t.tasks.every((x) => !('rule' in x))),
      'the sample has no rule tasks: only the input task loads the validator',
    );
    await assert.rejects(parseCampaignLazily(c), (error: QuestError) =>
      error.issues.some((i) => i.path === `${INPUT}.pattern` && /lookahead/.test(i.message)),
    );
    assert.equal((await parseCampaignLazily(sample)).id, sample.id);
  });
});
