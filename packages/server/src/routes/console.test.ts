import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../config.js';
import type { RunningServer } from '../server.js';
import { admin, call, startTestServer, testCampaign } from '../test/helpers.js';
import { CONSOLE_CSP } from './console.js';

/** A request whose path is sent exactly as written (fetch would resolve `..` first). */
function rawGet(
  url: string,
  path: string,
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('console route', () => {
  let root: string;
  let server: RunningServer;
  const SECRET = 'top-secret-outside-the-console-folder';

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'qb-console-'));
    const dir = join(root, 'console');
    mkdirSync(join(dir, 'chunks'), { recursive: true });
    writeFileSync(
      join(dir, 'index.html'),
      '<!doctype html><script type="module" src="./console-AbCd1234.js"></script>',
    );
    writeFileSync(join(dir, 'console-AbCd1234.js'), 'export const page = 1;');
    writeFileSync(join(dir, 'console-EfGh5678.css'), 'body{margin:0}');
    writeFileSync(join(dir, 'chunks', 'lazy-XyZw9876.js'), 'export const lazy = 1;');
    writeFileSync(join(dir, 'notes.txt'), 'an unknown type is never served');
    writeFileSync(join(root, 'secret.json'), JSON.stringify({ SECRET }));
    server = await startTestServer({ consoleDir: dir });
  });
  after(async () => {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  });

  test('/console redirects to /console/, which serves the page under the console CSP', async () => {
    const redirect = await rawGet(server.url, '/console');
    assert.equal(redirect.status, 308);
    assert.equal(redirect.headers.location, '/console/');
    const page = await rawGet(server.url, '/console/');
    assert.equal(page.status, 200);
    assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(page.headers['content-security-policy'], CONSOLE_CSP);
    assert.equal(page.headers['x-frame-options'], 'DENY');
    assert.equal(page.headers['x-content-type-options'], 'nosniff');
    assert.equal(page.headers['cache-control'], 'no-cache');
    assert.match(page.body, /console-AbCd1234\.js/);
    const csp = String(page.headers['content-security-policy']);
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "connect-src 'self'",
      "frame-ancestors 'none'",
    ])
      assert.ok(csp.includes(directive), directive);
    assert.ok(!csp.includes('unsafe-inline') && !csp.includes('unsafe-eval'));
  });

  test('hashed assets: their content type, cached as immutable', async () => {
    const js = await rawGet(server.url, '/console/console-AbCd1234.js');
    assert.equal(js.status, 200);
    assert.equal(js.body, 'export const page = 1;');
    assert.equal(js.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(js.headers['cache-control'], 'public, max-age=31536000, immutable');
    const css = await rawGet(server.url, '/console/console-EfGh5678.css');
    assert.equal(css.headers['content-type'], 'text/css; charset=utf-8');
    const chunk = await rawGet(server.url, '/console/chunks/lazy-XyZw9876.js');
    assert.equal(chunk.status, 200);
    assert.equal(chunk.headers['cache-control'], 'public, max-age=31536000, immutable');
  });

  test('no path reaches outside the folder, and unknown files are 404', async () => {
    for (const path of [
      '/console/../secret.json',
      '/console/..%2fsecret.json',
      '/console/%2e%2e/secret.json',
      '/console/%2e%2e%2fsecret.json',
      '/console/chunks/../../secret.json',
      '/console/chunks/..%2f..%2fsecret.json',
      '/console//etc/passwd',
      '/console/..\\secret.json',
      '/console/notes.txt',
      '/console/missing.js',
    ]) {
      const reply = await rawGet(server.url, path);
      assert.ok(!reply.body.includes(SECRET), `${path} leaked the file`);
      assert.ok(reply.status === 404 || reply.status === 400, `${path}: ${reply.status}`);
    }
  });

  test("the console's own origin may call the admin API; another origin still may not", async () => {
    const campaign = await testCampaign({ id: 'same-origin' });
    const own = await call(server, 'POST', '/campaigns', {
      body: campaign,
      headers: { ...admin, origin: server.url },
    });
    assert.equal(own.status, 201, JSON.stringify(own.body));
    const other = await call(server, 'POST', '/campaigns/same-origin/archive', {
      headers: { ...admin, origin: 'https://evil.example' },
    });
    assert.equal(other.status, 403);
    assert.match(other.body.error.message, /Origin https:\/\/evil\.example may not call/);
    // Refused before anything changed.
    assert.equal((await call(server, 'GET', '/campaigns/same-origin')).status, 200);
  });

  test('absent from the OpenAPI document', async () => {
    const doc = await call(server, 'GET', '/openapi.json');
    assert.equal(doc.status, 200);
    assert.ok(Object.keys(doc.body.paths).length > 5);
    assert.ok(!Object.keys(doc.body.paths).some((p) => p.startsWith('/console')));
  });

  test('QUESTBOARD_CONSOLE=0 turns it off; other values are refused', async () => {
    assert.equal(loadConfig([], {}).console, true);
    assert.equal(loadConfig([], { QUESTBOARD_CONSOLE: '0' }).console, false);
    assert.equal(loadConfig([], { QUESTBOARD_CONSOLE: 'false' }).console, false);
    assert.equal(loadConfig([], { QUESTBOARD_CONSOLE: '1' }).console, true);
    assert.throws(() => loadConfig([], { QUESTBOARD_CONSOLE: 'off' }), ConfigError);
    const off = await startTestServer({ console: false, consoleDir: join(root, 'console') });
    try {
      const page = await rawGet(off.url, '/console/');
      assert.equal(page.status, 404);
      assert.match(page.body, /No route GET \/console\//);
    } finally {
      await off.close();
    }
  });
});
