// The app's sanitizer (bench/sanitize-page.ts) built for a bench page as the app's chunks are built
// (vite.config.ts): an ES module, minified, es2022, with DOMPurify's rest-argument loops written as rest
// parameters first (build/dompurify-rest-params.ts). The minifier treats the formats differently and that
// changes what sanitizing costs, so both sanitize benches build it here.

import { resolve } from 'node:path';
import { build } from 'vite';
import { dompurifyRestParameters } from '../build/dompurify-rest-params.ts';

const webRoot = resolve(import.meta.dirname, '..');

export interface SanitizerBundleOptions {
  /** Not minified at all. */
  readonly unminified?: boolean;
  /** Compressed as the app is, names kept (so that a CPU profile can name the functions). */
  readonly keepNames?: boolean;
}

/** The bundle's code, for a page's module script (it defines window.sanitizeOnce). */
export async function sanitizerBundle(options: SanitizerBundleOptions = {}): Promise<string> {
  const minify = options.unminified ? false : options.keepNames ? { compress: true, mangle: false } : true;
  const bundle = await build({
    configFile: false,
    logLevel: 'silent',
    plugins: [dompurifyRestParameters()],
    build: {
      write: false,
      target: 'es2022',
      minify: !options.unminified,
      rolldownOptions: { output: { minify } },
      lib: {
        entry: resolve(webRoot, 'bench/sanitize-page.ts'),
        formats: ['es'],
        name: 'SanitizeBench',
        fileName: 'sanitize-page',
      },
    },
  });
  const outputs = (Array.isArray(bundle) ? bundle : [bundle]).flatMap((result) =>
    'output' in result ? result.output : [],
  );
  const chunk = outputs.find((item) => item.type === 'chunk');
  if (!chunk || chunk.type !== 'chunk') throw new Error('the sanitizer bundle has no chunk');
  return chunk.code;
}
