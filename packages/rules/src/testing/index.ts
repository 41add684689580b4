/// <reference types="node" />
/**
 * Test fixtures for Node tests and benchmarks (not for browsers): a real anvil node, the
 * test contracts compiled with solc and deployed, and a counting JSON-RPC proxy.
 */
export { type AnvilNode, freePort, rawRpc, type StartAnvilOptions, startAnvil } from './anvil.js';
export {
  ANVIL_ACCOUNTS,
  type Artifact,
  abis,
  type ContractName,
  compileContracts,
  deployFixtures,
  type Fixtures,
  MULTICALL3_ADDRESS,
  send,
  type TestClient,
  testClient,
} from './contracts.js';
export { type ProxyMode, type RpcProxy, startRpcProxy } from './rpc-proxy.js';
