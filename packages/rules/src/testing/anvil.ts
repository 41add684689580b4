/// <reference types="node" />
// Test fixture: a real anvil node on 127.0.0.1 (Node only; not part of the browser package).
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

export interface AnvilNode {
  rpcUrl: string;
  chainId: number;
  port: number;
  stop(): Promise<void>;
}

export interface StartAnvilOptions {
  chainId?: number;
  /** Extra command-line arguments for anvil. */
  args?: string[];
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/** The anvil binary: the platform package's own binary when found (one process), else the npm wrapper. */
function anvilCommand(): string {
  const require = createRequire(import.meta.url);
  try {
    const pkg = require.resolve(
      `@foundry-rs/anvil-${process.platform}-${process.arch === 'x64' ? 'amd64' : process.arch}/package.json`,
    );
    const bin = join(dirname(pkg), 'bin', process.platform === 'win32' ? 'anvil.exe' : 'anvil');
    if (existsSync(bin)) return bin;
  } catch {
    // fall through to the wrapper
  }
  const wrapperPkg = require.resolve('@foundry-rs/anvil/package.json');
  let dir = dirname(wrapperPkg);
  for (let i = 0; i < 6; i++) {
    const bin = join(dir, 'node_modules', '.bin', 'anvil');
    if (existsSync(bin)) return bin;
    dir = dirname(dir);
  }
  return 'anvil';
}

async function rpc(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = (await res.json()) as { result?: unknown; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Starts anvil on a free port of 127.0.0.1 and waits until it answers. */
export async function startAnvil(options: StartAnvilOptions = {}): Promise<AnvilNode> {
  const chainId = options.chainId ?? 31337;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const child = spawn(
      anvilCommand(),
      [
        '--port',
        String(port),
        '--host',
        '127.0.0.1',
        '--silent',
        '--chain-id',
        String(chainId),
        ...(options.args ?? []),
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr?.on('data', (d) => {
      stderr += String(d);
    });
    running.add(child);
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      process.on('exit', () => {
        for (const c of running) c.kill('SIGKILL');
      });
    }
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const rpcUrl = `http://127.0.0.1:${port}`;
    const stop = async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      running.delete(child);
    };
    const deadline = Date.now() + 15_000;
    let died = false;
    void exited.then(() => {
      died = true;
    });
    while (Date.now() < deadline && !died) {
      try {
        await rpc(rpcUrl, 'eth_chainId');
        return { rpcUrl, chainId, port, stop };
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    await stop();
    if (!died) throw new Error(`anvil did not answer on ${rpcUrl} within 15 s: ${stderr}`);
    // The port was taken in between: try another one.
  }
  throw new Error('anvil could not be started');
}

export { rpc as rawRpc };
