import { mkdir, readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { createApp } from './app.js';
import type { ServerConfig } from './config.js';
import type { AppContext, Env } from './context.js';
import { type Db, openDb, openPglite } from './db.js';
import { createLogger, type Logger } from './log.js';
import { migrate } from './migrations.js';
import {
  checkAdminKeyStrength,
  createAdminKeyCheck,
  hashAdminKey,
  loadIssuerKey,
} from './secrets.js';
import { QuestService } from './service/index.js';
import { fastIssuer } from './signer.js';

export const VERSION = '0.1.0';

export interface RunningServer {
  /** `http://host:port` */
  url: string;
  port: number;
  app: Hono<Env>;
  db: Db;
  context: AppContext;
  /** Stops accepting connections, lets requests in flight finish (up to `graceMs`), closes the database. */
  close(graceMs?: number): Promise<void>;
}

export interface StartOptions {
  /** fetch for rule HTTP checks and remote credential sources (defaults to the global one). */
  fetch?: typeof fetch;
  logger?: Logger;
  /**
   * The server's clock (Unix ms; default `Date.now`): campaign windows, scheduled tasks' periods
   * and cooldowns follow it. Tests and the e2e inject one to cross a period boundary.
   */
  now?: () => number;
}

let memoryTemplate: Promise<Blob | File> | undefined;

/**
 * In-memory PGlite databases start from one migrated template per process: loading a dump
 * takes ~0.8 s where initdb takes ~3 s (many servers per test process, `npm start` restarts).
 */
async function openMemoryDb(): Promise<Db> {
  memoryTemplate ??= (async () => {
    const db = (await openPglite()) as Db & { dump(): Promise<Blob | File> };
    await migrate(db);
    const dump = await db.dump();
    await db.close();
    return dump;
  })();
  return openPglite(undefined, await memoryTemplate);
}

/** Opens storage, applies migrations, loads campaign files and listens. */
export async function startServer(
  config: ServerConfig,
  options: StartOptions = {},
): Promise<RunningServer> {
  const log = options.logger ?? createLogger(config.logLevel);
  if (config.adminKey) checkAdminKeyStrength(config.adminKey);
  // Fails before anything opens: a bad hash is a configuration error.
  const adminCheck = createAdminKeyCheck(
    config.adminKeyHash ?? (config.adminKey ? hashAdminKey(config.adminKey) : undefined),
  );
  // `--data-dir a/b/c` works on a fresh machine: the directory is created with its parents.
  if (config.dataDir) await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const db =
    config.databaseUrl || config.dataDir
      ? await openDb({
          databaseUrl: config.databaseUrl,
          dataDir: config.dataDir ? join(config.dataDir, 'pgdata') : undefined,
          poolSize: config.poolSize,
        })
      : await openMemoryDb();
  try {
    const applied = await migrate(db);
    if (applied.length) log.info('migrations applied', { versions: applied, store: db.kind });
    // Credentials are signed on every verify: cached EIP-712 hashes on a native keccak-256 +
    // libsecp256k1 (bench:sign), each falling back to pure JS where its binding cannot load.
    const issuer = fastIssuer(await loadIssuerKey(config.issuerKey, config.dataDir, log));
    const service = new QuestService({
      db,
      config,
      issuer,
      log,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
    await service.credentials.seed();
    const context: AppContext = {
      config: { ...config, adminKey: undefined },
      service,
      log,
      issuer,
      checkAdminKey: adminCheck,
      version: VERSION,
    };
    for (const file of config.campaignFiles) {
      const result = await service.campaigns.upsert(JSON.parse(await readFile(file, 'utf8')));
      log.info('campaign file loaded', { file, result });
    }
    const app = createApp(context);
    const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host });
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    const port = (server.address() as AddressInfo).port;
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    const sweeper = setInterval(() => {
      service
        .sweep(Date.now())
        .catch((error) => log.warn('sweep failed', { error: String(error) }));
    }, 60_000);
    sweeper.unref();
    log.info('listening', {
      url,
      port,
      store: db.kind,
      issuer: issuer.address,
      signer: issuer.signerBackend,
      keccak: issuer.keccakBackend,
    });

    let closing: Promise<void> | undefined;
    const close = (graceMs = 10_000) =>
      (closing ??= (async () => {
        clearInterval(sweeper);
        log.info('shutting down');
        const http = server as import('node:http').Server;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            http.closeAllConnections?.();
            resolve();
          }, graceMs);
          timer.unref();
          http.close(() => {
            clearTimeout(timer);
            resolve();
          });
          http.closeIdleConnections?.();
        });
        await service.limits.close();
        await db.close().catch(() => {});
        log.info('stopped');
      })());
    return { url, port, app, db, context, close };
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
}
