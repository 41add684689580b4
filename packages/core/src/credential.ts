import {
  decodeAbiParameters,
  encodeAbiParameters,
  encodePacked,
  getAddress,
  isAddress,
  isHex,
  keccak256,
  recoverTypedDataAddress,
  stringToHex,
} from 'viem';
import type { Address } from './campaign/campaign.js';

/**
 * A verifiable statement "address A completed task T of campaign C at time t, issued by key K",
 * in the shape of an Ethereum Attestation Service off-chain attestation, version 2
 * (EIP-712 typed data, domain "EAS Attestation", primary type `Attest`), so it can be
 * published on-chain later. `verifyCredential()` checks one offline.
 */
export interface Credential {
  /** Attestation uid (bytes32 hex), computed as EAS computes off-chain uids. */
  uid: `0x${string}`;
  issuer: Address;
  recipient: Address;
  campaignId: string;
  taskId: string;
  /** Unix seconds. */
  time: number;
  /** EIP-712 domain, types, primary type and message as signed. */
  typedData: {
    domain: { name: string; version: string; chainId: number; verifyingContract: Address };
    types: Record<string, { name: string; type: string }[]>;
    primaryType: string;
    message: Record<string, unknown>;
  };
  signature: `0x${string}`;
  /** EAS off-chain attestation version (2: with `salt`). */
  version?: number;
  /** EAS schema uid of {@link CREDENTIAL_SCHEMA}. */
  schema?: `0x${string}`;
  /** Unix seconds, 0 for never. */
  expirationTime?: number;
}

/** The EAS schema every Questboard credential uses (its `data` ABI-encodes these). */
export const CREDENTIAL_SCHEMA = 'string campaignId,string taskId';

export const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000' as const;
export const ZERO_BYTES32 =
  '0x0000000000000000000000000000000000000000000000000000000000000000' as const;

/** The EIP-712 domain of the EAS contract the credential could later be published to. */
export interface EasDomain {
  chainId: number;
  verifyingContract: Address;
  /** The EAS contract's EIP-712 version string. */
  version: string;
}

/** EAS on Ethereum mainnet (contract version 0.26): the default domain. */
export const DEFAULT_EAS_DOMAIN: EasDomain = {
  chainId: 1,
  verifyingContract: '0xA1207F3BBa224E2c9c3c6D5aF63D0eb1582Ce587',
  version: '0.26',
};

export const EAS_OFFCHAIN_VERSION = 2;

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

/** EAS schema uid: keccak256(abi.encodePacked(schema, resolver, revocable)). */
export function credentialSchemaUid(
  resolver: Address = ZERO_ADDRESS,
  revocable = true,
): `0x${string}` {
  return keccak256(
    encodePacked(['string', 'address', 'bool'], [CREDENTIAL_SCHEMA, resolver, revocable]),
  );
}

export function encodeCredentialData(campaignId: string, taskId: string): `0x${string}` {
  return encodeAbiParameters([{ type: 'string' }, { type: 'string' }], [campaignId, taskId]);
}

/** The off-chain uid exactly as the EAS SDK computes it for version 2 attestations. */
export function offchainUid(m: {
  version: number;
  schema: `0x${string}`;
  recipient: Address;
  time: bigint;
  expirationTime: bigint;
  revocable: boolean;
  refUID: `0x${string}`;
  data: `0x${string}`;
  salt: `0x${string}`;
}): `0x${string}` {
  return keccak256(
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

/** Anything that signs EIP-712 typed data: a viem local account or wallet client account. */
export interface TypedDataSigner {
  address: Address;
  // biome-ignore lint/suspicious/noExplicitAny: viem's signTypedData generics differ per account type
  signTypedData: (typedData: any) => Promise<`0x${string}`>;
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
  salt?: `0x${string}`;
  domain?: EasDomain;
}

function randomSalt(): `0x${string}` {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `0x${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** Signs a credential (the server does this on each completion). */
export async function signCredential(options: SignCredentialOptions): Promise<Credential> {
  const domain = options.domain ?? DEFAULT_EAS_DOMAIN;
  const recipient = getAddress(options.recipient);
  const expirationTime = options.expirationTime ?? 0;
  const message = {
    version: EAS_OFFCHAIN_VERSION,
    schema: credentialSchemaUid(),
    recipient,
    time: options.time,
    expirationTime,
    revocable: true,
    refUID: ZERO_BYTES32 as `0x${string}`,
    data: encodeCredentialData(options.campaignId, options.taskId),
    salt: options.salt ?? randomSalt(),
  };
  const typedDomain = {
    name: 'EAS Attestation',
    version: domain.version,
    chainId: domain.chainId,
    verifyingContract: getAddress(domain.verifyingContract),
  };
  const signature = await options.signer.signTypedData({
    domain: typedDomain,
    types: ATTEST_TYPES,
    primaryType: 'Attest',
    message: { ...message, time: BigInt(message.time), expirationTime: BigInt(expirationTime) },
  });
  const uid = offchainUid({
    ...message,
    time: BigInt(message.time),
    expirationTime: BigInt(expirationTime),
  });
  return {
    uid,
    issuer: getAddress(options.signer.address),
    recipient,
    campaignId: options.campaignId,
    taskId: options.taskId,
    time: options.time,
    version: EAS_OFFCHAIN_VERSION,
    schema: message.schema,
    expirationTime,
    typedData: {
      domain: typedDomain,
      types: { Attest: ATTEST_TYPES.Attest.map((f) => ({ ...f })) },
      primaryType: 'Attest',
      message,
    },
    signature,
  };
}

/** Why a credential did not verify. */
export type CredentialFailureReason =
  | 'MALFORMED'
  | 'UNSUPPORTED_FORMAT'
  | 'FIELD_MISMATCH'
  | 'UID_MISMATCH'
  | 'BAD_SIGNATURE'
  | 'EXPIRED'
  | 'UNTRUSTED_ISSUER'
  | 'NOT_EXPECTED';

export type CredentialCheck =
  | { valid: true; credential: Credential }
  | { valid: false; reason: CredentialFailureReason; message: string };

export interface VerifyCredentialOptions {
  /** Accept only these issuers (any issuer when absent). */
  issuers?: readonly Address[];
  /** Expectations: the credential must be for this recipient / campaign / task. */
  recipient?: Address;
  campaignId?: string;
  taskId?: string;
  /** Unix milliseconds for the expiry check; defaults to now. */
  now?: number;
}

const bad = (reason: CredentialFailureReason, message: string): CredentialCheck => ({
  valid: false,
  reason,
  message,
});
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isBytes32 = (v: unknown): v is `0x${string}` =>
  typeof v === 'string' && /^0x[0-9a-fA-F]{64}$/.test(v);
const isUint = (v: unknown): v is number | string =>
  (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) ||
  (typeof v === 'string' && /^\d{1,20}$/.test(v));

/**
 * Checks a credential offline: its format, that every field agrees with the signed message,
 * its uid, its EIP-712 signature (recovering the issuer), expiry and, optionally, the issuer
 * allowlist and what it must attest. Never throws; says why a credential fails.
 */
export async function verifyCredential(
  credential: unknown,
  options: VerifyCredentialOptions = {},
): Promise<CredentialCheck> {
  if (!isObject(credential)) return bad('MALFORMED', 'a credential must be an object');
  const c = credential;
  for (const key of [
    'uid',
    'issuer',
    'recipient',
    'campaignId',
    'taskId',
    'time',
    'typedData',
    'signature',
  ]) {
    if (!(key in c)) return bad('MALFORMED', `field "${key}" is missing`);
  }
  if (!isBytes32(c.uid)) return bad('MALFORMED', 'uid must be 32 bytes of hex');
  if (typeof c.issuer !== 'string' || !isAddress(c.issuer, { strict: false }))
    return bad('MALFORMED', 'issuer must be an address');
  if (typeof c.recipient !== 'string' || !isAddress(c.recipient, { strict: false }))
    return bad('MALFORMED', 'recipient must be an address');
  if (typeof c.campaignId !== 'string' || typeof c.taskId !== 'string')
    return bad('MALFORMED', 'campaignId and taskId must be strings');
  if (typeof c.time !== 'number' || !Number.isSafeInteger(c.time))
    return bad('MALFORMED', 'time must be an integer');
  if (typeof c.signature !== 'string' || !isHex(c.signature) || c.signature.length !== 132)
    return bad('MALFORMED', 'signature must be 65 bytes of hex');
  const td = c.typedData;
  if (!isObject(td) || !isObject(td.domain) || !isObject(td.types) || !isObject(td.message))
    return bad('MALFORMED', 'typedData must hold domain, types, primaryType and message');

  const d = td.domain;
  if (d.name !== 'EAS Attestation')
    return bad('UNSUPPORTED_FORMAT', `domain name is "${String(d.name)}", not "EAS Attestation"`);
  if (
    typeof d.version !== 'string' ||
    typeof d.chainId !== 'number' ||
    !Number.isSafeInteger(d.chainId)
  )
    return bad('MALFORMED', 'domain version must be a string and chainId an integer');
  if (typeof d.verifyingContract !== 'string' || !isAddress(d.verifyingContract, { strict: false }))
    return bad('MALFORMED', 'domain verifyingContract must be an address');
  if (td.primaryType !== 'Attest')
    return bad('UNSUPPORTED_FORMAT', `primary type is "${String(td.primaryType)}", not "Attest"`);
  if (JSON.stringify(td.types) !== JSON.stringify({ Attest: ATTEST_TYPES.Attest }))
    return bad(
      'UNSUPPORTED_FORMAT',
      'types are not the EAS off-chain attestation version 2 `Attest` type',
    );

  const m = td.message;
  if (m.version !== EAS_OFFCHAIN_VERSION)
    return bad('UNSUPPORTED_FORMAT', `message version is ${String(m.version)}, expected 2`);
  if (!isBytes32(m.schema) || !isBytes32(m.refUID) || !isBytes32(m.salt))
    return bad('MALFORMED', 'schema, refUID and salt must be 32 bytes of hex');
  if (typeof m.recipient !== 'string' || !isAddress(m.recipient, { strict: false }))
    return bad('MALFORMED', 'message recipient must be an address');
  if (!isUint(m.time) || !isUint(m.expirationTime))
    return bad('MALFORMED', 'time and expirationTime must be unsigned integers');
  if (typeof m.revocable !== 'boolean') return bad('MALFORMED', 'revocable must be a boolean');
  if (typeof m.data !== 'string' || !isHex(m.data)) return bad('MALFORMED', 'data must be hex');

  if (m.schema.toLowerCase() !== credentialSchemaUid().toLowerCase())
    return bad(
      'UNSUPPORTED_FORMAT',
      `schema ${m.schema} is not the Questboard schema "${CREDENTIAL_SCHEMA}"`,
    );
  let decoded: readonly [string, string];
  try {
    decoded = decodeAbiParameters([{ type: 'string' }, { type: 'string' }], m.data);
  } catch {
    return bad('MALFORMED', 'data does not ABI-decode as (string campaignId, string taskId)');
  }
  if (decoded[0] !== c.campaignId)
    return bad(
      'FIELD_MISMATCH',
      `campaignId is "${c.campaignId}" but the signed data says "${decoded[0]}"`,
    );
  if (decoded[1] !== c.taskId)
    return bad(
      'FIELD_MISMATCH',
      `taskId is "${c.taskId}" but the signed data says "${decoded[1]}"`,
    );
  if (getAddress(m.recipient) !== getAddress(c.recipient))
    return bad(
      'FIELD_MISMATCH',
      `recipient is ${c.recipient} but the signed message says ${m.recipient}`,
    );
  if (BigInt(m.time) !== BigInt(c.time))
    return bad('FIELD_MISMATCH', `time is ${c.time} but the signed message says ${m.time}`);

  const message = {
    version: m.version,
    schema: m.schema,
    recipient: getAddress(m.recipient),
    time: BigInt(m.time),
    expirationTime: BigInt(m.expirationTime),
    revocable: m.revocable,
    refUID: m.refUID,
    data: m.data as `0x${string}`,
    salt: m.salt,
  };
  const uid = offchainUid(message);
  if (uid.toLowerCase() !== c.uid.toLowerCase())
    return bad('UID_MISMATCH', `uid ${c.uid} does not match the message (${uid})`);

  let signer: Address;
  try {
    signer = await recoverTypedDataAddress({
      domain: {
        name: d.name,
        version: d.version,
        chainId: d.chainId,
        verifyingContract: d.verifyingContract as Address,
      },
      types: ATTEST_TYPES,
      primaryType: 'Attest',
      message,
      signature: c.signature as `0x${string}`,
    });
  } catch {
    return bad('BAD_SIGNATURE', 'the signature is malformed (no signer could be recovered)');
  }
  if (signer !== getAddress(c.issuer))
    return bad(
      'BAD_SIGNATURE',
      `signed by ${signer}, not by the stated issuer ${getAddress(c.issuer)}`,
    );

  const now = options.now ?? Date.now();
  if (message.expirationTime !== 0n && message.expirationTime * 1000n <= BigInt(now))
    return bad(
      'EXPIRED',
      `expired at ${new Date(Number(message.expirationTime) * 1000).toISOString()}`,
    );
  if (options.issuers && !options.issuers.some((i) => getAddress(i) === signer))
    return bad('UNTRUSTED_ISSUER', `issuer ${signer} is not one of the trusted issuers`);
  if (options.recipient && getAddress(options.recipient) !== message.recipient)
    return bad(
      'NOT_EXPECTED',
      `issued to ${message.recipient}, not ${getAddress(options.recipient)}`,
    );
  if (options.campaignId !== undefined && options.campaignId !== c.campaignId)
    return bad('NOT_EXPECTED', `for campaign "${c.campaignId}", not "${options.campaignId}"`);
  if (options.taskId !== undefined && options.taskId !== c.taskId)
    return bad('NOT_EXPECTED', `for task "${c.taskId}", not "${options.taskId}"`);
  return { valid: true, credential: credential as unknown as Credential };
}

/** The EAS SDK's `SignedOffchainAttestation` JSON for a credential (signature split into r, s, v). */
export function toEasOffchainAttestation(credential: Credential): Record<string, unknown> {
  const sig = credential.signature;
  return {
    version: credential.version ?? EAS_OFFCHAIN_VERSION,
    uid: credential.uid,
    domain: credential.typedData.domain,
    primaryType: credential.typedData.primaryType,
    types: credential.typedData.types,
    message: credential.typedData.message,
    signature: {
      r: `0x${sig.slice(2, 66)}`,
      s: `0x${sig.slice(66, 130)}`,
      v: Number.parseInt(sig.slice(130, 132), 16),
    },
  };
}
