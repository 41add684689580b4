import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Campaign } from './campaign.js';
import { publicCampaign } from './public.js';
import { validateCampaign } from './validate.js';

const campaign = {
  schemaVersion: 1,
  id: 'c',
  title: 'C',
  tiers: [
    {
      id: 't',
      title: 'T',
      tasks: [
        {
          id: 'q',
          kind: 'quiz',
          title: 'Q',
          question: '?',
          points: 1,
          options: ['a', 'b'],
          answer: { salt: 'salt-salt', hash: 'a'.repeat(64) },
        },
        {
          id: 'h',
          kind: 'http',
          title: 'H',
          points: 1,
          rule: {
            type: 'http',
            url: 'https://partner.example/check?a=$address',
            headers: { authorization: 'Bearer partner-secret' },
          },
        },
        {
          id: 'g',
          kind: 'http',
          title: 'G',
          points: 1,
          rule: {
            type: 'any',
            rules: [
              {
                type: 'not',
                rule: {
                  type: 'graphql',
                  url: 'https://partner.example/graphql',
                  query: '{ x }',
                  headers: { 'x-api-key': 'partner-secret' },
                  predicate: { path: 'x', op: 'eq', value: true },
                },
              },
            ],
          },
        },
      ],
    },
  ],
} as unknown as Campaign;

describe('publicCampaign', () => {
  it('never carries secret rule fields, at any depth', () => {
    for (const serverChecked of [true, false]) {
      const view = publicCampaign(campaign, { serverChecked });
      assert.ok(
        !JSON.stringify(view).includes('partner-secret'),
        `serverChecked: ${serverChecked}`,
      );
      assert.ok(!JSON.stringify(view).includes('"headers"'));
    }
  });

  it('drops quiz answers of server-checked campaigns, keeps them for browser-only ones', () => {
    const server = publicCampaign(campaign, { serverChecked: true });
    assert.equal('answer' in server.tiers[0]!.tasks[0]!, false);
    const browser = publicCampaign(campaign, { serverChecked: false });
    assert.deepEqual(browser.tiers[0]!.tasks[0], campaign.tiers[0]!.tasks[0]);
  });

  it('is pure, and its result is still a valid campaign', () => {
    const before = JSON.stringify(campaign);
    const view = publicCampaign(campaign, { serverChecked: true });
    assert.equal(JSON.stringify(campaign), before);
    const check = validateCampaign(view);
    assert.ok(check.ok, JSON.stringify(check));
  });
});
