import { svelte, vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';
import { lucideIcon } from './build/lucide-icon.ts';
import { staticIcons } from './build/static-icons.ts';

export default defineConfig({
  plugins: [lucideIcon(), svelte({ preprocess: [vitePreprocess(), staticIcons()] })],
  resolve: { conditions: ['browser'] },
  test: {
    name: 'web',
    environment: 'jsdom',
    // One worker and one jsdom for every file: a fresh process and jsdom per file cost three quarters of the
    // suite's time. src/testing/fresh-file.ts gives each file back what isolation did.
    isolate: false,
    setupFiles: ['src/testing/fresh-file.ts', 'src/testing/patient-waits.ts'],
    // A hang guard for slow, loaded machines, not a timing assertion.
    testTimeout: 30_000,
    // bench/: the user bench's own pure parts (what it reads from the page's traffic).
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'bench/**/*.test.ts'],
  },
});
