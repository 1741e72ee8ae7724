// Starts a seeded Dovecot for manual testing and the demo, prints how to reach it, and stops cleanly on
// Ctrl-C or SIGTERM.
//   pnpm exec tsx packages/testbed/src/cli.ts [--big N] [--variant no-move-uidplus|courier|cyrus] [--keep DIR] [--no-corpus]
//     [--smtp] (also Postfix, root only; a second user 'second' / 'second-password')
import { parseArgs } from 'node:util';
import { DEMO_USER, startDovecot } from './dovecot.ts';
import { DOVECOT_VARIANTS } from './folder-layouts.ts';
import type { DovecotVariant, StartDovecotOptions } from './types.ts';

const { values } = parseArgs({
  options: {
    big: { type: 'string', default: '0' },
    variant: { type: 'string', default: 'full' },
    keep: { type: 'string' },
    'no-corpus': { type: 'boolean', default: false },
    smtp: { type: 'boolean', default: false },
    imap: { type: 'string' },
    imaps: { type: 'string' },
  },
});

const variant = values.variant as DovecotVariant;
if (!DOVECOT_VARIANTS.includes(variant)) throw new Error(`unknown --variant ${values.variant}`);
const options: StartDovecotOptions = {
  corpus: !values['no-corpus'],
  bigFolderSize: Number(values.big),
  variant,
  ...(values.smtp ? { smtp: true, users: [DEMO_USER, { name: 'second', password: 'second-password' }] } : {}),
  ...(values.keep ? { baseDir: values.keep, keepData: true } : {}),
  ...(values.imap || values.imaps
    ? {
        ports: {
          ...(values.imap ? { imap: Number(values.imap) } : {}),
          ...(values.imaps ? { imaps: Number(values.imaps) } : {}),
        },
      }
    : {}),
};

const t0 = performance.now();
const server = await startDovecot(options);
const user = server.users[0];
process.stdout.write(
  [
    `Dovecot is ready after ${(performance.now() - t0).toFixed(0)} ms (pid ${server.pid}, ${variant})`,
    `  IMAP      ${server.host}:${server.imapPort} (STARTTLS)`,
    `  IMAPS     ${server.host}:${server.imapsPort}`,
    `  login     ${user?.name} / ${user?.password}`,
    `  CA        ${server.caFile}`,
    `  data      ${server.baseDir}${options.keepData ? ' (kept)' : ' (removed on exit)'}`,
    `  log       ${server.logFile}`,
    ...(server.smtp
      ? [
          `  SMTP      ${server.smtp.submissionPort} (STARTTLS), ${server.smtp.submissionsPort} (TLS), ${server.smtp.plainPort} (plain); AUTH as above`,
          `  addresses ${server.users.map((u) => server.smtp?.addressOf(u.name)).join(', ')}, ${server.smtp.idnAddress}`,
          `  SMTP log  ${server.smtp.logFile}`,
        ]
      : []),
    `  try       openssl s_client -quiet -CAfile ${server.caFile} -connect localhost:${server.imapsPort}`,
    'Press Ctrl-C to stop.',
    '',
  ].join('\n'),
);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`\n${signal}: stopping Dovecot...\n`);
  await server.stop();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
// The child process is unref()'d so forgotten servers never hold a test run open; here we do want to wait.
setInterval(() => undefined, 1 << 30);
