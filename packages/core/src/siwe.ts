import { getAddress, isAddress, isHex, recoverMessageAddress } from 'viem';
import { parseSiweMessage } from 'viem/siwe';
import type { Address } from './campaign/campaign.js';
import { QuestError } from './errors.js';

/** Why a Sign-In with Ethereum message was refused (the `reason` on the thrown error). */
export type SiweFailureReason =
  | 'MALFORMED'
  | 'WRONG_DOMAIN'
  | 'WRONG_CHAIN'
  | 'NOT_YET_VALID'
  | 'EXPIRED'
  | 'ISSUED_IN_FUTURE'
  | 'BAD_SIGNATURE'
  | 'ADDRESS_MISMATCH'
  | 'NONCE_INVALID';

/**
 * Consumes a nonce: resolves `true` exactly once for a nonce that was issued and is still
 * unused (servers delete it atomically), `false` for an unknown, expired or used one.
 */
export type NonceCheck = (nonce: string) => boolean | Promise<boolean>;

/**
 * Checks a signature over `message` for `address`. The default is plain ECDSA recovery
 * (externally owned accounts); servers with a chain RPC can pass viem's `verifyMessage`
 * action, which also covers smart-contract wallets (ERC-1271 / ERC-6492).
 */
export type SignatureCheck = (args: {
  address: Address;
  message: string;
  signature: `0x${string}`;
}) => boolean | Promise<boolean>;

export interface VerifySiweOptions {
  /** The EIP-4361 message exactly as signed. */
  message: string;
  signature: string;
  /** Accepted `domain` values (RFC 3986 authority: host or host:port). Never empty. */
  domains: readonly string[];
  /** Consumes the message's nonce; called last, only when everything else holds. */
  checkNonce: NonceCheck;
  /** Accepted chain ids; any chain when absent or empty. */
  chainIds?: readonly number[];
  /** Milliseconds since the epoch; defaults to `Date.now()`. */
  now?: number;
  /** Allowed clock skew for `issuedAt` / `notBefore` / `expirationTime`, ms (default 60 000). */
  clockSkewMs?: number;
  /** Refuse messages issued longer ago than this, ms (default 10 minutes). */
  maxAgeMs?: number;
  verifySignature?: SignatureCheck;
}

export interface SiweResult {
  address: Address;
  chainId: number;
  nonce: string;
  domain: string;
  uri: string;
  /** ISO 8601; the message's `expirationTime`, or null when it has none. */
  expiresAt: string | null;
  /** ISO 8601; the message's `issuedAt`, or null when it has none. */
  issuedAt: string | null;
}

/** Longest message accepted (a real SIWE message is well under 1 KiB). */
export const SIWE_MAX_MESSAGE_LENGTH = 8192;

function fail(reason: SiweFailureReason, details: string): never {
  throw new QuestError('SIGN_IN_FAILED', 'Sign-in failed.', {
    details: `${reason}: ${details}`,
    docsPath: '/docs/server.md#sign-in',
  });
}

/** The reason code of a `SIGN_IN_FAILED` error thrown by `verifySiwe`, if any. */
export function siweFailureReason(error: unknown): SiweFailureReason | undefined {
  if (!(error instanceof QuestError) || error.code !== 'SIGN_IN_FAILED' || !error.details)
    return undefined;
  const reason = error.details.split(':', 1)[0] as SiweFailureReason;
  return reason;
}

/**
 * Verifies a Sign-In with Ethereum (EIP-4361) message and its signature.
 *
 * Order of checks: shape → domain → chain → time window → signature → nonce (consumed
 * last, so a refused message never burns a valid nonce). Throws `QuestError`
 * `SIGN_IN_FAILED` whose `details` starts with a {@link SiweFailureReason} and says exactly why.
 */
export async function verifySiwe(options: VerifySiweOptions): Promise<SiweResult> {
  const { message, signature, domains } = options;
  const now = options.now ?? Date.now();
  const skew = options.clockSkewMs ?? 60_000;
  const maxAge = options.maxAgeMs ?? 10 * 60_000;

  if (typeof message !== 'string' || message.length === 0)
    fail('MALFORMED', 'message must be a non-empty string');
  if (message.length > SIWE_MAX_MESSAGE_LENGTH)
    fail('MALFORMED', `message is longer than ${SIWE_MAX_MESSAGE_LENGTH} characters`);
  if (typeof signature !== 'string' || !isHex(signature) || signature.length < 4)
    fail('MALFORMED', 'signature must be a 0x-prefixed hex string');

  const parsed = parseSiweMessage(message);
  if (!parsed.domain) fail('MALFORMED', 'no domain line ("<domain> wants you to sign in …")');
  if (!parsed.address || !isAddress(parsed.address, { strict: false }))
    fail('MALFORMED', 'no valid address on the second line');
  if (parsed.version !== '1') fail('MALFORMED', 'Version must be 1');
  if (!parsed.uri) fail('MALFORMED', 'URI is missing');
  if (!parsed.nonce || !/^[a-zA-Z0-9]{8,}$/.test(parsed.nonce))
    fail('MALFORMED', 'Nonce is missing or not alphanumeric (8+ characters)');
  if (
    typeof parsed.chainId !== 'number' ||
    !Number.isSafeInteger(parsed.chainId) ||
    parsed.chainId <= 0
  )
    fail('MALFORMED', 'Chain ID is missing or not a positive integer');
  for (const [field, value] of [
    ['Issued At', parsed.issuedAt],
    ['Expiration Time', parsed.expirationTime],
    ['Not Before', parsed.notBefore],
  ] as const) {
    if (value !== undefined && Number.isNaN(value.getTime()))
      fail('MALFORMED', `${field} is not a valid date`);
  }
  const address = getAddress(parsed.address);

  if (domains.length === 0)
    fail('WRONG_DOMAIN', 'this server accepts no sign-in domain (configure one)');
  if (!domains.includes(parsed.domain))
    fail(
      'WRONG_DOMAIN',
      `domain "${parsed.domain}" is not one of ${domains.map((d) => `"${d}"`).join(', ')}`,
    );

  if (options.chainIds && options.chainIds.length > 0 && !options.chainIds.includes(parsed.chainId))
    fail('WRONG_CHAIN', `chain ${parsed.chainId} is not one of ${options.chainIds.join(', ')}`);

  if (parsed.expirationTime && parsed.expirationTime.getTime() <= now - skew)
    fail('EXPIRED', `the message expired at ${parsed.expirationTime.toISOString()}`);
  if (parsed.notBefore && parsed.notBefore.getTime() > now + skew)
    fail('NOT_YET_VALID', `the message is not valid before ${parsed.notBefore.toISOString()}`);
  if (parsed.issuedAt) {
    if (parsed.issuedAt.getTime() > now + skew)
      fail('ISSUED_IN_FUTURE', `Issued At ${parsed.issuedAt.toISOString()} is in the future`);
    if (parsed.issuedAt.getTime() < now - maxAge)
      fail(
        'EXPIRED',
        `the message was issued at ${parsed.issuedAt.toISOString()}, too long ago; sign in again`,
      );
  }

  const sig = signature as `0x${string}`;
  if (options.verifySignature) {
    let valid = false;
    try {
      valid = await options.verifySignature({ address, message, signature: sig });
    } catch (error) {
      fail('BAD_SIGNATURE', `the signature could not be checked (${(error as Error).message})`);
    }
    if (!valid) fail('BAD_SIGNATURE', `the signature is not valid for ${address}`);
  } else {
    let recovered: Address;
    try {
      recovered = await recoverMessageAddress({ message, signature: sig });
    } catch {
      fail('BAD_SIGNATURE', 'the signature is malformed (no signer could be recovered)');
    }
    if (recovered !== address)
      fail('ADDRESS_MISMATCH', `the message names ${address} but was signed by ${recovered}`);
  }

  if (!(await options.checkNonce(parsed.nonce)))
    fail(
      'NONCE_INVALID',
      `nonce "${parsed.nonce}" is unknown, expired or already used; request a new one`,
    );

  return {
    address,
    chainId: parsed.chainId,
    nonce: parsed.nonce,
    domain: parsed.domain,
    uri: parsed.uri,
    expiresAt: parsed.expirationTime ? parsed.expirationTime.toISOString() : null,
    issuedAt: parsed.issuedAt ? parsed.issuedAt.toISOString() : null,
  };
}
