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
  if (!existsSync(resolve(WEB_ROOT, 'dist/index.html'))) await productionBuild();

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

/**
 * The app built as `pnpm build` builds it. Vitest runs with NODE_ENV=test, which a build inside it takes for
 * "not production": the service worker would be left out and the remember-* tests would fail.
 */
async function productionBuild(): Promise<void> {
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ root: WEB_ROOT, logLevel: 'warn' });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}
