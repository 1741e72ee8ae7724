import { defineConfig } from 'vitest/config';

// The repository's own tools (scripts/*.ts), tested like any package.
export default defineConfig({
  test: {
    name: 'scripts',
    environment: 'node',
    include: ['*.test.ts'],
    root: import.meta.dirname,
    testTimeout: 30_000,
  },
});
