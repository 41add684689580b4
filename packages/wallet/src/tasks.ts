import type { Campaign, QuestBackend, Task } from '@questboard/core';
import { QuestError } from '@questboard/core';
import type { SignInOptions, WalletState } from './state.js';

export interface WalletTaskContext {
  campaign: Campaign;
  backend: QuestBackend;
  /** How the board signs in (domain, uri, statement…); the scope defaults to the state's. */
  signIn?: SignInOptions;
  /** Connector to use when the visitor has to connect first and only one is sensible. */
  connectorId?: string;
}

/** What to pass on to `verify` after the wallet side of a task is done. */
export interface WalletTaskResult {
  chainId?: number;
}

export const WALLET_TASK_KINDS = ['wallet.connect', 'wallet.signIn', 'wallet.chain'] as const;

export function isWalletTask(
  task: Task,
): task is Extract<Task, { kind: (typeof WALLET_TASK_KINDS)[number] }> {
  return (WALLET_TASK_KINDS as readonly string[]).includes(task.kind);
}

/**
 * Does the wallet side of a `wallet.*` task before the board verifies it:
 * `wallet.connect` connects (if not yet), `wallet.signIn` signs in (reusing a valid session),
 * `wallet.chain` switches to the task's chain, adding it from `campaign.chains` when the wallet
 * does not know it (EIP-3326 / EIP-3085). Throws the wallet's `QuestError` on failure.
 */
export async function performWalletTask(
  wallet: WalletState,
  task: Task,
  context: WalletTaskContext,
): Promise<WalletTaskResult> {
  if (!isWalletTask(task))
    throw new QuestError('BAD_REQUEST', `Task "${task.id}" is not a wallet task.`);
  if (!wallet.$account.get()) {
    if (task.kind !== 'wallet.connect')
      throw new QuestError('WALLET_REQUIRED', 'Connect a wallet first.');
    await wallet.connect(context.connectorId);
  }
  switch (task.kind) {
    case 'wallet.connect':
      return {};
    case 'wallet.signIn':
      await wallet.signIn(context.backend, context.signIn);
      return {};
    case 'wallet.chain':
      await wallet.switchChain(task.chainId, context.campaign.chains?.[String(task.chainId)]);
      return { chainId: task.chainId };
  }
}
