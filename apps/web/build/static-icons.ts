// Lucide icons whose props are all written out (`<Flag size={13} />`, `<Search size={15} aria-hidden="true" />`)
// become the <svg> they draw, written into the component's markup, before Svelte compiles it: Svelte clones
// static markup with the rest of its template, where each icon component was two component instances (the
// library's icon file and LucideIcon.svelte), its props and derived values, and two attachments that built and
// set its shapes. The <svg> is the one LucideIcon.svelte draws: the same attributes, classes and shapes (the
// library's own data, read from its icon file). An icon given anything else (an expression, an aria-label,
// children, a spread) stays a component. A reload of the signed-in app draws about 70 icons.
//
// Component styles reach the icons through :global(svg) (they were another component's elements), which
// matches an inlined <svg> the same way.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { PreprocessorGroup } from 'svelte/compiler';
import type { IconData as DrawnIcon } from '../src/lib/icons/draw-icon.ts';

const ICONS_DIR = resolve(import.meta.dirname, '../node_modules/@lucide/svelte/dist/icons');
const APP_SOURCES = resolve(import.meta.dirname, '../src');
const IMPORT =
  /^[ \t]*import ([A-Z][A-Za-z0-9_]*) from '@lucide\/svelte\/icons\/([a-z0-9-]+)';?[ \t]*\r?\n/gm;
/** One attribute: name, then a quoted literal or a {number}. */
const ATTRIBUTE = /\s+([A-Za-z][\w-]*)=(?:"([^"{}]*)"|\{(\d+(?:\.\d+)?)\})/y;

/** The library's data of an icon, as LucideIcon.svelte is given it; every icon file names its icon. */
type IconData = Required<DrawnIcon>;

const icons = new Map<string, IconData>();

function iconData(file: string): IconData {
  let data = icons.get(file);
  if (data === undefined) {
    // The import names the package's icons/<file>.js (its exports map), which re-exports the icon's .svelte
    // file: its own, or another's for an alias (trash-2 is trash.svelte).
    const entry = readFileSync(resolve(ICONS_DIR, `${file}.js`), 'utf8');
    const svelteFile = /from "\.\/([a-z0-9-]+\.svelte)"/.exec(entry)?.[1];
    if (svelteFile === undefined)
      throw new Error(`static-icons: @lucide/svelte's ${file}.js names no icon file`);
    const source = readFileSync(resolve(ICONS_DIR, svelteFile), 'utf8');
    const json = /const iconData = (\{.*\});/.exec(source)?.[1];
    if (json === undefined) throw new Error(`static-icons: no iconData in @lucide/svelte's ${file}.svelte`);
    data = JSON.parse(json) as IconData;
    icons.set(file, data);
  }
  return data;
}

const escape = (value: string | number): string =>
  String(value).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * The <svg> LucideIcon.svelte draws for `icon` with these props, or null when a prop is one it does not write
 * out here (the icon stays a component).
 */
export function staticSvg(icon: IconData, attributes: string): string | null {
  let size = '24';
  let strokeWidth = '2';
  let className = '';
  let at = 0;
  while (at < attributes.length) {
    if (/^\s*$/.test(attributes.slice(at))) break;
    ATTRIBUTE.lastIndex = at;
    const match = ATTRIBUTE.exec(attributes);
    if (match === null) return null;
    at = ATTRIBUTE.lastIndex;
    const [, name, text, number] = match;
    const value = text ?? number ?? '';
    if (name === 'size') size = value;
    else if (name === 'strokeWidth') strokeWidth = value;
    else if (name === 'class' && text !== undefined) className = text;
    // LucideIcon hides an icon that does not name itself; one given aria-hidden="true" is hidden the same.
    else if (!(name === 'aria-hidden' && text === 'true')) return null;
  }
  const classes = ['lucide-icon', 'lucide', `lucide-${icon.name}`, className].filter(Boolean).join(' ');
  const shapes = icon.node
    .map(
      ([tag, shape]) =>
        `<${tag}${Object.entries(shape)
          .map(([key, value]) => ` ${key}="${escape(value)}"`)
          .join('')}></${tag}>`,
    )
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${escape(size)}" height="${escape(size)}" ` +
    `viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="${escape(strokeWidth)}" ` +
    `stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" class="${escape(classes)}">` +
    `${shapes}</svg>`
  );
}

/** The component's markup with its written-out icons as <svg>, and the imports no longer used removed. */
export function inlineIcons(content: string): string {
  const imports = [...content.matchAll(IMPORT)].map((m) => ({ line: m[0], name: m[1]!, file: m[2]! }));
  if (imports.length === 0) return content;
  // Only the markup: what is inside <script> and <style> is left as it is.
  const parts = content.split(/(<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>)/);
  for (const { name, file } of imports) {
    // Self-closing only (children keep the component); an expression with '>' in it is never matched.
    const usage = new RegExp(`<${name}(\\s[^<>]*?)?\\s*/>`, 'g');
    for (let i = 0; i < parts.length; i += 2) {
      parts[i] = parts[i]!.replace(
        usage,
        (whole, attributes: string | undefined) => staticSvg(iconData(file), attributes ?? '') ?? whole,
      );
    }
  }
  let out = parts.join('');
  // Names in comments ("Reply, Reply all and Forward") are not uses.
  const code = out.replace(/<!--[\s\S]*?-->|\/\*[\s\S]*?\*\/|(?<=^|\s)\/\/[^\n]*/gm, '');
  for (const { line, name } of imports) {
    const uses = code.match(new RegExp(`\\b${name}\\b`, 'g'))?.length ?? 0;
    if (uses === 1) out = out.replace(line, '');
  }
  return out;
}

/** The Svelte preprocessor: the app's own components only (the library's icon files are what it reads). */
export function staticIcons(): PreprocessorGroup {
  return {
    name: 'webmail-static-icons',
    markup({ content, filename }) {
      if (filename === undefined || !resolve(filename).startsWith(APP_SOURCES)) return;
      const code = inlineIcons(content);
      return code === content ? undefined : { code };
    },
  };
}
