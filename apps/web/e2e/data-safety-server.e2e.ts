// Data safety, part 2: the server refuses a move, renumbers a folder, or goes away in the middle of a move. A
// real Dovecot of this file's own, the app in Chromium, a raw IMAP session as the other client, and every
// outcome read by a third session (whereIs: each message by its Message-ID, in which folders, with which flags).
// - a move to a folder another client deleted or renamed after the app listed it, and to a full folder: the
//   source is untouched and the notice gives the server's words;
// - the folder's UIDVALIDITY changes under queued actions: no message is touched by a stale UID;
// - the connection is cut right after UID MOVE is sent: after the reconnect there is exactly one copy.
// page.evaluate() callbacks run in the browser, hence the DOM types.
/// <reference lib="dom" />
import { openSession, quoted, snapshotFolder } from '@webmail/testbed';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './chromium.ts';
import {
  actionNotice,
  messageRow,
  openFolder,
  putCursorOn,
  shownUids,
  waitForReconnect,
} from './support/app.ts';
import { USER, folderExists, newestFirst, startStage, subjectOf, whereIs } from './support/third-party.ts';
import type { Stage } from './support/third-party.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** The tree item of a folder, by its path. */
function folderItem(page: Page, path: string) {
  return page.locator(`[role="tree"] [role="treeitem"][data-path="${path}"]`);
}

/** Moves the message under the cursor with the toolbar's Move menu. */
async function moveWithMenu(page: Page, destination: string): Promise<void> {
  await page.getByRole('button', { name: /^Move to/ }).click();
  await page.getByRole('menuitem', { name: destination }).click();
}

/** Runs one command as the other client, on a session of its own. */
async function asOtherClient(stage: Stage, command: string): Promise<void> {
  const session = await openSession(stage.server, USER.name);
  try {
    await session.ok(command);
  } finally {
    session.close();
  }
}

describe('a move the server refuses', () => {
  let stage: Stage;
  beforeAll(async () => {
    stage = await startStage(
      { users: [{ ...USER, quota: { fullFolder: 'Full' } }] },
      { Source: newestFirst('q', 4), Gone: [], Old: [] },
    );
  });
  afterEach(() => stage?.closeApps());
  afterAll(() => stage?.stop());

  // The user acts on the tree as the app listed it: the app hears nothing from the server from just before the
  // other client's change until the user has dropped or chosen the folder. (Dovecot 2.3.19 would report the
  // DELETE or RENAME only along with the next change to the folder list anyway: imap-core's notify.ts.)
  it('drops on a folder another client deleted meanwhile: nothing moves, and the notice says why', async () => {
    const { page, tap } = await stage.openApp(browser);
    await openFolder(page, 'Source');
    const before = await snapshotFolder(stage.server, USER.name, 'Source');
    const replies = tap.holdReplies();
    await asOtherClient(stage, `DELETE ${quoted('Gone')}`);

    await messageRow(page, { subject: subjectOf('q2') }).dragTo(folderItem(page, 'Gone'));
    replies.release();
    const notice = actionNotice(page).filter({ hasText: 'Nothing was moved to Gone.' });
    await notice.waitFor();
    expect(await notice.innerText()).toContain("The server says: Mailbox doesn't exist: Gone");
    expect(await snapshotFolder(stage.server, USER.name, 'Source')).toEqual(before);
    // Not created on the server's hint ([TRYCREATE]): the user did not ask for a new folder.
    expect(await folderExists(stage.server, USER.name, 'Gone')).toBe(false);
  });

  it('moves to a folder another client renamed meanwhile: nothing moves, and the notice says why', async () => {
    const { page, tap } = await stage.openApp(browser);
    await openFolder(page, 'Source');
    const before = await snapshotFolder(stage.server, USER.name, 'Source');
    const replies = tap.holdReplies();
    await asOtherClient(stage, `RENAME ${quoted('Old')} ${quoted('New')}`);

    await putCursorOn(page, { subject: subjectOf('q3') });
    await moveWithMenu(page, 'Old');
    replies.release();
    const notice = actionNotice(page).filter({ hasText: 'Nothing was moved to Old.' });
    await notice.waitFor();
    expect(await notice.innerText()).toContain("The server says: Mailbox doesn't exist: Old");
    expect(await snapshotFolder(stage.server, USER.name, 'Source')).toEqual(before);
    expect(await snapshotFolder(stage.server, USER.name, 'New')).toEqual([]);
    expect(await folderExists(stage.server, USER.name, 'Old')).toBe(false);
  });

  it('drops on a folder that is over its quota: nothing moves, and the notice gives the server words', async () => {
    const { page } = await stage.openApp(browser);
    await openFolder(page, 'Source');
    const before = await snapshotFolder(stage.server, USER.name, 'Source');

    await messageRow(page, { subject: subjectOf('q4') }).dragTo(folderItem(page, 'Full'));
    const notice = actionNotice(page).filter({ hasText: 'Nothing was moved to Full.' });
    await notice.waitFor();
    expect(await notice.innerText()).toContain('The server says: Quota exceeded (mailbox for user is full)');
    expect(await snapshotFolder(stage.server, USER.name, 'Source')).toEqual(before);
    expect(await snapshotFolder(stage.server, USER.name, 'Full')).toEqual([]);
  });
});

describe("the folder's UIDVALIDITY changes under the app", () => {
  let stage: Stage;
  const keys = ['r1', 'r2', 'r3', 'r4', 'r5'];
  beforeAll(async () => {
    stage = await startStage({}, { Renumbered: newestFirst('r', 5) });
  });
  afterEach(() => stage?.closeApps());
  afterAll(() => stage?.stop());

  // Dovecot 2.3.19 tells a session nothing when the folder it has selected is renumbered; its next command gets
  // NO and a BYE (packages/testbed README). So the app learns of the change by reconnecting, and whatever it had
  // queued under the old UIDVALIDITY must not reach a message by a stale UID. With 'reversed', every stale UID
  // but r3's names another message. Before-snapshots are taken before the reset and nothing else opens the
  // folder until the app has acted, as the testbed's notes ask.
  it('drops the actions queued under the old UIDVALIDITY: no message is changed by a stale UID', async () => {
    const { page, tap } = await stage.openApp(browser);
    await openFolder(page, 'Renumbered');
    expect(await shownUids(page)).toEqual(keys.map((key) => stage.uid(key)));
    const before = await whereIs(stage.server, USER.name, ['Renumbered', 'Trash']);

    // The first action (flag r1) is held on the wire; two more queue up behind it.
    const held = tap.hold(/^\S+ UID STORE /);
    await putCursorOn(page, { subject: subjectOf('r1') });
    await page.keyboard.press('s');
    const store = await held;
    await putCursorOn(page, { subject: subjectOf('r2') });
    await page.keyboard.press('Delete');
    await putCursorOn(page, { subject: subjectOf('r4') });
    await page.keyboard.press('u');

    await stage.server.resetUidValidity(USER.name, 'Renumbered', { order: 'reversed' });
    const reconnected = waitForReconnect(page);
    store.release();
    await reconnected;
    // The list starts over under the new numbering: r1, the newest, is now UID 5.
    await expect.poll(() => shownUids(page)).toEqual([5, 4, 3, 2, 1]);
    // The user is told the queued actions did not happen, and why: the connection went, not the folder.
    const notice = actionNotice(page);
    await notice.waitFor();
    await expect(notice.innerText()).resolves.toMatch(
      /^(Nothing was changed|Only \d+ messages? (was|were) changed): the connection to the mail server was lost/,
    );
    expect(await whereIs(stage.server, USER.name, ['Renumbered', 'Trash'])).toEqual(before);
    // And it shows the messages as they are: the optimistic flag and read mark are gone.
    const marks = await page.locator('[role="option"][data-uid] .visually-hidden').allInnerTexts();
    expect(marks).toEqual(['Unread', 'Unread', 'Unread', 'Unread', 'Unread']);
  });

  it('refuses a drop of messages picked up before the renumbering', async () => {
    const { page } = await stage.openApp(browser);
    await openFolder(page, 'Renumbered');
    const before = await whereIs(stage.server, USER.name, ['Renumbered', 'Trash']);
    const picked = await messageRow(page, { subject: subjectOf('r2') }).getAttribute('data-uid');

    // The drag starts now; the folder is renumbered and the app reconnects before the drop.
    const dataTransfer = await page.evaluateHandle(() => new DataTransfer());
    await messageRow(page, { subject: subjectOf('r2') }).dispatchEvent('dragstart', { dataTransfer });
    await stage.server.resetUidValidity(USER.name, 'Renumbered', { order: 'reversed' });
    const reconnected = waitForReconnect(page);
    await stage.server.restart();
    await reconnected;
    // The stale UID of r2 now names r4.
    await expect
      .poll(() => messageRow(page, { subject: subjectOf('r4') }).getAttribute('data-uid'))
      .toBe(picked);

    const trash = folderItem(page, 'Trash');
    for (const type of ['dragenter', 'dragover', 'drop']) await trash.dispatchEvent(type, { dataTransfer });
    await actionNotice(page).filter({ hasText: 'Renumbered changed on the server' }).waitFor();
    expect(await whereIs(stage.server, USER.name, ['Renumbered', 'Trash'])).toEqual(before);
  });
});

describe('the connection is cut right after a move is sent', () => {
  let stage: Stage;
  beforeAll(async () => {
    stage = await startStage({}, { Outbox: newestFirst('c', 3), Kept: [] });
  });
  afterEach(() => stage?.closeApps());
  afterAll(() => stage?.stop());

  /** Each message's copies across both folders, by key. */
  async function copies(): Promise<Record<string, number>> {
    const places = await whereIs(stage.server, USER.name, ['Outbox', 'Kept']);
    return Object.fromEntries(Object.entries(places).map(([key, where]) => [key, where.length]));
  }

  /** The app's list of Outbox, once resynchronized, is what the server has. */
  async function listMatchesServer(page: Page): Promise<void> {
    const server = (await snapshotFolder(stage.server, USER.name, 'Outbox')).map((m) => m.uid);
    await expect.poll(async () => (await shownUids(page)).sort((a, b) => a - b)).toEqual(server);
  }

  it('after the server moved it but the answer was lost: one copy, in the destination', async () => {
    const { page, tap } = await stage.openApp(browser);
    await openFolder(page, 'Outbox');
    await putCursorOn(page, { subject: subjectOf('c1') });
    const cut = tap.cutWhenAnswered(/^\S+ UID MOVE /);
    const reconnected = waitForReconnect(page);
    await moveWithMenu(page, 'Kept');
    await cut;
    await reconnected;

    expect(await whereIs(stage.server, USER.name, ['Outbox', 'Kept'])).toEqual({
      c1: ['Kept'],
      c2: ['Outbox'],
      c3: ['Outbox'],
    });
    await listMatchesServer(page);
  });

  it('before the move reached the server: one copy, in the source', async () => {
    const { page, tap } = await stage.openApp(browser);
    await openFolder(page, 'Outbox');
    await putCursorOn(page, { subject: subjectOf('c2') });
    const held = tap.hold(/^\S+ UID MOVE /);
    const reconnected = waitForReconnect(page);
    await moveWithMenu(page, 'Kept');
    (await held).cut();
    await reconnected;

    expect(await whereIs(stage.server, USER.name, ['Outbox', 'Kept'])).toEqual({
      c1: ['Kept'],
      c2: ['Outbox'],
      c3: ['Outbox'],
    });
    await listMatchesServer(page);
  });

  it('when Dovecot restarts as the move goes out: one copy, wherever the server left it', async () => {
    const { page, tap } = await stage.openApp(browser);
    await openFolder(page, 'Outbox');
    await putCursorOn(page, { subject: subjectOf('c3') });
    let restarted: Promise<void> | undefined;
    tap.afterSend(/^\S+ UID MOVE /, () => (restarted = stage.server.restart()));
    const reconnected = waitForReconnect(page);
    await moveWithMenu(page, 'Kept');
    await reconnected;
    await restarted;

    expect(await copies()).toEqual({ c1: 1, c2: 1, c3: 1 });
    await listMatchesServer(page);
  });
});
