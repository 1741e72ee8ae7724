// Issue 17: with the proxy down, a reload still starts: the service worker serves the app's own files, the
// session comes back from the tab's sealed copy, and the list and the messages read before show from the
// mirror, marked offline, until the proxy is back. A flag changed offline reaches the server on reconnect, on
// the UID it was made on and no other, or is dropped with a message when the folder got a new UIDVALIDITY.
// Chromium against the real proxy (stopped and started again on the same port: a refused connection, as when
// it is down) and a Dovecot of the suite's own.
// page.evaluate() callbacks run in the browser, hence the DOM types.
/// <reference lib="dom" />
import { encodeMailboxName, openSession, quoted, snapshotFolder } from '@webmail/testbed';
import type { SnapshotMessage } from '@webmail/testbed';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openFolder, openMessage, putCursorOn, waitForMessage } from './support/app.ts';
import {
  ROW,
  freshProfile,
  heading,
  mirrorWritten,
  pageNow,
  signInAt,
  signInShown,
  startRememberMailbox,
  type RememberMailbox,
} from './support/remember.ts';

const STANDUP = 'Stand-up moved to 10:30 today';
const OFFLINE = '[data-offline]';

/** The UIDs of the rows the list renders, top to bottom. */
async function shownUids(page: Page): Promise<number[]> {
  return (await page.locator(ROW).evaluateAll((rows) => rows.map((row) => row.getAttribute('data-uid')))).map(
    Number,
  );
}

/**
 * The same messages in the same order from the top. How many rows the list renders depends on the height left
 * to it, which the offline bar takes some of: the shorter of the two must be the other's beginning.
 */
function sameTopRows(shown: number[], before: number[]): void {
  const length = Math.min(shown.length, before.length);
  expect(length).toBeGreaterThan(10);
  expect(shown.slice(0, length)).toEqual(before.slice(0, length));
}

describe('a start with the proxy down', () => {
  let mailbox: RememberMailbox;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    mailbox = await startRememberMailbox();
  });
  afterAll(async () => {
    await mailbox?.close();
  });
  afterEach(async () => {
    await context?.close();
    await mailbox?.proxy.start();
  });

  it('shows the kept list and a message read before, marked offline, until the proxy is back', async () => {
    context = await freshProfile(mailbox.browser);
    page = await context.newPage();
    await signInAt(page, mailbox.appUrl, mailbox.user);
    const since = await pageNow(page);
    const uid = await openMessage(page, { subject: STANDUP });
    await mirrorWritten(page, since, 'body');
    await mirrorWritten(page, since, 'list');
    // The service worker keeps the app's files and serves this page from now on.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, {
      polling: 100,
    });
    const rows = await shownUids(page);
    expect(rows.length).toBeGreaterThan(10);
    expect(await page.locator(OFFLINE).count()).toBe(0);

    await mailbox.proxy.stop();
    await page.reload();
    await page.locator(OFFLINE).waitFor();
    expect(await page.locator(OFFLINE).innerText()).toContain(
      'Offline: this is the mail kept on this device.',
    );
    await page.locator(ROW).first().waitFor();
    expect(await signInShown(page)).toBe(false);
    expect(await heading(page)).toBe('Inbox');
    sameTopRows(await shownUids(page), rows);
    // The message open at the reload is the address's, and opens from the device.
    await waitForMessage(page, uid);

    await mailbox.proxy.start();
    await page.locator(OFFLINE).waitFor({ state: 'detached' });
    await waitForMessage(page, uid);
    sameTopRows(await shownUids(page), rows);
  });

  it('sends a flag changed offline when the connection is back, to that message only', async () => {
    const inbox = (): Promise<SnapshotMessage[]> =>
      snapshotFolder(mailbox.dovecot, mailbox.user.name, 'INBOX');
    const flagsOf = (messages: SnapshotMessage[], uid: number): string[] =>
      messages.find((message) => message.uid === uid)?.flags ?? [];
    context = await freshProfile(mailbox.browser);
    page = await context.newPage();
    await signInAt(page, mailbox.appUrl, mailbox.user);
    const uid = await putCursorOn(page, { subject: STANDUP });
    const before = await inbox();
    expect(flagsOf(before, uid)).not.toContain('\\Flagged');

    await mailbox.proxy.stop();
    await page.locator(OFFLINE).waitFor();
    await page.keyboard.press('s');
    await page.getByText('1 message changed on this device').waitFor();
    expect(await page.locator(`${ROW}[data-uid="${uid}"]`).innerText()).toContain('Flagged');
    expect(await inbox()).toEqual(before);

    await mailbox.proxy.start();
    await page.locator(OFFLINE).waitFor({ state: 'detached' });
    await expect
      .poll(async () => flagsOf(await inbox(), uid), { timeout: 30_000, interval: 100 })
      .toContain('\\Flagged');
    const after = await inbox();
    expect(after.filter((message) => message.uid !== uid)).toEqual(
      before.filter((message) => message.uid !== uid),
    );
  });

  it('drops a flag changed offline, with a message, when the folder got a new UIDVALIDITY meanwhile', async () => {
    const folder = 'Работа';
    const snapshot = (): Promise<SnapshotMessage[]> =>
      snapshotFolder(mailbox.dovecot, mailbox.user.name, folder);
    const flagsById = (messages: SnapshotMessage[]): [string | null, string[]][] =>
      messages.map((message) => [message.messageId, message.flags]);
    context = await freshProfile(mailbox.browser);
    page = await context.newPage();
    await signInAt(page, mailbox.appUrl, mailbox.user);
    await openFolder(page, folder);
    const uid = Number(await page.locator(ROW).first().getAttribute('data-uid'));
    await putCursorOn(page, { uid });

    await mailbox.proxy.stop();
    await page.locator(OFFLINE).waitFor();
    await page.keyboard.press('s');
    await page.getByText('1 message changed on this device').waitFor();
    // Meanwhile the folder is made again with the same messages: its UIDs name nothing the user saw.
    const server = await openSession(mailbox.dovecot, mailbox.user.name);
    try {
      const name = quoted(encodeMailboxName(folder));
      const old = quoted(encodeMailboxName(`${folder}-old`));
      await server.ok(`RENAME ${name} ${old}`);
      await server.ok(`CREATE ${name}`);
      await server.ok(`SELECT ${old}`);
      await server.ok(`UID COPY 1:* ${name}`);
      await server.ok('CLOSE');
      await server.ok(`DELETE ${old}`);
    } finally {
      server.close();
    }
    const before = flagsById(await snapshot());

    await mailbox.proxy.start();
    await page
      .getByText(
        `Nothing was changed: ${folder} changed on the server, so the messages chosen earlier cannot be told`,
      )
      .waitFor();
    expect(flagsById(await snapshot())).toEqual(before);
  });
});
