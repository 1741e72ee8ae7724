// `webmail-precompress <dir>` (or `node dist/precompress.js <dir>`): writes the .br and .gz siblings of the
// built app's files (precompress.ts) and prints what they saved. Exit 2 on usage errors, 1 on failure.
import { parseArgs } from 'node:util';
import { precompressDirectory } from './precompress.ts';

const USAGE = 'usage: webmail-precompress <built app directory>...';

async function main(): Promise<void> {
  let dirs: string[];
  try {
    dirs = parseArgs({ allowPositionals: true, strict: true }).positionals;
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    process.exit(2);
  }
  if (dirs.length === 0) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(2);
  }
  for (const dir of dirs) {
    const files = await precompressDirectory(dir);
    const sum = (pick: (file: (typeof files)[number]) => number | undefined): number =>
      files.reduce((total, file) => total + (pick(file) ?? file.bytes), 0);
    const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;
    process.stdout.write(
      `${dir}: ${files.length} files, ${kb(sum(() => undefined))}; ` +
        `brotli ${kb(sum((file) => file.encoded.br))}, gzip ${kb(sum((file) => file.encoded.gzip))}\n`,
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`webmail-precompress: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
