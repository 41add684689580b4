import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { compile, packageDir, readSources } from '../scripts/solc.mjs';
import { questBadgeAbi, questBadgeBytecode, questDropAbi, questDropBytecode } from './index.js';

describe('generated constants', () => {
  const artifacts = compile(readSources('contracts'), { cache: true });

  it('match what solc compiles from contracts/*.sol today', () => {
    assert.deepEqual(questBadgeAbi, artifacts.QuestBadge?.abi);
    assert.equal(questBadgeBytecode, artifacts.QuestBadge?.bytecode);
    assert.deepEqual(questDropAbi, artifacts.QuestDrop?.abi);
    assert.equal(questDropBytecode, artifacts.QuestDrop?.bytecode);
  });

  it('are what the tarball ships, with the Solidity sources and no test contract', () => {
    const packed = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: packageDir,
      encoding: 'utf8',
    });
    assert.equal(packed.status, 0, packed.stderr);
    const files: string[] = JSON.parse(packed.stdout)[0].files.map((f: { path: string }) => f.path);
    for (const f of ['contracts/QuestBadge.sol', 'contracts/QuestDrop.sol', 'src/index.ts'])
      assert.ok(files.includes(f), `${f} missing from ${files.join(', ')}`);
    const leaked = files.filter((f) => /test|ERC1271|ERC20/i.test(f));
    assert.deepEqual(leaked, []);
  });
});
