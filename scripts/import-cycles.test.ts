import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findCycles, repositoryCycles } from './import-cycles.ts';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A repository laid out from `files` (path -> text), with its cycles found as the check finds them. */
function cyclesOf(files: Record<string, string>): string[][] {
  const root = mkdtempSync(join(tmpdir(), 'import-cycles-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return repositoryCycles(root).map((cycle) => [...cycle.files]);
}

describe('the import-cycle check', () => {
  it.each([
    ['an import', "import { b } from './b.ts';", "import { a } from './a.ts';"],
    ['an import type', "import type { B } from './b.ts';", "import type { A } from './a.ts';"],
    ['a re-export', "export * from './b.ts';", "export { a } from './a.ts';"],
    ['a dynamic import', "const b = () => import('./b.ts');", "import { a } from './a.ts';"],
  ])('finds two files that import each other through %s', (_how, a, b) => {
    expect(cyclesOf({ 'apps/x/src/a.ts': a, 'apps/x/src/b.ts': b })).toEqual([
      ['apps/x/src/a.ts', 'apps/x/src/b.ts'],
    ]);
  });

  it('reads the imports of a .svelte file from its script blocks only', () => {
    const files = {
      'apps/x/src/View.svelte':
        '<script module lang="ts">import type { S } from "./state.ts";</script>\n' +
        '<p>import nothing from "./ignored.ts"</p>',
      'apps/x/src/state.ts': "import View from './View.svelte';",
      'apps/x/src/ignored.ts': "import View from './View.svelte';",
    };
    expect(cyclesOf(files)).toEqual([['apps/x/src/View.svelte', 'apps/x/src/state.ts']]);
  });

  it('follows the workspace packages through their package.json exports, and a folder to its index.ts', () => {
    const files = {
      'packages/core/package.json': JSON.stringify({
        name: '@w/core',
        exports: { '.': './src/index.ts', './node': './src/node/index.ts' },
      }),
      'packages/core/src/index.ts': "export { tcp } from './node';",
      'packages/core/src/node/index.ts': "import type { App } from '@w/app/state';",
      'apps/app/package.json': JSON.stringify({ name: '@w/app', exports: { './state': './state.ts' } }),
      'apps/app/state.ts': "import { core } from '@w/core';\nimport { readFile } from 'node:fs';",
    };
    expect(cyclesOf(files)).toEqual([
      ['apps/app/state.ts', 'packages/core/src/index.ts', 'packages/core/src/node/index.ts'],
    ]);
  });

  it('finds nothing where imports only go one way', () => {
    const files = {
      'apps/x/src/a.ts': "import { b } from './b.ts';\nimport { c } from './c.ts';",
      'apps/x/src/b.ts': "import { c } from './c.ts';\nimport 'svelte';",
      'apps/x/src/c.ts': "import { missing } from './missing.ts';",
      'apps/x/node_modules/dep/index.ts': "import { a } from '../../src/a.ts';",
    };
    expect(cyclesOf(files)).toEqual([]);
  });

  it('gives each cycle as one closed path, and copes with a chain of 100,000 files', () => {
    const graph = new Map<string, string[]>();
    const n = 100_000;
    for (let i = 0; i < n; i++) graph.set(`f${i}`, [`f${(i + 1) % n}`]);
    graph.set('a', ['b']);
    graph.set('b', ['c', 'a']);
    graph.set('c', ['b']);
    const cycles = findCycles(graph);
    expect(cycles.map((cycle) => cycle.files.length).sort((x, y) => x - y)).toEqual([3, n]);
    expect(cycles.find((cycle) => cycle.files.length === 3)?.path).toEqual(['a', 'b', 'a']);
  });

  it('finds no import cycle in this repository', () => {
    const cycles = repositoryCycles(resolve(import.meta.dirname, '..'));
    expect(cycles.map((cycle) => cycle.path.join(' -> '))).toEqual([]);
  });
});
