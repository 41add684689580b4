/// <reference types="node" />
// Test fixture: a tiny JSON-RPC proxy on 127.0.0.1 that counts what passes through it, and can
// misbehave on demand (hang, answer garbage, fail with 503) to test error handling.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ProxyMode = 'forward' | 'hang' | 'garbage' | 'http503';

export interface RpcProxy {
  url: string;
  /** HTTP requests received. */
  requests: number;
  /** JSON-RPC calls received (a batch of 5 counts 5). */
  calls: number;
  /** JSON-RPC methods received, in order. */
  methods: string[];
  /** JSON-RPC calls received (parsed), in order. */
  payloads: { method: string; params: unknown[] }[];
  mode: ProxyMode;
  reset(): void;
  stop(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Starts a counting proxy in front of `target` (an anvil URL). */
export async function startRpcProxy(target: string): Promise<RpcProxy> {
  const hanging = new Set<ServerResponse>();
  const proxy: RpcProxy = {
    url: '',
    requests: 0,
    calls: 0,
    methods: [],
    payloads: [],
    mode: 'forward',
    reset() {
      proxy.requests = 0;
      proxy.calls = 0;
      proxy.methods = [];
      proxy.payloads = [];
      proxy.mode = 'forward';
    },
    stop: async () => {},
  };
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    proxy.requests++;
    try {
      type Call = { method: string; params: unknown[] };
      const parsed = JSON.parse(body) as Call | Call[];
      const list = Array.isArray(parsed) ? parsed : [parsed];
      proxy.calls += list.length;
      for (const c of list) {
        proxy.methods.push(String(c.method));
        proxy.payloads.push(c);
      }
    } catch {
      // counted as a request; anvil will answer the parse error
    }
    if (proxy.mode === 'hang') {
      hanging.add(res);
      return;
    }
    if (proxy.mode === 'garbage') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('<html>not json</html>');
      return;
    }
    if (proxy.mode === 'http503') {
      res.writeHead(503, { 'content-type': 'text/plain' }).end('unavailable');
      return;
    }
    try {
      const upstream = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      const text = await upstream.text();
      res.writeHead(upstream.status, { 'content-type': 'application/json' }).end(text);
    } catch (e) {
      res.writeHead(502).end(String(e));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.stop = () =>
    new Promise<void>((resolve) => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}
