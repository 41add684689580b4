// Cost of one EIP-712 signature as the server signs credentials, in µs of wall time per
// signature (single thread, after warm-up), all measured in this run on the same messages:
//   viem          privateKeyToAccount().signTypedData — the baseline (noble curves, re-hashes
//                 the type string and the domain separator each call)
//   noble_cached  fastIssuer({ backend: 'noble' }) — cached hashes, noble curves
//   wasm          cached hashes + tiny-secp256k1 (libsecp256k1 compiled to WASM)
//   native        fastIssuer() — cached hashes on the native keccak + libsecp256k1's N-API
//                 binding (`secp256k1`)
//   keccak_*      one keccak-256 of 320 bytes (a credential's struct encoding): viem's
//                 @noble/hashes vs the `keccak` package's native sponge (loadNativeKeccak)
//   credential_*  a whole signCredential() with the viem account, with fastIssuer({ backend:
//                 'noble' }) (pure JS, cached) and with fastIssuer()
// Last line: {"viem_us":…,"noble_cached_us":…,"wasm_us":…,"native_us":…,"chosen":…,"ratio":…,…}
// ratio = viem_us / the chosen backend's µs.
import { randomBytes } from 'node:crypto';
import { signCredential } from '@questboard/core';
import * as tiny from 'tiny-secp256k1';
import { type Hex, keccak256, toHex } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { fastIssuer, loadNativeKeccak, typedDataDigester } from '../packages/server/src/signer.js';

const N = Number(process.env.BENCH_SIGNATURES ?? 500);
const ROUNDS = 7;

const types = {
  Attest: [
    { name: 'version', type: 'uint16' },
    { name: 'schema', type: 'bytes32' },
    { name: 'recipient', type: 'address' },
    { name: 'time', type: 'uint64' },
    { name: 'expirationTime', type: 'uint64' },
    { name: 'revocable', type: 'bool' },
    { name: 'refUID', type: 'bytes32' },
    { name: 'data', type: 'bytes' },
    { name: 'salt', type: 'bytes32' },
  ],
} as const;
const domain = {
  name: 'EAS Attestation',
  version: '0.26',
  chainId: 1,
  verifyingContract: '0xA1207F3BBa224E2c9c3c6D5aF63D0eb1582Ce587',
} as const;
const key = generatePrivateKey();
const messages = Array.from({ length: N }, (_, i) => ({
  domain,
  types,
  primaryType: 'Attest' as const,
  message: {
    version: 2,
    schema: toHex(randomBytes(32)),
    recipient: privateKeyToAccount(generatePrivateKey()).address,
    time: BigInt(1_700_000_000 + i),
    expirationTime: 0n,
    revocable: true,
    refUID: `0x${'00'.repeat(32)}` as Hex,
    data: toHex(randomBytes(128)),
    salt: toHex(randomBytes(32)),
  },
}));

type Message = (typeof messages)[number];
type Variant = (m: Message) => Promise<unknown> | unknown;

/** Median µs per signature of each variant; rounds interleave the variants so load hits all alike. */
async function perSignature(variants: Record<string, Variant>): Promise<Record<string, number>> {
  const samples: Record<string, number[]> = {};
  for (const [name, sign] of Object.entries(variants)) {
    samples[name] = [];
    for (const m of messages.slice(0, 100)) await sign(m); // warm-up
  }
  for (let r = 0; r < ROUNDS; r++)
    for (const [name, sign] of Object.entries(variants)) {
      const t0 = performance.now();
      for (const m of messages) await sign(m);
      samples[name]!.push(((performance.now() - t0) * 1000) / messages.length);
    }
  return Object.fromEntries(
    Object.entries(samples).map(([name, s]) => {
      s.sort((x, y) => x - y);
      return [name, Math.round(s[Math.floor(ROUNDS / 2)]! * 10) / 10];
    }),
  );
}

const viemAccount = privateKeyToAccount(key);
const nobleCached = fastIssuer(key, { backend: 'noble' });
const native = fastIssuer(key);
const keyBytes = Buffer.from(key.slice(2), 'hex');
const nativeKeccak = loadNativeKeccak();
// The WASM variant hashes as the native one does, so the two differ only in the curve.
const digest = typedDataDigester(nativeKeccak ?? undefined);
const block = toHex(randomBytes(320));
const credential = (signer: Parameters<typeof signCredential>[0]['signer']) => (m: Message) =>
  signCredential({
    signer,
    recipient: m.message.recipient,
    campaignId: 'bench',
    taskId: `t${m.message.time}`,
    time: Number(m.message.time),
  });

const {
  viem_us,
  noble_cached_us,
  wasm_us,
  native_us,
  keccak_noble_us,
  keccak_native_us,
  credential_viem_us,
  credential_noble_us,
  credential_fast_us,
} = (await perSignature({
  viem_us: (m) => viemAccount.signTypedData(m),
  noble_cached_us: (m) => nobleCached.signTypedData(m),
  // WASM: the same cached digest, libsecp256k1 compiled to WebAssembly for the curve.
  wasm_us: (m) => tiny.signRecoverable(Buffer.from(digest(m).slice(2), 'hex'), keyBytes),
  native_us: (m) => native.signTypedData(m),
  keccak_noble_us: () => keccak256(block),
  keccak_native_us: () => (nativeKeccak ?? keccak256)(block),
  credential_viem_us: credential(viemAccount),
  credential_noble_us: credential(nobleCached),
  credential_fast_us: credential(native),
})) as Record<string, number> &
  Record<
    | 'viem_us'
    | 'noble_cached_us'
    | 'wasm_us'
    | 'native_us'
    | 'keccak_noble_us'
    | 'keccak_native_us'
    | 'credential_viem_us'
    | 'credential_noble_us'
    | 'credential_fast_us',
    number
  >;

const chosen = native.signerBackend;
const chosenUs = chosen === 'native' ? native_us : noble_cached_us;
const figures = {
  viem_us,
  noble_cached_us,
  wasm_us,
  native_us,
  chosen,
  ratio: Math.round((viem_us / chosenUs) * 10) / 10,
  keccak_noble_us,
  keccak_native_us,
  keccak_chosen: native.keccakBackend,
  credential_viem_us,
  credential_noble_us,
  credential_fast_us,
  credential_ratio: Math.round((credential_viem_us / credential_fast_us) * 10) / 10,
  signatures: N,
};
console.log(
  `per signature (µs, median of ${ROUNDS} rounds of ${N}): viem ${viem_us}, noble+cache ${noble_cached_us}, wasm ${wasm_us}, native ${native_us}; keccak-256 of 320 B: noble ${keccak_noble_us}, native ${keccak_native_us}; whole credential: viem ${credential_viem_us}, noble+cache ${credential_noble_us}, fast ${credential_fast_us}`,
);
console.log(JSON.stringify(figures));
