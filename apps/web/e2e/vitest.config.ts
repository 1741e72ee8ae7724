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
    hookTimeout: 120_000,
    // One Chromium at a time: this machine has two cores and Dovecot + the proxy need one.
    fileParallelism: false,
  },
});
