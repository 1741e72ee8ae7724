// Every @lucide/svelte icon file imports the library's generic '../Icon.svelte', which builds each icon's shapes
// with a keyed {#each} of <svelte:element> and spread attributes: a reload drew 76 of them in 32 ms of main
// thread (a CPU profile, load 8). This puts the app's LucideIcon.svelte (same props, same <svg>, shapes cloned
// from one copy per icon) in its place; the icons' data stays the library's.

import { resolve } from 'node:path';
import type { Plugin } from 'vite';

const ICON = resolve(import.meta.dirname, '../src/components/common/LucideIcon.svelte');
const LUCIDE_ICONS = /[\\/]@lucide[\\/]svelte[\\/]dist[\\/]icons[\\/][^\\/]+\.svelte$/;

export function lucideIcon(): Plugin {
  return {
    name: 'webmail-lucide-icon',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source === '../Icon.svelte' && importer !== undefined && LUCIDE_ICONS.test(importer)) return ICON;
      return null;
    },
  };
}
