// The reference server as a campaign operator meets it: `@questboard/server` installed from npm,
// its bin started the way `npx questboard-server` starts it, and everything else done from the
// outside over HTTP, as the widget and the operator do. One line per step; exit code 1 with the
// reason (and the server's output) on the first failure. The server never outlives this script.
//
//   npm run check      (cwd: this folder, after npm install)
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, lstatSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { verifyCredential } from '@questboard/core';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { createSiweMessage } from 'viem/siwe';

const WAIT = 30_000;
const STOP = 10_000;
const DOMAIN = 'quests.example.org';
const ORIGIN = `https://${DOMAIN}`;
// 128 random bits, as the server requires of an admin key; the issuer key a production server needs.
const ADMIN_KEY = randomBytes(16).toString('hex');
const ISSUER_KEY = generatePrivateKey();
const ISSUER = privateKeyToAccount(ISSUER_KEY).address;
const TASK = { id: 'visit-site', kind: 'visit', title: 'Visit the site', points: 10 };
const campaign = {
  schemaVersion: 1,
  id: 'operator-check',
  title: 'Operator check',
  origins: [ORIGIN],
  tiers: [{ id: 'first', title: 'First', tasks: [{ ...TASK, url: 'https://example.com' }] }],
};

const t0 = Date.now();
const step = (text) => console.log(`✔ ${text}`);
const fail = (text) => {
  throw new Error(text);
};

// ── the child process ─────────────────────────────────────────────────────────────────────────
/** `node_modules/.bin/questboard-server` in this folder or above it, as npx looks it up. */
function installedBin() {
  const name = process.platform === 'win32' ? 'questboard-server.cmd' : 'questboard-server';
  for (let dir = process.cwd(); ; dir = dirname(dir)) {
    const bin = join(dir, 'node_modules', '.bin', name);
    if (existsSync(bin)) return bin;
    if (dirname(dir) === dir) fail(`no node_modules/.bin/${name} in ${process.cwd()} or above`);
  }
}

let child;
let output = '';
const logs = [];
let dataDir;
let spawnError;
const running = () => child && !spawnError && child.exitCode === null && child.signalCode === null;
const exited = (ms) =>
  new Promise((resolve) => {
    if (!running()) return resolve(true);
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
const serverOutput = () => `\n--- questboard-server output ---\n${output.trim()}\n---`;
process.on('exit', () => {
  if (running()) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, () => {
    if (running()) child.kill('SIGKILL');
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    process.exit(1);
  });

function start(bin) {
  // Only what this check sets: no PORT, DATABASE_URL or QUESTBOARD_* from the calling shell.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !/^(QUESTBOARD_|DATABASE_URL$|PORT$|HOST$|NODE_ENV$)/.test(key),
    ),
  );
  child = spawn(
    bin,
    ['--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir, '--log-level', 'info'],
    {
      env: {
        ...env,
        NODE_ENV: 'production',
        QUESTBOARD_ADMIN_KEY: ADMIN_KEY,
        QUESTBOARD_ISSUER_KEY: ISSUER_KEY,
        QUESTBOARD_SIWE_DOMAINS: DOMAIN,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: process.platform === 'win32',
    },
  );
  // A bin that cannot be run (ENOENT, EACCES) is reported by waitFor, not thrown past cleanup.
  child.once('error', (error) => {
    spawnError = error;
  });
  let pending = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop();
    for (const line of lines) {
      try {
        logs.push(JSON.parse(line));
      } catch {
        // not a log line; kept in `output`
      }
    }
  });
  child.stderr.on('data', (chunk) => (output += chunk));
}

/** Polls `probe` until it returns something truthy; fails after `ms` or when the server exits. */
async function waitFor(what, probe, ms = WAIT) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (spawnError) fail(`the server could not be started: ${spawnError.message}`);
    if (!running())
      fail(`the server exited (${child.exitCode ?? child.signalCode}) before ${what}`);
    const value = await probe();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  fail(`no ${what} within ${ms / 1000} s`);
}

// ── HTTP ──────────────────────────────────────────────────────────────────────────────────────
let base;
async function call(method, path, { headers = {}, body } = {}) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    signal: AbortSignal.timeout(WAIT),
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}
function expect(reply, status, what) {
  if (reply.status !== status) fail(`${what}: ${reply.status}, expected ${status}: ${reply.text}`);
  return reply.json;
}
/** A refusal: the status, a JSON body `{ error: { code, message } }`. */
function expectError(reply, status, what) {
  if (reply.status !== status) fail(`${what}: ${reply.status}, expected ${status}: ${reply.text}`);
  if (!reply.headers.get('content-type')?.includes('application/json'))
    fail(`${what}: content-type ${reply.headers.get('content-type')}, not JSON`);
  const error = reply.json?.error;
  if (typeof error?.code !== 'string' || typeof error?.message !== 'string')
    fail(`${what}: the body is not { error: { code, message } }: ${reply.text}`);
  return error;
}

// ── the check ─────────────────────────────────────────────────────────────────────────────────
async function main() {
  // 1. The installed bin (a real copy of the tarball, not a link into some source tree).
  const bin = installedBin();
  const require = createRequire(join(process.cwd(), 'package.json'));
  const pkgJson = require.resolve('@questboard/server/package.json');
  const pkgDir = dirname(realpathSync(pkgJson));
  // A workspace link into a source tree would pass the realpath test below: the package itself
  // must be an installed copy.
  if (lstatSync(dirname(pkgJson)).isSymbolicLink())
    fail(
      `@questboard/server is a link (${dirname(pkgJson)} → ${pkgDir}), not an installed tarball`,
    );
  if (!realpathSync(bin).startsWith(pkgDir + sep))
    fail(`${bin} → ${realpathSync(bin)}, not inside the installed @questboard/server (${pkgDir})`);
  const { version } = require('@questboard/server/package.json');
  dataDir = mkdtempSync(join(tmpdir(), 'questboard-server-check-'));
  start(bin);
  const listening = await waitFor('"listening" log line', () =>
    logs.find((l) => l.msg === 'listening'),
  );
  base = listening.url;
  await waitFor(`GET ${base}/ready → 200`, async () => {
    try {
      return (await fetch(`${base}/ready`, { signal: AbortSignal.timeout(2_000) })).ok;
    } catch {
      return false;
    }
  });
  if (listening.store !== 'pglite') fail(`store is "${listening.store}", expected "pglite"`);
  if (listening.issuer?.toLowerCase() !== ISSUER.toLowerCase())
    fail(`the listening line names issuer ${listening.issuer}, expected ${ISSUER}`);
  step(
    `started the installed questboard-server ${version} (pid ${child.pid}, PGlite in ${dataDir}): ready at ${base} after ${Date.now() - t0} ms, issuer ${ISSUER}`,
  );

  // 2. Native crypto from a plain tarball install: the packages' prebuilds, loaded at runtime
  //    (whether or not npm ran their install scripts).
  const backends = `signer "${listening.signer}", keccak "${listening.keccak}"`;
  if (process.platform === 'linux' && process.arch === 'x64') {
    if (listening.signer !== 'native' || listening.keccak !== 'native')
      fail(`${backends} on linux-x64, expected both "native"`);
    step(`native crypto loaded: ${backends}`);
  } else step(`crypto backends on ${process.platform}-${process.arch}: ${backends}`);

  // 3. Publish a campaign through the admin API.
  const admin = { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' };
  expect(
    await call('POST', '/campaigns', { headers: admin, body: campaign }),
    201,
    'POST /campaigns',
  );
  const published = expect(await call('GET', `/campaigns/${campaign.id}`), 200, 'GET campaign');
  if (published.tiers?.[0]?.tasks?.[0]?.id !== TASK.id)
    fail(
      `GET /campaigns/${campaign.id} does not list task ${TASK.id}: ${JSON.stringify(published)}`,
    );
  step(`published campaign "${campaign.id}" (one tier, one visit task) with the admin key`);

  // 4. Sign in like the widget: nonce, EIP-4361 message, signature, session token.
  const wallet = privateKeyToAccount(generatePrivateKey());
  const { nonce } = expect(await call('POST', '/auth/nonce'), 201, 'POST /auth/nonce');
  const message = createSiweMessage({
    domain: DOMAIN,
    address: wallet.address,
    uri: ORIGIN,
    version: '1',
    chainId: 1,
    nonce,
    issuedAt: new Date(),
  });
  const signature = await wallet.signMessage({ message });
  const session = expect(
    await call('POST', '/auth/verify', {
      headers: { 'content-type': 'application/json', origin: ORIGIN },
      body: { message, signature },
    }),
    200,
    'POST /auth/verify',
  );
  if (typeof session.token !== 'string' || session.address !== wallet.address)
    fail(`POST /auth/verify answered ${JSON.stringify(session)}`);
  step(`signed in with SIWE as ${wallet.address} from ${ORIGIN}`);

  // 5. Verify the task: a credential anyone can check offline; the same key replays the answer.
  const verifyPath = `/campaigns/${campaign.id}/tasks/${TASK.id}/verify`;
  const verifyHeaders = {
    authorization: `Bearer ${session.token}`,
    'idempotency-key': randomUUID(),
    'content-type': 'application/json',
    origin: ORIGIN,
  };
  const first = await call('POST', verifyPath, { headers: verifyHeaders, body: {} });
  const answer = expect(first, 200, `POST ${verifyPath}`);
  if (answer.ok !== true || answer.firstCompletion !== true || !answer.credential)
    fail(`the verify answer is not a first completion with a credential: ${first.text}`);
  const checked = await verifyCredential(answer.credential, {
    issuers: [ISSUER],
    recipient: wallet.address,
    campaignId: campaign.id,
    taskId: TASK.id,
  });
  if (!checked.valid)
    fail(`verifyCredential refused the credential: ${checked.reason}: ${checked.message}`);
  const stranger = privateKeyToAccount(generatePrivateKey()).address;
  const otherIssuer = await verifyCredential(answer.credential, { issuers: [stranger] });
  if (otherIssuer.valid || otherIssuer.reason !== 'UNTRUSTED_ISSUER')
    fail(
      `verifyCredential for another issuer: ${otherIssuer.valid ? 'accepted' : otherIssuer.reason}, expected UNTRUSTED_ISSUER`,
    );
  step(
    `verified task "${TASK.id}": credential ${answer.credential.uid.slice(0, 10)}… valid for issuer, recipient, campaign and task (refused for another issuer: ${otherIssuer.reason})`,
  );

  const replay = await call('POST', verifyPath, { headers: verifyHeaders, body: {} });
  expect(replay, 200, `POST ${verifyPath} again, same Idempotency-Key`);
  // The same answer, byte for byte (the server keeps the JSON text it first sent).
  if (replay.text !== first.text)
    fail(`the replay differs from the first answer:\n${first.text}\n${replay.text}`);
  if (replay.headers.get('idempotent-replayed') !== 'true')
    fail(`the replay has Idempotent-Replayed: ${replay.headers.get('idempotent-replayed')}`);
  const progress = expect(
    await call('GET', `/campaigns/${campaign.id}/progress/${wallet.address}`),
    200,
    'GET progress',
  );
  const done = Object.keys(progress.completed ?? {});
  if (done.length !== 1 || done[0] !== TASK.id || progress.points !== TASK.points)
    fail(
      `progress after the replay: completed ${JSON.stringify(done)}, ${progress.points} points; expected ["${TASK.id}"], ${TASK.points}`,
    );
  step(
    `the same Idempotency-Key replays the first answer (byte-identical, Idempotent-Replayed: true); progress counts the task once (${progress.points} points)`,
  );

  // 6. Hostile requests are refused cleanly: the right status and a JSON error body.
  const hostile = (headers) =>
    call('POST', verifyPath, {
      headers: { ...verifyHeaders, 'idempotency-key': randomUUID(), ...headers },
      body: {},
    });
  const malformed = expectError(
    await hostile({ authorization: 'Bearer not-a-session' }),
    401,
    'verify with a malformed token',
  );
  const forged = expectError(
    await hostile({ authorization: `Bearer ${randomBytes(32).toString('base64url')}` }),
    401,
    'verify with a well-formed token the server never issued',
  );
  const foreign = expectError(
    await hostile({ origin: 'https://evil.example' }),
    403,
    'verify from an origin the campaign does not list',
  );
  step(
    `refused with JSON errors: a malformed token (401 ${malformed.code}), a forged token (401 ${forged.code}), a foreign origin (403 ${foreign.code})`,
  );

  // 7. SIGTERM: a clean stop, exit code 0.
  const stopping = Date.now();
  child.kill('SIGTERM');
  if (!(await exited(STOP))) fail(`the server did not exit within ${STOP / 1000} s of SIGTERM`);
  if (child.exitCode !== 0)
    fail(`the server exited with ${child.exitCode ?? child.signalCode} after SIGTERM`);
  if (!existsSync(join(dataDir, 'pgdata'))) fail(`no PGlite files in ${dataDir}/pgdata`);
  step(`SIGTERM: exited 0 in ${Date.now() - stopping} ms, PGlite files were in ${dataDir}/pgdata`);
}

let failed = false;
try {
  await main();
} catch (error) {
  failed = true;
  console.error(`✖ ${error.message}${child ? serverOutput() : ''}`);
} finally {
  if (running()) {
    child.kill('SIGKILL');
    await exited(STOP);
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
if (!failed) console.log(`questboard-server checked in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
process.exit(failed ? 1 : 0);
