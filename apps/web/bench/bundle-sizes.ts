// gzip sizes of what loads after sign-in, from the build's own output: the reader's chunks (the dynamic
// imports of the reading pane, with their CSS) and the parser worker (a JavaScript file Vite emits as an asset:
// workers are bundled on their own); and, apart, the other languages' catalogs, which only a reader of that
// language fetches. Sizes are gzip -9 of the files in dist, as initialLoad counts them.

import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { build } from 'vite';

type BuildResult = Awaited<ReturnType<typeof build>>;

export interface FileSize {
  /** Path under dist. */
  readonly file: string;
  /** The module it was built from (a chunk's facade), when there is one. */
  readonly module: string | null;
  readonly gzipBytes: number;
}

export interface LazySizes {
  /** Chunks and CSS loaded after sign-in, outside what the entry loads. */
  readonly readerChunks: readonly FileSize[];
  readonly readerChunksGzipKb: number;
  readonly parserWorker: readonly FileSize[];
  readonly parserWorkerGzipKb: number;
  /** The worker's chunks loaded for the first message with HTML (parse5, to measure it: html-fit.ts). */
  readonly parserHtmlChunks: readonly FileSize[];
  readonly parserHtmlChunksGzipKb: number;
  /** One chunk per language other than English (lib/i18n/<locale>/index.ts). */
  readonly catalogChunks: readonly FileSize[];
  /** The composer's chunks (compose-bundle.ts and what only it imports), fetched when a message is first written. */
  readonly composerChunks: readonly FileSize[];
  readonly composerChunksGzipKb: number;
}

const CATALOG = /\/lib\/i18n\/[^/]+\/index\.ts$/;
const COMPOSER = /\/lib\/state\/compose\/compose-bundle\.ts$/;

export const kb = (bytes: number): number => Math.round(bytes / 102.4) / 10;

export function lazySizes(result: BuildResult, webRoot: string): LazySizes {
  const outputs = (Array.isArray(result) ? result : [result]).flatMap((entry) =>
    'output' in entry ? entry.output : [],
  );
  const size = (file: string, module: string | null): FileSize => ({
    file,
    module: module === null ? null : relative(webRoot, module),
    gzipBytes: gzipSync(readFileSync(resolve(webRoot, 'dist', file)), { level: 9 }).length,
  });

  const chunks = outputs.flatMap((item) => (item.type === 'chunk' ? [item] : []));
  // What the entry loads before sign-in: the entry chunks and their static imports.
  const eager = new Set<string>();
  const visit = (fileName: string): void => {
    if (eager.has(fileName)) return;
    eager.add(fileName);
    chunks.find((chunk) => chunk.fileName === fileName)?.imports.forEach(visit);
  };
  chunks.filter((chunk) => chunk.isEntry).forEach((chunk) => visit(chunk.fileName));

  // The composer's chunk and those only it (or chunks only it loads) imports.
  const composer = new Set(
    chunks.filter((c) => c.facadeModuleId !== null && COMPOSER.test(c.facadeModuleId)).map((c) => c.fileName),
  );
  for (let grew = composer.size > 0; grew;) {
    grew = false;
    for (const chunk of chunks) {
      if (composer.has(chunk.fileName) || eager.has(chunk.fileName)) continue;
      const importers = chunks.filter(
        (c) => c.imports.includes(chunk.fileName) || c.dynamicImports.includes(chunk.fileName),
      );
      if (importers.length > 0 && importers.every((c) => composer.has(c.fileName))) {
        composer.add(chunk.fileName);
        grew = true;
      }
    }
  }

  const readerChunks: FileSize[] = [];
  const catalogChunks: FileSize[] = [];
  const composerChunks: FileSize[] = [];
  for (const chunk of chunks) {
    if (eager.has(chunk.fileName)) continue;
    if (composer.has(chunk.fileName)) {
      composerChunks.push(size(chunk.fileName, chunk.facadeModuleId));
      for (const css of chunk.viteMetadata?.importedCss ?? []) composerChunks.push(size(css, null));
      continue;
    }
    if (chunk.facadeModuleId !== null && CATALOG.test(chunk.facadeModuleId)) {
      catalogChunks.push(size(chunk.fileName, chunk.facadeModuleId));
      continue;
    }
    readerChunks.push(size(chunk.fileName, chunk.facadeModuleId));
    for (const css of chunk.viteMetadata?.importedCss ?? []) readerChunks.push(size(css, null));
  }
  // The worker and what it imports are assets (workers are bundled on their own); its entry is parse.worker.
  const workerFiles = outputs
    .filter((item) => item.type === 'asset' && item.fileName.endsWith('.js'))
    .map((item) => size(item.fileName, null));
  const parserWorker = workerFiles.filter((file) => /(?:^|\/)parse\.worker-/.test(file.file));
  const parserHtmlChunks = workerFiles.filter((file) => !parserWorker.includes(file));
  const total = (files: readonly FileSize[]): number =>
    kb(files.reduce((sum, file) => sum + file.gzipBytes, 0));
  return {
    readerChunks,
    readerChunksGzipKb: total(readerChunks),
    parserWorker,
    parserWorkerGzipKb: total(parserWorker),
    parserHtmlChunks,
    parserHtmlChunksGzipKb: total(parserHtmlChunks),
    catalogChunks,
    composerChunks,
    composerChunksGzipKb: total(composerChunks),
  };
}
