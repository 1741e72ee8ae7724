import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'imap-core',
    environment: 'node',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
