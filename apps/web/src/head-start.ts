// A reload's head start: the page's first script (index.html runs it before main.ts), so that the device
// database opens and the tab's sealed session is unsealed while the browser evaluates the rest of the app.
// Its module graph is the vault's alone (no Svelte, no catalogs, no IMAP client): it runs before those are
// evaluated. Opening IndexedDB is most of a reload's unsealing (15-30 ms on this project's machine), and it
// runs in the browser process: the app's evaluation and it now overlap instead of following one another.
//
// Nothing new is read or kept: it is the very recall() MailSession.restore() makes (credential-vault.ts), made
// earlier and handed over once (takeHeadStart). A page without the head start (the tests', a page that does
// not run index.html) recalls the session itself.

import { startHeadStart } from './lib/vault/head-start.ts';

startHeadStart();
