// Run as a separate process by lifecycle.test.ts: starts a server, prints its facts as one JSON line, then
// obeys "stop" (clean stop, exit) or "exit" (process.exit without stop) read from stdin.
import { createInterface } from 'node:readline';
import { startDovecot } from '../../src/dovecot.ts';
import type { StartDovecotOptions } from '../../src/types.ts';

const options = JSON.parse(process.argv[2] ?? '{}') as StartDovecotOptions;
const server = await startDovecot(options);
process.stdout.write(
  `${JSON.stringify({
    pid: server.pid,
    baseDir: server.baseDir,
    imapPort: server.imapPort,
    processes: server.processes(),
    uid: process.getuid?.(),
    ...(server.smtp
      ? {
          smtp: {
            baseDir: server.smtp.baseDir,
            processes: server.smtp.processes(),
            port: server.smtp.submissionsPort,
          },
        }
      : {}),
  })}\n`,
);
for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'stop') {
    await server.stop();
    process.stdout.write('stopped\n');
    process.exit(0);
  }
  if (line === 'exit') process.exit(0);
}
