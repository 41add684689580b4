import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ADMIN_FAILURES_PER_MINUTE } from './middleware/admin.js';
import type { RunningServer } from './server.js';
import { ADMIN_KEY, admin, call, startTestServer } from './test/helpers.js';

describe('admin key', () => {
  let server: RunningServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  test('a short configured key is refused at start with a clear message', async () => {
    await assert.rejects(startTestServer({ adminKey: 'too-short' }), /at least 32/);
  });

  test('wrong keys are limited per IP: past the limit even the right key waits', async () => {
    assert.equal((await call(server, 'GET', '/admin/issuers', { headers: admin })).status, 200);
    // Counted in one-minute windows: wrong keys until refused (a window may roll over once).
    let attempts = 0;
    for (;;) {
      const wrong = await call(server, 'GET', '/admin/issuers', {
        headers: { authorization: `Bearer ${ADMIN_KEY.slice(0, -1)}x` },
      });
      attempts++;
      if (wrong.status === 429) break;
      assert.equal(wrong.status, 401, `attempt ${attempts}`);
      assert.ok(attempts <= 2 * ADMIN_FAILURES_PER_MINUTE + 1, 'never limited');
    }
    assert.ok(attempts > ADMIN_FAILURES_PER_MINUTE, 'the first wrong keys answer 401');
    const limited = await call(server, 'GET', '/admin/issuers', { headers: admin });
    assert.equal(limited.status, 429);
    assert.equal(limited.body.error.code, 'RATE_LIMITED');
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
  });
});
