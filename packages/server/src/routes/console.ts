import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import type { Env } from '../context.js';

/**
 * The operator console's page policy: its own scripts, styles and API only (no inline script or
 * style, no other host to talk to), campaign images from anywhere over http(s), never framed.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' https: http: data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** Built file names carry a content hash (`console-3fa9c2d1.js`): cached for a year. */
const HASHED = /-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;

interface Asset {
  body: Uint8Array<ArrayBuffer>;
  type: string;
  immutable: boolean;
}

/**
 * Where the built console is: `dist/console/` beside the built server (`dist/routes/console.js`),
 * or the package's `dist/console/` when the server runs from source.
 */
export function defaultConsoleDir(): string | undefined {
  for (const rel of ['../console/', '../../dist/console/']) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(join(dir, 'index.html'))) return dir;
  }
  return undefined;
}

/** Every file under `dir` by its relative path (`/` separators); nothing else is ever served. */
function readAssets(dir: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  const walk = (sub: string) => {
    for (const name of readdirSync(join(dir, sub))) {
      const rel = sub ? `${sub}/${name}` : name;
      const full = join(dir, rel);
      if (statSync(full).isDirectory()) walk(rel);
      else {
        const type = TYPES[extname(name)];
        if (type)
          assets.set(rel, {
            body: new Uint8Array(readFileSync(full)),
            type,
            immutable: HASHED.test(name),
          });
      }
    }
  };
  walk('');
  return assets;
}

/**
 * `/console`: the operator console, a static page built from the elements
 * (packages/server/console, built into dist/console). Not part of the API: absent from the
 * OpenAPI document. Only the files the build produced are served, looked up by exact name (so no
 * path can reach outside the folder); hashed assets are immutable, the page itself `no-cache`.
 */
export function consoleRoutes(options: { dir?: string } = {}) {
  const app = new Hono<Env>();
  let assets: Map<string, Asset> | undefined;
  const load = () => {
    if (assets) return assets;
    const dir = options.dir ?? defaultConsoleDir();
    if (!dir) return undefined;
    assets = readAssets(dir);
    return assets;
  };

  const headers = (asset: Asset): Record<string, string> => ({
    'Content-Type': asset.type,
    'Cache-Control': asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    'Content-Security-Policy': CONSOLE_CSP,
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
  });

  const notFound = (message: string) =>
    new Response(JSON.stringify({ error: { code: 'BAD_REQUEST', message } }), {
      status: 404,
      headers: { 'Content-Type': 'application/json' },
    });

  app.get('/', (c) => c.redirect('/console/', 308));
  app.get('/*', (c) => {
    const files = load();
    if (!files)
      return notFound('The console is not built: run `npm run build` in the Questboard checkout.');
    const rel = c.req.path.slice('/console/'.length) || 'index.html';
    const asset = files.get(rel);
    if (!asset) return notFound(`No console file ${c.req.path}.`);
    return new Response(asset.body, { status: 200, headers: headers(asset) });
  });
  return app;
}
