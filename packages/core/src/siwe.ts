import { getAddress, isHex, recoverMessageAddress } from 'viem';
import type { Address } from './campaign/campaign.js';
import { QuestError } from './errors.js';

/** Why a Sign-In with Ethereum message was refused (the `reason` on the thrown error). */
export const SIWE_FAILURE_REASONS = [
  /** Not an EIP-4361 message: a field missing, out of order, malformed, or text after the last. */
  'MALFORMED',
  /** The message's domain is not one this server accepts. */
  'WRONG_DOMAIN',
  /** The message's URI is not on the message's domain (another host, port or scheme). */
  'WRONG_URI',
  'WRONG_CHAIN',
  /** Expiration Time not after Issued At, or not after Not Before. */
  'TIMES_OUT_OF_ORDER',
  'NOT_YET_VALID',
  'EXPIRED',
  'ISSUED_IN_FUTURE',
  'BAD_SIGNATURE',
  'ADDRESS_MISMATCH',
  'NONCE_INVALID',
] as const;
export type SiweFailureReason = (typeof SIWE_FAILURE_REASONS)[number];

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
  /** How far in the future `Issued At` may be (the wallet's clock runs ahead), ms (default 60 000). */
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
  /** ISO 8601; the message's `issuedAt`. */
  issuedAt: string;
}

/** The fields of an EIP-4361 message, as written in it (times as their RFC 3339 text). */
export interface SiweMessageFields {
  /** The optional scheme before the domain (`https` in `https://app.example wants you…`). */
  scheme?: string;
  domain: string;
  address: Address;
  statement?: string;
  uri: string;
  version: '1';
  chainId: number;
  nonce: string;
  issuedAt: string;
  expirationTime?: string;
  notBefore?: string;
  requestId?: string;
  resources?: string[];
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
  return SIWE_FAILURE_REASONS.includes(reason) ? reason : undefined;
}

// --- RFC 3986 (each check is one pass over its text: no backtracking blow-up) -------------------

const UNRESERVED_SUB = "A-Za-z0-9\\-._~!$&'()*+,;=";
const PCT = '%[0-9A-Fa-f]{2}';
const USERINFO = new RegExp(`^(?:[${UNRESERVED_SUB}:]|${PCT})*$`);
const REG_NAME = new RegExp(`^(?:[${UNRESERVED_SUB}]|${PCT})*$`);
const PATH = new RegExp(`^(?:[${UNRESERVED_SUB}:@/]|${PCT})*$`);
const QUERY = new RegExp(`^(?:[${UNRESERVED_SUB}:@/?]|${PCT})*$`);
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*$/;
const IPV_FUTURE = new RegExp(`^[vV][0-9A-Fa-f]+\\.[${UNRESERVED_SUB}:]+$`);
const HEX16 = /^[0-9A-Fa-f]{1,4}$/;

function isIPv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

function isIPv6(address: string): boolean {
  let s = address;
  if (s.includes('.')) {
    const last = s.lastIndexOf(':');
    if (last < 0 || !isIPv4(s.slice(last + 1))) return false;
    s = `${s.slice(0, last + 1)}0:0`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return false;
  const groups = (text: string) => (text === '' ? [] : text.split(':'));
  if (halves.length === 1) {
    const all = groups(s);
    return all.length === 8 && all.every((g) => HEX16.test(g));
  }
  const left = groups(halves[0]!);
  const right = groups(halves[1]!);
  return left.length + right.length <= 7 && [...left, ...right].every((g) => HEX16.test(g));
}

interface Authority {
  userinfo?: string;
  /** Lower-cased. */
  host: string;
  port?: string;
}

/** RFC 3986 `authority` (its host may be empty), or a sentence saying what is wrong. */
function parseAuthority(text: string): Authority | string {
  let rest = text;
  let userinfo: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    userinfo = rest.slice(0, at);
    rest = rest.slice(at + 1);
    if (!USERINFO.test(userinfo)) return 'its user information has characters RFC 3986 forbids';
  }
  let host: string;
  let portText: string | undefined;
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0) return 'an IP literal is not closed with "]"';
    const literal = rest.slice(1, close);
    if (!isIPv6(literal) && !IPV_FUTURE.test(literal))
      return `"[${literal}]" is not an IPv6 address`;
    host = rest.slice(0, close + 1);
    const after = rest.slice(close + 1);
    if (after !== '') {
      if (!after.startsWith(':')) return 'only a port may follow an IP literal';
      portText = after.slice(1);
    }
  } else {
    const colon = rest.indexOf(':');
    host = colon < 0 ? rest : rest.slice(0, colon);
    if (colon >= 0) portText = rest.slice(colon + 1);
    if (!REG_NAME.test(host)) return `host "${host}" has characters RFC 3986 forbids`;
  }
  if (portText !== undefined && !/^\d*$/.test(portText)) return 'the port must be digits';
  return {
    host: host.toLowerCase(),
    ...(userinfo !== undefined ? { userinfo } : {}),
    ...(portText ? { port: portText } : {}),
  };
}

interface Uri {
  scheme: string;
  authority?: Authority;
}

/** RFC 3986 `URI` (absolute, optional query and fragment), or a sentence saying what is wrong. */
function parseUri(text: string): Uri | string {
  const colon = text.indexOf(':');
  if (colon <= 0 || !SCHEME.test(text.slice(0, colon)))
    return 'it does not start with a scheme ("https:")';
  const scheme = text.slice(0, colon).toLowerCase();
  let rest = text.slice(colon + 1);
  const hash = rest.indexOf('#');
  if (hash >= 0) {
    if (!QUERY.test(rest.slice(hash + 1))) return 'its fragment has characters RFC 3986 forbids';
    rest = rest.slice(0, hash);
  }
  const question = rest.indexOf('?');
  if (question >= 0) {
    if (!QUERY.test(rest.slice(question + 1))) return 'its query has characters RFC 3986 forbids';
    rest = rest.slice(0, question);
  }
  let authority: Authority | undefined;
  if (rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    const authorityText = slash < 0 ? rest.slice(2) : rest.slice(2, slash);
    const parsed = parseAuthority(authorityText);
    if (typeof parsed === 'string') return parsed;
    authority = parsed;
    rest = slash < 0 ? '' : rest.slice(slash);
  }
  if (!PATH.test(rest)) return 'its path has characters RFC 3986 forbids';
  return { scheme, ...(authority ? { authority } : {}) };
}

const DEFAULT_PORTS: Record<string, string> = { http: '80', https: '443', ws: '80', wss: '443' };

/** `host[:port]` without userinfo, the scheme's default port dropped. */
function siteOf(authority: Authority, scheme: string | undefined): string {
  const port =
    authority.port && scheme && DEFAULT_PORTS[scheme] === authority.port ? '' : authority.port;
  return port ? `${authority.host}:${port}` : authority.host;
}

// --- RFC 3339 ----------------------------------------------------------------------------------

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** Milliseconds since the epoch of an RFC 3339 `date-time`, or NaN when it is none (2022-02-31). */
function parseDateTime(text: string): number {
  const m = DATE_TIME.exec(text);
  if (!m) return Number.NaN;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const daysInMonth = new Date(Date.UTC(2000, month, 0)).getUTCDate();
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const maxDay = month === 2 ? (leap ? 29 : 28) : daysInMonth;
  if (month < 1 || month > 12 || day < 1 || day > maxDay) return Number.NaN;
  if (hour > 23 || minute > 59 || second > 60) return Number.NaN;
  let offset = 0;
  if (!m[8]) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) return Number.NaN;
    offset = (m[9] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
  }
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second));
  date.setUTCFullYear(year);
  const ms = Number((m[7] ?? '').slice(0, 3).padEnd(3, '0'));
  return date.getTime() + ms - offset;
}

// --- EIP-4361 ----------------------------------------------------------------------------------

const HEADER = ' wants you to sign in with your Ethereum account:';
/** The optional fields, in the only order EIP-4361 allows. */
const OPTIONAL_FIELDS = [
  ['expirationTime', 'Expiration Time: '],
  ['notBefore', 'Not Before: '],
  ['requestId', 'Request ID: '],
] as const;
const FIELD_ORDER =
  'URI, Version, Chain ID, Nonce, Issued At, then optionally Expiration Time, Not Before, Request ID, Resources';
const ALL_PREFIXES = [
  'URI: ',
  'Version: ',
  'Chain ID: ',
  'Nonce: ',
  'Issued At: ',
  'Expiration Time: ',
  'Not Before: ',
  'Request ID: ',
  'Resources:',
];
// C0 and C1 controls, DEL, line and paragraph separators, bidirectional overrides: a statement
// must read the same in every wallet. (EIP-4361 asks for ASCII; printable Unicode is accepted
// because the board's own catalogs write “quotes” and accents.)
const UNSAFE_TEXT = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;
const LONE_SURROGATE = /[\ud800-\udfff]/u;

function malformed(details: string): never {
  fail('MALFORMED', details);
}

/**
 * Parses an EIP-4361 message by its ABNF: every line in its place and order, the address in
 * EIP-55 checksum form, the domain an RFC 3986 authority, the URI and resources RFC 3986 URIs,
 * a one-line statement, RFC 3339 times that exist, and nothing after the last field. Throws
 * `SIGN_IN_FAILED` (`MALFORMED: …`, naming the line) otherwise.
 */
export function parseSiweMessage(message: string): SiweMessageFields {
  if (typeof message !== 'string' || message.length === 0)
    malformed('message must be a non-empty string');
  if (message.length > SIWE_MAX_MESSAGE_LENGTH)
    malformed(`message is longer than ${SIWE_MAX_MESSAGE_LENGTH} characters`);
  if (LONE_SURROGATE.test(message)) malformed('message is not valid Unicode (a lone surrogate)');
  if (message.includes('\r'))
    malformed('message has a carriage return: lines end with LF ("\\n") only');
  const lines = message.split('\n');
  let i = 0;
  const line = (what: string): string => {
    const text = lines[i];
    if (text === undefined) malformed(`the message ends before ${what}`);
    i++;
    return text;
  };
  const label = (prefix: string) => prefix.replace(/:\s*$/, '');
  const field = (prefix: string, name: string): string => {
    const text = line(`the "${label(prefix)}" line`);
    if (!text.startsWith(prefix)) {
      const other = ALL_PREFIXES.find((p) => text.startsWith(p));
      malformed(
        other
          ? `line ${i} is "${label(other)}" where "${label(prefix)}" belongs (order: ${FIELD_ORDER})`
          : `line ${i} must be "${prefix}<${name}>"`,
      );
    }
    return text.slice(prefix.length);
  };

  // "<scheme>://<domain> wants you to sign in with your Ethereum account:"
  const first = line('the first line');
  if (!first.endsWith(HEADER)) malformed(`the first line must be "<domain>${HEADER}"`);
  let domainText = first.slice(0, -HEADER.length);
  let scheme: string | undefined;
  const schemeEnd = domainText.indexOf('://');
  if (schemeEnd >= 0) {
    scheme = domainText.slice(0, schemeEnd);
    if (!SCHEME.test(scheme)) malformed(`"${scheme}" before the domain is not a URI scheme`);
    domainText = domainText.slice(schemeEnd + 3);
  }
  if (domainText === '') malformed('the domain is missing from the first line');
  const domainAuthority = parseAuthority(domainText);
  if (typeof domainAuthority === 'string')
    malformed(`the domain "${domainText}" is not an RFC 3986 authority: ${domainAuthority}`);
  if (domainAuthority.host === '') malformed(`the domain "${domainText}" has no host`);

  const addressText = line('the address');
  if (!/^0x[0-9a-fA-F]{40}$/.test(addressText))
    malformed('line 2 must be the account address (0x and 40 hex digits)');
  const address = getAddress(addressText);
  if (address !== addressText)
    malformed(`the address ${addressText} is not in EIP-55 checksum form (${address})`);

  if (line('the blank line after the address') !== '')
    malformed('line 3 must be empty (after the address)');
  let statement: string | undefined;
  const third = line('the URI');
  if (third === '') {
    // No statement ("\n\n\nURI:"), or an explicit empty one ("\n\n\n\nURI:").
    if (lines[i] === '') {
      i++;
      statement = '';
    }
  } else {
    if (UNSAFE_TEXT.test(third))
      malformed('the statement has a control, separator or direction-override character');
    statement = third;
    if (line('the blank line after the statement') !== '')
      malformed(
        `line ${i} must be empty: the statement is a single line (a line break in the statement?)`,
      );
  }

  const uri = field('URI: ', 'RFC 3986 URI');
  const parsedUri = parseUri(uri);
  if (typeof parsedUri === 'string')
    malformed(`the URI "${uri}" is not an RFC 3986 URI: ${parsedUri}`);
  const version = field('Version: ', 'version');
  if (version !== '1') malformed(`Version must be 1, not "${version}"`);
  const chainText = field('Chain ID: ', 'EIP-155 chain id');
  const chainId = Number(chainText);
  if (!/^\d+$/.test(chainText) || !Number.isSafeInteger(chainId) || chainId <= 0)
    malformed(`Chain ID "${chainText}" is not a positive integer`);
  const nonce = field('Nonce: ', 'nonce');
  if (!/^[A-Za-z0-9]{8,}$/.test(nonce))
    malformed(`Nonce "${nonce}" must be letters and digits, 8 or more`);
  const issuedAt = field('Issued At: ', 'RFC 3339 date-time');
  if (Number.isNaN(parseDateTime(issuedAt)))
    malformed(`Issued At "${issuedAt}" is not an RFC 3339 date-time that exists`);

  const optional: Partial<Record<(typeof OPTIONAL_FIELDS)[number][0], string>> = {};
  for (const [key, prefix] of OPTIONAL_FIELDS) {
    const text = lines[i];
    if (text === undefined || !text.startsWith(prefix)) continue;
    i++;
    const value = text.slice(prefix.length);
    if (key === 'requestId') {
      if (!PATH.test(value) || value.includes('/'))
        malformed(`Request ID "${value}" has characters EIP-4361 forbids`);
    } else if (Number.isNaN(parseDateTime(value)))
      malformed(`${prefix.slice(0, -2)} "${value}" is not an RFC 3339 date-time that exists`);
    optional[key] = value;
  }
  let resources: string[] | undefined;
  if (lines[i] === 'Resources:') {
    i++;
    resources = [];
    while (i < lines.length && lines[i]!.startsWith('- ')) {
      const resource = lines[i]!.slice(2);
      const parsed = parseUri(resource);
      if (typeof parsed === 'string')
        malformed(`resource "${resource}" is not an RFC 3986 URI: ${parsed}`);
      resources.push(resource);
      i++;
    }
  }
  if (i < lines.length) {
    const extra = lines[i]!;
    const known = ALL_PREFIXES.find((p) => extra.startsWith(p));
    malformed(
      known
        ? `"${label(known)}" on line ${i + 1} is out of order or repeated (order: ${FIELD_ORDER})`
        : `unexpected text on line ${i + 1}, after the last field`,
    );
  }

  return {
    ...(scheme !== undefined ? { scheme } : {}),
    domain: domainText,
    address,
    ...(statement !== undefined ? { statement } : {}),
    uri,
    version: '1',
    chainId,
    nonce,
    issuedAt,
    ...optional,
    ...(resources ? { resources } : {}),
  };
}

/**
 * Verifies a Sign-In with Ethereum (EIP-4361) message and its signature.
 *
 * Order of checks: grammar ({@link parseSiweMessage}) → domain → URI on that domain → chain →
 * order of the times → time window → signature → nonce (consumed last, so a refused message
 * never burns a valid nonce). Throws `QuestError` `SIGN_IN_FAILED` whose `details` starts with
 * a {@link SiweFailureReason} and says exactly why.
 */
export async function verifySiwe(options: VerifySiweOptions): Promise<SiweResult> {
  const { message, signature, domains } = options;
  const now = options.now ?? Date.now();
  const skew = options.clockSkewMs ?? 60_000;
  const maxAge = options.maxAgeMs ?? 10 * 60_000;

  if (typeof signature !== 'string' || !isHex(signature) || signature.length < 4)
    fail('MALFORMED', 'signature must be a 0x-prefixed hex string');
  const fields = parseSiweMessage(message);
  const { address } = fields;

  if (domains.length === 0)
    fail('WRONG_DOMAIN', 'this server accepts no sign-in domain (configure one)');
  const domain = fields.domain.toLowerCase();
  if (!domains.some((d) => d.toLowerCase() === domain))
    fail(
      'WRONG_DOMAIN',
      `domain "${fields.domain}" is not one of ${domains.map((d) => `"${d}"`).join(', ')}`,
    );

  // The URI must be on the very site that asks for the signature (EIP-4361: the domain is the
  // "RFC 3986 authority that is requesting the signing", the URI "the subject of the signing").
  const uri = parseUri(fields.uri) as Uri;
  if (!uri.authority?.host)
    fail('WRONG_URI', `URI "${fields.uri}" names no host; it must be on "${fields.domain}"`);
  if (fields.scheme !== undefined && fields.scheme.toLowerCase() !== uri.scheme)
    fail('WRONG_URI', `URI "${fields.uri}" is not on "${fields.scheme}://${fields.domain}"`);
  const domainAuthority = parseAuthority(fields.domain) as Authority;
  if (siteOf(uri.authority, uri.scheme) !== siteOf(domainAuthority, uri.scheme))
    fail('WRONG_URI', `URI "${fields.uri}" is on another site than the domain "${fields.domain}"`);

  if (options.chainIds && options.chainIds.length > 0 && !options.chainIds.includes(fields.chainId))
    fail('WRONG_CHAIN', `chain ${fields.chainId} is not one of ${options.chainIds.join(', ')}`);

  const issuedAt = parseDateTime(fields.issuedAt);
  const expiration = fields.expirationTime ? parseDateTime(fields.expirationTime) : undefined;
  const notBefore = fields.notBefore ? parseDateTime(fields.notBefore) : undefined;
  const iso = (ms: number) => new Date(ms).toISOString();
  if (expiration !== undefined && expiration <= issuedAt)
    fail(
      'TIMES_OUT_OF_ORDER',
      `Expiration Time ${fields.expirationTime} is not after Issued At ${fields.issuedAt}`,
    );
  if (expiration !== undefined && notBefore !== undefined && expiration <= notBefore)
    fail(
      'TIMES_OUT_OF_ORDER',
      `Expiration Time ${fields.expirationTime} is not after Not Before ${fields.notBefore}`,
    );
  if (expiration !== undefined && expiration <= now)
    fail('EXPIRED', `the message expired at ${iso(expiration)}`);
  if (notBefore !== undefined && notBefore > now)
    fail('NOT_YET_VALID', `the message is not valid before ${iso(notBefore)}`);
  if (issuedAt > now + skew)
    fail('ISSUED_IN_FUTURE', `Issued At ${iso(issuedAt)} is in the future`);
  if (issuedAt < now - maxAge)
    fail('EXPIRED', `the message was issued at ${iso(issuedAt)}, too long ago; sign in again`);

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

  if (!(await options.checkNonce(fields.nonce)))
    fail(
      'NONCE_INVALID',
      `nonce "${fields.nonce}" is unknown, expired or already used; request a new one`,
    );

  return {
    address,
    chainId: fields.chainId,
    nonce: fields.nonce,
    domain: fields.domain,
    uri: fields.uri,
    expiresAt: expiration !== undefined ? iso(expiration) : null,
    issuedAt: iso(issuedAt),
  };
}
