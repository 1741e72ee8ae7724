import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

// Build time: writes `<file>.br` and `<file>.gz` beside each compressible file of the built app, at the
// highest settings (brotli 11, gzip 9), so the proxy (static-files.ts) serves them by Accept-Encoding and
// never compresses per request. Run after the web build (`webmail-precompress dist`, which apps/web's
// build does), or on any copy of the app an operator serves. nginx (`gzip_static`, `brotli_static`) and
// Caddy (`file_server { precompressed br gzip }`) understand the same files.

/** Text formats worth compressing; images and fonts are compressed already. */
export const COMPRESSIBLE_EXTENSIONS: ReadonlySet<string> = new Set([
  '.html',
  '.js',
  '.mjs',
  '.css',
  '.json',
  '.svg',
  '.webmanifest',
  '.map',
  '.txt',
  '.xml',
  '.wasm',
]);

/** The siblings, in the order the proxy prefers them (brotli is smaller; every browser takes gzip). */
export const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

export type ContentEncoding = (typeof ENCODINGS)[number]['name'];

/** Below this a file is not worth a sibling: headers outweigh what compression saves. */
const MIN_BYTES = 256;

const compressors: Record<ContentEncoding, (data: Buffer) => Promise<Buffer>> = {
  br: (data) =>
    promisify(brotliCompress)(data, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      },
    }),
  gzip: (data) => promisify(gzip)(data, { level: constants.Z_BEST_COMPRESSION }),
};

export interface PrecompressedFile {
  /** Relative to the directory. */
  readonly path: string;
  readonly bytes: number;
  /** Size of each sibling written; an encoding that would not save a byte gets none. */
  readonly encoded: Partial<Record<ContentEncoding, number>>;
}

export function isCompressible(path: string): boolean {
  return COMPRESSIBLE_EXTENSIONS.has(extname(path).toLowerCase());
}

async function* filesUnder(dir: string, prefix = ''): AsyncGenerator<string> {
  for (const entry of await readdir(join(dir, prefix), { withFileTypes: true })) {
    // Dotfiles are never served (static-files.ts), so they are not compressed either.
    if (entry.name.startsWith('.')) continue;
    const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) yield* filesUnder(dir, path);
    else if (entry.isFile() && isCompressible(path)) yield path;
  }
}

/** Compresses one file; removes a sibling that no longer saves anything (or whose file got too small). */
async function precompressFile(dir: string, path: string): Promise<PrecompressedFile> {
  const file = join(dir, path);
  const data = await readFile(file);
  const encoded: Partial<Record<ContentEncoding, number>> = {};
  for (const { name, suffix } of ENCODINGS) {
    const output = data.length < MIN_BYTES ? null : await compressors[name](data);
    if (output !== null && output.length < data.length) {
      await writeFile(file + suffix, output);
      encoded[name] = output.length;
    } else {
      await rm(file + suffix, { force: true });
    }
  }
  return { path, bytes: data.length, encoded };
}

/** Writes the siblings of every compressible file under `dir` (again, when run again). */
export async function precompressDirectory(dir: string): Promise<PrecompressedFile[]> {
  const info = await stat(dir);
  if (!info.isDirectory()) throw new Error(`not a directory: ${dir}`);
  const results: PrecompressedFile[] = [];
  for await (const path of filesUnder(dir)) results.push(await precompressFile(dir, path));
  return results;
}
