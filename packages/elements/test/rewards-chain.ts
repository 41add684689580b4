/**
 * The reward contracts on the test runner's anvil, deployed from the browser through anvil's
 * unlocked dev account #0 (the operator): a QuestBadge with tiers set, a QuestDrop of the test
 * ERC-20 with a published round. Vouchers are signed by a fresh issuer key with core's
 * `createBadgeVoucher` + `signBadgeVoucher`, the functions the server signs with.
 */
import {
  questBadgeAbi,
  questBadgeBytecode,
  questDropAbi,
  questDropBytecode,
} from '@questboard/contracts';
import {
  badgeVoucherToJson,
  createBadgeVoucher,
  type RewardDelivery,
  rewardKey,
  signBadgeVoucher,
  type TokenProof,
} from '@questboard/core';
import {
  type Abi,
  concat,
  decodeFunctionResult,
  encodeAbiParameters,
  encodeDeployData,
  encodeFunctionData,
  type Hex,
  keccak256,
  parseAbi,
} from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { rpc } from './chain-wallet.js';

/** The chain the test runner started (anvil + the rules test contracts), see web-test-runner.config.mjs. */
export interface TestChain {
  rpcUrl: string;
  chainId: number;
  /** A test ERC-20 anyone may mint. */
  erc20: Hex;
  accounts: Hex[];
}

export const testChain = async (): Promise<TestChain> => (await fetch('/__chain.json')).json();

const erc20Abi = parseAbi([
  'function mint(address to, uint256 amount)',
  'function balanceOf(address) view returns (uint256)',
]);

const key = rewardKey;

async function receipt(chain: TestChain, hash: Hex) {
  for (;;) {
    const r = (await rpc(chain.rpcUrl, 'eth_getTransactionReceipt', [hash])) as {
      status: Hex;
      contractAddress: Hex | null;
    } | null;
    if (r) {
      if (r.status !== '0x1') throw new Error(`transaction ${hash} reverted`);
      return r;
    }
    await new Promise((resolve) => setTimeout(resolve, 20)); // polling, not a wait for time
  }
}

/** Sends a transaction from an unlocked anvil account and waits for it. */
export async function transact(chain: TestChain, from: Hex, to: Hex | null, data: Hex) {
  const hash = (await rpc(chain.rpcUrl, 'eth_sendTransaction', [
    { from, ...(to ? { to } : {}), data, gas: '0x1c9c380' },
  ])) as Hex;
  return receipt(chain, hash);
}

export async function read<T>(
  chain: TestChain,
  abi: Abi,
  to: Hex,
  functionName: string,
  args: unknown[],
) {
  const data = encodeFunctionData({ abi, functionName, args } as never);
  const result = (await rpc(chain.rpcUrl, 'eth_call', [{ to, data }, 'latest'])) as Hex;
  return decodeFunctionResult({ abi, functionName, data: result } as never) as T;
}

async function deploy(chain: TestChain, abi: Abi, bytecode: Hex, args: unknown[]): Promise<Hex> {
  const data = encodeDeployData({ abi, bytecode, args } as never);
  const r = await transact(chain, chain.accounts[0]!, null, data);
  return r.contractAddress!;
}

async function now(chain: TestChain): Promise<bigint> {
  const block = (await rpc(chain.rpcUrl, 'eth_getBlockByNumber', ['latest', false])) as {
    timestamp: Hex;
  };
  return BigInt(block.timestamp);
}

/** A QuestBadge whose issuer is a fresh key, with the tier `tierId` of `campaignId` set. */
export async function deployBadge(chain: TestChain, campaignId: string, tierIds: string[]) {
  const issuerKey = generatePrivateKey();
  const issuer = privateKeyToAccount(issuerKey);
  const owner = chain.accounts[0]!;
  const contract = await deploy(chain, questBadgeAbi as Abi, questBadgeBytecode, [
    'Quest badges',
    'QUEST',
    owner,
    issuer.address,
  ]);
  for (const tierId of tierIds)
    await transact(
      chain,
      owner,
      contract,
      encodeFunctionData({
        abi: questBadgeAbi,
        functionName: 'setTier',
        args: [key(campaignId), key(tierId), `Badge ${tierId}`, 'https://example.org/badge.png'],
      }),
    );

  /** A voucher for `to` signed as the server signs it, valid now (or expired an hour ago). */
  async function voucher(
    to: Hex,
    tierId: string,
    options: { expired?: boolean } = {},
  ): Promise<Extract<RewardDelivery, { kind: 'badge' }>> {
    const t = Number(await now(chain));
    const made = createBadgeVoucher({
      to,
      campaignId,
      tierId,
      now: (options.expired ? t - 7200 : t) * 1000,
      ttlSeconds: 3600,
    });
    const signature = await signBadgeVoucher(
      issuer,
      { chainId: chain.chainId, address: contract },
      made,
    );
    return {
      kind: 'badge',
      chainId: chain.chainId,
      contract,
      voucher: badgeVoucherToJson(made),
      signature,
    };
  }

  const badgeOf = (account: Hex, tierId: string) =>
    read<bigint>(chain, questBadgeAbi as Abi, contract, 'badgeOf', [
      account,
      key(campaignId),
      key(tierId),
    ]);

  /** `issuerKey`: the contract's issuer (for a dev-issuer memory backend). */
  return { contract, issuerKey, voucher, badgeOf };
}

const leaf = (account: Hex, amount: bigint) =>
  keccak256(
    keccak256(encodeAbiParameters([{ type: 'address' }, { type: 'uint256' }], [account, amount])),
  );
const pair = (a: Hex, b: Hex) => keccak256(BigInt(a) < BigInt(b) ? concat([a, b]) : concat([b, a]));

/**
 * A funded QuestDrop of the test ERC-20 with one published round of two accounts (the standard
 * OpenZeppelin merkle tree of two leaves: the root is their sorted pair hash, each proof the
 * other leaf).
 */
export async function deployDrop(chain: TestChain, rows: [Hex, bigint][]) {
  if (rows.length !== 2) throw new Error('deployDrop builds a round of exactly two accounts');
  const owner = chain.accounts[0]!;
  const end = (await now(chain)) + 86_400n;
  const contract = await deploy(chain, questDropAbi as Abi, questDropBytecode, [
    chain.erc20,
    owner,
    end,
  ]);
  const total = rows.reduce((sum, [, amount]) => sum + amount, 0n);
  await transact(
    chain,
    owner,
    chain.erc20,
    encodeFunctionData({ abi: erc20Abi, functionName: 'mint', args: [contract, total] }),
  );
  const leaves = rows.map(([account, amount]) => leaf(account, amount));
  const root = pair(leaves[0]!, leaves[1]!);
  await transact(
    chain,
    owner,
    contract,
    encodeFunctionData({ abi: questDropAbi, functionName: 'publishRoot', args: [root] }),
  );
  const proofOf = (account: Hex): TokenProof => {
    const i = rows.findIndex(([a]) => a.toLowerCase() === account.toLowerCase());
    if (i < 0) throw new Error(`${account} is not in the round`);
    return { round: 1, root, amount: rows[i]![1].toString(), proof: [leaves[1 - i]!] };
  };
  const claimed = (account: Hex) =>
    read<bigint>(chain, questDropAbi as Abi, contract, 'claimed', [account]);
  const balanceOf = (account: Hex) =>
    read<bigint>(chain, erc20Abi, chain.erc20, 'balanceOf', [account]);
  return { contract, proofOf, claimed, balanceOf };
}
