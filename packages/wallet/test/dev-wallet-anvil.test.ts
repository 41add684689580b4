// The dev wallet on a real local chain (anvil on 127.0.0.1), in Node: what a demo does with it.
// Run: node --conditions=source --import tsx --test packages/wallet/test/dev-wallet-anvil.test.ts
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { memoryBackend, QuestError } from '@questboard/core';
// Test fixture only (anvil on loopback); nothing in the wallet package imports rules.
import { type AnvilNode, rawRpc, startAnvil } from '@questboard/rules/testing';
import { createWalletState, memoryStorage } from '../src/index.js';

let node: AnvilNode;
before(async () => {
  node = await startAnvil();
});
after(async () => {
  await node?.stop();
});

/** anvil mines on arrival, but the receipt can lag a moment on a busy machine. */
async function receiptOf(hash: string): Promise<{ status: string; from: string }> {
  for (let i = 0; i < 100; i++) {
    const receipt = await rawRpc(node.rpcUrl, 'eth_getTransactionReceipt', [hash]);
    if (receipt) return receipt as { status: string; from: string };
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no receipt for ${hash}`);
}

function devState(keys = memoryStorage()) {
  return createWalletState({
    discover: false,
    storage: memoryStorage(),
    devWallet: { rpcUrl: node.rpcUrl, storage: keys },
  });
}

test('sends a transaction it signs itself, filling nonce, gas and fees from the node', async () => {
  const state = devState();
  const { address, chainId } = await state.connect('dev');
  assert.equal(chainId, 31337);
  await rawRpc(node.rpcUrl, 'anvil_setBalance', [address, '0xde0b6b3a7640000']); // 1 ETH
  const provider = state.$connector.get()!.getProvider();
  const to = '0x000000000000000000000000000000000000dEaD';
  const before = BigInt(
    (await provider.request({ method: 'eth_getBalance', params: [to, 'latest'] })) as string,
  );
  const hash = (await provider.request({
    method: 'eth_sendTransaction',
    params: [{ from: address, to, value: '0x2386f26fc10000' }], // 0.01 ETH
  })) as string;
  assert.match(hash, /^0x[0-9a-f]{64}$/);
  const receipt = await receiptOf(hash);
  assert.equal(receipt.status, '0x1');
  assert.equal(receipt.from.toLowerCase(), address.toLowerCase());
  const afterBalance = BigInt(
    (await rawRpc(node.rpcUrl, 'eth_getBalance', [to, 'latest'])) as string,
  );
  assert.equal(afterBalance - before, 10_000_000_000_000_000n);
  // A second transaction takes the next nonce.
  const second = (await provider.request({
    method: 'eth_sendTransaction',
    params: [{ to, value: '0x1' }],
  })) as string;
  const tx = (await rawRpc(node.rpcUrl, 'eth_getTransactionByHash', [second])) as { nonce: string };
  assert.equal(tx.nonce, '0x1');
});

test('refuses to send for an address it does not hold, and needs a connection', async () => {
  const keys = memoryStorage();
  const state = devState(keys);
  const { address } = await state.connect('dev');
  const provider = state.$connector.get()!.getProvider();
  await assert.rejects(
    provider.request({
      method: 'eth_sendTransaction',
      params: [{ from: '0x000000000000000000000000000000000000dEaD', to: address }],
    }),
    (error: { code?: number }) => error.code === 4100,
  );
  await state.disconnect();
  await assert.rejects(
    provider.request({ method: 'eth_sendTransaction', params: [{ to: address }] }),
    (error: { code?: number }) => error.code === 4100,
  );
});

test('signs in (SIWE) with a real signature in Node, and reads chain state through the node', async () => {
  const state = devState();
  const { address } = await state.connect('dev');
  const session = await state.signIn(memoryBackend({ storage: null, domain: 'localhost:5173' }), {
    domain: 'localhost:5173',
    uri: 'http://localhost:5173',
  });
  assert.equal(session.address, address);
  const block = await state.$connector.get()!.getProvider().request({ method: 'eth_blockNumber' });
  assert.match(String(block), /^0x[0-9a-f]+$/);
});

test('a chain without an RPC URL cannot forward reads: a clear NOT_SUPPORTED, not a hang', async () => {
  const state = createWalletState({
    discover: false,
    storage: memoryStorage(),
    devWallet: { rpcUrl: node.rpcUrl, chainIds: [1], storage: memoryStorage() },
  });
  await state.connect('dev');
  await state.switchChain(1);
  const provider = state.$connector.get()!.getProvider();
  await assert.rejects(
    provider.request({ method: 'eth_blockNumber' }),
    (error: { code?: number; message: string }) => {
      assert.equal(error.code, 4200);
      assert.match(error.message, /no RPC URL for chain 1/);
      return true;
    },
  );
  // Through the state, the same failure is a QuestError with a code.
  await assert.rejects(
    state.switchChain(999),
    (error: unknown) => error instanceof QuestError && error.code === 'WALLET_WRONG_CHAIN',
  );
});
