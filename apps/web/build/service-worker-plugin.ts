// Writes the service worker (sw/service-worker.ts) into the build as `sw.js`, beside index.html: compiled from
// TypeScript, with the list of the build's files to keep (WEBMAIL_PRECACHE) and the build's id
// (WEBMAIL_VERSION, a hash of those files) written in. The list is what the build emitted (the page, scripts,
// styles, the worker, catalogs, fonts) and the public files (manifest, icons), without source maps and without
// the worker itself. Nothing else is ever cached by it (see the worker's header).

import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import type { Plugin } from 'vite';

export const SERVICE_WORKER_FILE = 'sw.js';
const SOURCE = resolve(import.meta.dirname, '../sw/service-worker.ts');

/** The worker's JavaScript for `files` (paths relative to the app's root) and their contents' hash. */
export function serviceWorkerSource(files: readonly string[], version: string): string {
  const compiled = ts.transpileModule(readFileSync(SOURCE, 'utf8'), {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, removeComments: false },
  }).outputText;
  const script = compiled.replace(/^export \{\};\s*$/m, '');
  return (
    `const WEBMAIL_PRECACHE = ${JSON.stringify(files)};\n` +
    `const WEBMAIL_VERSION = ${JSON.stringify(version)};\n` +
    script
  );
}

function publicFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (at: string): void => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(dir, path).split('\\').join('/'));
    }
  };
  walk(dir);
  return out;
}

export function serviceWorkerPlugin(): Plugin {
  let publicDir = '';
  return {
    name: 'webmail-service-worker',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      publicDir = config.publicDir;
    },
    generateBundle(_options, bundle) {
      const contents = new Map<string, string | Uint8Array>();
      for (const [file, output] of Object.entries(bundle)) {
        if (file.endsWith('.map') || file === SERVICE_WORKER_FILE) continue;
        contents.set(file, output.type === 'chunk' ? output.code : output.source);
      }
      if (publicDir !== '') {
        for (const file of publicFiles(publicDir)) contents.set(file, readFileSync(join(publicDir, file)));
      }
      const files = [...contents.keys()].sort();
      const hash = createHash('sha256');
      for (const file of files)
        hash
          .update(file)
          .update('\0')
          .update(contents.get(file) ?? '');
      this.emitFile({
        type: 'asset',
        fileName: SERVICE_WORKER_FILE,
        source: serviceWorkerSource(files, hash.digest('hex').slice(0, 16)),
      });
    },
  };
}
