// Finds import cycles among the repository's own modules (apps/* and packages/*): every .ts, .js, .mjs and
// .svelte file, with `import type` and `export ... from` counted like any import (a type cycle ties files
// together for a reader as much as a runtime one) and dynamic `import()` too. Specifiers are resolved as the
// bundler resolves them here: relative paths (written with their extension, or naming a folder's index.ts)
// and the workspace's own packages through their package.json "exports". Anything else (node_modules, node:)
// is outside the graph. Parsing is TypeScript's own preProcessFile, over a .svelte file's <script> blocks.
//
//   pnpm exec tsx scripts/import-cycles.ts      prints each cycle as a chain of paths; exits 1 when any

import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const SOURCE = /\.(ts|mts|js|mjs|svelte)$/;
const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.vite', 'fixtures', 'bench-results', 'test-results']);
const SCRIPT_BLOCK = /<script\b[^>]*>([\s\S]*?)<\/script>/g;

/** A module graph: each file's absolute path -> the files it imports. */
export type ImportGraph = ReadonlyMap<string, readonly string[]>;

/** Files that import each other, directly or not: all of them (sorted), and one closed path through them. */
export interface ImportCycle {
  readonly files: readonly string[];
  readonly path: readonly string[];
}

/** Every source file under `dirs` (recursively), as absolute paths. */
export function sourceFiles(dirs: readonly string[]): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      if (SKIPPED_DIRS.has(name) || name.startsWith('.')) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (SOURCE.test(name) && !name.endsWith('.d.ts')) files.push(path);
    }
  };
  for (const dir of dirs) if (existsSync(dir)) walk(dir);
  return files;
}

/** The specifiers a file imports: static, type-only, re-exports and dynamic imports. */
export function importSpecifiers(path: string, text: string): string[] {
  const code = path.endsWith('.svelte')
    ? [...text.matchAll(SCRIPT_BLOCK)].map((match) => match[1] ?? '').join('\n')
    : text;
  return ts.preProcessFile(code, true, true).importedFiles.map((file) => file.fileName);
}

/** The workspace's packages: name -> (subpath -> absolute file), from each package.json "exports". */
export function workspacePackages(packageDirs: readonly string[]): Map<string, Map<string, string>> {
  const packages = new Map<string, Map<string, string>>();
  for (const dir of packageDirs) {
    const manifest = join(dir, 'package.json');
    if (!existsSync(manifest)) continue;
    const { name, exports } = JSON.parse(readFileSync(manifest, 'utf8')) as {
      name?: string;
      exports?: string | Record<string, unknown>;
    };
    if (name === undefined || exports === undefined) continue;
    const entries = new Map<string, string>();
    const map = typeof exports === 'string' ? { '.': exports } : exports;
    for (const [subpath, target] of Object.entries(map)) {
      if (typeof target === 'string') entries.set(subpath, resolve(dir, target));
    }
    packages.set(name, entries);
  }
  return packages;
}

function resolveSpecifier(
  from: string,
  specifier: string,
  packages: ReadonlyMap<string, ReadonlyMap<string, string>>,
): string | null {
  if (specifier.startsWith('.')) {
    const target = resolve(dirname(from), specifier);
    if (existsSync(target) && statSync(target).isFile()) return target;
    for (const index of ['index.ts', 'index.js']) {
      if (existsSync(join(target, index))) return join(target, index);
    }
    return null;
  }
  for (const [name, entries] of packages) {
    if (specifier === name) return entries.get('.') ?? null;
    if (specifier.startsWith(`${name}/`)) return entries.get(`.${specifier.slice(name.length)}`) ?? null;
  }
  return null;
}

/** The import graph of `files`, with workspace package imports resolved through `packages`. */
export function importGraph(
  files: readonly string[],
  packages: ReadonlyMap<string, ReadonlyMap<string, string>>,
  read: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): ImportGraph {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const targets = importSpecifiers(file, read(file))
      .map((specifier) => resolveSpecifier(file, specifier, packages))
      .filter((target): target is string => target !== null && target !== file);
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/**
 * The cycles of `graph`: each strongly connected component of more than one file (Tarjan's algorithm,
 * iterative so a deep graph cannot overflow the stack), with one closed path through it.
 */
export function findCycles(graph: ImportGraph): ImportCycle[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let next = 0;
  for (const root of graph.keys()) {
    if (index.has(root)) continue;
    const work: { node: string; edge: number }[] = [{ node: root, edge: 0 }];
    index.set(root, next);
    low.set(root, next++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const edges = graph.get(frame.node) ?? [];
      if (frame.edge < edges.length) {
        const target = edges[frame.edge++]!;
        if (!graph.has(target)) continue;
        if (!index.has(target)) {
          index.set(target, next);
          low.set(target, next++);
          stack.push(target);
          onStack.add(target);
          work.push({ node: target, edge: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(target)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) !== index.get(frame.node)) continue;
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.node);
      if (component.length > 1) components.push(component);
    }
  }
  return components.map((component) => ({
    files: component.sort(),
    path: closedPath(graph, new Set(component)),
  }));
}

/** A shortest path from the component's first file (in sort order) back to itself, within the component. */
function closedPath(graph: ImportGraph, component: ReadonlySet<string>): string[] {
  const start = [...component].sort()[0]!;
  const previous = new Map<string, string>();
  const queue = [start];
  for (let at = 0; at < queue.length; at++) {
    const node = queue[at]!;
    for (const target of graph.get(node) ?? []) {
      if (!component.has(target)) continue;
      if (target === start) {
        const path = [node];
        while (path[0] !== start) path.unshift(previous.get(path[0]!)!);
        return [...path, start];
      }
      if (previous.has(target)) continue;
      previous.set(target, node);
      queue.push(target);
    }
  }
  return [...component];
}

/** The repository's cycles, paths relative to `root`. */
export function repositoryCycles(root: string): ImportCycle[] {
  const packageDirs = ['apps', 'packages'].flatMap((group) => {
    const dir = join(root, group);
    return existsSync(dir) ? readdirSync(dir).map((name) => join(dir, name)) : [];
  });
  const graph = importGraph(sourceFiles(packageDirs), workspacePackages(packageDirs));
  const local = (files: readonly string[]) => files.map((file) => relative(root, file));
  return findCycles(graph).map((cycle) => ({ files: local(cycle.files), path: local(cycle.path) }));
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === import.meta.filename) {
  const cycles = repositoryCycles(resolve(import.meta.dirname, '..'));
  for (const { files, path } of cycles) {
    console.log(`import cycle through ${files.length} files: ${path.join(' -> ')}`);
    for (const file of files) console.log(`  ${file}`);
  }
  console.log(`${cycles.length} import cycle${cycles.length === 1 ? '' : 's'} in apps/ and packages/`);
  if (cycles.length > 0) process.exit(1);
}
