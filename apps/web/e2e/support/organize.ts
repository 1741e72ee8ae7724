// For the suites that change the mailbox (organize, folders-manage, search, live): each runs the app against a
// Dovecot of its own, seeded with the corpus, so that moving, deleting and renaming never touch the shared
// corpus the other suites count on. What the app did is checked from fresh sessions of a third party
// (snapshotFolder, LIST), never from the app's own view. Locators go by the roles and names a person meets:
// the list pane's toolbar, its menus, the dialogs by their titles.
// page.evaluate() callbacks run in the browser, hence the DOM types.
/// <reference lib="dom" />
import { buildCorpus, openSession, snapshotFolder, startDovecot } from '@webmail/testbed';
import type { DovecotServer, SnapshotMessage } from '@webmail/testbed';
import type { RunningProxy } from '@webmail/proxy';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from '../chromium.ts';
import { serveApp } from '../serve-app.ts';
import { signIn, type Account } from './app.ts';

/** A Dovecot with the corpus, the proxy serving the app in front of it, and a signed-in page. */
export interface OwnMailbox {
  server: DovecotServer;
  user: Account;
  appUrl: string;
  browser: Browser;
  page: Page;
  /** Closes the browser, the proxy and Dovecot, whatever failed to start. */
  close(): Promise<void>;
}

export async function startOwnMailbox(): Promise<OwnMailbox> {
  const server = await startDovecot({ corpus: true });
  let proxy: RunningProxy | undefined;
  let browser: Browser | undefined;
  const close = async (): Promise<void> => {
    await browser?.close();
    await proxy?.close();
    await server.stop();
  };
  try {
    const user = server.users[0];
    if (!user) throw new Error('the test Dovecot has no user');
    const served = await serveApp(server);
    proxy = served.proxy;
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, served.appUrl, user);
    // The tree is listed once the first rows are in.
    await page.getByRole('tree', { name: 'Folders' }).getByRole('treeitem').first().waitFor();
    return { server, user, appUrl: served.appUrl, browser, page, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * A suite's own mailbox: started before its tests (handed to `ready`), closed after them, whatever failed.
 * Call it in the suite's describe block.
 */
export function useOwnMailbox(ready: (mailbox: OwnMailbox) => void): void {
  let mailbox: OwnMailbox | undefined;
  beforeAll(async () => {
    mailbox = await startOwnMailbox();
    ready(mailbox);
  });
  afterAll(async () => {
    await mailbox?.close();
  });
}

// --- the corpus -----------------------------------------------------------------------------------------

const corpus = buildCorpus();

/** The Message-ID of corpus message `uid` in `folder` (UTF-8 name, as buildCorpus() has it). */
export function corpusMessageId(folder: string, uid: number): string {
  const message = corpus.find((m) => m.folder === folder && m.uid === uid);
  const messageId = message?.expect.messageId;
  if (!messageId) throw new Error(`the corpus has no UID ${uid} with a Message-ID in ${folder}`);
  return messageId;
}

/** The subject the list shows for corpus message `uid` in `folder`. */
export function corpusSubject(folder: string, uid: number): string {
  const message = corpus.find((m) => m.folder === folder && m.uid === uid);
  if (!message) throw new Error(`the corpus has no UID ${uid} in ${folder}`);
  return message.expect.subject;
}

/** How many corpus messages `folder` starts with. */
export function corpusCount(folder: string): number {
  return corpus.filter((m) => m.folder === folder).length;
}

// --- the server, from a third session -------------------------------------------------------------------

/** `folder` as a fresh session sees it (UIDs, flags without \Recent, Message-IDs). */
export function serverFolder(mailbox: OwnMailbox, folder: string): Promise<SnapshotMessage[]> {
  return snapshotFolder(mailbox.server, mailbox.user.name, folder);
}

/** The flags of the message with `messageId` in `folder` now, or null when it is not there. */
export async function serverFlags(
  mailbox: OwnMailbox,
  folder: string,
  messageId: string,
): Promise<string[] | null> {
  const found = (await serverFolder(mailbox, folder)).find((m) => m.messageId === messageId);
  return found?.flags ?? null;
}

/** The Message-IDs in `folder` now, sorted. */
export async function serverMessageIds(mailbox: OwnMailbox, folder: string): Promise<(string | null)[]> {
  return (await serverFolder(mailbox, folder)).map((m) => m.messageId).sort();
}

/**
 * Every mailbox name as `LIST "" "*"` sends it (modified UTF-7, RFC 3501 5.1.3), sorted: what any other client
 * of this account sees.
 */
export async function serverMailboxNames(mailbox: OwnMailbox): Promise<string[]> {
  const session = await openSession(mailbox.server, mailbox.user.name);
  try {
    const listed = await session.ok('LIST "" "*"');
    await session.ok('LOGOUT');
    return listed.untagged
      .map((response) => listedName(response.text))
      .filter((name) => name !== null)
      .sort();
  } finally {
    session.close();
  }
}

/** The mailbox of one `* LIST (attributes) delimiter mailbox` line: a quoted string or an atom. */
function listedName(line: string): string | null {
  const match = /^\* LIST \([^)]*\) (?:"(?:[^"\\]|\\.)"|NIL) (.+)$/.exec(line);
  const name = match?.[1];
  if (name === undefined) return null;
  return name.startsWith('"') ? name.slice(1, -1).replace(/\\(.)/g, '$1') : name;
}

// --- the page -------------------------------------------------------------------------------------------

/** The message list's pane (a region named after the open folder), which holds its toolbar and notices. */
export function listPane(page: Page): Locator {
  return page.locator('section[aria-labelledby="message-pane-heading"]');
}

/** The toolbar over the list (the reader has one of the same name). */
export function listToolbar(page: Page): Locator {
  return listPane(page).getByRole('toolbar', { name: 'Message actions' });
}

/** Opens the toolbar menu `menu` ("Labels", "Move to…") and chooses `item` in it. */
export async function chooseFromToolbarMenu(page: Page, menu: string, item: string | RegExp): Promise<void> {
  await listToolbar(page).getByRole('button', { name: menu }).click();
  const opened = listToolbar(page).getByRole('menu', { name: menu });
  await opened
    .getByRole('menuitem', { name: item })
    .or(opened.getByRole('menuitemcheckbox', { name: item }))
    .click();
}

/** The modal dialog titled `title` ("Empty Trash?", "New label"). */
export function dialog(page: Page, title: string): Locator {
  return page.getByRole('dialog', { name: title });
}

/** What a row says to a screen reader: "Unread, Flagged, Labels: Важное". */
export function rowState(row: Locator): Promise<string> {
  return row.locator('.visually-hidden').last().innerText();
}

/** The UIDs of the rendered rows of the open folder's list, top to bottom. */
export function listedUids(page: Page): Promise<number[]> {
  return page
    .getByRole('listbox', { name: /^Messages in / })
    .locator('[role="option"][data-uid]')
    .evaluateAll((rows) =>
      rows
        .map((row) => ({
          position: Number(row.getAttribute('aria-posinset')),
          uid: Number(row.getAttribute('data-uid')),
        }))
        .sort((a, b) => a.position - b.position)
        .map((row) => row.uid),
    );
}

/** The row at `position` (1 = top) of the open folder's list; it must be rendered. */
export function rowAt(page: Page, position: number): Locator {
  return page
    .getByRole('listbox', { name: /^Messages in / })
    .locator(`[role="option"][aria-posinset="${position}"][data-uid]`);
}

/** The tree item of the folder whose path (as the server names it, decoded) is `path`. */
export function folderItem(page: Page, path: string): Locator {
  return page
    .getByRole('tree', { name: 'Folders' })
    .getByRole('treeitem')
    .and(page.locator(`[data-path="${path.replace(/["\\]/g, '\\$&')}"]`));
}

/** The paths the tree shows (expanded parents), top to bottom, with their levels: "2:工作/报告". */
export function treePaths(page: Page): Promise<string[]> {
  return page
    .getByRole('tree', { name: 'Folders' })
    .getByRole('treeitem')
    .evaluateAll((items) =>
      items.map((item) => `${item.getAttribute('aria-level')}:${item.getAttribute('data-path')}`),
    );
}

/** The Date of the last plainMessage(), so that the next one is later. */
let lastDate = 0;

/**
 * A message as plain RFC 5322 text, for deliveries and APPENDs from other sessions. Each one is dated at least
 * a second after the one before: Date has whole seconds, and SORT (REVERSE DATE) puts messages of the same
 * second in mailbox order (RFC 5256 3), the older one on top.
 */
export function plainMessage(subject: string, messageId: string, body = 'Hello.'): string {
  lastDate = Math.max(Date.now(), lastDate + 1000);
  return [
    'From: Someone Else <someone@elsewhere.example>',
    'To: demo@testbed.example',
    `Subject: ${subject}`,
    `Date: ${new Date(lastDate).toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: ${messageId}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    body,
    '',
  ].join('\r\n');
}
