import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

// Browser tests: Debian's Chromium driven by playwright-core against the real proxy and a real Dovecot.
export default defineConfig({
  test: {
    name: 'web-e2e',
    environment: 'node',
    include: ['e2e/**/*.e2e.ts'],
    root: resolve(import.meta.dirname, '..'),
    globalSetup: ['e2e/global-setup.ts'],
    testTimeout: 60_000,
    // expect.poll waits for what the page will show; its default 1 s was too short for an all-folders search
    // on this two-core machine under load (a pass at load 2, a fail at load 14). A condition that holds is
    // seen as soon as it does: only failures take longer.
    expect: { poll: { timeout: 10_000 } },
    hookTimeout: 120_000,
    // One Chromium at a time: this machine has two cores and Dovecot + the proxy need one.
    fileParallelism: false,
    // All files in one worker, one after the other: a new worker per file (fork, then playwright-core, the
    // testbed, the proxy and imap-core imported again) took 2-4 s a file. Each file still starts and stops its
    // own browsers and servers, and the suites share no module state but the corpus they only read.
    isolate: false,
    // After the other projects, as before: a non-isolated project needs a group of its own (its one worker).
    sequence: { groupOrder: 1 },
  },
});
