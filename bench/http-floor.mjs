// The least a Node HTTP server does per request, for bench:server to measure beside a verify:
// Hono on @hono/node-server (what the reference server runs on), a POST with a JSON body parsed
// and a small JSON answer. Usage: node bench/http-floor.mjs <port>
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono();
app.post('/floor', async (c) => {
  await c.req.json();
  return c.json({ ok: true, progress: { completed: {} } });
});
const server = serve({ fetch: app.fetch, port: Number(process.argv[2]), hostname: '127.0.0.1' });
process.on('SIGTERM', () => server.close(() => process.exit(0)));
