// Builds dist/ for `node dist/main.js` (and dist/index.js, dist/cluster-worker.js beside it, and
// dist/precompress.js, the build-time compressor of the web app's files).
//
// Why a bundler and not tsc: the proxy imports @webmail/relay-contract, a workspace package that exports its
// TypeScript source (as every internal package here does, so the browser and the tests share one copy).
// Node 20 cannot load TypeScript, so the build compiles the proxy and the contract into plain JavaScript
// together. npm packages (ws and the optional bufferutil it loads) stay external: they are installed beside
// the proxy. `tsx build.ts --outdir <dir>` builds elsewhere (the build test).
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const { values } = parseArgs({ options: { outdir: { type: 'string', default: 'dist' } }, strict: true });
const outdir = values.outdir;

rmSync(outdir, { recursive: true, force: true });
await build({
  // The worker is its own entry: the supervisor forks it by file name (cluster.ts, workerScript()).
  entryPoints: [
    'src/main.ts',
    'src/index.ts',
    'src/cluster-worker.ts',
    { in: 'src/precompress-main.ts', out: 'precompress' },
  ],
  outdir,
  bundle: true,
  // Shared code lands in chunks, so the entries share one copy of each module (one set of module state).
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['ws', 'bufferutil', 'utf-8-validate'],
  sourcemap: true,
  logLevel: 'warning',
});
