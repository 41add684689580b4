#!/usr/bin/env node
// Publishes a distribution round's merkle root to a QuestDrop contract with the owner's key.
//
//   QB_OWNER_KEY=0x… node scripts/publish-root.mjs --rpc <url> --drop <address> --dump <round.json>
//   QB_OWNER_KEY=0x… node scripts/publish-root.mjs --rpc <url> --drop <address> --root <0x…32 bytes>
//
// --dump is the round's tree dump as the server stores and serves it (StandardMerkleTree.dump(),
// leaf encoding ["address","uint256"]); its root is recomputed and the tree checked, so a
// corrupted file is refused. --dry-run checks everything and sends nothing.
// The key comes from the environment only (a command line is visible to every local user).
// Before sending it checks that the key is the contract's owner, that the drop has not ended,
// and, from a dump, prints how much the round pays in total against the drop's balance.
// Publishing the root already on chain sends nothing and succeeds (closing twice is a no-op).
// The last line printed is one JSON object: { drop, root, round, status, tx? }.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import { questDropAbi, questDropLeafEncoding } from '@questboard/contracts';
import { createPublicClient, createWalletClient, erc20Abi, http, isAddress, isHex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';

function fail(message) {
  console.error(`publish-root: ${message}`);
  process.exit(1);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      rpc: { type: 'string' },
      drop: { type: 'string' },
      dump: { type: 'string' },
      root: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
    },
    strict: true,
  }));
} catch (error) {
  fail(error.message);
}
if (!values.rpc || !/^https?:\/\//.test(values.rpc)) fail('--rpc <http(s) URL> is required');
if (!values.drop || !isAddress(values.drop)) fail('--drop <QuestDrop address> is required');
if (!!values.dump === !!values.root) fail('give exactly one of --dump <file> or --root <0x…>');
const key = process.env.QB_OWNER_KEY;
if (!key || !isHex(key) || key.length !== 66)
  fail('set QB_OWNER_KEY to the owner key (0x and 64 hex digits)');

let root = values.root;
let total;
if (values.dump) {
  try {
    const dump = JSON.parse(readFileSync(values.dump, 'utf8'));
    if (JSON.stringify(dump.leafEncoding) !== JSON.stringify(questDropLeafEncoding))
      throw new Error(`the leaf encoding is not ${JSON.stringify(questDropLeafEncoding)}`);
    const tree = StandardMerkleTree.load(dump);
    tree.validate();
    root = tree.root;
    total = 0n;
    for (const [, [, amount]] of tree.entries()) total += BigInt(amount);
  } catch (error) {
    fail(`${values.dump} is not a QuestDrop round dump: ${error.message}`);
  }
} else if (!isHex(root) || root.length !== 66) fail('--root must be 0x and 64 hex digits');

const account = privateKeyToAccount(key);
const transport = http(values.rpc);
const client = createPublicClient({ transport });
const address = values.drop;
const read = (functionName, args = []) =>
  client.readContract({ address, abi: questDropAbi, functionName, args });

try {
  const chainId = await client.getChainId();
  if (!(await client.getCode({ address }))) fail(`no contract at ${address} on chain ${chainId}`);
  const [owner, current, round, endTime, token, block] = await Promise.all([
    read('owner'),
    read('merkleRoot'),
    read('round'),
    read('endTime'),
    read('token'),
    client.getBlock(),
  ]);
  if (owner.toLowerCase() !== account.address.toLowerCase())
    fail(`the key is ${account.address}, but the drop's owner is ${owner}`);
  if (block.timestamp >= endTime)
    fail(`the drop ended at ${new Date(Number(endTime) * 1000).toISOString()}: no new root`);
  const summary = { drop: address, chainId, root, round: Number(round) };
  if (total !== undefined) {
    const balance = await client.readContract({
      address: token,
      abi: erc20Abi,
      functionName: 'balanceOf',
      args: [address],
    });
    console.log(`round pays ${total} in total (cumulative); the drop holds ${balance} of ${token}`);
  }
  if (current.toLowerCase() === root.toLowerCase()) {
    console.log(`${root} is already the drop's root (round ${round}): nothing sent`);
    console.log(JSON.stringify({ ...summary, status: 'already-published' }));
    process.exit(0);
  }
  if (values['dry-run']) {
    console.log(JSON.stringify({ ...summary, round: Number(round) + 1, status: 'dry-run' }));
    process.exit(0);
  }
  const wallet = createWalletClient({ account, transport });
  const { request } = await client.simulateContract({
    account,
    address,
    abi: questDropAbi,
    functionName: 'publishRoot',
    args: [root],
  });
  const hash = await wallet.writeContract({ ...request, chain: null });
  const receipt = await client.waitForTransactionReceipt({ hash });
  if (receipt.status !== 'success') fail(`publishRoot reverted in ${hash}`);
  const published = await read('round');
  console.log(
    JSON.stringify({ ...summary, round: Number(published), status: 'published', tx: hash }),
  );
} catch (error) {
  fail(error.shortMessage ?? error.message);
}
