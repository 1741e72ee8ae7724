import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { precompressDirectory } from './precompress.ts';

function appDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'precompress-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), `<!doctype html><title>Почта</title>${'<p>邮件</p>'.repeat(100)}`);
  writeFileSync(join(dir, 'assets/index-BvX3k9aQ.js'), 'export const x = 1;\n'.repeat(500));
  writeFileSync(join(dir, 'assets/tiny-AAAAAAAA.css'), 'a{}');
  writeFileSync(join(dir, 'assets/logo-CCCCCCCC.png'), Buffer.alloc(4096, 7));
  writeFileSync(join(dir, '.env'), 'SECRET=1\n'.repeat(100));
  return dir;
}

describe('precompressDirectory', () => {
  it('writes brotli and gzip siblings that decode to the file, for text files only', async () => {
    const dir = appDir();
    const results = await precompressDirectory(dir);
    expect(results.map((result) => result.path).sort()).toEqual([
      'assets/index-BvX3k9aQ.js',
      'assets/tiny-AAAAAAAA.css',
      'index.html',
    ]);
    for (const path of ['index.html', 'assets/index-BvX3k9aQ.js']) {
      const original = readFileSync(join(dir, path));
      expect(brotliDecompressSync(readFileSync(join(dir, `${path}.br`))).equals(original)).toBe(true);
      expect(gunzipSync(readFileSync(join(dir, `${path}.gz`))).equals(original)).toBe(true);
      const result = results.find((entry) => entry.path === path);
      expect(result?.encoded.br).toBe(statSync(join(dir, `${path}.br`)).size);
      expect(result?.encoded.br).toBeLessThan(original.length);
    }
    // Too small to gain, already compressed, or never served: no siblings.
    for (const path of ['assets/tiny-AAAAAAAA.css', 'assets/logo-CCCCCCCC.png', '.env']) {
      expect(existsSync(join(dir, `${path}.br`))).toBe(false);
      expect(existsSync(join(dir, `${path}.gz`))).toBe(false);
    }
  });

  it('can run again, and drops a sibling that no longer saves anything', async () => {
    const dir = appDir();
    await precompressDirectory(dir);
    writeFileSync(join(dir, 'index.html'), 'short');
    await precompressDirectory(dir);
    expect(existsSync(join(dir, 'index.html.br'))).toBe(false);
    expect(existsSync(join(dir, 'assets/index-BvX3k9aQ.js.br'))).toBe(true);
  });

  it('refuses what is not a directory', async () => {
    const dir = appDir();
    await expect(precompressDirectory(join(dir, 'index.html'))).rejects.toThrow('not a directory');
  });
});
