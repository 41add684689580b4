import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import {
  ANVIL_ACCOUNTS,
  type AnvilNode,
  startAnvil,
  type TestClient,
  testClient,
} from '@questboard/rules/testing';
import type { Address, Hex } from 'viem';
import { generatePrivateKey } from 'viem/accounts';
import { questDropAbi, questDropBytecode, questDropLeafEncoding } from './index.js';
import { chainTime, deploy, testAbis, testContracts } from './testing/index.js';

const script = fileURLToPath(new URL('../../../scripts/publish-root.mjs', import.meta.url));
// anvil's well-known dev key of account #0 (local chains only): the drop's owner here.
const OWNER_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const [owner, alice, bob] = ANVIL_ACCOUNTS as [Address, Address, Address];

function run(args: string[], key: string | undefined) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const env = { ...process.env };
    if (key) env.QB_OWNER_KEY = key;
    else delete env.QB_OWNER_KEY;
    const child = spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', script, ...args],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}
const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1)!);

describe('scripts/publish-root.mjs on anvil', () => {
  let node: AnvilNode;
  let client: TestClient;
  let drop: Address;
  let dir: string;
  let dumpFile: string;
  let root: Hex;

  before(async () => {
    node = await startAnvil();
    client = testClient(node.rpcUrl, node.chainId);
    const token = await deploy(client, testAbis.erc20, testContracts().TestERC20);
    const end = (await chainTime(client)) + 86_400n;
    drop = await deploy(client, questDropAbi, questDropBytecode, [token, owner, end]);
    const tree = StandardMerkleTree.of(
      [
        [alice, '100'],
        [bob, '250'],
      ],
      [...questDropLeafEncoding],
    );
    root = tree.root as Hex;
    dir = mkdtempSync(join(tmpdir(), 'qb-publish-'));
    dumpFile = join(dir, 'round.json');
    writeFileSync(dumpFile, JSON.stringify(tree.dump()));
  });
  after(async () => {
    await node?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const onChainRoot = () =>
    client.readContract({ address: drop, abi: questDropAbi, functionName: 'merkleRoot' });

  it('refuses without a key, with a key that is not the owner, and with a tampered dump', async () => {
    const args = ['--rpc', node.rpcUrl, '--drop', drop, '--dump', dumpFile];
    const tampered = join(dir, 'tampered.json');
    const dump = StandardMerkleTree.of([[alice, '100']], [...questDropLeafEncoding]).dump();
    dump.values[0]!.value[1] = '1000000';
    writeFileSync(tampered, JSON.stringify(dump));
    const [noKey, notOwner, bad, both] = await Promise.all([
      run(args, undefined),
      run(args, generatePrivateKey()),
      run(['--rpc', node.rpcUrl, '--drop', drop, '--dump', tampered], OWNER_KEY),
      run([...args, '--root', root], OWNER_KEY),
    ]);
    assert.equal(noKey.code, 1);
    assert.match(noKey.stderr, /QB_OWNER_KEY/);
    assert.equal(notOwner.code, 1);
    assert.match(notOwner.stderr, /the drop's owner is 0xf39F/i);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /not a QuestDrop round dump/);
    assert.equal(both.code, 1);
    assert.match(both.stderr, /exactly one of --dump/);
    assert.equal(await onChainRoot(), `0x${'0'.repeat(64)}`);
  });

  it('checks with --dry-run and sends nothing', async () => {
    const dry = await run(
      ['--rpc', node.rpcUrl, '--drop', drop, '--dump', dumpFile, '--dry-run'],
      OWNER_KEY,
    );
    assert.equal(dry.code, 0, dry.stderr);
    assert.deepEqual(lastJson(dry.stdout), {
      drop,
      chainId: node.chainId,
      root,
      round: 1,
      status: 'dry-run',
    });
    assert.match(dry.stdout, /round pays 350 in total/);
    assert.equal(await onChainRoot(), `0x${'0'.repeat(64)}`);
  });

  it('publishes the dump root once; publishing it again sends nothing', async () => {
    const first = await run(['--rpc', node.rpcUrl, '--drop', drop, '--dump', dumpFile], OWNER_KEY);
    assert.equal(first.code, 0, first.stderr);
    const out = lastJson(first.stdout);
    assert.equal(out.status, 'published');
    assert.equal(out.round, 1);
    assert.match(out.tx, /^0x[0-9a-f]{64}$/);
    assert.equal(await onChainRoot(), root);

    const again = await run(['--rpc', node.rpcUrl, '--drop', drop, '--root', root], OWNER_KEY);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(lastJson(again.stdout).status, 'already-published');
    assert.equal(
      await client.readContract({ address: drop, abi: questDropAbi, functionName: 'round' }),
      1n,
    );
  });
});
