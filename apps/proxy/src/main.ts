// Command line: `node dist/main.js [--config file.json]`. Configuration errors print one line with their
// code and exit 78 (EX_CONFIG) so a supervisor does not restart a proxy that can never start.
import { parseArgs } from 'node:util';
import { isProxyError, loadConfig, ProxyError, ProxyErrorCode, startProxy } from './index.ts';
import { createLogger } from './log.ts';

const EXIT_CONFIG = 78;
const EXIT_FAILURE = 1;

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
  // With workers, the supervisor gives up when they keep dying: exit non-zero and say why, so a service
  // manager (systemd's Restart=on-failure) restarts the whole proxy instead of it sitting there serving nothing.
  void proxy.failed.then((error) => {
    writeErrorLine(error.code, error.message);
    process.exit(EXIT_FAILURE);
  });
}

function writeErrorLine(code: string, message: string): void {
  process.stderr.write(
    JSON.stringify({ time: new Date().toISOString(), level: 'error', msg: message, code }) + '\n',
  );
}

main().catch((error: unknown) => {
  const code = isProxyError(error) ? error.code : 'ERR_UNEXPECTED';
  writeErrorLine(code, error instanceof Error ? error.message : String(error));
  process.exit(isProxyError(error) ? EXIT_CONFIG : EXIT_FAILURE);
});
