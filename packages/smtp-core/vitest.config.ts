import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'smtp-core',
    environment: 'node',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
