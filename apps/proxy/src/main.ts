// Command line: `node dist/main.js [--config file.json]`. Configuration errors print one line with their
// code and exit 78 (EX_CONFIG) so a supervisor does not restart a proxy that can never start.
import { parseArgs } from 'node:util';
import { isProxyError, loadConfig, ProxyError, ProxyErrorCode, startProxy } from './index.ts';
import { createLogger } from './log.ts';

const EXIT_CONFIG = 78;

const USAGE = 'usage: node dist/main.js [--config <file.json>]';

function readArguments(): { config?: string } {
  try {
    return parseArgs({ options: { config: { type: 'string', short: 'c' } }, strict: true }).values;
  } catch (error) {
    // An unknown flag is a configuration error like any other: say which, and do not let a supervisor loop.
    const message = error instanceof Error ? error.message : String(error);
    throw new ProxyError(ProxyErrorCode.configArguments, `${message}; ${USAGE}`, { cause: error });
  }
}

async function main(): Promise<void> {
  const values = readArguments();
  const proxy = await startProxy(loadConfig(values.config === undefined ? {} : { file: values.config }));
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    createLogger().info('signal', { signal });
    proxy.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  const code = isProxyError(error) ? error.code : 'ERR_UNEXPECTED';
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(
    JSON.stringify({ time: new Date().toISOString(), level: 'error', msg: message, code }) + '\n',
  );
  process.exit(isProxyError(error) ? EXIT_CONFIG : 1);
});
