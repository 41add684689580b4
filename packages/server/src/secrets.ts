import { createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generatePrivateKey } from 'viem/accounts';
import type { Logger } from './log.js';

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

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

/** `scrypt$<salt hex>$<hash hex>`: what `questboard-server hash-key` prints and QUESTBOARD_ADMIN_KEY_HASH holds. */
export function hashAdminKey(key: string, salt: Buffer = randomBytes(16)): string {
  const hash = scryptSync(key, salt, 32);
  return `scrypt$${salt.toString('hex')}$${hash.toString('hex')}`;
}

/** Checks an admin key against a stored hash in constant time. */
export function createAdminKeyCheck(
  stored: string | undefined,
): ((key: string) => boolean) | undefined {
  if (!stored) return undefined;
  const [scheme, saltHex, hashHex] = stored.split('$');
  if (scheme !== 'scrypt' || !saltHex || !hashHex)
    throw new Error('admin key hash must look like scrypt$<salt>$<hash>');
  const salt = Buffer.from(saltHex, 'hex');
  const expected = Buffer.from(hashHex, 'hex');
  // A cache of the last accepted key's SHA-256 keeps scrypt (≈50 ms) off every admin call.
  let lastGood: string | undefined;
  return (key: string) => {
    if (typeof key !== 'string' || key.length === 0 || key.length > 512) return false;
    const digest = sha256(key);
    if (lastGood && timingSafeEqual(Buffer.from(digest), Buffer.from(lastGood))) return true;
    const ok = timingSafeEqual(scryptSync(key, salt, expected.length), expected);
    if (ok) lastGood = digest;
    return ok;
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
