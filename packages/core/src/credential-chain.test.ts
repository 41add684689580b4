// On a real anvil: the EAS SchemaRegistry and EAS contracts deployed from the artifacts of
// @ethereum-attestation-service/eas-contracts; the schema registration script; EAS
// revokeOffchain read by verifyCredential.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type AnvilNode, startAnvil } from '@questboard/rules/testing';
import {
  type Abi,
  type Address,
  createPublicClient,
  createWalletClient,
  getAddress,
  type Hex,
  http,
  zeroAddress,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import {
  CREDENTIAL_SCHEMA,
  credentialSchemaUid,
  type EasDomain,
  easRevocations,
  signCredential,
  verifyCredential,
} from './credential.js';

const require = createRequire(import.meta.url);
const artifact = (name: string) =>
  require(
    `@ethereum-attestation-service/eas-contracts/artifacts/contracts/${name}.sol/${name}.json`,
  ) as {
    abi: Abi;
    bytecode: Hex;
  };
const registryArtifact = artifact('SchemaRegistry');
const easArtifact = artifact('EAS');
const run = promisify(execFile);
const script = fileURLToPath(new URL('../../../scripts/register-schema.ts', import.meta.url));

// anvil's well-known development keys (local chains only).
const deployerKey = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const issuerKey = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';
const deployer = privateKeyToAccount(deployerKey);
const issuer = privateKeyToAccount(issuerKey);
const stranger = privateKeyToAccount(
  '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
);

describe('EAS on anvil', () => {
  let anvil: AnvilNode;
  let registry: Address;
  let easAddress: Address;
  let domain: EasDomain;
  const publicClient = () => createPublicClient({ transport: http(anvil.rpcUrl) });
  const walletOf = (account: typeof deployer) =>
    createWalletClient({ account, chain: foundry, transport: http(anvil.rpcUrl) });

  async function deploy(abi: Abi, bytecode: Hex, args: unknown[]): Promise<Address> {
    const hash = await walletOf(deployer).deployContract({ abi, bytecode, args });
    const receipt = await publicClient().waitForTransactionReceipt({ hash });
    assert.ok(receipt.contractAddress);
    return getAddress(receipt.contractAddress);
  }

  before(async () => {
    anvil = await startAnvil();
    registry = await deploy(registryArtifact.abi, registryArtifact.bytecode, []);
    easAddress = await deploy(easArtifact.abi, easArtifact.bytecode, [registry]);
    const version = (await publicClient().readContract({
      address: easAddress,
      abi: easArtifact.abi,
      functionName: 'version',
    })) as string;
    domain = { chainId: anvil.chainId, verifyingContract: easAddress, version };
  });
  after(() => anvil?.stop());

  const register = (...args: string[]) =>
    run(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', script, '--rpc', anvil.rpcUrl, ...args],
      { env: { ...process.env, QUESTBOARD_SCHEMA_KEY: deployerKey } },
    );

  test('the script registers the credential schema once; running it again reports it', async () => {
    const first = JSON.parse((await register('--registry', registry)).stdout);
    assert.deepEqual(
      { ...first, transactionHash: typeof first.transactionHash },
      {
        chainId: anvil.chainId,
        registry,
        uid: credentialSchemaUid(),
        schema: CREDENTIAL_SCHEMA,
        resolver: zeroAddress,
        revocable: true,
        registered: true,
        transactionHash: 'string',
      },
    );
    const onChain = (await publicClient().readContract({
      address: registry,
      abi: registryArtifact.abi,
      functionName: 'getSchema',
      args: [credentialSchemaUid()],
    })) as { uid: Hex; resolver: Address; revocable: boolean; schema: string };
    assert.deepEqual(onChain, {
      uid: credentialSchemaUid(),
      resolver: zeroAddress,
      revocable: true,
      schema: CREDENTIAL_SCHEMA,
    });
    const again = JSON.parse((await register('--registry', registry)).stdout);
    assert.equal(again.registered, false);
    assert.equal(again.uid, first.uid);
    assert.equal(again.transactionHash, null);
  });

  test('the script refuses clearly: no key, a bad address, an unknown chain, not a registry', async () => {
    const failure = async (args: string[], env: Record<string, string | undefined> = {}) => {
      try {
        await run(
          process.execPath,
          ['--conditions=source', '--import', 'tsx', script, '--rpc', anvil.rpcUrl, ...args],
          { env: { ...process.env, QUESTBOARD_SCHEMA_KEY: deployerKey, ...env } },
        );
      } catch (error) {
        return error as { code: number; stderr: string };
      }
      assert.fail('expected a failure');
    };
    const noKey = await failure(['--registry', registry], { QUESTBOARD_SCHEMA_KEY: '' });
    assert.equal(noKey.code, 2);
    assert.match(noKey.stderr, /QUESTBOARD_SCHEMA_KEY must hold/);
    assert.match((await failure(['--registry', 'nope'])).stderr, /--registry must be an address/);
    assert.match((await failure([])).stderr, /no EAS SchemaRegistry is known for chain 31337/);
    assert.match(
      (await failure(['--registry', stranger.address])).stderr,
      /is not an EAS SchemaRegistry/,
    );
  });

  test('verifyCredential reads EAS revokeOffchain on chain: revoked only by its issuer', async () => {
    const credential = await signCredential({
      signer: issuer,
      recipient: stranger.address,
      campaignId: 'demo',
      taskId: 'swap',
      time: Math.floor(Date.now() / 1000),
      domain,
    });
    const revocation = easRevocations({ client: publicClient() });
    assert.equal((await verifyCredential(credential, { revocation })).valid, true);

    // Someone else "revoking" the uid records it under their own address: it does not count.
    const byStranger = await walletOf(stranger).writeContract({
      address: easAddress,
      abi: easArtifact.abi,
      functionName: 'revokeOffchain',
      args: [credential.uid],
    });
    await publicClient().waitForTransactionReceipt({ hash: byStranger });
    assert.equal((await verifyCredential(credential, { revocation })).valid, true);

    const hash = await walletOf(issuer).writeContract({
      address: easAddress,
      abi: easArtifact.abi,
      functionName: 'revokeOffchain',
      args: [credential.uid],
    });
    const receipt = await publicClient().waitForTransactionReceipt({ hash });
    const block = await publicClient().getBlock({ blockHash: receipt.blockHash });
    const check = await verifyCredential(credential, { revocation });
    assert.ok(!check.valid);
    assert.equal(check.reason, 'REVOKED');
    assert.equal(check.revokedAt, Number(block.timestamp));
    // Without a revocation source the signature alone still checks out.
    assert.equal((await verifyCredential(credential)).valid, true);
  });

  test('a client on another chain, or a dead RPC, makes the check REVOCATION_UNAVAILABLE', async () => {
    const credential = await signCredential({
      signer: issuer,
      recipient: stranger.address,
      campaignId: 'demo',
      taskId: 'mint',
      time: Math.floor(Date.now() / 1000),
      domain: { ...domain, chainId: 10 },
    });
    const wrongChain = await verifyCredential(credential, {
      revocation: easRevocations({ client: publicClient() }),
    });
    assert.ok(!wrongChain.valid && wrongChain.reason === 'REVOCATION_UNAVAILABLE');
    assert.match(wrongChain.message, /reads chain 31337; the credential's EAS is on chain 10/);
    const dead = createPublicClient({ transport: http('http://127.0.0.1:9/', { retryCount: 0 }) });
    const unreachable = await verifyCredential(credential, {
      revocation: easRevocations({ client: dead }),
    });
    assert.ok(!unreachable.valid && unreachable.reason === 'REVOCATION_UNAVAILABLE');
  });
});
