import { defineConfig } from 'vitest/config';

// Every package's suite runs from the root in one `vitest run`, so one closing summary covers them all.
export default defineConfig({
  test: {
    projects: [
      'packages/*/vitest.config.ts',
      'apps/*/vitest.config.ts',
      'apps/web/e2e/vitest.config.ts',
      'scripts/vitest.config.ts',
    ],
  },
});
