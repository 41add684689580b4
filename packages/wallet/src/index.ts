export { parseAccounts } from './checksum.js';
export type { DevWalletOptions } from './connectors/dev.js';
export { devWalletConnector } from './connectors/dev.js';
export { providerConnector } from './connectors/eip1193.js';
export { hostConnector } from './connectors/host.js';
export type { InjectedDiscovery } from './connectors/injected.js';
export { discoverInjected, safeIcon } from './connectors/injected.js';
export type { WalletConnectOptions } from './connectors/walletconnect.js';
export { checkWalletConnectOptions, walletConnectConnector } from './connectors/walletconnect.js';
export { rpcErrorCode, toWalletError } from './errors.js';
export type { IdentityTarget } from './identity.js';
export { linkIdentity } from './identity.js';
export { isEip1193Provider, parseChainId, personalSign, readConnection } from './provider.js';
export type { KeyValueStorage } from './session-store.js';
export { memoryStorage } from './session-store.js';
export type { SiweFields } from './siwe.js';
export { formatSiweMessage } from './siwe.js';
export type { SignInOptions, WalletState, WalletStateOptions, WalletStatus } from './state.js';
export { createWalletState } from './state.js';
export type { WalletTaskContext, WalletTaskResult } from './tasks.js';
export { isWalletTask, performWalletTask, WALLET_TASK_KINDS } from './tasks.js';
export type {
  Connection,
  Connector,
  ConnectorEvent,
  ConnectorKind,
  EIP1193Provider,
  RequestArguments,
  WalletInfo,
} from './types.js';
