import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { questBadgeAbi, questBadgeBytecode } from '@questboard/contracts';
import { isQuestError } from '@questboard/core';
import {
  ANVIL_ACCOUNTS,
  type AnvilNode,
  startAnvil,
  type TestClient,
  testClient,
} from '@questboard/rules/testing';
import { type Address, hashTypedData, keccak256, stringToBytes } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import {
  type BadgeContract,
  badgeVoucherToJson,
  badgeVoucherTypedData,
  createBadgeVoucher,
  randomVoucherNonce,
  rewardKey,
  signBadgeVoucher,
  VOUCHER_CLOCK_SKEW_SECONDS,
} from './vouchers.js';

const [owner, visitor, relayer] = ANVIL_ACCOUNTS as [Address, Address, Address];

describe('badge vouchers', () => {
  it('turn campaign and tier ids into keccak256 of their UTF-8 bytes', () => {
    assert.equal(rewardKey('acme-summer'), keccak256(stringToBytes('acme-summer')));
    assert.notEqual(rewardKey('bronze'), rewardKey('Bronze'));
    assert.throws(
      () => rewardKey(''),
      (e) => isQuestError(e) && e.code === 'BAD_REQUEST',
    );
  });

  it('are valid from a little before now until now + ttl, for a checksummed address', () => {
    const now = Date.UTC(2026, 11, 1, 12);
    const v = createBadgeVoucher({
      to: visitor.toLowerCase(),
      campaignId: 'acme-summer',
      tierId: 'bronze',
      now,
      ttlSeconds: 600,
      nonce: 7n,
    });
    assert.deepEqual(v, {
      to: visitor,
      campaign: rewardKey('acme-summer'),
      tier: rewardKey('bronze'),
      nonce: 7n,
      validAfter: BigInt(now / 1000 - VOUCHER_CLOCK_SKEW_SECONDS),
      validBefore: BigInt(now / 1000 + 600),
    });
    assert.deepEqual(badgeVoucherToJson(v), {
      to: visitor,
      campaign: v.campaign,
      tier: v.tier,
      nonce: '7',
      validAfter: String(v.validAfter),
      validBefore: String(v.validBefore),
    });
  });

  it('refuse a bad address or lifetime with a clear error', () => {
    const base = { campaignId: 'c', tierId: 't' };
    for (const input of [
      { ...base, to: '0x1234' },
      { ...base, to: visitor.replace('dc', 'DC') },
      { ...base, to: visitor, ttlSeconds: 0 },
      { ...base, to: visitor, ttlSeconds: 1.5 },
    ])
      assert.throws(
        () => createBadgeVoucher(input),
        (e) => isQuestError(e) && e.code === 'BAD_REQUEST',
      );
  });

  it('get random 256-bit nonces', () => {
    const nonces = new Set(Array.from({ length: 64 }, () => randomVoucherNonce()));
    assert.equal(nonces.size, 64);
    assert.ok([...nonces].some((n) => n >= 2n ** 248n));
    assert.ok([...nonces].every((n) => n < 2n ** 256n));
  });
});

describe('badge vouchers on anvil', () => {
  let node: AnvilNode;
  let client: TestClient;
  let contract: BadgeContract;
  const issuer = privateKeyToAccount(generatePrivateKey());

  before(async () => {
    node = await startAnvil();
    client = testClient(node.rpcUrl, node.chainId);
    const hash = await client.deployContract({
      abi: questBadgeAbi,
      bytecode: questBadgeBytecode,
      args: ['Acme Badges', 'ACME', owner, issuer.address],
    });
    const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 20 });
    contract = { chainId: node.chainId, address: receipt.contractAddress! };
    await client.waitForTransactionReceipt({
      hash: await client.writeContract({
        address: contract.address,
        abi: questBadgeAbi,
        functionName: 'setTier',
        args: [
          rewardKey('acme-summer'),
          rewardKey('bronze'),
          'Bronze',
          'https://acme.example/b.png',
        ],
      }),
      pollingInterval: 20,
    });
  });
  after(() => node?.stop());

  it('a signed voucher is what the contract hashes and accepts, once', async () => {
    const block = await client.getBlock();
    const voucher = createBadgeVoucher({
      to: visitor,
      campaignId: 'acme-summer',
      tierId: 'bronze',
      now: Number(block.timestamp) * 1000,
    });
    const typed = badgeVoucherTypedData(contract, voucher);
    assert.equal(
      await client.readContract({
        address: contract.address,
        abi: questBadgeAbi,
        functionName: 'hashVoucher',
        args: [voucher],
      }),
      hashTypedData(typed),
    );
    const signature = await signBadgeVoucher(issuer, contract, voucher);
    // Simulated first: anvil would mine a reverting transaction instead of refusing it.
    const claim = async () => {
      const { request } = await client.simulateContract({
        address: contract.address,
        abi: questBadgeAbi,
        functionName: 'claim',
        args: [voucher, signature],
        account: relayer,
      });
      return client.writeContract(request);
    };
    const receipt = await client.waitForTransactionReceipt({
      hash: await claim(),
      pollingInterval: 20,
    });
    assert.equal(receipt.status, 'success');
    assert.equal(
      await client.readContract({
        address: contract.address,
        abi: questBadgeAbi,
        functionName: 'badgeOf',
        args: [visitor, voucher.campaign, voucher.tier],
      }),
      1n,
    );
    await assert.rejects(claim(), /VoucherUsed/);
  });

  it('a voucher signed for another contract or chain is refused', async () => {
    const block = await client.getBlock();
    const voucher = createBadgeVoucher({
      to: owner,
      campaignId: 'acme-summer',
      tierId: 'bronze',
      now: Number(block.timestamp) * 1000,
    });
    for (const other of [
      { ...contract, chainId: contract.chainId + 1 },
      { ...contract, address: relayer },
    ]) {
      const signature = await signBadgeVoucher(issuer, other, voucher);
      await assert.rejects(
        client.simulateContract({
          address: contract.address,
          abi: questBadgeAbi,
          functionName: 'claim',
          args: [voucher, signature],
        }),
        /InvalidSignature/,
      );
    }
  });
});
