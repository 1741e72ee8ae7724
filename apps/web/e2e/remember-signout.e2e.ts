// Issue 17: what the app keeps on the device is sealed while signed in, and gone after Sign out. Read back from
// the browser as it is: every IndexedDB record's bytes, web storage and Cache Storage, searched for the password
// and for mail (a subject, a body, a folder name). Chromium against the real proxy and a Dovecot of the suite's
// own; each test is a fresh browser profile.
// page.evaluate() callbacks run in the browser, hence the DOM types.
/// <reference lib="dom" />
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openFolder, openMessage } from './support/app.ts';
import {
  ROW,
  freshProfile,
  mirrorWritten,
  pageNow,
  signInAt,
  storageReport,
  startRememberMailbox,
  untilInPage,
  type RememberMailbox,
} from './support/remember.ts';

const STANDUP = 'Stand-up moved to 10:30 today';
const STANDUP_TEXT = 'because of the all-hands';
const WORK_FOLDER = 'Работа';

interface DatabaseDump {
  /** Store name -> its keys, as text. */
  keys: Record<string, string[]>;
  /** Every value's bytes and strings, read as Latin-1 and as UTF-8: what a reader of the disk could find. */
  text: string;
}

/** Every record of the app's database, as the page reads it (null when there is no such database). */
function dumpDatabase(page: Page): Promise<DatabaseDump | null> {
  return page.evaluate(async () => {
    if (!(await indexedDB.databases()).some((info) => info.name === 'webmail')) return null;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('webmail');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const asked = <T>(request: IDBRequest<T>): Promise<T> =>
      new Promise((resolve, reject) => {
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    const latin1 = new TextDecoder('latin1');
    const utf8 = new TextDecoder('utf-8');
    const parts: string[] = [];
    const flatten = (value: unknown): void => {
      if (value instanceof Uint8Array || value instanceof ArrayBuffer) {
        parts.push(latin1.decode(value), utf8.decode(value));
      } else if (typeof value === 'string' || typeof value === 'number') {
        parts.push(String(value));
      } else if (value instanceof CryptoKey) {
        parts.push(`CryptoKey(extractable=${value.extractable})`);
      } else if (value !== null && typeof value === 'object') {
        for (const [key, inner] of Object.entries(value)) {
          parts.push(key);
          flatten(inner);
        }
      }
    };
    const keys: Record<string, string[]> = {};
    for (const name of Array.from(db.objectStoreNames)) {
      const store = db.transaction(name).objectStore(name);
      keys[name] = (await asked(store.getAllKeys())).map(String);
      for (const value of await asked(store.getAll())) flatten(value);
    }
    db.close();
    return { keys, text: parts.join('\n') };
  });
}

describe('what the device keeps, and Sign out', () => {
  let mailbox: RememberMailbox;
  let context: BrowserContext;

  beforeAll(async () => {
    mailbox = await startRememberMailbox();
  });
  afterAll(async () => {
    await mailbox?.close();
  });
  afterEach(async () => {
    await context?.close();
  });

  it('keeps the password and the mail only sealed while signed in', async () => {
    context = await freshProfile(mailbox.browser);
    const page = await context.newPage();
    await signInAt(page, mailbox.appUrl, mailbox.user, true);
    const since = await pageNow(page);
    await openFolder(page, WORK_FOLDER);
    await mirrorWritten(page, since, 'list');
    await openFolder(page, 'Inbox');
    await openMessage(page, { subject: STANDUP });
    await mirrorWritten(page, since, 'body');
    await mirrorWritten(page, since, 'list', 2);
    await mirrorWritten(page, 0, 'folders');

    const dump = await dumpDatabase(page);
    expect(dump).not.toBeNull();
    if (dump === null) return;
    expect(dump.keys.vault?.sort()).toEqual([
      'device-key',
      'remembered',
      expect.stringMatching(/^secret:[0-9a-f]{32}$/),
    ]);
    expect(dump.text).toContain('CryptoKey(extractable=false)');
    // The tree, both lists and the message read are kept, sealed: the names, subjects and text in them must
    // not be readable.
    const kinds = (dump.keys.records ?? []).map(
      (name) => /^[0-9a-f]{32}:(\w+):[A-Za-z0-9_-]{43}$/.exec(name)?.[1],
    );
    expect(kinds.sort()).toEqual(['body', 'folders', 'list', 'list']);
    for (const secret of [mailbox.user.password, STANDUP, STANDUP_TEXT, WORK_FOLDER]) {
      expect(dump.text).not.toContain(secret);
    }
    // Record names are HMACs: no folder name or UID in a key either.
    expect(dump.keys.records?.join('\n')).not.toMatch(/Inbox|INBOX|Работа/);

    const storage = await storageReport(page);
    expect(Object.keys(storage.session)).toEqual(['webmail.session']);
    expect(storage.session['webmail.session']).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Object.keys(storage.local)).toEqual([]);
    expect(JSON.stringify(storage)).not.toContain(mailbox.user.password);
  });

  it('leaves no database, no storage entry and no cached mail after Sign out, in every tab', async () => {
    context = await freshProfile(mailbox.browser);
    const page = await context.newPage();
    await signInAt(page, mailbox.appUrl, mailbox.user, true);
    const since = await pageNow(page);
    await openMessage(page, { subject: STANDUP });
    await mirrorWritten(page, since, 'body');
    // The service worker has kept the app's files: Cache Storage is not empty when it is inspected below.
    await untilInPage(page, async () => (await caches.keys()).length > 0, undefined);
    // A second tab, signed in by "Keep me signed in".
    const other = await context.newPage();
    await other.goto(mailbox.appUrl);
    await other.locator(ROW).first().waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Password').waitFor();
    await other.getByLabel('Password').waitFor();

    for (const tab of [page, other]) {
      await untilInPage(
        tab,
        async () => !(await indexedDB.databases()).some((info) => info.name === 'webmail'),
        undefined,
      );
      const storage = await storageReport(tab);
      expect(storage.databases).toEqual([]);
      expect(storage.session).toEqual({});
      expect(Object.keys(storage.local)).toEqual([]);
      expect(storage.caches.length).toBeGreaterThan(0);
      for (const entry of storage.caches) {
        expect(entry.cache).toMatch(/^webmail-app-/);
        for (const secret of [mailbox.user.password, STANDUP, STANDUP_TEXT]) {
          expect(entry.body).not.toContain(secret);
        }
      }
    }

    // Nothing comes back: a reload and a new tab ask for the password.
    await page.reload();
    await page.getByLabel('Password').waitFor();
    const third = await context.newPage();
    await third.goto(mailbox.appUrl);
    await third.getByLabel('Password').waitFor();
    expect(await third.locator(ROW).count()).toBe(0);
  });
});
