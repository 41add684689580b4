/**
 * A browser wallet for one unlocked account of a local node (anvil), for the reward tests: it
 * signs nothing itself (anvil's dev accounts are unlocked) and sends everything else to the
 * node. What a real wallet adds on top is here too: a network the visitor can be on or switch to
 * (`wallet_switchEthereumChain`, `chainChanged`), a rejected prompt (4001), and, when asked, the
 * EIP-5792 calls API with an ERC-7677 `paymasterService` capability — a smart wallet that sends
 * the calls itself (here: as a transaction from the account) and reports their status.
 */
type Listener = (...args: unknown[]) => void;

export interface ChainWalletOptions {
  rpcUrl: string;
  account: `0x${string}`;
  /** The chain the node is on. */
  chainId: number;
  /** The chain the wallet starts on (default `chainId`). */
  startChainId?: number;
  /** Answers `wallet_getCapabilities` with a `paymasterService` for `chainId` and supports `wallet_sendCalls`. */
  sponsor?: boolean;
}

export interface RecordedCall {
  method: string;
  params: unknown;
}

export async function rpc(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = (await response.json()) as {
    result?: unknown;
    error?: { code: number; message: string; data?: unknown };
  };
  if (body.error) throw Object.assign(new Error(body.error.message), body.error);
  return body.result;
}

class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export function chainWallet(options: ChainWalletOptions) {
  const listeners = new Map<string, Set<Listener>>();
  const emit = (event: string, ...args: unknown[]) => {
    for (const listener of listeners.get(event) ?? []) listener(...args);
  };
  let chainId = options.startChainId ?? options.chainId;
  let rejectNext: string | undefined;
  const requests: RecordedCall[] = [];
  const batches = new Map<string, `0x${string}`[]>();
  const hex = (n: number) => `0x${n.toString(16)}`;

  const provider = {
    async request({ method, params }: { method: string; params?: unknown }): Promise<unknown> {
      requests.push({ method, params });
      const args = (Array.isArray(params) ? params : []) as unknown[];
      if (rejectNext === method) {
        rejectNext = undefined;
        throw new RpcError(4001, 'User rejected the request.');
      }
      switch (method) {
        case 'eth_accounts':
        case 'eth_requestAccounts':
          return [options.account];
        case 'eth_chainId':
          return hex(chainId);
        case 'wallet_switchEthereumChain': {
          const wanted = Number.parseInt(String((args[0] as { chainId: string }).chainId), 16);
          if (wanted !== options.chainId) throw new RpcError(4902, `Unrecognized chain ${wanted}.`);
          chainId = wanted;
          emit('chainChanged', hex(chainId));
          return null;
        }
        case 'eth_sendTransaction':
          if (chainId !== options.chainId)
            throw new RpcError(-32000, 'The wallet is on another chain.');
          return rpc(options.rpcUrl, method, args);
        case 'wallet_getCapabilities':
          if (!options.sponsor) throw new RpcError(4200, 'Method not supported.');
          return { [hex(options.chainId)]: { paymasterService: { supported: true } } };
        case 'wallet_sendCalls': {
          if (!options.sponsor) throw new RpcError(4200, 'Method not supported.');
          const batch = args[0] as {
            chainId: string;
            from: `0x${string}`;
            calls: { to: `0x${string}`; data: `0x${string}` }[];
          };
          const hashes: `0x${string}`[] = [];
          for (const call of batch.calls)
            hashes.push(
              (await rpc(options.rpcUrl, 'eth_sendTransaction', [
                { from: batch.from, to: call.to, data: call.data },
              ])) as `0x${string}`,
            );
          const id = `0x${crypto.randomUUID().replace(/-/g, '')}`;
          batches.set(id, hashes);
          return { id };
        }
        case 'wallet_getCallsStatus': {
          const hashes = batches.get(String(args[0]));
          if (!hashes) throw new RpcError(5730, 'Unknown bundle id.');
          const receipts = await Promise.all(
            hashes.map((h) => rpc(options.rpcUrl, 'eth_getTransactionReceipt', [h])),
          );
          const mined = receipts.every(Boolean);
          return {
            version: '2.0.0',
            id: args[0],
            chainId: hex(options.chainId),
            atomic: true,
            status: mined ? 200 : 100,
            receipts: mined ? receipts : [],
          };
        }
        default:
          return rpc(options.rpcUrl, method, args);
      }
    },
    on(event: string, listener: Listener) {
      const set = listeners.get(event) ?? new Set<Listener>();
      listeners.set(event, set);
      set.add(listener);
    },
    removeListener(event: string, listener: Listener) {
      listeners.get(event)?.delete(listener);
    },
  };

  return {
    provider,
    requests,
    /** The visitor rejects the next prompt of `method` (4001). */
    rejectNext(method: string) {
      rejectNext = method;
    },
    methods: () => requests.map((r) => r.method),
  };
}
