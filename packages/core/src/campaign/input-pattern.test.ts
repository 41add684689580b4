import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { QuestError } from '../errors.js';
import { createQuestState } from '../ladder/state.js';
import { memoryBackend } from '../memory-backend.js';
import { checkCampaignPatterns, parseCampaignLazily } from './schema.js';
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

  describe('checked after the first paint (deferPatternCheck)', () => {
    const bad = () => withPattern('(a)\\1');
    const isRefusal = (error: QuestError) =>
      error.code === 'CAMPAIGN_INVALID' &&
      error.issues.map((i) => i.path).join() === `${INPUT}.pattern` &&
      /backreference/.test(error.issues[0]!.message);

    it('parseCampaignLazily with deferPatterns leaves patterns to checkCampaignPatterns', async () => {
      const campaign = await parseCampaignLazily(bad(), { deferPatterns: true });
      await assert.rejects(checkCampaignPatterns(campaign), isRefusal);
      await checkCampaignPatterns(await parseCampaignLazily(sample, { deferPatterns: true }));
      // Everything else is still checked before: a broken task is refused at once.
      const broken = bad();
      broken.tiers[0].tasks[2].points = -1;
      await assert.rejects(parseCampaignLazily(broken, { deferPatterns: true }), (e: QuestError) =>
        e.issues.some((i) => i.path === `${INPUT}.points`),
      );
    });

    it('the memory backend shows the campaign, then refuses every answer and stores nothing', async () => {
      const storage = new Map<string, string>();
      const backend = memoryBackend({
        deferPatternCheck: true,
        storage: {
          getItem: (k) => storage.get(k) ?? null,
          setItem: (k, v) => void storage.set(k, v),
          removeItem: (k) => void storage.delete(k),
          get length() {
            return storage.size;
          },
          key: (i) => [...storage.keys()][i] ?? null,
        },
      });
      const campaign = await backend.loadCampaign(bad());
      assert.equal(campaign.id, sample.id);
      // Asked at once, before the check could have finished: the answer waits for it.
      const answers = [
        backend.verify({ campaignId: campaign.id, taskId: 'read-intro', address: null }),
        backend.verify({ campaignId: campaign.id, taskId: 'handle', address: null, input: 'aa' }),
        backend.claim({ campaignId: campaign.id, tierId: 'basics', address: null }),
      ];
      for (const answer of answers) await assert.rejects(answer, isRefusal);
      await assert.rejects(backend.campaignChecked!(campaign.id), isRefusal);
      assert.equal(storage.size, 0, 'nothing stored');
      // Without the option, loadCampaign itself refuses it (the default).
      await assert.rejects(memoryBackend({ storage: null }).loadCampaign(bad()), isRefusal);
    });

    it('the quest state ends in the error status, with the named field', async () => {
      const state = createQuestState({
        backend: memoryBackend({ deferPatternCheck: true, storage: null }),
      });
      const statuses: string[] = [];
      state.$status.listen((s) => statuses.push(s));
      await state.load(bad());
      assert.deepEqual(statuses, ['loading', 'ready', 'error'], 'shown first, then refused');
      assert.equal(state.$campaign.get(), null);
      assert.ok(isRefusal(state.$error.get()!));
      const ok = createQuestState({
        backend: memoryBackend({ deferPatternCheck: true, storage: null }),
      });
      await ok.load(sample);
      assert.equal(ok.$status.get(), 'ready');
    });
  });
});
