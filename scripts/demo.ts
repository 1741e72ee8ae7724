// The demo: a real Dovecot seeded with the multilingual corpus (and a 10,000-message "Big" folder) for a first
// account and an empty second one, a real Postfix in front of it for sending (submission with SASL, delivery
// over LMTP), and the proxy over implicit TLS serving the built web app. Ctrl-C stops everything this started.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startProxy } from '@webmail/proxy';
import { DEMO_USER, proxyUpstream, startDovecot } from '@webmail/testbed';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT ?? '8080' },
    host: { type: 'string', default: '127.0.0.1' },
    big: { type: 'string', default: '10000' },
  },
});

const port = Number(values.port);
const bigFolderSize = Number(values.big);
if (!Number.isInteger(port) || port < 0 || port > 65535)
  throw new Error(`--port must be a port number, got ${values.port}`);
if (!Number.isInteger(bigFolderSize) || bigFolderSize < 0)
  throw new Error(`--big must be a count, got ${values.big}`);

// The second account starts empty; mail written by the first one arrives there (and the other way round).
const SECOND_USER = { name: 'liwei', password: 'liwei-password' };

console.log(`Starting Dovecot with the demo corpus (Big folder: ${bigFolderSize} messages) and Postfix...`);
const dovecot = await startDovecot({
  corpus: true,
  bigFolderSize,
  corpusNow: new Date(),
  users: [DEMO_USER, SECOND_USER],
  smtp: true,
});
const smtp = dovecot.smtp;
if (!smtp) throw new Error('the demo Dovecot has no Postfix');
const [user, second] = [DEMO_USER, SECOND_USER];

const origins = [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
const proxy = await startProxy({
  listen: { host: values.host, port },
  allowedOrigins: origins,
  staticDir: resolve(import.meta.dirname, '../apps/web/dist'),
  upstreams: [proxyUpstream(dovecot)],
});

console.log(`
Webmail demo is running.
  Open:      http://localhost:${proxy.port}/
  Sign in:   ${user.name} / ${user.password}   (${smtp.addressOf(user.name)}, with the sample mail)
             ${second.name} / ${second.password}   (${smtp.addressOf(second.name)}, also ${smtp.idnAddress}; starts empty)
  Write:     signed in as ${user.name}, send to ${smtp.addressOf(second.name)}; sign in as ${second.name} in a private
             window to read it (and answer). Mail to any other domain is refused: nothing leaves this machine.
  IMAP:      ${dovecot.host}:${dovecot.imapPort} (plaintext, STARTTLS), ${dovecot.imapsPort} (TLS, CA ${dovecot.caFile})
  SMTP:      ${smtp.host}:${smtp.submissionPort} (STARTTLS), ${smtp.submissionsPort} (TLS), ${smtp.plainPort} (plaintext); log ${smtp.logFile}
Press Ctrl-C to stop.`);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the proxy and Dovecot...`);
  await proxy.close();
  await dovecot.stop();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
