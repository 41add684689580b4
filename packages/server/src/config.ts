import { parseArgs } from 'node:util';
import { DEFAULT_EAS_DOMAIN } from '@questboard/core';
import { checkAdminKeyStrength, createAdminKeyCheck } from './secrets.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** Everything the server reads from its environment and flags (see docs/server.md). */
export interface ServerConfig {
  /** 0 picks a free port. */
  port: number;
  host: string;
  /** PostgreSQL connection string; PGlite when absent. */
  databaseUrl?: string;
  /** PGlite data directory (also where the development issuer key is kept); memory when absent. */
  dataDir?: string;
  /** Connections per replica to PostgreSQL. */
  poolSize: number;
  /** Plain admin API key (hashed at start, never stored) … */
  adminKey?: string;
  /** … or its hash as printed by `questboard-server hash-key` (`scrypt$salt$hash`). */
  adminKeyHash?: string;
  /** Issuer private key (hex). Generated once in `dataDir` (or per process in memory) when absent, except in production. */
  issuerKey?: `0x${string}`;
  /** EAS domain credentials are signed for. */
  eas: { chainId: number; verifyingContract: `0x${string}`; version: string };
  /** Origins allowed on every campaign, in addition to each campaign's `origins`. */
  corsOrigins: string[];
  /** SIWE domains accepted for every campaign, in addition to the hosts of campaigns' origins. */
  siweDomains: string[];
  /** Accepted SIWE chain ids (any when empty). */
  chainIds: number[];
  /** RPC URLs per chain id, overriding campaigns' `chains[id].rpcUrls`. */
  rpcUrls: Record<number, string[]>;
  /** Other Questboard servers whose credentials `credential` rules accept: issuer address → endpoint. */
  issuerEndpoints: Record<string, string>;
  /** Session lifetime, seconds. */
  sessionTtl: number;
  /** Nonce lifetime, seconds. */
  nonceTtl: number;
  /** Requests per minute per client IP; 0 disables. */
  rateLimitIp: number;
  /** verify/claim/sign-in calls per minute per wallet address; 0 disables. */
  rateLimitAddress: number;
  /** Largest accepted request body, bytes (campaign uploads get 8×). */
  bodyLimit: number;
  /** Rule evaluation timeout, ms. */
  ruleTimeoutMs: number;
  /** Trust `X-Forwarded-For` for the client IP (only behind a proxy you run). */
  trustProxy: boolean;
  /** Campaign JSON files to create or update at start. */
  campaignFiles: string[];
  logLevel: LogLevel;
  production: boolean;
  /** Processes sharing the port (node:cluster); more than 1 needs PostgreSQL. */
  workers: number;
  /** Serve the operator console at `/console` (`QUESTBOARD_CONSOLE=0` turns it off). */
  console: boolean;
  /** The built console's folder (tests, embedding); the package's own `dist/console` when absent. */
  consoleDir?: string;
}

/** The EAS domain credentials are signed for unless configured: core's one default. */
const DEFAULT_EAS = DEFAULT_EAS_DOMAIN;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function int(name: string, value: string | undefined, fallback: number, min = 0): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min)
    throw new ConfigError(`${name} must be an integer ≥ ${min}, got "${value}"`);
  return n;
}

function flag(name: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  if (value === '1' || value === 'true') return true;
  if (value === '0' || value === 'false') return false;
  throw new ConfigError(`${name} must be 1, 0, true or false, got "${value}"`);
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function parseIssuerEndpoints(value: string | undefined): Record<string, string> {
  if (!value) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new ConfigError(
      'QUESTBOARD_ISSUER_ENDPOINTS must be JSON like {"0xIssuer…":"https://other-server"}',
    );
  }
  if (typeof parsed !== 'object' || parsed === null)
    throw new ConfigError('QUESTBOARD_ISSUER_ENDPOINTS must be a JSON object');
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed)) {
    if (!/^0x[0-9a-fA-F]{40}$/.test(k) || typeof v !== 'string' || !/^https?:\/\//.test(v))
      throw new ConfigError(
        `QUESTBOARD_ISSUER_ENDPOINTS["${k}"] must map an issuer address to an http(s) endpoint`,
      );
    out[k.toLowerCase()] = v.replace(/\/+$/, '');
  }
  return out;
}

function parseRpcUrls(value: string | undefined): Record<number, string[]> {
  if (!value) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new ConfigError('QUESTBOARD_RPC_URLS must be JSON like {"1":["https://…"]}');
  }
  if (typeof parsed !== 'object' || parsed === null)
    throw new ConfigError('QUESTBOARD_RPC_URLS must be a JSON object');
  const out: Record<number, string[]> = {};
  for (const [k, v] of Object.entries(parsed)) {
    const urls = typeof v === 'string' ? [v] : v;
    if (!/^\d+$/.test(k) || !Array.isArray(urls) || !urls.every((u) => typeof u === 'string'))
      throw new ConfigError(
        `QUESTBOARD_RPC_URLS["${k}"] must be a URL or a list of URLs under a decimal chain id`,
      );
    out[Number(k)] = urls;
  }
  return out;
}

export const USAGE = `Usage: questboard-server [options]
       questboard-server hash-key <admin-key>

Options (each also from the environment variable in brackets):
  --port <n>              port, 0 for any free one            [PORT] (default 8787)
  --host <addr>           interface to listen on              [HOST] (default 127.0.0.1)
  --database-url <url>    PostgreSQL; embedded PGlite if unset [DATABASE_URL]
  --data-dir <dir>        PGlite data + dev issuer key dir    [QUESTBOARD_DATA_DIR]
  --campaign <file>       campaign JSON to load at start (repeatable) [QUESTBOARD_CAMPAIGNS, comma-separated]
  --log-level <level>     debug|info|warn|error|silent        [QUESTBOARD_LOG_LEVEL] (default info)
  --workers <n>           processes sharing the port (PostgreSQL only) [QUESTBOARD_WORKERS] (default 1)
  -h, --help              show this help
More: QUESTBOARD_ADMIN_KEY, QUESTBOARD_ADMIN_KEY_HASH, QUESTBOARD_ISSUER_KEY, QUESTBOARD_CORS_ORIGINS,
QUESTBOARD_SIWE_DOMAINS, QUESTBOARD_CHAIN_IDS, QUESTBOARD_RPC_URLS, QUESTBOARD_ISSUER_ENDPOINTS, QUESTBOARD_SESSION_TTL,
QUESTBOARD_NONCE_TTL, QUESTBOARD_RATE_LIMIT_IP, QUESTBOARD_RATE_LIMIT_ADDRESS, QUESTBOARD_BODY_LIMIT,
QUESTBOARD_RULE_TIMEOUT_MS, QUESTBOARD_TRUST_PROXY, QUESTBOARD_EAS_CHAIN_ID, QUESTBOARD_EAS_CONTRACT,
QUESTBOARD_EAS_VERSION, QUESTBOARD_POOL_SIZE, QUESTBOARD_CONSOLE, NODE_ENV (see docs/server.md).`;

/** Reads configuration from flags (first) and environment variables. Throws `ConfigError`. */
export function loadConfig(
  argv: readonly string[] = [],
  env: NodeJS.ProcessEnv = process.env,
): ServerConfig {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'database-url': { type: 'string' },
      'data-dir': { type: 'string' },
      campaign: { type: 'string', multiple: true },
      workers: { type: 'string' },
      'log-level': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  const logLevel = (values['log-level'] ?? env.QUESTBOARD_LOG_LEVEL ?? 'info') as LogLevel;
  if (!['debug', 'info', 'warn', 'error', 'silent'].includes(logLevel))
    throw new ConfigError(
      `log level must be debug, info, warn, error or silent, got "${logLevel}"`,
    );
  const issuerKey = env.QUESTBOARD_ISSUER_KEY?.trim();
  if (issuerKey && !/^0x[0-9a-fA-F]{64}$/.test(issuerKey))
    throw new ConfigError('QUESTBOARD_ISSUER_KEY must be a 0x-prefixed 32-byte hex private key');
  const easContract = env.QUESTBOARD_EAS_CONTRACT?.trim();
  if (easContract && !/^0x[0-9a-fA-F]{40}$/.test(easContract))
    throw new ConfigError('QUESTBOARD_EAS_CONTRACT must be an address');
  const corsOrigins = list(env.QUESTBOARD_CORS_ORIGINS);
  for (const origin of corsOrigins) {
    if (origin !== '*' && !/^https?:\/\/[^/]+$/.test(origin))
      throw new ConfigError(
        `QUESTBOARD_CORS_ORIGINS: "${origin}" is not an origin like https://app.example`,
      );
  }
  const production = env.NODE_ENV === 'production';
  const config: ServerConfig = {
    port: int('port', values.port ?? env.PORT, 8787),
    host: values.host ?? env.HOST ?? '127.0.0.1',
    databaseUrl: values['database-url'] ?? (env.DATABASE_URL || undefined),
    dataDir: values['data-dir'] ?? (env.QUESTBOARD_DATA_DIR || undefined),
    poolSize: int('QUESTBOARD_POOL_SIZE', env.QUESTBOARD_POOL_SIZE, 10, 1),
    adminKey: env.QUESTBOARD_ADMIN_KEY || undefined,
    adminKeyHash: env.QUESTBOARD_ADMIN_KEY_HASH || undefined,
    issuerKey: (issuerKey || undefined) as `0x${string}` | undefined,
    eas: {
      chainId: int('QUESTBOARD_EAS_CHAIN_ID', env.QUESTBOARD_EAS_CHAIN_ID, DEFAULT_EAS.chainId, 1),
      verifyingContract: (easContract || DEFAULT_EAS.verifyingContract) as `0x${string}`,
      version: env.QUESTBOARD_EAS_VERSION || DEFAULT_EAS.version,
    },
    corsOrigins,
    siweDomains: list(env.QUESTBOARD_SIWE_DOMAINS),
    chainIds: list(env.QUESTBOARD_CHAIN_IDS).map((id) => int('QUESTBOARD_CHAIN_IDS', id, 0, 1)),
    rpcUrls: parseRpcUrls(env.QUESTBOARD_RPC_URLS),
    issuerEndpoints: parseIssuerEndpoints(env.QUESTBOARD_ISSUER_ENDPOINTS),
    sessionTtl: int('QUESTBOARD_SESSION_TTL', env.QUESTBOARD_SESSION_TTL, 24 * 3600, 60),
    nonceTtl: int('QUESTBOARD_NONCE_TTL', env.QUESTBOARD_NONCE_TTL, 600, 10),
    rateLimitIp: int('QUESTBOARD_RATE_LIMIT_IP', env.QUESTBOARD_RATE_LIMIT_IP, 600),
    rateLimitAddress: int('QUESTBOARD_RATE_LIMIT_ADDRESS', env.QUESTBOARD_RATE_LIMIT_ADDRESS, 120),
    bodyLimit: int('QUESTBOARD_BODY_LIMIT', env.QUESTBOARD_BODY_LIMIT, 16 * 1024, 256),
    ruleTimeoutMs: int('QUESTBOARD_RULE_TIMEOUT_MS', env.QUESTBOARD_RULE_TIMEOUT_MS, 10_000, 100),
    trustProxy: env.QUESTBOARD_TRUST_PROXY === '1' || env.QUESTBOARD_TRUST_PROXY === 'true',
    campaignFiles: values.campaign ?? list(env.QUESTBOARD_CAMPAIGNS),
    logLevel,
    production,
    workers: int('workers', values.workers ?? env.QUESTBOARD_WORKERS, 1, 1),
    console: flag('QUESTBOARD_CONSOLE', env.QUESTBOARD_CONSOLE, true),
  };
  if (config.adminKey) {
    try {
      checkAdminKeyStrength(config.adminKey);
      createAdminKeyCheck(config.adminKeyHash);
    } catch (error) {
      throw new ConfigError((error as Error).message);
    }
  } else if (config.adminKeyHash) {
    try {
      createAdminKeyCheck(config.adminKeyHash);
    } catch (error) {
      throw new ConfigError((error as Error).message);
    }
  }
  if (config.workers > 1 && !config.databaseUrl)
    throw new ConfigError('--workers > 1 needs DATABASE_URL: PGlite lives inside one process');
  if (values.help) throw new ConfigError(USAGE);
  if (production && !config.issuerKey)
    throw new ConfigError(
      'QUESTBOARD_ISSUER_KEY is required when NODE_ENV=production (credentials must keep one issuer)',
    );
  return config;
}

/** A complete configuration for tests and embedding, with overrides. */
export function defineConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return { ...loadConfig([], {}), port: 0, logLevel: 'silent', ...overrides };
}
