/**
 * The reward card's on-chain side, loaded with the first badge or token reward card (a dynamic
 * `import()`: a chunk of its own in the script-tag build, with the contract ABIs and viem's
 * encoders). It reads whether a reward is already on chain, simulates the claim so a refusal is
 * reported with the contract's own error name before anything is signed, sends it through the
 * wallet (sponsored with EIP-5792 `wallet_sendCalls` + ERC-7677 `paymasterService` when the
 * wallet offers it and the operator configured a paymaster, else `eth_sendTransaction`) and
 * follows it to its receipt.
 */
import { questBadgeAbi, questDropAbi } from '@questboard/contracts';
import {
  badgeVoucherFromJson,
  type ChainConfig,
  isSafeUrl,
  type QuestBackend,
  QuestError,
  rewardKey,
  type TokenProof,
} from '@questboard/core';
import { rpcErrorCode, toWalletError } from '@questboard/wallet';
import {
  type Abi,
  decodeErrorResult,
  decodeFunctionResult,
  encodeFunctionData,
  type Hex,
} from 'viem';
import type { OnchainDelivery, OnchainReward, OnchainView } from './claim-types.js';

/** The part of an EIP-1193 provider the claim needs. */
export interface Rpc {
  request(args: { method: string; params?: unknown }): Promise<unknown>;
}

/** A call to send: the contract and its calldata. */
export interface ClaimCall {
  to: Hex;
  data: Hex;
}

/** What the wallet was asked to do, and how it went. */
export interface SentClaim {
  /** The transaction hash (known at once for `eth_sendTransaction`, with the receipt for calls). */
  hash?: Hex;
  /** The EIP-5792 calls id (sponsored claims). */
  callsId?: string;
  sponsored: boolean;
}

const DOCS = '/docs/rewards.md#the-reward-card';
const chainHex = (chainId: number): Hex => `0x${chainId.toString(16)}`;

/** JSON-RPC over `fetch` to a chain's RPC URL (reads: no wallet needed). */
export function httpRpc(url: string): Rpc {
  let id = 0;
  return {
    async request({ method, params }) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params: params ?? [] }),
      });
      if (!response.ok)
        throw new QuestError('NETWORK', `The chain's RPC answered HTTP ${response.status}.`, {
          retryable: true,
        });
      const body = (await response.json()) as {
        result?: unknown;
        error?: { code: number; message: string; data?: unknown };
      };
      if (body.error) throw Object.assign(new Error(body.error.message), body.error);
      return body.result;
    },
  };
}

/**
 * Where to read the reward's chain: its campaign RPC URL, else the wallet when it is on that
 * chain, else nowhere (`null`).
 */
export function readerFor(
  chain: ChainConfig | undefined,
  wallet: { provider: Rpc | null; chainId: number | null },
  chainId: number,
): Rpc | null {
  const url = chain?.rpcUrls.find((u) => isSafeUrl(u));
  if (url) return httpRpc(url);
  return wallet.provider && wallet.chainId === chainId ? wallet.provider : null;
}

async function call(rpc: Rpc, to: Hex, data: Hex, from?: Hex): Promise<Hex> {
  return (await rpc.request({
    method: 'eth_call',
    params: [{ to, data, ...(from ? { from } : {}) }, 'latest'],
  })) as Hex;
}

/** The token id of `account`'s badge for this tier, 0n when it has none. */
export async function badgeOf(
  rpc: Rpc,
  contract: Hex,
  account: Hex,
  campaignId: string,
  tierId: string,
): Promise<bigint> {
  const args = [account, rewardKey(campaignId), rewardKey(tierId)] as const;
  const data = encodeFunctionData({ abi: questBadgeAbi, functionName: 'badgeOf', args });
  const result = await call(rpc, contract, data);
  return decodeFunctionResult({ abi: questBadgeAbi, functionName: 'badgeOf', data: result });
}

/** What `account` has already taken from the drop (cumulative, base units). */
export async function claimedFromDrop(rpc: Rpc, contract: Hex, account: Hex): Promise<bigint> {
  const data = encodeFunctionData({ abi: questDropAbi, functionName: 'claimed', args: [account] });
  const result = await call(rpc, contract, data);
  return decodeFunctionResult({ abi: questDropAbi, functionName: 'claimed', data: result });
}

/** What the chain says about a reward for `account`. */
export interface ChainReading {
  /** Minted (badge), or every token of the proof taken (token). */
  claimed: boolean;
  /** Tokens: what is left to take with the proof (base units). */
  claimable?: bigint;
}

/**
 * Reads a reward's state on chain. A token reward without a proof reads as not claimed (what
 * is claimable is only known once a round includes the address).
 */
export async function readReward(
  rpc: Rpc,
  reward: OnchainReward,
  account: Hex,
  ids: { campaignId: string; tierId: string },
  proof?: TokenProof,
): Promise<ChainReading> {
  if (reward.kind === 'badge')
    return {
      claimed: (await badgeOf(rpc, reward.contract, account, ids.campaignId, ids.tierId)) > 0n,
    };
  if (!proof) return { claimed: false };
  const taken = await claimedFromDrop(rpc, reward.contract, account);
  const left = BigInt(proof.amount) - taken;
  return { claimed: left <= 0n, claimable: left > 0n ? left : 0n };
}

/** The claim transaction for a delivery: `QuestBadge.claim(voucher, signature)` or `QuestDrop.claim(amount, proof)`. */
export function claimCall(delivery: OnchainDelivery, proof?: TokenProof): ClaimCall {
  if (delivery.kind === 'badge') {
    const data = encodeFunctionData({
      abi: questBadgeAbi,
      functionName: 'claim',
      args: [badgeVoucherFromJson(delivery.voucher), delivery.signature],
    });
    return { to: delivery.contract, data };
  }
  const use = proof ?? delivery.proof;
  if (!use)
    throw new QuestError('BAD_REQUEST', 'No round includes this address yet.', { docsPath: DOCS });
  const data = encodeFunctionData({
    abi: questDropAbi,
    functionName: 'claim',
    args: [BigInt(use.amount), use.proof],
  });
  return { to: delivery.contract, data };
}

/** Revert data carried by an RPC or wallet error (JSON-RPC `error.data`, possibly nested). */
function revertData(error: unknown): Hex | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const { data, cause } = current as { data?: unknown; cause?: unknown };
    if (typeof data === 'string' && /^0x[0-9a-fA-F]*$/.test(data) && data.length >= 10)
      return data as Hex;
    if (data && typeof data === 'object' && 'data' in data) current = data;
    else current = cause;
  }
  return undefined;
}

/** A refused claim, named after the contract's custom error (`details` holds the name). */
export function revertedError(abi: Abi, error: unknown): QuestError | null {
  const data = revertData(error);
  if (!data) return null;
  let name: string;
  try {
    name = decodeErrorResult({ abi, data }).errorName;
  } catch {
    name = data.slice(0, 10);
  }
  return new QuestError('CLAIM_REVERTED', `The contract refused the claim (${name}).`, {
    details: name,
    cause: error,
    docsPath: DOCS,
  });
}

const abiOf = (delivery: OnchainDelivery): Abi =>
  (delivery.kind === 'badge' ? questBadgeAbi : questDropAbi) as Abi;

/**
 * Runs the claim as `from` without sending it: a refusal throws `CLAIM_REVERTED` naming the
 * contract's error (`VoucherExpired`, `AlreadyClaimed`, `InvalidProof`…).
 */
export async function simulateClaim(
  rpc: Rpc,
  delivery: OnchainDelivery,
  from: Hex,
  claim: ClaimCall,
): Promise<void> {
  try {
    await call(rpc, claim.to, claim.data, from);
  } catch (error) {
    throw revertedError(abiOf(delivery), error) ?? toWalletError(error, 'NETWORK');
  }
}

/** The ERC-7677 capability for this chain, from an EIP-5792 `wallet_getCapabilities` answer. */
function paymasterSupported(capabilities: unknown, chainId: number): boolean {
  if (!capabilities || typeof capabilities !== 'object') return false;
  const byChain = capabilities as Record<string, { paymasterService?: { supported?: unknown } }>;
  // EIP-5792: keys are hex chain ids; `0x0` holds what the wallet offers on every chain.
  for (const key of [chainHex(chainId), String(chainId), '0x0']) {
    if (byChain[key]?.paymasterService?.supported === true) return true;
  }
  return false;
}

/**
 * Whether to sponsor: the operator configured a paymaster (`paymasterUrl`) and the wallet
 * reports an ERC-7677 `paymasterService` for the chain. A wallet without EIP-5792 (an error,
 * an unknown method) means no.
 */
export async function canSponsor(
  wallet: Rpc,
  account: Hex,
  chainId: number,
  paymasterUrl: string | undefined,
): Promise<boolean> {
  if (!paymasterUrl || !isSafeUrl(paymasterUrl)) return false;
  try {
    const capabilities = await wallet.request({
      method: 'wallet_getCapabilities',
      params: [account, [chainHex(chainId)]],
    });
    return paymasterSupported(capabilities, chainId);
  } catch {
    return false;
  }
}

/** Sends the claim through the wallet: sponsored calls when `paymasterUrl` is given, else a transaction. */
export async function sendClaim(
  wallet: Rpc,
  options: { account: Hex; chainId: number; claim: ClaimCall; paymasterUrl?: string },
): Promise<SentClaim> {
  const { account, chainId, claim, paymasterUrl } = options;
  try {
    if (paymasterUrl) {
      const answer = await wallet.request({
        method: 'wallet_sendCalls',
        params: [
          {
            version: '2.0.0',
            chainId: chainHex(chainId),
            from: account,
            atomicRequired: false,
            calls: [{ to: claim.to, data: claim.data, value: '0x0' }],
            capabilities: { paymasterService: { url: paymasterUrl } },
          },
        ],
      });
      // EIP-5792 2.0 answers `{ id }`; wallets on the first draft answer the id itself.
      const callsId = typeof answer === 'string' ? answer : (answer as { id?: unknown })?.id;
      if (typeof callsId !== 'string' || !callsId)
        throw new QuestError('UNKNOWN', 'The wallet did not return a calls id.');
      return { callsId, sponsored: true };
    }
    const hash = (await wallet.request({
      method: 'eth_sendTransaction',
      params: [{ from: account, to: claim.to, data: claim.data }],
    })) as Hex;
    return { hash, sponsored: false };
  } catch (error) {
    throw toWalletError(error);
  }
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });

interface Receipt {
  status?: Hex | string;
  transactionHash?: Hex;
}

/** EIP-5792 status: 2.0 numbers (100 pending, 200 confirmed, 4xx/5xx/6xx failed), or the draft's strings. */
function callsOutcome(answer: unknown): 'pending' | 'confirmed' | 'failed' {
  const status = (answer as { status?: unknown } | null)?.status;
  if (status === 'CONFIRMED') return 'confirmed';
  if (status === 'PENDING' || status === undefined || status === null) return 'pending';
  if (typeof status === 'number') {
    if (status < 200) return 'pending';
    return status === 200 ? 'confirmed' : 'failed';
  }
  return 'pending';
}

/**
 * Follows a sent claim until it is mined: the receipt (`eth_getTransactionReceipt` on the
 * reader) or the calls status (`wallet_getCallsStatus`). Resolves with the transaction hash;
 * a reverted claim throws `CLAIM_REVERTED`, named by simulating it again (`reader`, `from`).
 */
export async function waitForClaim(
  sent: SentClaim,
  options: {
    wallet: Rpc;
    reader: Rpc;
    delivery: OnchainDelivery;
    claim: ClaimCall;
    from: Hex;
    interval?: number;
    signal?: AbortSignal;
  },
): Promise<Hex> {
  const { wallet, reader, interval = 500, signal } = options;
  const refused = async (): Promise<never> => {
    await simulateClaim(reader, options.delivery, options.from, options.claim);
    throw new QuestError('CLAIM_REVERTED', 'The claim transaction reverted.', { docsPath: DOCS });
  };
  for (;;) {
    signal?.throwIfAborted();
    if (sent.callsId) {
      const answer = await wallet.request({
        method: 'wallet_getCallsStatus',
        params: [sent.callsId],
      });
      const outcome = callsOutcome(answer);
      const receipts = ((answer as { receipts?: Receipt[] }).receipts ?? []) as Receipt[];
      const hash = receipts.at(-1)?.transactionHash;
      if (outcome === 'confirmed') {
        if (receipts.some((r) => r.status !== '0x1' && r.status !== 'success')) return refused();
        if (!hash)
          throw new QuestError('UNKNOWN', 'The wallet confirmed the calls without a receipt.');
        return hash;
      }
      if (outcome === 'failed') {
        if (receipts.length) return refused();
        throw new QuestError('UNKNOWN', 'The wallet could not send the sponsored claim.', {
          details: JSON.stringify(answer),
          docsPath: DOCS,
        });
      }
    } else if (sent.hash) {
      const receipt = (await reader.request({
        method: 'eth_getTransactionReceipt',
        params: [sent.hash],
      })) as Receipt | null;
      if (receipt) {
        if (receipt.status === '0x1') return sent.hash;
        return refused();
      }
    } else throw new QuestError('UNKNOWN', 'Nothing was sent.');
    await sleep(interval, signal);
  }
}

/** Whether an error means the visitor said no in the wallet. */
export function isRejection(error: unknown): boolean {
  return rpcErrorCode(error) === 4001 || (error as { code?: unknown })?.code === 'WALLET_REJECTED';
}

/** What the card knows when it reads or claims. */
export interface ClaimContext {
  reward: OnchainReward;
  campaignId: string;
  tierId: string;
  /** The wallet right now: its account, chain and EIP-1193 provider. */
  wallet: { account: Hex | null; chainId: number | null; provider: Rpc | null };
  chain?: ChainConfig | undefined;
  backend?: QuestBackend | undefined;
  /** The backend already recorded the claim (so a token proof may exist). */
  claimedAtBackend: boolean;
  delivery?: OnchainDelivery | undefined;
  paymasterUrl?: string | undefined;
  signal?: AbortSignal;
}

async function proofFor(context: ClaimContext, account: Hex): Promise<TokenProof | undefined> {
  const fromDelivery = context.delivery?.kind === 'token' ? context.delivery.proof : undefined;
  if (fromDelivery || !context.claimedAtBackend) return fromDelivery;
  return (
    (await context.backend?.tokenProof?.(context.campaignId, context.tierId, account)) ?? undefined
  );
}

/** Reads where the reward stands for the wallet's account (`idle` when it cannot tell). */
export async function readView(context: ClaimContext): Promise<OnchainView> {
  const { reward, wallet } = context;
  const account = wallet.account;
  const reader = readerFor(context.chain, wallet, reward.chainId);
  if (!account || !reader) return { status: 'idle' };
  const proof = reward.kind === 'token' ? await proofFor(context, account) : undefined;
  if (reward.kind === 'token' && !proof) {
    // Tokens taken in an earlier round still read as nothing new until the next round.
    return context.claimedAtBackend ? { status: 'waiting-round' } : { status: 'unclaimed' };
  }
  const reading = await readReward(reader, reward, account, context, proof);
  if (reading.claimed) return { status: 'claimed' };
  return reading.claimable === undefined
    ? { status: 'unclaimed' }
    : { status: 'unclaimed', claimable: reading.claimable };
}

/** What `runClaim` reports as it goes. */
export interface ClaimProgress {
  view(view: OnchainView): void;
  sent(sent: SentClaim): void;
  confirmed(hash: Hex, sponsored: boolean): void;
  failed(error: QuestError): void;
}

/**
 * Claims the delivery on chain for the wallet's account: checks chain, proof and what is
 * already on chain, simulates, sends (sponsored when possible) and waits for the receipt,
 * reporting each step. Resolves with the final view; never throws (a failure is a `failed`
 * view).
 */
export async function runClaim(
  context: ClaimContext,
  progress: ClaimProgress,
): Promise<OnchainView> {
  const report = (view: OnchainView) => {
    progress.view(view);
    return view;
  };
  const { delivery, wallet, reward } = context;
  try {
    if (!delivery) throw new QuestError('BAD_REQUEST', 'Claim the reward at the backend first.');
    const account = wallet.account;
    const provider = wallet.provider;
    if (!account || !provider)
      throw new QuestError('WALLET_REQUIRED', 'Connect a wallet to claim this reward.');
    if (wallet.chainId !== delivery.chainId) return report({ status: 'wrong-chain' });
    const reader = readerFor(context.chain, wallet, delivery.chainId) ?? provider;
    const proof =
      delivery.kind === 'token'
        ? await proofFor({ ...context, claimedAtBackend: true }, account)
        : undefined;
    if (delivery.kind === 'token' && !proof) return report({ status: 'waiting-round' });
    const reading = await readReward(reader, reward, account, context, proof);
    if (reading.claimed) return report({ status: 'claimed' });
    const claim = claimCall(delivery, proof);
    await simulateClaim(reader, delivery, account, claim);
    const sponsored = await canSponsor(provider, account, delivery.chainId, context.paymasterUrl);
    report({ status: 'signing', sponsored });
    const sent = await sendClaim(provider, {
      account,
      chainId: delivery.chainId,
      claim,
      ...(sponsored && context.paymasterUrl ? { paymasterUrl: context.paymasterUrl } : {}),
    });
    report(
      sent.hash
        ? { status: 'pending', sponsored, hash: sent.hash }
        : { status: 'pending', sponsored },
    );
    progress.sent(sent);
    const hash = await waitForClaim(sent, {
      wallet: provider,
      reader,
      delivery,
      claim,
      from: account,
      ...(context.signal ? { signal: context.signal } : {}),
    });
    progress.confirmed(hash, sponsored);
    return report({ status: 'confirmed', sponsored, hash });
  } catch (error) {
    const questError = error instanceof QuestError ? error : toWalletError(error);
    progress.failed(questError);
    return report({
      status: 'failed',
      error: {
        code: questError.code,
        shortMessage: questError.shortMessage,
        ...(questError.details ? { details: questError.details } : {}),
      },
    });
  }
}
