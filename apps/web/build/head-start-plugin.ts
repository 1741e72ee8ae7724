// Puts src/head-start.ts on the page as a script of its own, before the app's (src/head-start.ts says why).
//
// A second <script type="module"> in index.html would not do it: Vite joins the page's module scripts into one
// entry, whose own code runs after every chunk it imports (Svelte, the catalogs, the IMAP client), so the head
// start would begin after the very evaluation it is meant to overlap. As an input of its own it is a chunk
// whose graph is the vault's alone, and module scripts run in the page's order: it runs first. The vault's
// modules are shared with the app's entry (the session takes the head start's recall): one instance of each.

import { resolve } from 'node:path';
import type { Plugin } from 'vite';

const SOURCE = resolve(import.meta.dirname, '../src/head-start.ts');
const NAME = 'head-start';

export function headStart(): Plugin {
  return {
    name: 'webmail-head-start',
    config(_config, { command }) {
      if (command !== 'build') return;
      return {
        build: {
          rolldownOptions: {
            input: { index: resolve(import.meta.dirname, '../index.html'), [NAME]: SOURCE },
          },
        },
      };
    },
    transformIndexHtml: {
      order: 'post',
      handler(_html, context) {
        let src = '/src/head-start.ts';
        if (context.bundle) {
          const chunk = Object.values(context.bundle).find(
            (output) => output.type === 'chunk' && output.isEntry && output.name === NAME,
          );
          if (chunk === undefined) throw new Error('the build has no head-start chunk');
          src = `/${chunk.fileName}`;
        }
        return [
          { tag: 'script', attrs: { type: 'module', crossorigin: true, src }, injectTo: 'head-prepend' },
        ];
      },
    },
  };
}
