/// <reference types="node" />
// Test helpers (not shipped): the test-only contracts (an ERC-20 anyone may mint, a minimal
// ERC-1271 wallet) compiled from test-contracts/, deployment, and revert assertions.
import assert from 'node:assert/strict';
import type { TestClient } from '@questboard/rules/testing';
import {
  type Abi,
  type Address,
  BaseError,
  ContractFunctionRevertedError,
  getAddress,
  type Hex,
  parseAbi,
} from 'viem';
import { compile, readSources } from '../../scripts/solc.mjs';

export const testAbis = {
  erc20: parseAbi([
    'function mint(address to, uint256 amount)',
    'function balanceOf(address) view returns (uint256)',
    'function transfer(address to, uint256 amount) returns (bool)',
  ]),
  wallet: parseAbi([
    'constructor(address owner)',
    'function owner() view returns (address)',
    'function isValidSignature(bytes32 hash, bytes signature) view returns (bytes4)',
    'function execute(address target, bytes data) returns (bytes)',
  ]),
} as const;

let artifacts: ReturnType<typeof compile> | undefined;

/** The test-only contracts, compiled once per process (and cached across runs). */
export function testContracts(): { TestERC20: Hex; TestERC1271Wallet: Hex } {
  artifacts ??= compile(readSources('test-contracts'), { cache: true });
  return {
    TestERC20: artifacts.TestERC20!.bytecode,
    TestERC1271Wallet: artifacts.TestERC1271Wallet!.bytecode,
  };
}

/** Deploys a contract from anvil account #0 and waits for it. */
export async function deploy(
  client: TestClient,
  abi: Abi | readonly unknown[],
  bytecode: Hex,
  args: readonly unknown[] = [],
): Promise<Address> {
  const hash = await client.deployContract({ abi: abi as Abi, bytecode, args });
  const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 20 });
  if (receipt.status !== 'success' || !receipt.contractAddress)
    throw new Error('deployment reverted');
  return getAddress(receipt.contractAddress);
}

/**
 * Simulates a contract call (so a revert is refused before sending, with the decoded custom
 * error: anvil would otherwise mine the reverting transaction), then sends it.
 */
export async function write(
  client: TestClient,
  params: Parameters<TestClient['writeContract']>[0],
): Promise<Hex> {
  const { request } = await client.simulateContract(params as never);
  return client.writeContract(request as never);
}

/** Waits for a transaction and asserts it succeeded; returns its receipt. */
export async function mined(client: TestClient, hash: Promise<Hex> | Hex) {
  const receipt = await client.waitForTransactionReceipt({ hash: await hash, pollingInterval: 20 });
  assert.equal(receipt.status, 'success');
  return receipt;
}

/** Asserts that `call` is refused by the contract with the custom error `errorName`. */
export async function reverts(call: Promise<unknown>, errorName: string): Promise<void> {
  await assert.rejects(call, (error: unknown) => {
    const revert =
      error instanceof BaseError
        ? error.walk((e) => e instanceof ContractFunctionRevertedError)
        : null;
    assert.ok(
      revert instanceof ContractFunctionRevertedError,
      `expected the revert ${errorName}, got: ${error}`,
    );
    assert.equal(revert.data?.errorName, errorName, revert.shortMessage);
    return true;
  });
}

/** The latest block's timestamp, in seconds. */
export async function chainTime(client: TestClient): Promise<bigint> {
  return (await client.getBlock()).timestamp;
}

/** Moves the chain's clock forward by `seconds` and mines a block at the new time. */
export async function advance(client: TestClient, seconds: number): Promise<void> {
  await client.increaseTime({ seconds });
  await client.mine({ blocks: 1 });
}
