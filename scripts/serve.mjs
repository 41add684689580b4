// Static file server for the demo and the examples (sirv), bound to 127.0.0.1.
import { createServer } from 'node:http';
import sirv from 'sirv';

/**
 * Serves `root` at `/` and extra directories under their mount points, with a strict CSP so the
 * demo proves the widget needs no inline script, eval or inline style.
 */
export function serve({ root, mounts = {}, port = 0, host = '127.0.0.1', csp = true }) {
  const handlers = Object.entries(mounts).map(([prefix, dir]) => [
    prefix,
    sirv(dir, { dev: true, etag: true }),
  ]);
  const main = sirv(root, { dev: true, etag: true });
  const server = createServer((req, res) => {
    if (csp) {
      res.setHeader(
        'content-security-policy',
        "default-src 'self'; img-src 'self' https: data:; connect-src 'self' http://127.0.0.1:* ws://127.0.0.1:* https:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'",
      );
    }
    for (const [prefix, handler] of handlers) {
      if (req.url.startsWith(prefix)) {
        req.url = req.url.slice(prefix.length - 1) || '/';
        return handler(req, res, () => res.writeHead(404).end('Not found'));
      }
    }
    main(req, res, () => res.writeHead(404).end('Not found'));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      resolve({
        server,
        url: `http://${host}:${actual}/`,
        close: () => new Promise((r) => server.close(r)),
      });
    });
  });
}
