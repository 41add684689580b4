import {
  bytesToHex,
  concat,
  decodeAbiParameters,
  decodeFunctionResult,
  encodeAbiParameters,
  encodeFunctionData,
  encodePacked,
  getAddress,
  isAddress,
  keccak256,
  recoverAddress,
  stringToHex,
} from 'viem';
import type { Address } from './campaign/campaign.js';

type Hex = `0x${string}`;

/** The EAS schema every Questboard credential uses (its `data` ABI-encodes these). */
export const CREDENTIAL_SCHEMA = 'string campaignId,string taskId';

export const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000' as const;
export const ZERO_BYTES32 =
  '0x0000000000000000000000000000000000000000000000000000000000000000' as const;

/** The EIP-712 domain of the EAS contract the credential could later be published to. */
export interface EasDomain {
  chainId: number;
  verifyingContract: Address;
  /** The EAS contract's EIP-712 version string (`version()` of the contract). */
  version: string;
}

/** EAS on Ethereum mainnet (contract version 0.26): the default domain. */
export const DEFAULT_EAS_DOMAIN: EasDomain = {
  chainId: 1,
  verifyingContract: '0xA1207F3BBa224E2c9c3c6D5aF63D0eb1582Ce587',
  version: '0.26',
};

export const EAS_OFFCHAIN_VERSION = 2;
/** The EIP-712 domain name of every EAS off-chain attestation. */
export const EAS_DOMAIN_NAME = 'EAS Attestation';

/** The EIP-712 types of an EAS off-chain attestation, version 2. */
export const ATTEST_TYPES = {
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

/** The signed message of an EAS off-chain attestation, version 2 (times in Unix seconds). */
export interface AttestMessage {
  version: 2;
  schema: Hex;
  recipient: Address;
  time: number;
  expirationTime: number;
  revocable: boolean;
  refUID: Hex;
  data: Hex;
  salt: Hex;
}

/**
 * An EAS off-chain attestation (version 2) exactly as the EAS SDK writes and reads it
 * (`SignedOffchainAttestation`): `Offchain.verifyOffchainAttestationSignature` and
 * `createOffchainURL` take it as it is.
 */
export interface EasOffchainAttestation {
  version: 2;
  uid: Hex;
  domain: {
    name: typeof EAS_DOMAIN_NAME;
    version: string;
    chainId: number;
    verifyingContract: Address;
  };
  primaryType: 'Attest';
  types: { Attest: { name: string; type: string }[] };
  message: AttestMessage;
  signature: { r: Hex; s: Hex; v: number };
}

/**
 * A verifiable statement "address A completed task T of campaign C at time t, issued by key K".
 * It is a complete EAS off-chain attestation (the top-level `version`, `uid`, `domain`,
 * `primaryType`, `types`, `message`, `signature`) plus Questboard's readable copies of what the
 * signature covers (`issuer`, `recipient`, `campaignId`, `taskId`, `time`).
 * `verifyCredential()` checks one offline; docs/credentials.md describes the format.
 */
export interface Credential extends EasOffchainAttestation {
  /** Who signed it (the attester): recovered from `signature`. */
  issuer: Address;
  /** = `message.recipient`. */
  recipient: Address;
  /** = the first string ABI-encoded in `message.data`. */
  campaignId: string;
  /** = the second string ABI-encoded in `message.data`. */
  taskId: string;
  /** = `message.time`, Unix seconds. */
  time: number;
}

// --- hashing, computed once -----------------------------------------------------------------

const ATTEST_TYPE =
  'Attest(uint16 version,bytes32 schema,address recipient,uint64 time,uint64 expirationTime,bool revocable,bytes32 refUID,bytes data,bytes32 salt)';
const DOMAIN_TYPE =
  'EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)';
const once = <T>(make: () => T): (() => T) => {
  let value: T | undefined;
  return () => {
    if (value === undefined) value = make();
    return value;
  };
};
const attestTypeHash = once(() => keccak256(stringToHex(ATTEST_TYPE)));
const domainTypeHash = once(() => keccak256(stringToHex(DOMAIN_TYPE)));
const domainNameHash = once(() => keccak256(stringToHex(EAS_DOMAIN_NAME)));
const defaultSchemaUid = once(() => schemaUidOf(ZERO_ADDRESS, true));
const separators = new Map<string, Hex>();

/** EIP-712 domain separator of an EAS domain, cached per domain. */
function domainSeparator(d: EasDomain): Hex {
  const key = `${d.version}\n${d.chainId}\n${d.verifyingContract.toLowerCase()}`;
  let separator = separators.get(key);
  if (!separator) {
    separator = keccak256(
      encodeAbiParameters(
        [
          { type: 'bytes32' },
          { type: 'bytes32' },
          { type: 'bytes32' },
          { type: 'uint256' },
          { type: 'address' },
        ],
        [
          domainTypeHash(),
          domainNameHash(),
          keccak256(stringToHex(d.version)),
          BigInt(d.chainId),
          d.verifyingContract,
        ],
      ),
    );
    if (separators.size > 64) separators.clear();
    separators.set(key, separator);
  }
  return separator;
}

interface BigMessage {
  version: number;
  schema: Hex;
  recipient: Address;
  time: bigint;
  expirationTime: bigint;
  revocable: boolean;
  refUID: Hex;
  data: Hex;
  salt: Hex;
}

/** keccak-256 of hex bytes, as viem's `keccak256(hex)` answers it. */
export type Keccak256 = (data: Hex) => Hex;

/** The EIP-712 digest an EAS attestation signature covers (equals viem's `hashTypedData`). */
function attestDigest(domain: EasDomain, m: BigMessage, hash: Keccak256 = keccak256): Hex {
  const structHash = hash(
    encodeAbiParameters(
      [
        { type: 'bytes32' },
        { type: 'uint16' },
        { type: 'bytes32' },
        { type: 'address' },
        { type: 'uint64' },
        { type: 'uint64' },
        { type: 'bool' },
        { type: 'bytes32' },
        { type: 'bytes32' },
        { type: 'bytes32' },
      ],
      [
        attestTypeHash(),
        m.version,
        m.schema,
        m.recipient,
        m.time,
        m.expirationTime,
        m.revocable,
        m.refUID,
        hash(m.data),
        m.salt,
      ],
    ),
  );
  return hash(concat(['0x1901', domainSeparator(domain), structHash]));
}

function schemaUidOf(resolver: Address, revocable: boolean): Hex {
  return keccak256(
    encodePacked(['string', 'address', 'bool'], [CREDENTIAL_SCHEMA, resolver, revocable]),
  );
}

/** EAS schema uid: keccak256(abi.encodePacked(schema, resolver, revocable)), as the registry computes it. */
export function credentialSchemaUid(resolver: Address = ZERO_ADDRESS, revocable = true): Hex {
  return resolver === ZERO_ADDRESS && revocable
    ? defaultSchemaUid()
    : schemaUidOf(resolver, revocable);
}

export function encodeCredentialData(campaignId: string, taskId: string): Hex {
  return encodeAbiParameters([{ type: 'string' }, { type: 'string' }], [campaignId, taskId]);
}

/**
 * The off-chain uid exactly as the EAS SDK computes it for version 2 attestations. `hash`: a
 * faster keccak-256 to compute it with (viem's by default).
 */
export function offchainUid(m: BigMessage, hash: Keccak256 = keccak256): Hex {
  return hash(
    encodePacked(
      [
        'uint16',
        'bytes',
        'address',
        'address',
        'uint64',
        'uint64',
        'bool',
        'bytes32',
        'bytes',
        'bytes32',
        'uint32',
      ],
      [
        m.version,
        stringToHex(m.schema),
        m.recipient,
        ZERO_ADDRESS,
        m.time,
        m.expirationTime,
        m.revocable,
        m.refUID,
        m.data,
        m.salt,
        0,
      ],
    ),
  );
}

// --- signing ----------------------------------------------------------------------------------

/**
 * Anything that signs: a viem local account (its `sign({ hash })` is used: the digest is built
 * here with the domain separator cached) or any account with `signTypedData`.
 */
export interface TypedDataSigner {
  address: Address;
  // biome-ignore lint/suspicious/noExplicitAny: viem's signTypedData generics differ per account type
  signTypedData: (typedData: any) => Promise<Hex>;
  sign?: ((args: { hash: Hex }) => Promise<Hex>) | undefined;
  /**
   * The keccak-256 to build the digest it signs and the credential's uid with, when this signer
   * has a faster one than viem's pure-JS hash (the server's issuer: a native binding). It must
   * be keccak-256: the credential is checked by viem and the EAS SDK all the same.
   */
  keccak256?: Keccak256 | undefined;
}

export interface SignCredentialOptions {
  signer: TypedDataSigner;
  recipient: Address;
  campaignId: string;
  taskId: string;
  /** Unix seconds. */
  time: number;
  /** Unix seconds, 0 (default) for never. */
  expirationTime?: number;
  /** 32 random bytes (hex); random when absent. */
  salt?: Hex;
  domain?: EasDomain;
}

const provenKeccaks = new WeakSet<Keccak256>();

/**
 * A signer's own keccak-256, checked once against viem's on the empty input and on a
 * three-block one: a wrong function would make every credential fail verification while the
 * server answered 200, so it is refused at the first signature instead.
 */
function checkedKeccak(hash: Keccak256): Keccak256 {
  if (provenKeccaks.has(hash)) return hash;
  const probe = `0x${'a5'.repeat(300)}` as Hex;
  if (hash('0x') !== keccak256('0x') || hash(probe) !== keccak256(probe))
    throw new TypeError(
      "The signer's keccak256 does not compute keccak-256 (checked against viem).",
    );
  provenKeccaks.add(hash);
  return hash;
}

function randomSalt(): Hex {
  return bytesToHex(crypto.getRandomValues(new Uint8Array(32)));
}

function splitSignature(signature: Hex): { r: Hex; s: Hex; v: number } {
  const v = Number.parseInt(signature.slice(130, 132), 16);
  return {
    r: `0x${signature.slice(2, 66)}`,
    s: `0x${signature.slice(66, 130)}`,
    v: v < 27 ? v + 27 : v,
  };
}

/** Signs a credential (the server does this on each completion). */
export async function signCredential(options: SignCredentialOptions): Promise<Credential> {
  const domain = options.domain ?? DEFAULT_EAS_DOMAIN;
  const verifyingContract = getAddress(domain.verifyingContract);
  const recipient = getAddress(options.recipient);
  const expirationTime = options.expirationTime ?? 0;
  const message: AttestMessage = {
    version: EAS_OFFCHAIN_VERSION,
    schema: credentialSchemaUid(),
    recipient,
    time: options.time,
    expirationTime,
    revocable: true,
    refUID: ZERO_BYTES32,
    data: encodeCredentialData(options.campaignId, options.taskId),
    salt: options.salt ?? randomSalt(),
  };
  const big: BigMessage = {
    ...message,
    time: BigInt(message.time),
    expirationTime: BigInt(expirationTime),
  };
  const typedDomain = {
    name: EAS_DOMAIN_NAME,
    version: domain.version,
    chainId: domain.chainId,
    verifyingContract,
  } as const;
  const { signer } = options;
  const hash = signer.keccak256 ? checkedKeccak(signer.keccak256) : keccak256;
  const signature = signer.sign
    ? await signer.sign({ hash: attestDigest({ ...domain, verifyingContract }, big, hash) })
    : await signer.signTypedData({
        domain: typedDomain,
        types: ATTEST_TYPES,
        primaryType: 'Attest',
        message: big,
      });
  return {
    version: EAS_OFFCHAIN_VERSION,
    uid: offchainUid(big, hash),
    domain: typedDomain,
    primaryType: 'Attest',
    types: { Attest: ATTEST_TYPES.Attest.map((f) => ({ ...f })) },
    message,
    signature: splitSignature(signature),
    issuer: getAddress(signer.address),
    recipient,
    campaignId: options.campaignId,
    taskId: options.taskId,
    time: options.time,
  };
}

// --- revocation -------------------------------------------------------------------------------

/** What a revocation source is asked about one credential. */
export interface RevocationQuery {
  uid: Hex;
  /** The attester: the only one who can revoke it. */
  issuer: Address;
  /** The chain and EAS contract of the credential's EIP-712 domain. */
  chainId: number;
  eas: Address;
}

/**
 * Tells whether a credential was revoked: Unix seconds of the revocation, or `null` when it
 * is not revoked. Throws when it cannot tell (the credential then does not verify:
 * `REVOCATION_UNAVAILABLE`). Made by {@link serverRevocations} or {@link easRevocations}, or
 * your own function.
 */
export type RevocationSource = (query: RevocationQuery) => Promise<number | null>;

/** Most uids asked of a server's revocation list in one request. */
export const REVOCATIONS_PER_REQUEST = 100;

export interface ServerRevocationsOptions {
  fetch?: typeof fetch;
  /** Per request, ms (default 10 000). */
  timeoutMs?: number;
}

/**
 * Revocations from Questboard servers' lists: `GET {endpoint}/credentials/revocations?uid=…&uid=…`
 * (up to {@link REVOCATIONS_PER_REQUEST} uids) answering `200 { "revoked": [{ "uid", "revokedAt" }] }`
 * (`revokedAt` ISO 8601 or Unix seconds; a uid not listed is not revoked). `endpoints` is one
 * server for every issuer, or one per issuer address. Lookups made in the same tick share a
 * request.
 */
export function serverRevocations(
  endpoints: string | Readonly<Record<string, string>>,
  options: ServerRevocationsOptions = {},
): RevocationSource {
  const byIssuer =
    typeof endpoints === 'string'
      ? undefined
      : new Map(
          Object.entries(endpoints).map(([k, v]) => [k.toLowerCase(), v.replace(/\/+$/, '')]),
        );
  const single = typeof endpoints === 'string' ? endpoints.replace(/\/+$/, '') : undefined;
  const doFetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  type Waiting = { uid: string; resolve: (v: number | null) => void; reject: (e: unknown) => void };
  const queues = new Map<string, Waiting[]>();

  async function flush(endpoint: string, waiting: Waiting[]) {
    for (let start = 0; start < waiting.length; start += REVOCATIONS_PER_REQUEST) {
      const chunk = waiting.slice(start, start + REVOCATIONS_PER_REQUEST);
      try {
        const query = [...new Set(chunk.map((w) => w.uid))]
          .map((uid) => `uid=${encodeURIComponent(uid)}`)
          .join('&');
        const url = `${endpoint}/credentials/revocations?${query}`;
        const response = await doFetch(url, {
          headers: { accept: 'application/json' },
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
        if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
        const body = (await response.json()) as { revoked?: unknown };
        if (!Array.isArray(body.revoked)) throw new Error(`${url} sent no "revoked" list`);
        const revoked = new Map<string, number>();
        for (const entry of body.revoked as { uid?: unknown; revokedAt?: unknown }[]) {
          if (typeof entry?.uid !== 'string') continue;
          const at =
            typeof entry.revokedAt === 'number'
              ? entry.revokedAt
              : typeof entry.revokedAt === 'string'
                ? Math.floor(Date.parse(entry.revokedAt) / 1000)
                : Number.NaN;
          if (!Number.isFinite(at))
            throw new Error(`${url} sent a revocation without a valid revokedAt`);
          revoked.set(entry.uid.toLowerCase(), at);
        }
        for (const w of chunk) w.resolve(revoked.get(w.uid) ?? null);
      } catch (error) {
        for (const w of chunk) w.reject(error);
      }
    }
  }

  return (query) => {
    const endpoint = single ?? byIssuer?.get(query.issuer.toLowerCase());
    if (!endpoint)
      return Promise.reject(new Error(`no revocation list is known for issuer ${query.issuer}`));
    return new Promise((resolve, reject) => {
      let queue = queues.get(endpoint);
      if (!queue) {
        const fresh: Waiting[] = [];
        queue = fresh;
        queues.set(endpoint, fresh);
        setTimeout(() => {
          queues.delete(endpoint);
          void flush(endpoint, fresh);
        }, 0);
      }
      queue.push({ uid: query.uid.toLowerCase(), resolve, reject });
    });
  };
}

/** The part of an EIP-1193 provider or viem client that reads a chain. */
export interface ChainReader {
  request(args: { method: string; params?: unknown }): Promise<unknown>;
}

const GET_REVOKE_OFFCHAIN = [
  {
    type: 'function',
    name: 'getRevokeOffchain',
    stateMutability: 'view',
    inputs: [
      { name: 'revoker', type: 'address' },
      { name: 'data', type: 'bytes32' },
    ],
    outputs: [{ name: '', type: 'uint64' }],
  },
] as const;

/**
 * Revocations recorded on chain with EAS `revokeOffchain(uid)` by the issuer: reads
 * `getRevokeOffchain(issuer, uid)` from the EAS contract of the credential's domain (or
 * `eas`) through `client` (a viem client or EIP-1193 provider), which must be on the
 * credential's chain.
 */
export function easRevocations(options: { client: ChainReader; eas?: Address }): RevocationSource {
  let chain: Promise<number> | undefined;
  return async (query) => {
    chain ??= options.client
      .request({ method: 'eth_chainId' })
      .then((id) => Number(BigInt(id as string)));
    const chainId = await chain.catch((error) => {
      chain = undefined;
      throw error;
    });
    if (chainId !== query.chainId)
      throw new Error(
        `the client reads chain ${chainId}; the credential's EAS is on chain ${query.chainId}`,
      );
    const result = await options.client.request({
      method: 'eth_call',
      params: [
        {
          to: options.eas ?? query.eas,
          data: encodeFunctionData({
            abi: GET_REVOKE_OFFCHAIN,
            functionName: 'getRevokeOffchain',
            args: [query.issuer, query.uid],
          }),
        },
        'latest',
      ],
    });
    const at = decodeFunctionResult({
      abi: GET_REVOKE_OFFCHAIN,
      functionName: 'getRevokeOffchain',
      data: result as Hex,
    });
    return at === 0n ? null : Number(at);
  };
}

// --- verification -----------------------------------------------------------------------------

/** Why a credential did not verify. */
export const CREDENTIAL_FAILURE_REASONS = [
  'MALFORMED',
  'UNSUPPORTED_FORMAT',
  /** A readable copy (top-level `recipient`, `campaignId`, `schema`…) disagrees with the signed message. */
  'FIELD_MISMATCH',
  'UID_MISMATCH',
  'BAD_SIGNATURE',
  'EXPIRED',
  'UNTRUSTED_ISSUER',
  'NOT_EXPECTED',
  /** Its issuer revoked it (`revokedAt` says when). */
  'REVOKED',
  /** A revocation source was given and could not tell. */
  'REVOCATION_UNAVAILABLE',
] as const;
export type CredentialFailureReason = (typeof CREDENTIAL_FAILURE_REASONS)[number];

export type CredentialCheck =
  | { valid: true; credential: Credential }
  | {
      valid: false;
      reason: CredentialFailureReason;
      message: string;
      /** With `REVOKED`: Unix seconds of the revocation. */
      revokedAt?: number;
      /** With `REVOKED`: the credential (it was genuine until then). */
      credential?: Credential;
    };

export interface VerifyCredentialOptions {
  /** Accept only these issuers (any issuer when absent). */
  issuers?: readonly Address[];
  /** Expectations: the credential must be for this recipient / campaign / task. */
  recipient?: Address;
  campaignId?: string;
  taskId?: string;
  /** Unix milliseconds for the expiry check; defaults to now. */
  now?: number;
  /** Where revocations are read (none checked when absent). */
  revocation?: RevocationSource;
}

const bad = (reason: CredentialFailureReason, message: string): CredentialCheck => ({
  valid: false,
  reason,
  message,
});
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isBytes32 = (v: unknown): v is Hex => typeof v === 'string' && /^0x[0-9a-fA-F]{64}$/.test(v);
const MAX_UINT64 = (1n << 64n) - 1n;
/** An unsigned integer as JSON carries it (number, decimal string) or as the SDK holds it (bigint). */
function toUint(v: unknown, max = MAX_UINT64): bigint | undefined {
  let n: bigint;
  if (typeof v === 'bigint') n = v;
  else if (typeof v === 'number' && Number.isSafeInteger(v)) n = BigInt(v);
  else if (typeof v === 'string' && /^\d{1,20}$/.test(v)) n = BigInt(v);
  else return undefined;
  return n >= 0n && n <= max ? n : undefined;
}
const same = (a: unknown, b: unknown) => String(a).toLowerCase() === String(b).toLowerCase();

/**
 * Checks a credential offline — a Questboard credential or any EAS off-chain attestation
 * (version 2) of the Questboard schema, for example one made by the EAS SDK: its format, its
 * uid, its EIP-712 signature (recovering the issuer), that every readable copy at the top level
 * agrees with the signed message, expiry, optionally the issuer allowlist and what it must
 * attest, and last, with `revocation`, whether its issuer revoked it. Never throws; says why a
 * credential fails. A valid result carries the credential rebuilt from what is signed.
 */
export async function verifyCredential(
  credential: unknown,
  options: VerifyCredentialOptions = {},
): Promise<CredentialCheck> {
  if (!isObject(credential)) return bad('MALFORMED', 'a credential must be an object');
  const c = credential;
  if ('typedData' in c && !('message' in c))
    return bad(
      'UNSUPPORTED_FORMAT',
      'this is the Questboard 0.1 credential shape (typedData); ask the issuer for it again',
    );
  for (const key of ['version', 'uid', 'domain', 'primaryType', 'types', 'message', 'signature']) {
    if (!(key in c)) return bad('MALFORMED', `field "${key}" is missing`);
  }
  if (!isBytes32(c.uid)) return bad('MALFORMED', 'uid must be 32 bytes of hex');
  if (!isObject(c.domain) || !isObject(c.types) || !isObject(c.message) || !isObject(c.signature))
    return bad('MALFORMED', 'domain, types, message and signature must be objects');

  const d = c.domain;
  if (d.name !== EAS_DOMAIN_NAME)
    return bad(
      'UNSUPPORTED_FORMAT',
      `domain name is "${String(d.name)}", not "${EAS_DOMAIN_NAME}"`,
    );
  const chainId = toUint(d.chainId, BigInt(Number.MAX_SAFE_INTEGER));
  if (typeof d.version !== 'string' || chainId === undefined)
    return bad('MALFORMED', 'domain version must be a string and chainId an integer');
  if (typeof d.verifyingContract !== 'string' || !isAddress(d.verifyingContract, { strict: false }))
    return bad('MALFORMED', 'domain verifyingContract must be an address');
  if (c.primaryType !== 'Attest')
    return bad('UNSUPPORTED_FORMAT', `primary type is "${String(c.primaryType)}", not "Attest"`);
  if (JSON.stringify(c.types) !== JSON.stringify({ Attest: ATTEST_TYPES.Attest }))
    return bad(
      'UNSUPPORTED_FORMAT',
      'types are not the EAS off-chain attestation version 2 `Attest` type',
    );

  const m = c.message;
  if (toUint(m.version) !== 2n)
    return bad(
      'UNSUPPORTED_FORMAT',
      `message version is ${String(m.version)}; only EAS off-chain attestations version 2 are read`,
    );
  if (toUint(c.version) !== 2n)
    return bad('FIELD_MISMATCH', `version is ${String(c.version)} but the signed message says 2`);
  if (!isBytes32(m.schema) || !isBytes32(m.refUID) || !isBytes32(m.salt))
    return bad('MALFORMED', 'schema, refUID and salt must be 32 bytes of hex');
  if (typeof m.recipient !== 'string' || !isAddress(m.recipient, { strict: false }))
    return bad('MALFORMED', 'message recipient must be an address');
  const time = toUint(m.time);
  const expirationTime = toUint(m.expirationTime);
  if (time === undefined || expirationTime === undefined)
    return bad('MALFORMED', 'time and expirationTime must be unsigned 64-bit integers');
  if (typeof m.revocable !== 'boolean') return bad('MALFORMED', 'revocable must be a boolean');
  if (typeof m.data !== 'string' || !/^0x(?:[0-9a-fA-F]{2})*$/.test(m.data))
    return bad('MALFORMED', 'data must be hex bytes');
  const s = c.signature;
  const v = toUint(s.v, 255n);
  if (!isBytes32(s.r) || !isBytes32(s.s) || v === undefined || ![0n, 1n, 27n, 28n].includes(v))
    return bad('MALFORMED', 'signature must be { r, s: 32 bytes of hex, v: 27 or 28 }');

  if (!same(m.schema, credentialSchemaUid()))
    return bad(
      'UNSUPPORTED_FORMAT',
      `schema ${m.schema} is not the Questboard schema "${CREDENTIAL_SCHEMA}"`,
    );
  let decoded: readonly [string, string];
  try {
    decoded = decodeAbiParameters([{ type: 'string' }, { type: 'string' }], m.data as Hex);
  } catch {
    return bad('MALFORMED', 'data does not ABI-decode as (string campaignId, string taskId)');
  }
  const [campaignId, taskId] = decoded;
  const recipient = getAddress(m.recipient);
  const signed: AttestMessage = {
    version: 2,
    schema: m.schema,
    recipient,
    time: Number(time),
    expirationTime: Number(expirationTime),
    revocable: m.revocable,
    refUID: m.refUID,
    data: m.data as Hex,
    salt: m.salt,
  };

  // Readable copies at the top level must say what the signature says.
  const copies: [string, unknown, (value: unknown) => boolean][] = [
    ['recipient', recipient, (x) => typeof x === 'string' && same(x, recipient)],
    ['campaignId', campaignId, (x) => x === campaignId],
    ['taskId', taskId, (x) => x === taskId],
    ['time', time, (x) => toUint(x) === time],
    ['expirationTime', expirationTime, (x) => toUint(x) === expirationTime],
    ['schema', signed.schema, (x) => typeof x === 'string' && same(x, signed.schema)],
    ['revocable', signed.revocable, (x) => x === signed.revocable],
    ['refUID', signed.refUID, (x) => typeof x === 'string' && same(x, signed.refUID)],
    ['data', signed.data, (x) => typeof x === 'string' && same(x, signed.data)],
    ['salt', signed.salt, (x) => typeof x === 'string' && same(x, signed.salt)],
  ];
  for (const [key, truth, agrees] of copies) {
    if (key in c && !agrees(c[key]))
      return bad(
        'FIELD_MISMATCH',
        `${key} is ${JSON.stringify(String(c[key]))} but the signed message says ${JSON.stringify(String(truth))}`,
      );
  }

  const big: BigMessage = { ...signed, time, expirationTime };
  const uid = offchainUid(big);
  if (!same(uid, c.uid))
    return bad('UID_MISMATCH', `uid ${c.uid} does not match the message (${uid})`);

  const domain: EasDomain = {
    version: d.version,
    chainId: Number(chainId),
    verifyingContract: getAddress(d.verifyingContract),
  };
  let signer: Address;
  try {
    signer = await recoverAddress({
      hash: attestDigest(domain, big),
      signature: concat([s.r, s.s, v === 0n || v === 27n ? '0x1b' : '0x1c']),
    });
  } catch {
    return bad('BAD_SIGNATURE', 'the signature is malformed (no signer could be recovered)');
  }
  for (const key of ['issuer', 'attester', 'signer']) {
    const stated = c[key];
    if (stated === undefined) continue;
    if (typeof stated !== 'string' || !isAddress(stated, { strict: false }))
      return bad('MALFORMED', `${key} must be an address`);
    if (getAddress(stated) !== signer)
      return bad(
        'BAD_SIGNATURE',
        `signed by ${signer}, not by the stated ${key} ${getAddress(stated)}`,
      );
  }

  const result: Credential = {
    version: 2,
    uid,
    domain: { name: EAS_DOMAIN_NAME, ...domain },
    primaryType: 'Attest',
    types: { Attest: ATTEST_TYPES.Attest.map((f) => ({ ...f })) },
    message: signed,
    signature: { r: s.r, s: s.s, v: v < 27n ? Number(v) + 27 : Number(v) },
    issuer: signer,
    recipient,
    campaignId,
    taskId,
    time: signed.time,
  };

  const now = options.now ?? Date.now();
  if (expirationTime !== 0n && expirationTime * 1000n <= BigInt(now))
    return bad('EXPIRED', `expired at ${new Date(Number(expirationTime) * 1000).toISOString()}`);
  if (options.issuers && !options.issuers.some((i) => getAddress(i) === signer))
    return bad('UNTRUSTED_ISSUER', `issuer ${signer} is not one of the trusted issuers`);
  if (options.recipient && getAddress(options.recipient) !== recipient)
    return bad('NOT_EXPECTED', `issued to ${recipient}, not ${getAddress(options.recipient)}`);
  if (options.campaignId !== undefined && options.campaignId !== campaignId)
    return bad('NOT_EXPECTED', `for campaign "${campaignId}", not "${options.campaignId}"`);
  if (options.taskId !== undefined && options.taskId !== taskId)
    return bad('NOT_EXPECTED', `for task "${taskId}", not "${options.taskId}"`);

  if (options.revocation) {
    let revokedAt: number | null;
    try {
      revokedAt = await options.revocation({
        uid,
        issuer: signer,
        chainId: domain.chainId,
        eas: domain.verifyingContract,
      });
    } catch (error) {
      return bad(
        'REVOCATION_UNAVAILABLE',
        `whether it was revoked could not be read: ${(error as Error)?.message ?? String(error)}`,
      );
    }
    if (revokedAt !== null)
      return {
        valid: false,
        reason: 'REVOKED',
        message: `revoked by its issuer on ${new Date(revokedAt * 1000).toISOString()}`,
        revokedAt,
        credential: result,
      };
  }
  return { valid: true, credential: result };
}

// --- EAS explorer -------------------------------------------------------------------------------

/** easscan.org, the EAS explorer, per chain id (https only). */
export const EAS_EXPLORERS: Readonly<Record<number, string>> = {
  1: 'https://easscan.org',
  10: 'https://optimism.easscan.org',
  137: 'https://polygon.easscan.org',
  8453: 'https://base.easscan.org',
  42161: 'https://arbitrum.easscan.org',
  42170: 'https://arbitrum-nova.easscan.org',
  42220: 'https://celo.easscan.org',
  59144: 'https://linea.easscan.org',
  534352: 'https://scroll.easscan.org',
  11155111: 'https://sepolia.easscan.org',
  11155420: 'https://optimism-sepolia.easscan.org',
  84532: 'https://base-sepolia.easscan.org',
  421614: 'https://arbitrum-sepolia.easscan.org',
};

/**
 * A link that opens the credential in the EAS explorer of its chain (the whole attestation
 * travels in the link, as the EAS SDK's `createOffchainURL` encodes it), or `null` when its
 * chain has no explorer or the platform cannot compress (no `CompressionStream`).
 */
export async function easExplorerUrl(
  credential: Credential,
  explorers: Readonly<Record<number, string>> = EAS_EXPLORERS,
): Promise<string | null> {
  const base = explorers[credential.domain.chainId];
  if (!base || !/^https:\/\/[^/?#\s]+$/.test(base.replace(/\/+$/, ''))) return null;
  if (typeof CompressionStream === 'undefined') return null;
  const { domain, signature, message: m } = credential;
  // The SDK's compactOffchainAttestationPackage, field for field.
  const compact = [
    domain.version,
    domain.chainId,
    domain.verifyingContract,
    signature.r,
    signature.s,
    signature.v,
    credential.issuer,
    credential.uid,
    m.schema,
    m.recipient === ZERO_ADDRESS ? '0' : m.recipient,
    m.time,
    m.expirationTime,
    m.refUID === ZERO_BYTES32 ? '0' : m.refUID,
    m.revocable,
    m.data,
    0,
    m.version,
    m.salt,
  ];
  const stream = new Blob([JSON.stringify(compact)])
    .stream()
    .pipeThrough(new CompressionStream('deflate'));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `${base.replace(/\/+$/, '')}/offchain/url/#attestation=${encodeURIComponent(btoa(binary))}`;
}
