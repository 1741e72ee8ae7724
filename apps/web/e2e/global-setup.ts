// Starts one Dovecot with the corpus and one proxy serving the built app for the whole browser suite, and hands
// their addresses to the tests through vitest's `provide`.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { startDovecot } from '@webmail/testbed';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';
import { WEB_ROOT, serveApp } from './serve-app.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    appUrl: string;
    user: { name: string; password: string };
    /** Direct access to the same Dovecot, for tests that append or deliver mail behind the app's back. */
    imap: { host: string; port: number; tlsPort: number; caPem: string; baseDir: string };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!existsSync(resolve(WEB_ROOT, 'dist/index.html'))) await build({ root: WEB_ROOT, logLevel: 'warn' });

  const dovecot = await startDovecot({ corpus: true, bigFolderSize: 10_000 });
  const user = dovecot.users[0];
  if (!user) throw new Error('the test Dovecot has no user');
  const { appUrl, proxy } = await serveApp(dovecot);
  project.provide('appUrl', appUrl);
  project.provide('user', { name: user.name, password: user.password });
  project.provide('imap', {
    host: dovecot.host,
    port: dovecot.imapPort,
    tlsPort: dovecot.imapsPort,
    caPem: dovecot.caPem,
    baseDir: dovecot.baseDir,
  });

  return async () => {
    await proxy.close();
    await dovecot.stop();
  };
}
