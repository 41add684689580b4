/// <reference types="node" />
// Test fixture: compiles packages/rules/test-contracts/*.sol with solc (npm) once, caches the
// artifacts in node_modules/.cache, and deploys them to an anvil node.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Abi,
  type Account,
  type Address,
  type Chain,
  type Client,
  createTestClient,
  type Hex,
  http,
  type PublicActions,
  parseAbi,
  publicActions,
  type TestActions,
  type TestRpcSchema,
  type Transport,
  type WalletActions,
  walletActions,
} from 'viem';
import { foundry } from 'viem/chains';

export interface Artifact {
  abi: Abi;
  bytecode: Hex;
}

export type ContractName = 'TestToken' | 'TestNFT' | 'TestMultiToken' | 'TestPool' | 'Multicall3';

/** The canonical Multicall3 address; the fixtures put a Multicall3 there on anvil. */
export const MULTICALL3_ADDRESS: Address = '0xcA11bde05977b3631167028862bE2a173976CA11';

/** anvil's first ten dev accounts (unlocked on a local node only). */
export const ANVIL_ACCOUNTS: readonly Address[] = [
  '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
  '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC',
  '0x90F79bf6EB2c4f870365E785982E1f101E93b906',
  '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65',
  '0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc',
  '0x976EA74026E726554dB657fA54763abd0C3a0aa9',
  '0x14dC79964da2C08b23698B3D3cc7Ca32193d9955',
  '0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f',
  '0xa0Ee7A142d267C1f36714E4a8F75612F20a79720',
];

export const abis = {
  erc20: parseAbi([
    'function mint(address to, uint256 amount)',
    'function transfer(address to, uint256 amount) returns (bool)',
    'function balanceOf(address) view returns (uint256)',
  ]),
  erc721: parseAbi([
    'function mint(address to, uint256 tokenId)',
    'function transferFrom(address from, address to, uint256 tokenId)',
  ]),
  erc1155: parseAbi(['function mint(address to, uint256 id, uint256 amount)']),
  pool: parseAbi([
    'function swap(address recipient, int256 amount0, int256 amount1)',
    'function stake(uint256 amount)',
    'event Swap(address indexed sender, address indexed recipient, int256 amount0, int256 amount1, uint160 sqrtPriceX96)',
  ]),
} as const;

const here = dirname(fileURLToPath(import.meta.url));

function sourcesDir(): string {
  // src/testing → package root → test-contracts (also right for dist/testing).
  return join(here, '..', '..', 'test-contracts');
}

function cacheDir(): string {
  if (process.env.QUESTBOARD_SOLC_CACHE) return process.env.QUESTBOARD_SOLC_CACHE;
  let dir = here;
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(dir, 'node_modules')))
      return join(dir, 'node_modules', '.cache', 'questboard-rules');
    dir = dirname(dir);
  }
  return join(tmpdir(), 'questboard-rules-cache');
}

let compiled: Record<ContractName, Artifact> | undefined;

/**
 * Compiles the test contracts with the solc npm package, or loads the cached artifacts
 * when the sources and the compiler have not changed.
 */
export function compileContracts(): Record<ContractName, Artifact> {
  if (compiled) return compiled;
  const dir = sourcesDir();
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.sol'))
    .sort();
  const sources: Record<string, { content: string }> = {};
  for (const f of files) sources[f] = { content: readFileSync(join(dir, f), 'utf8') };
  const require = createRequire(import.meta.url);
  const solcVersion = (require('solc/package.json') as { version: string }).version;
  const hash = createHash('sha256')
    .update(solcVersion)
    .update(JSON.stringify(sources))
    .digest('hex')
    .slice(0, 16);
  const cacheFile = join(cacheDir(), `artifacts-${hash}.json`);
  if (existsSync(cacheFile)) {
    compiled = JSON.parse(readFileSync(cacheFile, 'utf8'));
    return compiled!;
  }
  const solc = require('solc') as { compile(input: string): string };
  const input = {
    language: 'Solidity',
    sources,
    settings: {
      optimizer: { enabled: true, runs: 200 },
      evmVersion: 'cancun',
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
    },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input))) as {
    errors?: { severity: string; formattedMessage: string }[];
    contracts: Record<string, Record<string, { abi: Abi; evm: { bytecode: { object: string } } }>>;
  };
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length > 0)
    throw new Error(`solc failed:\n${errors.map((e) => e.formattedMessage).join('\n')}`);
  const out = {} as Record<ContractName, Artifact>;
  for (const file of Object.values(output.contracts)) {
    for (const [name, c] of Object.entries(file)) {
      out[name as ContractName] = { abi: c.abi, bytecode: `0x${c.evm.bytecode.object}` };
    }
  }
  mkdirSync(cacheDir(), { recursive: true });
  writeFileSync(cacheFile, JSON.stringify(out));
  compiled = out;
  return out;
}

/** A viem client with anvil test actions, public actions and wallet actions (account #0). */
export type TestClient = Client<
  Transport,
  Chain,
  Account,
  TestRpcSchema<'anvil'>,
  TestActions & PublicActions<Transport, Chain, Account> & WalletActions<Chain, Account>
>;

export function testClient(rpcUrl: string, chainId = 31337): TestClient {
  return createTestClient({
    mode: 'anvil',
    chain: { ...foundry, id: chainId, contracts: { multicall3: { address: MULTICALL3_ADDRESS } } },
    transport: http(rpcUrl),
    account: ANVIL_ACCOUNTS[0]!,
  })
    .extend(publicActions)
    .extend(walletActions);
}

export interface Fixtures {
  rpcUrl: string;
  chainId: number;
  client: TestClient;
  /** An ERC-20 "Test USD" (symbol USDC, 6 decimals); anyone may mint. */
  erc20: Address;
  /** An ERC-721; anyone may mint. */
  erc721: Address;
  /** An ERC-1155; anyone may mint. */
  erc1155: Address;
  /** A DEX-like pool: `swap` emits `Swap`, `stake` records a position. */
  pool: Address;
  /** Multicall3 at its canonical address. */
  multicall3: Address;
  /** Where Multicall3 was deployed by transaction before its code was copied to the canonical address. */
  multicall3Deployed: Address;
  /** Block number after deployment. */
  deployedAtBlock: bigint;
}

async function deploy(
  client: TestClient,
  artifact: Artifact,
  args: readonly unknown[] = [],
): Promise<Address> {
  const hash = await client.deployContract({
    abi: artifact.abi,
    bytecode: artifact.bytecode,
    args,
    chain: null,
  });
  const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 20 });
  if (!receipt.contractAddress) throw new Error('deployment failed');
  return receipt.contractAddress;
}

/**
 * Compiles (or loads from cache) and deploys the test contracts: an ERC-20, an ERC-721, an
 * ERC-1155, a pool that emits `Swap`, and Multicall3, which is deployed by transaction and
 * then placed at its canonical address (anvil does not ship it).
 */
export async function deployFixtures(rpcUrl: string, chainId = 31337): Promise<Fixtures> {
  const art = compileContracts();
  const client = testClient(rpcUrl, chainId);
  const multicall3Deployed = await deploy(client, art.Multicall3);
  const code = await client.getCode({ address: multicall3Deployed });
  await client.setCode({ address: MULTICALL3_ADDRESS, bytecode: code! });
  const erc20 = await deploy(client, art.TestToken, ['Test USD', 'USDC', 6]);
  const erc721 = await deploy(client, art.TestNFT);
  const erc1155 = await deploy(client, art.TestMultiToken);
  const pool = await deploy(client, art.TestPool);
  const deployedAtBlock = await client.getBlockNumber();
  return {
    rpcUrl,
    chainId,
    client,
    erc20,
    erc721,
    erc1155,
    pool,
    multicall3: MULTICALL3_ADDRESS,
    multicall3Deployed,
    deployedAtBlock,
  };
}

/** Sends a transaction from `from` (an unlocked anvil account) and waits for its receipt. */
export async function send(
  client: TestClient,
  from: Address,
  request: { address: Address; abi: Abi; functionName: string; args?: readonly unknown[] },
): Promise<bigint> {
  const hash = await client.writeContract({ ...request, account: from, chain: null } as Parameters<
    TestClient['writeContract']
  >[0]);
  const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 20 });
  if (receipt.status !== 'success') throw new Error(`${request.functionName} reverted`);
  return receipt.blockNumber;
}
