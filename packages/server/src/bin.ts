#!/usr/bin/env node
import { ConfigError, loadConfig, USAGE } from './config.js';
import { hashAdminKey } from './secrets.js';
import { startServer } from './server.js';

const args = process.argv.slice(2);
if (args[0] === 'hash-key') {
  if (!args[1]) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(2);
  }
  process.stdout.write(`${hashAdminKey(args[1])}\n`);
  process.exit(0);
}

try {
  const config = loadConfig(args);
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
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(error.message === USAGE ? 0 : 2);
  }
  process.stderr.write(`questboard-server failed to start: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
}
