import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { Keccak256 } from '@questboard/core';
import {
  concat,
  encodeAbiParameters,
  type Hex,
  hashDomain,
  hashTypedData,
  type LocalAccount,
  serializeSignature,
  stringToHex,
  toHex,
  keccak256 as viemKeccak256,
} from 'viem';
import { privateKeyToAccount, sign, toAccount } from 'viem/accounts';

/**
 * The secp256k1 implementation an issuer signs with. `native` is libsecp256k1 through the
 * `secp256k1` package's N-API binding (prebuilt for linux-x64, darwin-arm64 and win32-x64);
 * `noble` is viem's own pure-JS `@noble/curves`, used wherever the binding cannot load.
 * `npm run bench:sign` measures both in one run (native is ~15× faster here).
 */
export type SignerBackend = 'native' | 'noble';

interface NativeSecp256k1 {
  ecdsaSign(message: Uint8Array, privateKey: Uint8Array): { signature: Uint8Array; recid: number };
}

let native: NativeSecp256k1 | null | undefined;

/** libsecp256k1's binding, or null where it cannot load (no prebuild, no compiler). */
export function loadNativeSecp256k1(): NativeSecp256k1 | null {
  if (native !== undefined) return native;
  try {
    // `secp256k1/bindings` is the native addon alone: the package's main entry silently falls
    // back to `elliptic` (slower than noble), which we never want.
    native = createRequire(import.meta.url)('secp256k1/bindings') as NativeSecp256k1;
  } catch {
    native = null;
  }
  return native;
}

/** The `keccak` package's native sponge (XKCP's Keccak-p[1600]), without its stream wrapper. */
interface NativeKeccakState {
  initialize(rate: number, capacity: number): void;
  absorb(data: Buffer): void;
  squeeze(length: number): Buffer;
}

let keccakNative: Keccak256 | null | undefined;

/**
 * keccak-256 on the `keccak` package's N-API binding, or null where it cannot load (then viem's
 * pure-JS hash is used). keccak 3.0.4 ships prebuilds for linux-x64 (glibc and musl), darwin-x64
 * and win32-x64, none for arm64 (linux-arm64, darwin-arm64 fall back unless npm compiled it at
 * install). Credentials hash about 1 kB each (the struct, its `data`, the digest and the uid):
 * on this 2-core machine @noble/hashes takes ~40 µs for 320 bytes, the binding ~4
 * (`npm run bench:sign`). The package's own entry wraps each hash in a stream object and
 * silently falls back to pure JS: this uses the addon's sponge directly, one instance reused
 * (hashing is synchronous, one at a time, and the sponge is re-initialized for each).
 * Anything but clean even-length `0x` hex (which `Buffer.from(…, 'hex')` would silently cut
 * short) goes to viem, so the answer is viem's for every input.
 */
export function loadNativeKeccak(): Keccak256 | null {
  if (keccakNative !== undefined) return keccakNative;
  try {
    const require = createRequire(import.meta.url);
    const dir = dirname(require.resolve('keccak/package.json'));
    const State = createRequire(`${dir}/package.json`)('node-gyp-build')(
      dir,
    ) as new () => NativeKeccakState;
    if (typeof State !== 'function') throw new Error('no N-API');
    const state = new State();
    const hash = (data: Hex): Hex => {
      if (typeof data !== 'string' || !data.startsWith('0x')) return viemKeccak256(data);
      const bytes = Buffer.from(data.slice(2), 'hex');
      if (bytes.length * 2 !== data.length - 2) return viemKeccak256(data);
      state.initialize(1088, 512);
      state.absorb(bytes);
      return `0x${state.squeeze(32).toString('hex')}`;
    };
    // Proven before it is trusted: keccak256('') (not SHA3-256('')), and a three-block input
    // against viem's.
    const probe = `0x${Buffer.alloc(300, 0xa5).toString('hex')}` as Hex;
    if (
      hash('0x') !== '0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470' ||
      hash(probe) !== viemKeccak256(probe)
    )
      throw new Error('wrong digest');
    keccakNative = hash;
  } catch {
    keccakNative = null;
  }
  return keccakNative;
}

type Field = { name: string; type: string };
// biome-ignore lint/suspicious/noExplicitAny: the typed-data argument viem's accounts take
type TypedDataArgs = any;

/**
 * EIP-712 `hashStruct` for a primary type made only of atomic fields, `bytes` and `string`
 * (Questboard's credential `Attest` and badge vouchers), with the type hash computed once.
 * viem's `hashTypedData` re-encodes and re-hashes the type string and the domain separator on
 * every call; those are a third of a credential's hashing cost. Anything with nested structs or
 * arrays returns null and goes through viem unchanged.
 */
function flatStructHasher(
  primaryType: string,
  types: Record<string, readonly Field[]>,
  keccak256: Keccak256,
): ((message: Record<string, unknown>) => Hex) | null {
  const fields = types[primaryType];
  if (!fields) return null;
  for (const f of fields) if (types[f.type] || f.type.endsWith(']')) return null;
  const typeHash = keccak256(
    stringToHex(`${primaryType}(${fields.map((f) => `${f.type} ${f.name}`).join(',')})`),
  );
  const params = [
    { type: 'bytes32' },
    ...fields.map((f) => ({
      type: f.type === 'bytes' || f.type === 'string' ? 'bytes32' : f.type,
    })),
  ];
  return (message) =>
    keccak256(
      encodeAbiParameters(params, [
        typeHash,
        ...fields.map((f) => {
          const value = message[f.name];
          if (f.type === 'bytes') return keccak256(value as Hex);
          if (f.type === 'string') return keccak256(stringToHex(value as string));
          return value;
        }),
      ]),
    );
}

/** What `fastIssuer` returns: the account, which implementations it runs on, and its hash. */
export type FastIssuer = LocalAccount & {
  signerBackend: SignerBackend;
  keccakBackend: SignerBackend;
  keccak256: Keccak256;
};

/**
 * An issuer account (a viem `LocalAccount`) whose `signTypedData` gives byte-identical
 * signatures to `privateKeyToAccount(key).signTypedData` (RFC 6979 deterministic nonces, low s),
 * faster: domain separators and type hashes are cached per domain and type set, and the curve
 * work runs on libsecp256k1 and the hashing on a native keccak-256 when their bindings load
 * (`backend: 'noble'` forces pure JS for both). It carries that hash as `keccak256`, which core's
 * `signCredential` builds the credential's digest and uid with. Other methods are viem's.
 */
export function fastIssuer(privateKey: Hex, options: { backend?: SignerBackend } = {}): FastIssuer {
  const base = privateKeyToAccount(privateKey);
  const secp = options.backend === 'noble' ? null : loadNativeSecp256k1();
  if (options.backend === 'native' && !secp)
    throw new Error('The native secp256k1 binding could not be loaded.');
  const fastKeccak = options.backend === 'noble' ? null : loadNativeKeccak();
  const keccak256 = fastKeccak ?? viemKeccak256;
  const keyBytes = Uint8Array.from(Buffer.from(privateKey.slice(2), 'hex'));
  const digestOf = typedDataDigester(keccak256);

  const signDigest = async (digest: Hex): Promise<Hex> => {
    if (!secp) return sign({ hash: digest, privateKey, to: 'hex' });
    const { signature, recid } = secp.ecdsaSign(
      Uint8Array.from(Buffer.from(digest.slice(2), 'hex')),
      keyBytes,
    );
    return serializeSignature({
      r: toHex(signature.subarray(0, 32)),
      s: toHex(signature.subarray(32, 64)),
      yParity: recid,
    });
  };

  const account = toAccount({
    address: base.address,
    // core's signCredential builds the digest itself and calls `sign({ hash })`.
    sign: ({ hash }) => signDigest(hash),
    signAuthorization: (args) => base.signAuthorization(args),
    signMessage: (args) => base.signMessage(args),
    signTransaction: (tx, opts) => base.signTransaction(tx, opts),
    signTypedData: async (typedData) => signDigest(digestOf(typedData)),
  });
  return Object.assign(account, {
    publicKey: base.publicKey,
    source: 'privateKey' as const,
    signerBackend: (secp ? 'native' : 'noble') as SignerBackend,
    keccakBackend: (fastKeccak ? 'native' : 'noble') as SignerBackend,
    keccak256,
  }) as FastIssuer;
}

/**
 * `hashTypedData` with memory: the domain separator per domain and the struct hasher per type
 * set are computed once (type sets are keyed by object identity first, so a constant such as
 * core's `ATTEST_TYPES` costs no serialisation per call). Same digests as viem's.
 */
export function typedDataDigester(
  keccak256: Keccak256 = viemKeccak256,
): (typedData: TypedDataArgs) => Hex {
  const domains = new Map<string, Hex>();
  const byIdentity = new WeakMap<object, ((message: Record<string, unknown>) => Hex) | null>();
  const byValue = new Map<string, ((message: Record<string, unknown>) => Hex) | null>();
  return (typedData) => {
    const { domain = {}, types, primaryType, message } = typedData;
    let hasher = byIdentity.get(types);
    if (hasher === undefined) {
      const typesKey = `${primaryType}:${JSON.stringify(types)}`;
      hasher = byValue.get(typesKey);
      if (hasher === undefined) {
        hasher = flatStructHasher(primaryType, types, keccak256);
        if (byValue.size > 64) byValue.clear();
        byValue.set(typesKey, hasher);
      }
      // A type set may declare several primary types: identity caching only for single ones.
      if (Object.keys(types).length === 1) byIdentity.set(types, hasher);
    }
    if (!hasher) return hashTypedData(typedData);
    const domainKey = JSON.stringify(domain, (_, v) => (typeof v === 'bigint' ? `${v}n` : v));
    let separator = domains.get(domainKey);
    if (!separator) {
      separator = hashDomain({ domain, types: { ...types, EIP712Domain: domainFields(domain) } });
      if (domains.size > 64) domains.clear();
      domains.set(domainKey, separator);
    }
    return keccak256(concat(['0x1901', separator, hasher(message)]));
  };
}

/** The EIP712Domain fields present in a domain, in the standard's order. */
function domainFields(domain: Record<string, unknown>): Field[] {
  return (
    [
      ['name', 'string'],
      ['version', 'string'],
      ['chainId', 'uint256'],
      ['verifyingContract', 'address'],
      ['salt', 'bytes32'],
    ] as const
  )
    .filter(([name]) => domain[name] !== undefined)
    .map(([name, type]) => ({ name, type }));
}
