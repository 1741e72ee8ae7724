// One Chromium for every suite of a test file that starts several mailboxes of their own (servers-flows starts
// ten): launched before the file's first suite and closed after its last, where each suite launched and closed
// one (about 1.5 s a suite on a loaded two-core machine). A suite still sees nothing of another: it works in
// browser contexts of its own, each a fresh profile (storage, service worker, caches), closed with its mailbox.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from '../chromium.ts';

/** Call it at the file's top level; the getter answers once the file's first beforeAll has run. */
export function useFileChromium(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser)
      throw new Error("the file's Chromium is not running: useFileChromium() belongs at the top level");
    return browser;
  };
}
