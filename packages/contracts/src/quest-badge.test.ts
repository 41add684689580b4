import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ANVIL_ACCOUNTS,
  type AnvilNode,
  startAnvil,
  type TestClient,
  testClient,
} from '@questboard/rules/testing';
import {
  type Address,
  decodeEventLog,
  type Hex,
  hashTypedData,
  keccak256,
  type LocalAccount,
  parseEventLogs,
  stringToBytes,
  zeroAddress,
} from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import {
  badgeVoucherTypes,
  erc5192InterfaceId,
  questBadgeAbi,
  questBadgeBytecode,
  questBadgeDomain,
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

type Voucher = {
  to: Address;
  campaign: Hex;
  tier: Hex;
  nonce: bigint;
  validAfter: bigint;
  validBefore: bigint;
};

const [owner, alice, bob, relayer, stranger] = ANVIL_ACCOUNTS as [
  Address,
  Address,
  Address,
  Address,
  Address,
];
const campaign = keccak256(stringToBytes('acme-summer'));
const bronze = keccak256(stringToBytes('bronze'));
const silver = keccak256(stringToBytes('silver'));

describe('QuestBadge on anvil', () => {
  let node: AnvilNode;
  let client: TestClient;
  let badge: Address;
  let issuer: LocalAccount;
  let nonce = 0n;

  const read = <const F extends string>(functionName: F, args: readonly unknown[] = []) =>
    client.readContract({ address: badge, abi: questBadgeAbi, functionName, args } as never);

  async function voucher(overrides: Partial<Voucher> = {}): Promise<Voucher> {
    const now = await chainTime(client);
    return {
      to: alice,
      campaign,
      tier: bronze,
      nonce: ++nonce,
      validAfter: now - 60n,
      validBefore: now + 3600n,
      ...overrides,
    };
  }

  const sign = (signer: LocalAccount, v: Voucher) =>
    signer.signTypedData({
      domain: { ...questBadgeDomain, chainId: node.chainId, verifyingContract: badge },
      types: badgeVoucherTypes,
      primaryType: 'BadgeVoucher',
      message: v,
    });

  const claim = (v: Voucher, signature: Hex, from: Address = relayer) =>
    write(client, {
      address: badge,
      abi: questBadgeAbi,
      functionName: 'claim',
      args: [v, signature],
      account: from,
    });

  before(async () => {
    node = await startAnvil();
    client = testClient(node.rpcUrl, node.chainId);
    issuer = privateKeyToAccount(generatePrivateKey());
    badge = await deploy(client, questBadgeAbi, questBadgeBytecode, [
      'Acme Quest Badges',
      'AQB',
      owner,
      issuer.address,
    ]);
    for (const [tier, name] of [
      [bronze, 'Bronze explorer'],
      [silver, 'Silver trader'],
    ] as const)
      await mined(
        client,
        write(client, {
          address: badge,
          abi: questBadgeAbi,
          functionName: 'setTier',
          args: [campaign, tier, name, `https://acme.example/badges/${name.split(' ')[0]}.png`],
        }),
      );
  });
  after(() => node?.stop());

  it('reports ERC-721, ERC-5192 and ERC-4906 through ERC-165, and its issuer and owner', async () => {
    assert.equal(await read('supportsInterface', [erc5192InterfaceId]), true);
    assert.equal(await read('supportsInterface', ['0x80ac58cd']), true); // ERC-721
    assert.equal(await read('supportsInterface', ['0x5b5e139f']), true); // ERC-721 metadata
    assert.equal(await read('supportsInterface', ['0x49064906']), true); // ERC-4906
    assert.equal(await read('supportsInterface', ['0x12345678']), false);
    assert.equal(await read('issuer'), issuer.address);
    assert.equal(await read('owner'), owner);
    assert.equal(await read('name'), 'Acme Quest Badges');
  });

  it('hashes a voucher exactly as viem hashes the exported EIP-712 domain and types', async () => {
    const v = await voucher();
    const expected = hashTypedData({
      domain: { ...questBadgeDomain, chainId: node.chainId, verifyingContract: badge },
      types: badgeVoucherTypes,
      primaryType: 'BadgeVoucher',
      message: v,
    });
    assert.equal(await read('hashVoucher', [v]), expected);
    assert.notEqual(await read('hashVoucher', [{ ...v, nonce: v.nonce + 1n }]), expected);
  });

  it('mints a locked badge from a voucher submitted by a relayer, to the voucher holder', async () => {
    const v = await voucher();
    const receipt = await mined(client, claim(v, await sign(issuer, v), relayer));
    const events = parseEventLogs({ abi: questBadgeAbi, logs: receipt.logs });
    const names = events.map((e) => e.eventName);
    assert.deepEqual(names, ['Transfer', 'Locked', 'BadgeClaimed']);
    const claimed = events.find((e) => e.eventName === 'BadgeClaimed')!;
    assert.deepEqual(claimed.args, {
      to: alice,
      campaign,
      tier: bronze,
      tokenId: 1n,
      nonce: v.nonce,
    });
    const locked = events.find((e) => e.eventName === 'Locked')!;
    assert.deepEqual(locked.args, { tokenId: 1n });

    assert.equal(await read('ownerOf', [1n]), alice);
    assert.equal(await read('balanceOf', [relayer]), 0n);
    assert.equal(await read('locked', [1n]), true);
    assert.equal(await read('totalSupply'), 1n);
    assert.equal(await read('badgeOf', [alice, campaign, bronze]), 1n);
    assert.equal(await read('badgeOf', [alice, campaign, silver]), 0n);
    assert.equal(await read('nonceUsed', [v.nonce]), true);
    assert.deepEqual(await read('badge', [1n]), [campaign, bronze]);

    const uri = (await read('tokenURI', [1n])) as string;
    const prefix = 'data:application/json;base64,';
    assert.ok(uri.startsWith(prefix), uri);
    const json = JSON.parse(Buffer.from(uri.slice(prefix.length), 'base64').toString('utf8'));
    assert.deepEqual(json, {
      name: 'Bronze explorer',
      image: 'https://acme.example/badges/Bronze.png',
      attributes: [
        { trait_type: 'campaign', value: campaign },
        { trait_type: 'tier', value: bronze },
      ],
    });
  });

  it('refuses a voucher the second time, and a second badge of the same tier', async () => {
    const v = await voucher({ to: bob });
    const signature = await sign(issuer, v);
    await mined(client, claim(v, signature));
    await reverts(claim(v, signature), 'VoucherUsed');
    const again = await voucher({ to: bob });
    await reverts(claim(again, await sign(issuer, again)), 'AlreadyClaimed');
    // Another tier of the same campaign is another badge.
    const other = await voucher({ to: bob, tier: silver });
    await mined(client, claim(other, await sign(issuer, other)));
    assert.equal(await read('balanceOf', [bob]), 2n);
  });

  it('refuses a voucher before validAfter and accepts it from then on', async () => {
    const now = await chainTime(client);
    const v = await voucher({ to: stranger, validAfter: now + 3600n, validBefore: now + 7200n });
    const signature = await sign(issuer, v);
    await reverts(claim(v, signature), 'VoucherNotYetValid');
    assert.equal(await read('nonceUsed', [v.nonce]), false);
    await advance(client, 3601);
    await mined(client, claim(v, signature));
    assert.equal(await read('balanceOf', [stranger]), 1n);
  });

  it('refuses an expired voucher', async () => {
    const now = await chainTime(client);
    const v = await voucher({ to: relayer, validBefore: now + 60n });
    const signature = await sign(issuer, v);
    await advance(client, 61);
    await reverts(claim(v, signature), 'VoucherExpired');
    assert.equal(await read('balanceOf', [relayer]), 0n);
  });

  it('refuses a voucher signed by another key, or altered after signing', async () => {
    const v = await voucher({ to: relayer });
    await reverts(
      claim(v, await sign(privateKeyToAccount(generatePrivateKey()), v)),
      'InvalidSignature',
    );
    const signature = await sign(issuer, v);
    await reverts(claim({ ...v, to: owner }, signature), 'InvalidSignature');
    await reverts(claim({ ...v, tier: silver }, signature), 'InvalidSignature');
    await reverts(claim({ ...v, validBefore: v.validBefore + 1n }, signature), 'InvalidSignature');
    await reverts(claim(v, '0x1234'), 'InvalidSignature');
    assert.equal(await read('balanceOf', [relayer]), 0n);
  });

  it('refuses a tier whose metadata was never set', async () => {
    const v = await voucher({ tier: keccak256(stringToBytes('gold')) });
    await reverts(claim(v, await sign(issuer, v)), 'UnknownTier');
  });

  it('accepts vouchers from an ERC-1271 smart-wallet issuer, and only those once it is set', async () => {
    const walletOwner = privateKeyToAccount(generatePrivateKey());
    const wallet = await deploy(client, testAbis.wallet, testContracts().TestERC1271Wallet, [
      walletOwner.address,
    ]);
    await reverts(
      write(client, {
        address: badge,
        abi: questBadgeAbi,
        functionName: 'setIssuer',
        args: [wallet],
        account: stranger,
      }),
      'OwnableUnauthorizedAccount',
    );
    await mined(
      client,
      write(client, {
        address: badge,
        abi: questBadgeAbi,
        functionName: 'setIssuer',
        args: [wallet],
      }),
    );
    assert.equal(await read('issuer'), wallet);

    const v = await voucher({ to: owner });
    // The EOA issuer's vouchers no longer work; a key that is not the wallet's owner neither.
    await reverts(claim(v, await sign(issuer, v)), 'InvalidSignature');
    await reverts(
      claim(v, await sign(privateKeyToAccount(generatePrivateKey()), v)),
      'InvalidSignature',
    );
    await mined(client, claim(v, await sign(walletOwner, v)));
    assert.equal(await read('balanceOf', [owner]), 1n);

    // Back to the EOA issuer for the tests that follow.
    await mined(
      client,
      write(client, {
        address: badge,
        abi: questBadgeAbi,
        functionName: 'setIssuer',
        args: [issuer.address],
      }),
    );
    await reverts(
      write(client, {
        address: badge,
        abi: questBadgeAbi,
        functionName: 'setIssuer',
        args: [zeroAddress],
      }),
      'ZeroIssuer',
    );
  });

  it('refuses every transfer and approval, even by the holder', async () => {
    const asHolder = (functionName: string, args: readonly unknown[]) =>
      write(client, {
        address: badge,
        abi: questBadgeAbi,
        functionName,
        args,
        account: alice,
      } as never);
    await reverts(asHolder('transferFrom', [alice, bob, 1n]), 'Soulbound');
    await reverts(asHolder('safeTransferFrom', [alice, bob, 1n]), 'Soulbound');
    await reverts(asHolder('safeTransferFrom', [alice, bob, 1n, '0x']), 'Soulbound');
    await reverts(asHolder('approve', [bob, 1n]), 'Soulbound');
    await reverts(asHolder('setApprovalForAll', [bob, true]), 'Soulbound');
    assert.equal(await read('ownerOf', [1n]), alice);
    assert.equal(await read('getApproved', [1n]), zeroAddress);
    assert.equal(await read('isApprovedForAll', [alice, bob]), false);
    await reverts(read('locked', [999n]), 'ERC721NonexistentToken');
  });

  it('lets only the owner set tier metadata, JSON-safe and with an https: or ipfs: image', async () => {
    const setTier = (name: string, image: string, account: Address = owner) =>
      write(client, {
        address: badge,
        abi: questBadgeAbi,
        functionName: 'setTier',
        args: [campaign, bronze, name, image],
        account,
      });
    await reverts(
      setTier('Bronze', 'https://a.example/b.png', stranger),
      'OwnableUnauthorizedAccount',
    );
    for (const [name, image] of [
      ['', 'https://a.example/b.png'],
      ['Bronze", "image": "x', 'https://a.example/b.png'],
      ['Back\\slash', 'https://a.example/b.png'],
      ['New\nline', 'https://a.example/b.png'],
      ['x'.repeat(129), 'https://a.example/b.png'],
      ['Bronze', 'javascript:alert(1)'],
      ['Bronze', 'http://a.example/b.png'],
      ['Bronze', 'data:image/svg+xml,<svg/>'],
      ['Bronze', 'https://a.example/"onload="x'],
    ])
      await reverts(setTier(name!, image!), 'InvalidMetadata');

    const receipt = await mined(client, setTier('Bronze pioneer 🏅', 'ipfs://bafy/bronze.png'));
    const [tierSet, update] = receipt.logs.map((log) =>
      decodeEventLog({ abi: questBadgeAbi, ...log }),
    );
    assert.equal(tierSet?.eventName, 'TierSet');
    assert.equal(update?.eventName, 'BatchMetadataUpdate');
    assert.deepEqual(update?.args, { _fromTokenId: 1n, _toTokenId: await read('totalSupply') });
    assert.deepEqual(await read('tierMetadata', [campaign, bronze]), [
      'Bronze pioneer 🏅',
      'ipfs://bafy/bronze.png',
    ]);
    const uri = (await read('tokenURI', [1n])) as string;
    const json = JSON.parse(Buffer.from(uri.split(',')[1]!, 'base64').toString('utf8'));
    assert.equal(json.name, 'Bronze pioneer 🏅');
    assert.equal(json.image, 'ipfs://bafy/bronze.png');
  });
});
