import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'relay-contract',
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
});
