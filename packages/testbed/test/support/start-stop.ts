// Run as a separate process by process-exit.test.ts: nothing but start and stop, so no other handle keeps
// the event loop alive while the testbed waits for Dovecot.
import { startDovecot } from '../../src/dovecot.ts';

const server = await startDovecot();
await server.stop();
process.stdout.write('stopped\n');
