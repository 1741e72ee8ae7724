// The session recalled before the app has started (src/head-start.ts runs startHeadStart() as the page's first
// script), taken once by the session's restore(). See the entry's header for why.

import { CredentialVault } from './credential-vault.ts';
import type { RememberedSession } from './credential-vault.ts';

let started: Promise<RememberedSession | null> | null = null;

/** Recalls the tab's (or the device's) session with the default vault, once per page. */
export function startHeadStart(vault: CredentialVault = new CredentialVault()): void {
  if (started !== null) return;
  // Held as a value: the session handles a session that does not open as none (restore() does the same).
  started = vault.recall().catch(() => null);
}

/**
 * The recall the head start began, for the default vault; null when none was begun (or it was taken already:
 * a second restore, after a sign-out, recalls afresh).
 */
export function takeHeadStart(): Promise<RememberedSession | null> | null {
  const recall = started;
  started = null;
  return recall;
}
