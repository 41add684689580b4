#!/usr/bin/env node
import { ConfigError, loadConfig, USAGE } from './config.js';
import { hashAdminKey, newAdminKey } from './secrets.js';
import { startServer } from './server.js';

const args = process.argv.slice(2);
if (args[0] === 'generate-key') {
  process.stdout.write(`${newAdminKey()}\n`);
  process.exit(0);
}
if (args[0] === 'hash-key') {
  if (!args[1]) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(2);
  }
  process.stdout.write(`${hashAdminKey(args[1])}\n`);
  process.exit(0);
}

async function primary(workers: number) {
  // Each worker is a full stateless replica; they share the port through node:cluster.
  const cluster = (await import('node:cluster')).default;
  let stopping = false;
  for (let i = 0; i < workers; i++) cluster.fork();
  cluster.on('exit', (worker, code) => {
    if (!stopping && code !== 0) {
      process.stderr.write(`worker ${worker.process.pid} exited with ${code}; starting another\n`);
      cluster.fork();
    }
    if (stopping && Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
  });
  const stop = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

try {
  const config = loadConfig(args);
  const cluster = (await import('node:cluster')).default;
  if (config.workers > 1 && cluster.isPrimary) await primary(config.workers);
  else {
    const server = await startServer(config);
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      process.stdout.write(
        `${JSON.stringify({ level: 'info', time: new Date().toISOString(), msg: 'signal', signal })}\n`,
      );
      await server.close();
      process.exit(0);
    };
    process.on('SIGTERM', () => void stop('SIGTERM'));
    process.on('SIGINT', () => void stop('SIGINT'));
  }
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(error.message === USAGE ? 0 : 2);
  }
  process.stderr.write(`questboard-server failed to start: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
}
