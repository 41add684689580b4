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
//
// `publishRoot(options)` is the same, in-process (scripts/demo.mjs publishes each demo round
// with it): it resolves with that object and throws an Error with the same message instead of
// exiting.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import { questDropAbi, questDropLeafEncoding } from '@questboard/contracts';
import { createPublicClient, createWalletClient, erc20Abi, http, isAddress, isHex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';

/** The root and the total (cumulative) a round dump pays; throws when it is not a QuestDrop dump. */
function loadDump(dump) {
  if (JSON.stringify(dump?.leafEncoding) !== JSON.stringify(questDropLeafEncoding))
    throw new Error(`the leaf encoding is not ${JSON.stringify(questDropLeafEncoding)}`);
  const tree = StandardMerkleTree.load(dump);
  tree.validate();
  let total = 0n;
  for (const [, [, amount]] of tree.entries()) total += BigInt(amount);
  return { root: tree.root, total };
}

/**
 * Publishes a round's root to a QuestDrop with the owner key (the script's checks, in-process).
 *
 * @param {{ rpc: string, drop: string, key: string, dump?: unknown, root?: string, dryRun?: boolean, log?: (line: string) => void }} options
 *   `dump`: the parsed tree dump (or `root`, not both); `log` gets the lines printed before the result.
 * @returns {Promise<{ drop: string, chainId: number, root: string, round: number, status: 'published' | 'already-published' | 'dry-run', tx?: string }>}
 */
export async function publishRoot(options) {
  const { rpc, drop: address, key, dryRun = false, log = () => {} } = options;
  if (!rpc || !/^https?:\/\//.test(rpc)) throw new Error('--rpc <http(s) URL> is required');
  if (!address || !isAddress(address)) throw new Error('--drop <QuestDrop address> is required');
  if ((options.dump === undefined) === (options.root === undefined))
    throw new Error('give exactly one of --dump <file> or --root <0x…>');
  if (!key || !isHex(key) || key.length !== 66)
    throw new Error('set QB_OWNER_KEY to the owner key (0x and 64 hex digits)');
  let root = options.root;
  let total;
  if (options.dump !== undefined) ({ root, total } = loadDump(options.dump));
  else if (!isHex(root) || root.length !== 66)
    throw new Error('--root must be 0x and 64 hex digits');

  const account = privateKeyToAccount(key);
  const transport = http(rpc);
  const client = createPublicClient({ transport });
  const read = (functionName, args = []) =>
    client.readContract({ address, abi: questDropAbi, functionName, args });
  try {
    const chainId = await client.getChainId();
    if (!(await client.getCode({ address })))
      throw new Error(`no contract at ${address} on chain ${chainId}`);
    const [owner, current, round, endTime, token, block] = await Promise.all([
      read('owner'),
      read('merkleRoot'),
      read('round'),
      read('endTime'),
      read('token'),
      client.getBlock(),
    ]);
    if (owner.toLowerCase() !== account.address.toLowerCase())
      throw new Error(`the key is ${account.address}, but the drop's owner is ${owner}`);
    if (block.timestamp >= endTime)
      throw new Error(
        `the drop ended at ${new Date(Number(endTime) * 1000).toISOString()}: no new root`,
      );
    const summary = { drop: address, chainId, root, round: Number(round) };
    if (total !== undefined) {
      const balance = await client.readContract({
        address: token,
        abi: erc20Abi,
        functionName: 'balanceOf',
        args: [address],
      });
      log(`round pays ${total} in total (cumulative); the drop holds ${balance} of ${token}`);
    }
    if (current.toLowerCase() === root.toLowerCase()) {
      log(`${root} is already the drop's root (round ${round}): nothing sent`);
      return { ...summary, status: 'already-published' };
    }
    if (dryRun) return { ...summary, round: Number(round) + 1, status: 'dry-run' };
    const wallet = createWalletClient({ account, transport });
    const { request } = await client.simulateContract({
      account,
      address,
      abi: questDropAbi,
      functionName: 'publishRoot',
      args: [root],
    });
    const hash = await wallet.writeContract({ ...request, chain: null });
    const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 50 });
    if (receipt.status !== 'success') throw new Error(`publishRoot reverted in ${hash}`);
    const published = await read('round');
    return { ...summary, round: Number(published), status: 'published', tx: hash };
  } catch (error) {
    throw new Error(error.shortMessage ?? error.message);
  }
}

async function main() {
  const fail = (message) => {
    console.error(`publish-root: ${message}`);
    process.exit(1);
  };
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
  let dump;
  if (values.dump) {
    try {
      dump = JSON.parse(readFileSync(values.dump, 'utf8'));
      loadDump(dump);
    } catch (error) {
      fail(`${values.dump} is not a QuestDrop round dump: ${error.message}`);
    }
  }
  try {
    const result = await publishRoot({
      rpc: values.rpc,
      drop: values.drop,
      key,
      ...(dump !== undefined ? { dump } : { root: values.root }),
      dryRun: values['dry-run'],
      log: (line) => console.log(line),
    });
    console.log(JSON.stringify(result));
  } catch (error) {
    fail(error.message);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
