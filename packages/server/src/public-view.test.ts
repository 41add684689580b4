import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RunningServer } from './server.js';
import {
  accounts,
  admin,
  call,
  createCampaign,
  signIn,
  startTestServer,
  testCampaign,
} from './test/helpers.js';

describe('the public campaign view keeps server-only data on the server', () => {
  let server: RunningServer;
  before(async () => {
    server = await startTestServer();
    const campaign = await testCampaign();
    campaign.tiers[0]!.tasks.push({
      id: 'partner',
      kind: 'http',
      title: 'Partner check',
      points: 1,
      rule: {
        type: 'http',
        url: 'https://partner.example/check?a=$address',
        headers: { authorization: 'Bearer partner-secret-key' },
      },
    } as never);
    await createCampaign(server, campaign);
  });
  after(() => server.close());

  test('no quiz answer hash, no rule headers; the server still checks the answer', async () => {
    const read = await call(server, 'GET', '/campaigns/demo');
    assert.equal(read.status, 200);
    const text = JSON.stringify(read.body);
    assert.ok(!text.includes('partner-secret-key'), 'rule headers stay on the server');
    assert.ok(!text.includes('"answer"'), 'quiz answers stay on the server');
    const quiz = read.body.tiers[0].tasks.find((t: { id: string }) => t.id === 'quiz-capital');
    assert.equal(quiz.question, 'Capital of France?');
    // The 304 revalidation still works on the public view.
    const again = await call(server, 'GET', '/campaigns/demo', {
      headers: { 'if-none-match': read.headers.get('etag')! },
    });
    assert.equal(again.status, 304);
    const token = await signIn(server, accounts[1]!);
    const wrong = await call(server, 'POST', '/campaigns/demo/tasks/quiz-capital/verify', {
      token,
      body: { input: 'Lyon' },
    });
    assert.equal(wrong.body.code, 'WRONG_ANSWER');
    const right = await call(server, 'POST', '/campaigns/demo/tasks/quiz-capital/verify', {
      token,
      body: { input: 'Paris' },
    });
    assert.equal(right.body.ok, true);
  });

  test('a campaign the server checks must carry its quiz answers', async () => {
    const campaign = await testCampaign({ id: 'no-answers' });
    delete (campaign.tiers[0]!.tasks[1] as { answer?: unknown }).answer;
    const reply = await call(server, 'POST', '/campaigns', { body: campaign, headers: admin });
    assert.equal(reply.status, 422);
    assert.equal(reply.body.error.issues[0].path, 'tiers[0].tasks[1].answer');
  });
});
