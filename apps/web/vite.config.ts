import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [svelte()],
  build: {
    target: 'es2022',
    // The proxy serves these with a strict CSP (script-src 'self'): no inline scripts, no eval.
    modulePreload: { polyfill: false },
  },
  // ES module workers can load chunks on demand: the parser worker loads parse5 only for mail with HTML.
  worker: { format: 'es' },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/imap': { target: 'ws://127.0.0.1:8080', ws: true },
      '/smtp': { target: 'ws://127.0.0.1:8080', ws: true },
    },
  },
});
