import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { validateCampaign } from '@questboard/core';
import fc from 'fast-check';
import { changeRewardKind, changeTaskKind, FORM_TASK_KINDS, newCampaign } from './draft.js';
import { fieldId, getAt, parsePath, setAt } from './paths.js';

describe('console paths', () => {
  test('parse the paths core’s validator writes', () => {
    assert.deepEqual(parsePath('tiers[0].tasks[12].rule.min'), [
      'tiers',
      0,
      'tasks',
      12,
      'rule',
      'min',
    ]);
    assert.deepEqual(parsePath('id'), ['id']);
    assert.equal(fieldId('tiers[0].tasks[1].title'), 'f-tiers-0-tasks-1-title');
  });

  test('setAt then getAt reads the value back; the input is never changed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom('a', 'b', 'tiers'), fc.nat({ max: 3 })), {
          minLength: 1,
          maxLength: 5,
        }),
        fc.jsonValue(),
        (keys, value) => {
          const path = keys
            .map((k, i) => (typeof k === 'number' ? `[${k}]` : i ? `.${k}` : k))
            .join('');
          if (path.startsWith('[')) return;
          const root = { a: { b: [1, 2] }, tiers: [] };
          const before = JSON.stringify(root);
          const next = setAt(root, path, value);
          assert.equal(JSON.stringify(root), before);
          assert.deepEqual(getAt(next, path), value);
        },
      ),
    );
  });

  test('undefined deletes a field or removes a list entry', () => {
    const c = { tiers: [{ id: 'a' }, { id: 'b' }], title: 'x' };
    assert.deepEqual(setAt(c, 'tiers[0]', undefined), { tiers: [{ id: 'b' }], title: 'x' });
    assert.deepEqual(setAt(c, 'title', undefined), { tiers: [{ id: 'a' }, { id: 'b' }] });
  });
});

describe('console drafts', () => {
  test('a new campaign is invalid only where the operator must fill in', () => {
    const result = validateCampaign(newCampaign());
    assert.equal(result.ok, false);
    const paths = result.ok ? [] : result.issues.map((i) => i.path).sort();
    assert.deepEqual(paths, ['id', 'tiers[0].tasks[0].title', 'tiers[0].tasks[0].url', 'title']);
  });

  test('every form kind, filled in, validates; switching kind keeps id, title and points', () => {
    for (const kind of FORM_TASK_KINDS) {
      const task = changeTaskKind(
        { id: 't', kind: 'visit', title: 'T', points: 5, url: 'x' },
        kind,
      );
      assert.deepEqual([task.id, task.title, task.points, task.kind], ['t', 'T', 5, kind]);
      assert.ok(!('url' in task) || kind === 'visit');
      if (kind === 'visit') task.url = 'https://example.com';
      if (kind === 'quiz') task.question = 'Why?';
      const campaign = {
        schemaVersion: 1,
        id: 'c',
        title: 'C',
        chains: { '1': { rpcUrls: ['https://rpc.example'] } },
        tiers: [
          { id: 'a', title: 'A', tasks: [task], reward: changeRewardKind(undefined, 'credential') },
        ],
      };
      const tier = campaign.tiers[0]!;
      (tier.reward as Record<string, unknown>).title = 'R';
      const result = validateCampaign(campaign);
      assert.ok(result.ok, `${kind}: ${JSON.stringify(!result.ok && result.issues)}`);
    }
  });

  test('no reward kind removes the reward', () => {
    assert.equal(changeRewardKind({ title: 'R' }, ''), undefined);
    assert.deepEqual(changeRewardKind({ title: 'R', kind: 'badge', chainId: 1 }, 'allowlist'), {
      title: 'R',
      kind: 'allowlist',
      list: '',
    });
  });
});
