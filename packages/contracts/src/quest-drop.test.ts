import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import {
  ANVIL_ACCOUNTS,
  type AnvilNode,
  startAnvil,
  type TestClient,
  testClient,
} from '@questboard/rules/testing';
import { type Address, type Hex, hashTypedData, type LocalAccount, parseEventLogs } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import {
  claimAuthorizationTypes,
  questDropAbi,
  questDropBytecode,
  questDropDomain,
  questDropLeafEncoding,
} from './index.js';
import {
  advance,
  chainTime,
  deploy,
  mined,
  reverts,
  testAbis,
  testContracts,
  write,
} from './testing/index.js';

const [owner, alice, bob, carol, relayer, treasury] = ANVIL_ACCOUNTS as [
  Address,
  Address,
  Address,
  Address,
  Address,
  Address,
];
const DAY = 24 * 60 * 60;

type Tree = StandardMerkleTree<[Address, string]>;
const tree = (rows: [Address, bigint][]): Tree =>
  StandardMerkleTree.of(
    rows.map(([a, n]): [Address, string] => [a, n.toString()]),
    [...questDropLeafEncoding],
  );
const proofOf = (t: Tree, account: Address): Hex[] => {
  for (const [i, [a]] of t.entries()) if (a === account) return t.getProof(i) as Hex[];
  throw new Error(`${account} is not in the tree`);
};

describe('QuestDrop on anvil', () => {
  let node: AnvilNode;
  let client: TestClient;
  let token: Address;
  let drop: Address;
  let endTime: bigint;
  // An account with no ether: its claims go through a relayer.
  let gasless: LocalAccount;
  let walletOwner: LocalAccount;
  let wallet: Address;
  let round1: Tree;
  let round2: Tree;

  const read = (functionName: string, args: readonly unknown[] = []) =>
    client.readContract({
      address: drop,
      abi: questDropAbi,
      functionName,
      args,
    } as never) as Promise<unknown>;
  const balance = (account: Address) =>
    client.readContract({
      address: token,
      abi: testAbis.erc20,
      functionName: 'balanceOf',
      args: [account],
    });
  const claim = (account: Address, amount: bigint, proof: Hex[]) =>
    write(client, {
      address: drop,
      abi: questDropAbi,
      functionName: 'claim',
      args: [amount, proof],
      account,
    });
  const publish = (root: Hex, account: Address = owner) =>
    write(client, {
      address: drop,
      abi: questDropAbi,
      functionName: 'publishRoot',
      args: [root as Hex],
      account,
    });
  const authorize = (
    signer: LocalAccount,
    message: { account: Address; recipient: Address; cumulativeAmount: bigint; deadline: bigint },
  ) =>
    signer.signTypedData({
      domain: { ...questDropDomain, chainId: node.chainId, verifyingContract: drop },
      types: claimAuthorizationTypes,
      primaryType: 'ClaimAuthorization',
      message,
    });
  const claimFor = (
    a: { account: Address; recipient: Address; cumulativeAmount: bigint; deadline: bigint },
    proof: Hex[],
    signature: Hex,
  ) =>
    write(client, {
      address: drop,
      abi: questDropAbi,
      functionName: 'claimFor',
      args: [a.account, a.recipient, a.cumulativeAmount, a.deadline, proof, signature],
      account: relayer,
    });

  before(async () => {
    node = await startAnvil();
    client = testClient(node.rpcUrl, node.chainId);
    gasless = privateKeyToAccount(generatePrivateKey());
    walletOwner = privateKeyToAccount(generatePrivateKey());
    const bytecode = testContracts();
    token = await deploy(client, testAbis.erc20, bytecode.TestERC20);
    wallet = await deploy(client, testAbis.wallet, bytecode.TestERC1271Wallet, [
      walletOwner.address,
    ]);
    endTime = (await chainTime(client)) + BigInt(30 * DAY);
    drop = await deploy(client, questDropAbi, questDropBytecode, [token, owner, endTime]);
    await mined(
      client,
      write(client, {
        address: token,
        abi: testAbis.erc20,
        functionName: 'mint',
        args: [drop, 10_000n],
      }),
    );
    round1 = tree([
      [alice, 100n],
      [bob, 250n],
      [gasless.address, 40n],
    ]);
    round2 = tree([
      [alice, 160n],
      [bob, 250n],
      [carol, 70n],
      [gasless.address, 90n],
      [wallet, 30n],
    ]);
  });
  after(() => node?.stop());

  it('refuses an end time in the past at deployment', async () => {
    const now = await chainTime(client);
    await assert.rejects(deploy(client, questDropAbi, questDropBytecode, [token, owner, now - 1n]));
  });

  it('uses the StandardMerkleTree leaf: every proof of a tree verifies, other amounts do not', async () => {
    await mined(client, publish(round1.root as Hex));
    assert.equal(await read('merkleRoot'), round1.root);
    assert.equal(await read('round'), 1n);
    for (const [i, [account, amount]] of round1.entries()) {
      const proof = round1.getProof(i);
      assert.equal(await read('verify', [account, BigInt(amount), proof]), true);
      assert.equal(await read('verify', [account, BigInt(amount) + 1n, proof]), false);
    }
  });

  it('pays an account its amount once, and refuses wrong amounts and borrowed proofs', async () => {
    await reverts(claim(bob, 300n, proofOf(round1, bob)), 'InvalidProof');
    await reverts(claim(bob, 100n, proofOf(round1, alice)), 'InvalidProof');
    const receipt = await mined(client, claim(alice, 100n, proofOf(round1, alice)));
    const [event] = parseEventLogs({ abi: questDropAbi, logs: receipt.logs, eventName: 'Claimed' });
    assert.deepEqual(event?.args, {
      account: alice,
      recipient: alice,
      amount: 100n,
      cumulativeAmount: 100n,
    });
    assert.equal(await balance(alice), 100n);
    assert.equal(await read('claimed', [alice]), 100n);
    await reverts(claim(alice, 100n, proofOf(round1, alice)), 'NothingToClaim');
    assert.equal(await balance(alice), 100n);
  });

  it('lets only the owner publish a root', async () => {
    await reverts(publish(round2.root as Hex, alice), 'OwnableUnauthorizedAccount');
  });

  it('pays the difference to the cumulative amount of a later round', async () => {
    await mined(client, publish(round2.root as Hex));
    assert.equal(await read('round'), 2n);
    // Round 1's proof is no longer valid.
    await reverts(claim(bob, 250n, proofOf(round1, bob)), 'InvalidProof');
    await mined(client, claim(alice, 160n, proofOf(round2, alice)));
    assert.equal(await balance(alice), 160n);
    assert.equal(await read('claimed', [alice]), 160n);
    await mined(client, claim(bob, 250n, proofOf(round2, bob)));
    await mined(client, claim(carol, 70n, proofOf(round2, carol)));
    assert.equal(await balance(bob), 250n);
    assert.equal(await balance(carol), 70n);
    await reverts(claim(alice, 160n, proofOf(round2, alice)), 'NothingToClaim');
    assert.equal(await balance(drop), 10_000n - 160n - 250n - 70n);
  });

  it('hashes an authorisation exactly as viem hashes the exported EIP-712 domain and types', async () => {
    const message = { account: alice, recipient: bob, cumulativeAmount: 5n, deadline: 99n };
    assert.equal(
      await read('hashClaimAuthorization', [alice, bob, 5n, 99n]),
      hashTypedData({
        domain: { ...questDropDomain, chainId: node.chainId, verifyingContract: drop },
        types: claimAuthorizationTypes,
        primaryType: 'ClaimAuthorization',
        message,
      }),
    );
  });

  it('claimFor: a relayer pays the gas of a signed claim, to the recipient the account chose', async () => {
    const deadline = (await chainTime(client)) + 3600n;
    const auth = { account: gasless.address, recipient: treasury, cumulativeAmount: 90n, deadline };
    const proof = proofOf(round2, gasless.address);
    assert.equal(await client.getBalance({ address: gasless.address }), 0n);

    // Bad signatures: another key, a changed recipient, a changed amount, garbage.
    const stranger = privateKeyToAccount(generatePrivateKey());
    await reverts(claimFor(auth, proof, await authorize(stranger, auth)), 'InvalidSignature');
    const signature = await authorize(gasless, auth);
    await reverts(claimFor({ ...auth, recipient: relayer }, proof, signature), 'InvalidSignature');
    await reverts(
      claimFor({ ...auth, deadline: deadline + 1n }, proof, signature),
      'InvalidSignature',
    );
    await reverts(claimFor(auth, proof, '0xdeadbeef'), 'InvalidSignature');
    assert.equal(await read('claimed', [gasless.address]), 0n);

    const before = await balance(treasury);
    const receipt = await mined(client, claimFor(auth, proof, signature));
    const [event] = parseEventLogs({ abi: questDropAbi, logs: receipt.logs, eventName: 'Claimed' });
    assert.deepEqual(event?.args, {
      account: gasless.address,
      recipient: treasury,
      amount: 90n,
      cumulativeAmount: 90n,
    });
    assert.equal((await balance(treasury)) - before, 90n);
    assert.equal(await balance(relayer), 0n);
    // The same authorisation cannot pay out twice.
    await reverts(claimFor(auth, proof, signature), 'NothingToClaim');
  });

  it('claimFor: refuses an authorisation past its deadline', async () => {
    const deadline = (await chainTime(client)) + 60n;
    const auth = { account: wallet, recipient: wallet, cumulativeAmount: 30n, deadline };
    const signature = await authorize(walletOwner, auth);
    await advance(client, 61);
    await reverts(claimFor(auth, proofOf(round2, wallet), signature), 'AuthorizationExpired');
  });

  it('claimFor: accepts an ERC-1271 smart-wallet account signed by its owner', async () => {
    const deadline = (await chainTime(client)) + 3600n;
    const auth = { account: wallet, recipient: wallet, cumulativeAmount: 30n, deadline };
    const proof = proofOf(round2, wallet);
    await reverts(
      claimFor(auth, proof, await authorize(privateKeyToAccount(generatePrivateKey()), auth)),
      'InvalidSignature',
    );
    await mined(client, claimFor(auth, proof, await authorize(walletOwner, auth)));
    assert.equal(await balance(wallet), 30n);
  });

  it('extends the end time only forwards, by the owner', async () => {
    const extend = (to: bigint, account: Address = owner) =>
      write(client, {
        address: drop,
        abi: questDropAbi,
        functionName: 'extendEndTime',
        args: [to],
        account,
      });
    await reverts(extend(endTime - 1n), 'InvalidEndTime');
    await reverts(extend(endTime), 'InvalidEndTime');
    await reverts(extend(endTime + BigInt(DAY), alice), 'OwnableUnauthorizedAccount');
    await mined(client, extend(endTime + BigInt(DAY)));
    endTime += BigInt(DAY);
    assert.equal(await read('endTime'), endTime);
  });

  it('refuses a sweep before the end; after it, refuses claims and roots and sweeps the rest', async () => {
    const sweep = (to: Address, account: Address = owner) =>
      write(client, {
        address: drop,
        abi: questDropAbi,
        functionName: 'sweep',
        args: [to],
        account,
      });
    await reverts(sweep(treasury), 'DropNotEnded');
    const left = await balance(drop);
    assert.ok(left > 0n);

    const now = await chainTime(client);
    await advance(client, Number(endTime - now));
    assert.ok((await chainTime(client)) >= endTime);
    await reverts(claim(bob, 250n, proofOf(round2, bob)), 'DropEnded');
    await reverts(publish(round1.root as Hex), 'DropEnded');
    await reverts(sweep(treasury, alice), 'OwnableUnauthorizedAccount');

    const before = await balance(treasury);
    const receipt = await mined(client, sweep(treasury));
    const [event] = parseEventLogs({ abi: questDropAbi, logs: receipt.logs, eventName: 'Swept' });
    assert.deepEqual(event?.args, { to: treasury, amount: left });
    assert.equal((await balance(treasury)) - before, left);
    assert.equal(await balance(drop), 0n);
  });
});
