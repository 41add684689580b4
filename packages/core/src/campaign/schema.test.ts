import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { QuestError } from '../errors.js';
import { hashQuizAnswer } from './answers.js';
import { parseCampaign, validateCampaign } from './validate.js';

const sample = JSON.parse(
  readFileSync(
    new URL('../../../../examples/campaigns/questboard-101.json', import.meta.url),
    'utf8',
  ),
);

const issuesOf = (input: unknown) => {
  const result = validateCampaign(input);
  assert.equal(result.ok, false, 'expected the campaign to be refused');
  return result.ok ? [] : result.issues;
};

describe('campaign schema', () => {
  it('accepts the sample campaign', () => {
    const campaign = parseCampaign(sample);
    assert.equal(campaign.tiers.length, 3);
  });

  it('keeps quiz answers out of the JSON and checks the hash format', async () => {
    const text = JSON.stringify(sample);
    assert.ok(!text.includes('validator'));
    const quiz = sample.tiers[1].tasks[1];
    assert.equal(quiz.answer.hash, await hashQuizAnswer(quiz.answer.salt, 'Validator '));
  });

  it('lists every bad path in one error, with a plain-language reason', () => {
    const bad = structuredClone(sample);
    bad.schemaVersion = 2;
    bad.title = '';
    bad.tiers[0].tasks[0].url = 'javascript:alert(1)';
    bad.tiers[0].tasks[1].points = -5;
    bad.tiers[0].tasks[2].kind = 'tweet';
    bad.tiers[1].tasks[0].pionts = 3;
    bad.tiers[2].reward.image = 'data:image/png;base64,AAAA';
    let error: unknown;
    try {
      parseCampaign(bad);
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof QuestError);
    assert.equal(error.code, 'CAMPAIGN_INVALID');
    const paths = error.issues.map((i) => i.path);
    assert.deepEqual(paths.sort(), [
      'schemaVersion',
      'tiers[0].tasks[0].url',
      'tiers[0].tasks[1].points',
      'tiers[0].tasks[2].kind',
      'tiers[1].tasks[0].pionts',
      'tiers[2].reward.image',
      'title',
    ]);
    const byPath = Object.fromEntries(error.issues.map((i) => [i.path, i.message]));
    assert.match(byPath['tiers[0].tasks[0].url']!, /https: or http:/);
    assert.match(byPath['tiers[0].tasks[1].points']!, /0 or more/);
    assert.match(byPath['tiers[0].tasks[2].kind']!, /must be one of "visit"/);
    assert.match(byPath['tiers[1].tasks[0].pionts']!, /not a known field/);
    assert.match(error.message, /tiers\[0\]\.tasks\[1\]\.points: must be 0 or more/);
  });

  it('checks references, cycles, windows and levels across fields', () => {
    const bad = structuredClone(sample);
    bad.tiers[1].unlock.after = 'nope';
    bad.tiers[2].unlock.require = { atLeast: 7 };
    bad.tiers[0].tasks[1].id = 'read-intro';
    bad.tiers[1].tasks[0].requires = ['gas-quiz'];
    bad.tiers[1].tasks[2].requires = ['missing'];
    bad.tiers[0].tasks[2].pattern = '([a-z';
    bad.startsAt = '2026-05-01T00:00:00Z';
    bad.endsAt = '2026-04-01T00:00:00Z';
    bad.levels[2].minPoints = 10;
    const issues = issuesOf(bad);
    const paths = issues.map((i) => i.path).sort();
    assert.deepEqual(paths, [
      'endsAt',
      'levels[2].minPoints',
      'tiers[0].tasks[1].id',
      'tiers[0].tasks[2].pattern',
      'tiers[1].tasks[0].requires',
      'tiers[1].tasks[2].requires[0]',
      'tiers[1].unlock.after',
      'tiers[2].unlock.require.atLeast',
    ]);
  });

  it('refuses an unlock that points forward (it could never open)', () => {
    const bad = structuredClone(sample);
    bad.tiers[0].unlock = { after: 'mastery' };
    assert.deepEqual(
      issuesOf(bad).map((i) => i.path),
      ['tiers[0].unlock.after'],
    );
  });

  it('refuses non-objects and empty ladders with a clear message', () => {
    assert.deepEqual(issuesOf(null), [{ path: '', message: 'must be an object' }]);
    const empty = { ...sample, tiers: [] };
    assert.deepEqual(issuesOf(empty), [{ path: 'tiers', message: 'must hold at least one tier' }]);
  });

  it('checks the rule of a rule-backed task with the rules validator', () => {
    const bad = structuredClone(sample);
    bad.tiers[0].tasks.push({
      id: 'hold',
      kind: 'onchain',
      title: 'Hold',
      points: 5,
      rule: 'not a rule',
    });
    assert.deepEqual(
      issuesOf(bad).map((i) => i.path),
      ['tiers[0].tasks[3].rule'],
    );
  });

  it('refuses text that is not clean Unicode and points that could overflow a total', () => {
    const dirty = structuredClone(sample);
    dirty.title = 'Quest\u0000board';
    dirty.tiers[0].tasks[0].title = 'half \ud800 pair';
    assert.deepEqual(
      issuesOf(dirty).map((i) => i.path),
      ['title', 'tiers[0].tasks[0].title'],
    );
    const big = structuredClone(sample);
    big.tiers[0].tasks[0].points = 1_000_001;
    assert.deepEqual(
      issuesOf(big).map((i) => i.path),
      ['tiers[0].tasks[0].points'],
    );
    const many = structuredClone(sample);
    many.tiers[0].tasks = Array.from({ length: 1001 }, (_, i) => ({
      id: `v${i}`,
      kind: 'visit',
      title: 'V',
      points: 1_000_000,
      url: 'https://x.example',
    }));
    many.tiers.length = 1;
    assert.deepEqual(
      issuesOf(many).map((i) => i.path),
      ['tiers'],
    );
  });
});
