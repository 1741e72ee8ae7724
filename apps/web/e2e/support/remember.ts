// For the suites of issue 17 (remember-*.e2e.ts): a Dovecot of their own with the corpus, a proxy in front of it
// that can be stopped and started again on the same port (the app's origin, and so its storage, stays the
// same: "the proxy is down" is a real refused connection), each test's browser context a fresh browser
// profile, and what the browser keeps (IndexedDB, web storage, Cache Storage) read as it is.
// page.evaluate() callbacks run in the browser, hence the DOM types.
/// <reference lib="dom" />
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startProxy } from '@webmail/proxy';
import type { RunningProxy } from '@webmail/proxy';
import { findFreePort, proxyUpstream, startDovecot } from '@webmail/testbed';
import type { DovecotServer } from '@webmail/testbed';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../chromium.ts';
import { WEB_ROOT } from '../serve-app.ts';
import type { Account } from './app.ts';

export const ROW = '[role="listbox"] [role="option"][data-uid]';

/** The proxy serving the built app in front of `dovecot`, on one port for its whole life. */
export class RestartableProxy {
  readonly #dovecot: DovecotServer;
  readonly #port: number;
  #running: RunningProxy | null = null;

  constructor(dovecot: DovecotServer, port: number) {
    this.#dovecot = dovecot;
    this.#port = port;
  }

  get appUrl(): string {
    return `http://127.0.0.1:${this.#port}/`;
  }

  async start(): Promise<void> {
    if (this.#running) return;
    this.#running = await startProxy(
      {
        listen: { host: '127.0.0.1', port: this.#port },
        allowedOrigins: [new URL(this.appUrl).origin],
        staticDir: join(WEB_ROOT, 'dist'),
        upstreams: [proxyUpstream(this.#dovecot)],
        // Every reload and every tab is a new session from 127.0.0.1.
        limits: { maxSessionsPerIp: 500, newSessionsPerIpPerMinute: 10_000 },
      },
      { log: () => undefined },
    );
  }

  /** Stops listening: the page's next request and WebSocket are refused, as with the proxy down. */
  async stop(): Promise<void> {
    await this.#running?.close();
    this.#running = null;
  }
}

export interface RememberMailbox {
  dovecot: DovecotServer;
  user: Account;
  proxy: RestartableProxy;
  appUrl: string;
  browser: Browser;
  close(): Promise<void>;
}

export interface RememberMailboxOptions {
  /** Dovecot's mail_max_userip_connections (the testbed's own is 500). */
  maxUserIpConnections?: number;
}

export async function startRememberMailbox(options: RememberMailboxOptions = {}): Promise<RememberMailbox> {
  const dovecot = await startDovecot({ corpus: true });
  let proxy: RestartableProxy | undefined;
  let browser: Browser | undefined;
  const close = async (): Promise<void> => {
    await browser?.close();
    await proxy?.stop();
    await dovecot.stop();
  };
  try {
    if (options.maxUserIpConnections !== undefined)
      await limitConnections(dovecot, options.maxUserIpConnections);
    const user = dovecot.users[0];
    if (!user) throw new Error('the test Dovecot has no user');
    proxy = new RestartableProxy(dovecot, await findFreePort());
    await proxy.start();
    browser = await launchChromium();
    return { dovecot, user, proxy, appUrl: proxy.appUrl, browser, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Lowers Dovecot's per-user connection limit: the testbed writes 500 into the config it generates, and a
 * restart reads the config again. (The testbed has no option for it; this touches only this suite's server.)
 */
async function limitConnections(dovecot: DovecotServer, limit: number): Promise<void> {
  const file = join(dovecot.baseDir, 'dovecot.conf');
  const config = readFileSync(file, 'utf8');
  const limited = config.replace(
    /mail_max_userip_connections = \d+/,
    `mail_max_userip_connections = ${limit}`,
  );
  if (limited === config) throw new Error('the testbed config has no mail_max_userip_connections');
  writeFileSync(file, limited);
  await dovecot.restart();
}

/**
 * A fresh browser profile (storage, service worker, caches of its own), whose pages note whether the
 * sign-in form ever showed (window.__signInShown), from before the app's first script runs.
 */
export async function freshProfile(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(() => {
    const seen = (): void => {
      if (document.querySelector('input[type="password"]'))
        (window as unknown as { __signInShown: boolean }).__signInShown = true;
    };
    new MutationObserver(seen).observe(document, { childList: true, subtree: true });
  });
  return context;
}

/** Signs in through the form (with "Keep me signed in" when `keep`), at `url`, until the first rows show. */
export async function signInAt(page: Page, url: string, user: Account, keep = false): Promise<void> {
  await page.goto(url);
  await page.getByLabel('User name').fill(user.name);
  await page.getByLabel('Password').fill(user.password);
  if (keep) await page.getByLabel('Keep me signed in on this device').check();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator(ROW).first().waitFor();
}

/** Whether the sign-in form showed since the page (re)loaded. */
export function signInShown(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { __signInShown?: boolean }).__signInShown === true);
}

/** The list heading: the open folder's name as shown. */
export function heading(page: Page): Promise<string> {
  return page.locator('#message-pane-heading').innerText();
}

/** The page's clock (Date.now(), as the mirror stamps its records). */
export function pageNow(page: Page): Promise<number> {
  return page.evaluate(() => Date.now());
}

/**
 * Waits until `predicate` (run in the page, async allowed) holds, asking again every 100 ms. Playwright's
 * waitForFunction takes the promise an async predicate returns for a truthy answer, and so never waits.
 */
export async function untilInPage<Arg>(
  page: Page,
  predicate: (arg: Arg) => Promise<boolean> | boolean,
  arg: Arg,
): Promise<void> {
  // Playwright types the argument as it arrives in the page (Unboxed<Arg>), the same as Arg for plain data.
  const inPage = predicate as (arg: unknown) => Promise<boolean> | boolean;
  const deadline = Date.now() + UNTIL_IN_PAGE_MS;
  while (!(await page.evaluate(inPage, arg as unknown))) {
    // Fails on its own, naming what it waited for, before the test's timeout would say only "timed out".
    if (Date.now() > deadline)
      throw new Error(
        `not true after ${UNTIL_IN_PAGE_MS} ms in the page: ${String(predicate).slice(0, 300)}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const UNTIL_IN_PAGE_MS = 30_000;

/**
 * Waits until the mirror holds `count` records of `kind` written (or read) since `since` (the page's clock):
 * what the app keeps is written a moment after it changes. Read from the database's record sizes and times,
 * the only things it keeps in the clear.
 */
export function mirrorWritten(page: Page, since: number, kind = 'list', count = 1): Promise<void> {
  return untilInPage(
    page,
    async ({ since, kind, count }) => {
      // Opening a database that does not exist would create it, empty, under the app's name.
      if (!(await indexedDB.databases()).some((info) => info.name === 'webmail')) return false;
      const db = await new Promise<IDBDatabase | null>((resolve) => {
        const request = indexedDB.open('webmail');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => resolve(null);
      });
      if (db === null || !db.objectStoreNames.contains('usage')) {
        db?.close();
        return false;
      }
      const entries = await new Promise<{ kind: string; usedAt: number }[]>((resolve) => {
        const request = db.transaction('usage').objectStore('usage').getAll();
        request.onsuccess = () => resolve(request.result as { kind: string; usedAt: number }[]);
        request.onerror = () => resolve([]);
      });
      db.close();
      return entries.filter((entry) => entry.kind === kind && entry.usedAt >= since).length >= count;
    },
    { since, kind, count },
  );
}

/**
 * Waits until "Keep me signed in" has kept the sealed session on the device (the vault's 'remembered' entry):
 * it is written a moment after sign-in, once the mirror's key is derived from the password.
 */
export function sessionKept(page: Page): Promise<void> {
  return untilInPage(
    page,
    async () => {
      if (!(await indexedDB.databases()).some((info) => info.name === 'webmail')) return false;
      const db = await new Promise<IDBDatabase | null>((resolve) => {
        const request = indexedDB.open('webmail');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => resolve(null);
      });
      if (db === null || !db.objectStoreNames.contains('vault')) {
        db?.close();
        return false;
      }
      const kept = await new Promise<boolean>((resolve) => {
        const request = db.transaction('vault').objectStore('vault').count('remembered');
        request.onsuccess = () => resolve(request.result > 0);
        request.onerror = () => resolve(false);
      });
      db.close();
      return kept;
    },
    undefined,
  );
}

export interface StorageReport {
  databases: string[];
  local: Record<string, string>;
  session: Record<string, string>;
  /** Every Cache Storage entry: cache name, URL, and the response body as text. */
  caches: { cache: string; url: string; body: string }[];
}

/** Everything the browser keeps for the app's origin, as the page sees it. */
export function storageReport(page: Page): Promise<StorageReport> {
  return page.evaluate(async () => {
    const all = (storage: Storage): Record<string, string> =>
      Object.fromEntries(Object.keys(storage).map((key) => [key, storage.getItem(key) ?? '']));
    const caches: { cache: string; url: string; body: string }[] = [];
    for (const name of await window.caches.keys()) {
      const cache = await window.caches.open(name);
      for (const request of await cache.keys()) {
        const response = await cache.match(request);
        caches.push({ cache: name, url: request.url, body: (await response?.text()) ?? '' });
      }
    }
    return {
      databases: (await indexedDB.databases()).map((db) => db.name ?? ''),
      local: all(localStorage),
      session: all(sessionStorage),
      caches,
    };
  });
}
