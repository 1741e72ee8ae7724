// Entry point of `pnpm bench` for @webmail/imap-core. Each benchmark writes its JSON to <repo root>/bench-results/.

import { runCompressBench } from './compress.ts';
import { runParseBench } from './parse.ts';

const resultsDir = new URL('../../../bench-results/', import.meta.url);

await runParseBench(resultsDir);
await runCompressBench(resultsDir);
