// Registers the Questboard credential schema ("string campaignId,string taskId") in the EAS
// SchemaRegistry of a chain, so credentials can be attested on chain and found by schema in
// the EAS explorer. Idempotent: an already registered schema is reported, not registered again.
//
//   QUESTBOARD_SCHEMA_KEY=0x… npm run register-schema -- --rpc https://… [--registry 0x…]
//     [--resolver 0x…] [--not-revocable]
//
// The key comes from the environment only (a key on the command line shows in `ps`). Without
// --registry, the registry address of the chain is read from the deployments that ship in
// @ethereum-attestation-service/eas-contracts. Prints one JSON object: { chainId, registry,
// uid, schema, resolver, revocable, registered, transactionHash }. See docs/credentials.md.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Address } from 'viem';

const REGISTRY_ABI = [
  {
    type: 'function',
    name: 'register',
    stateMutability: 'nonpayable',
    inputs: [
      { name: 'schema', type: 'string' },
      { name: 'resolver', type: 'address' },
      { name: 'revocable', type: 'bool' },
    ],
    outputs: [{ name: '', type: 'bytes32' }],
  },
  {
    type: 'function',
    name: 'getSchema',
    stateMutability: 'view',
    inputs: [{ name: 'uid', type: 'bytes32' }],
    outputs: [
      {
        name: '',
        type: 'tuple',
        components: [
          { name: 'uid', type: 'bytes32' },
          { name: 'resolver', type: 'address' },
          { name: 'revocable', type: 'bool' },
          { name: 'schema', type: 'string' },
        ],
      },
    ],
  },
  {
    type: 'event',
    name: 'Registered',
    inputs: [
      { name: 'uid', type: 'bytes32', indexed: true },
      { name: 'registerer', type: 'address', indexed: true },
      {
        name: 'schema',
        type: 'tuple',
        indexed: false,
        components: [
          { name: 'uid', type: 'bytes32' },
          { name: 'resolver', type: 'address' },
          { name: 'revocable', type: 'bool' },
          { name: 'schema', type: 'string' },
        ],
      },
    ],
  },
] as const;

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

function die(message: string, code = 1): never {
  process.stderr.write(`register-schema: ${message}\n`);
  process.exit(code);
}

/** The SchemaRegistry address of a chain from the deployments eas-contracts ships, if any. */
function knownRegistry(chainId: number): Address | undefined {
  let root: string;
  try {
    const require = createRequire(import.meta.url);
    root = join(
      dirname(require.resolve('@ethereum-attestation-service/eas-contracts/package.json')),
      'deployments',
    );
  } catch {
    return undefined;
  }
  for (const network of readdirSync(root)) {
    const idFile = join(root, network, '.chainId');
    const registry = join(root, network, 'SchemaRegistry.json');
    if (!existsSync(idFile) || !existsSync(registry)) continue;
    if (Number(readFileSync(idFile, 'utf8').trim()) !== chainId) continue;
    return JSON.parse(readFileSync(registry, 'utf8')).address;
  }
  return undefined;
}

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        rpc: { type: 'string' },
        registry: { type: 'string' },
        resolver: { type: 'string' },
        'not-revocable': { type: 'boolean' },
        help: { type: 'boolean' },
      },
      strict: true,
    });
  } catch (error) {
    die(`${(error as Error).message} (see --help)`, 2);
  }
})();
if (values.help) {
  process.stdout.write(
    'QUESTBOARD_SCHEMA_KEY=0x… register-schema --rpc <url> [--registry <address>] [--resolver <address>] [--not-revocable]\n',
  );
  process.exit(0);
}
if (!values.rpc || !/^https?:\/\//.test(values.rpc)) die('--rpc <http(s) URL> is required', 2);
const key = process.env.QUESTBOARD_SCHEMA_KEY?.trim();
if (!key || !/^0x[0-9a-fA-F]{64}$/.test(key))
  die(
    'QUESTBOARD_SCHEMA_KEY must hold the 0x-prefixed private key that pays for the registration',
    2,
  );
for (const flag of ['registry', 'resolver'] as const) {
  const value = values[flag];
  if (value !== undefined && !ADDRESS.test(value)) die(`--${flag} must be an address`, 2);
}

// Loaded after the arguments are checked: a usage error answers at once.
const { CREDENTIAL_SCHEMA, credentialSchemaUid } = await import('@questboard/core/credential');
const { createPublicClient, createWalletClient, getAddress, http, parseEventLogs, zeroAddress } =
  await import('viem');
const { privateKeyToAccount } = await import('viem/accounts');

const account = privateKeyToAccount(key as `0x${string}`);
const transport = http(values.rpc, { retryCount: 1 });
const client = createPublicClient({ transport });
const chainId = await client
  .getChainId()
  .catch((error: Error) => die(`cannot reach ${values.rpc}: ${error.message.split('\n')[0]}`));
const known = values.registry ?? knownRegistry(chainId);
const registry = known ? getAddress(known) : undefined;
if (!registry)
  die(`no EAS SchemaRegistry is known for chain ${chainId}: pass --registry <address>`, 2);
const resolver = values.resolver ? getAddress(values.resolver) : zeroAddress;
const revocable = !values['not-revocable'];
const uid = credentialSchemaUid(resolver, revocable);

const report = (registered: boolean, transactionHash: string | null) => {
  process.stdout.write(
    `${JSON.stringify({ chainId, registry, uid, schema: CREDENTIAL_SCHEMA, resolver, revocable, registered, transactionHash })}\n`,
  );
};

const existing = await client
  .readContract({ address: registry, abi: REGISTRY_ABI, functionName: 'getSchema', args: [uid] })
  .catch((error: Error) =>
    die(
      `${registry} on chain ${chainId} is not an EAS SchemaRegistry: ${error.message.split('\n')[0]}`,
    ),
  );
if (existing.uid !== `0x${'00'.repeat(32)}`) {
  if (existing.schema !== CREDENTIAL_SCHEMA)
    die(`uid ${uid} holds another schema: "${existing.schema}"`);
  report(false, null);
  process.exit(0);
}

const wallet = createWalletClient({ account, transport });
const { request } = await client
  .simulateContract({
    account,
    address: registry,
    abi: REGISTRY_ABI,
    functionName: 'register',
    args: [CREDENTIAL_SCHEMA, resolver, revocable],
  })
  .catch((error: Error) =>
    die(`the registry refused the registration: ${error.message.split('\n')[0]}`),
  );
const hash = await wallet.writeContract({ ...request, chain: null });
const receipt = await client.waitForTransactionReceipt({ hash });
if (receipt.status !== 'success') die(`transaction ${hash} reverted`);
const [event] = parseEventLogs({ abi: REGISTRY_ABI, logs: receipt.logs, eventName: 'Registered' });
if (!event || event.args.uid !== uid)
  die(`transaction ${hash} registered ${event?.args.uid ?? 'nothing'}, expected ${uid}`);
report(true, hash);
