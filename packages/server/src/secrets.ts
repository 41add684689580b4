import { createHash, hash, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generatePrivateKey } from 'viem/accounts';
import type { Logger } from './log.js';

/** SHA-256 of `text` (UTF-8) in hex, one-shot (`crypto.hash`: no Hash object per call). */
export const sha256 = (text: string) => hash('sha256', text, 'hex');

/** A fresh opaque bearer token (32 random bytes, base64url). Only its SHA-256 is stored. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** A SIWE nonce: 24 alphanumeric characters (EIP-4361 asks for at least 8). */
export function newNonce(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(24);
  let out = '';
  for (const b of bytes) out += alphabet[b % 62];
  return out;
}

/**
 * Admin keys are at least this long: 32 hex characters are 128 bits; `questboard-server
 * generate-key` prints 256 random bits as 43 base64url characters.
 */
export const MIN_ADMIN_KEY_LENGTH = 32;

/** A fresh admin key: 32 random bytes, base64url. */
export const newAdminKey = () => randomBytes(32).toString('base64url');

/** Refuses a configured admin key too short to hold 128 random bits, saying what to do. */
export function checkAdminKeyStrength(key: string): void {
  if (key.length < MIN_ADMIN_KEY_LENGTH)
    throw new Error(
      `QUESTBOARD_ADMIN_KEY is ${key.length} characters; use at least ${MIN_ADMIN_KEY_LENGTH} random characters (128 bits), e.g. the output of \`questboard-server generate-key\``,
    );
}

/**
 * `sha256$<hex>`: what `questboard-server hash-key` prints and QUESTBOARD_ADMIN_KEY_HASH holds.
 * A plain SHA-256 is enough: the key is ≥ 128 random bits, so no dictionary or brute force
 * reaches it, and a slow KDF (scrypt, ~50 ms) would only hand every client a way to burn the
 * server's CPU with wrong keys.
 */
export function hashAdminKey(key: string): string {
  return `sha256$${sha256(key)}`;
}

/** Checks an admin key against a stored hash: one SHA-256 and a constant-time compare (µs). */
export function createAdminKeyCheck(
  stored: string | undefined,
): ((key: string) => boolean) | undefined {
  if (!stored) return undefined;
  const [scheme, hex] = stored.split('$');
  if (scheme === 'scrypt')
    throw new Error(
      'QUESTBOARD_ADMIN_KEY_HASH is an old scrypt hash: run `questboard-server hash-key <key>` again and use its sha256$… output',
    );
  if (scheme !== 'sha256' || !hex || !/^[0-9a-f]{64}$/.test(hex))
    throw new Error('QUESTBOARD_ADMIN_KEY_HASH must look like sha256$<64 hex digits>');
  const expected = Buffer.from(hex, 'hex');
  return (key: string) => {
    if (typeof key !== 'string' || key.length === 0 || key.length > 512) return false;
    return timingSafeEqual(createHash('sha256').update(key).digest(), expected);
  };
}

/**
 * The issuer key: configured, or generated once and kept in `<dataDir>/issuer.key` (mode 0600),
 * or — with no data directory — generated for this process only (credentials then outlive the key).
 */
export async function loadIssuerKey(
  configured: `0x${string}` | undefined,
  dataDir: string | undefined,
  log: Logger,
): Promise<`0x${string}`> {
  if (configured) return configured;
  if (!dataDir) {
    log.warn(
      'no QUESTBOARD_ISSUER_KEY and no data directory: using a throw-away issuer key for this process',
    );
    return generatePrivateKey();
  }
  const file = join(dataDir, 'issuer.key');
  try {
    const text = (await readFile(file, 'utf8')).trim();
    if (!/^0x[0-9a-fA-F]{64}$/.test(text))
      throw new Error(`${file} does not hold a 0x-prefixed 32-byte hex key`);
    return text as `0x${string}`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dataDir, { recursive: true });
  const key = generatePrivateKey();
  await writeFile(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  log.info('generated a development issuer key', { file });
  return key;
}
