// Data safety, part 1: the app and another client change the same folder at the same time. A real Dovecot of
// this file's own, the app in Chromium, the other client as a raw IMAP session, and every outcome read by a
// third session (whereIs: each message by its Message-ID, in which folders, with which flags).
// - another client expunges a message between the listing and the user's delete of "the third row";
// - a move on a server without MOVE and UIDPLUS, where someone else marked another message \Deleted;
// - flags set by the app and by the other client at the same moment.
// Each race is made to happen every time on the wire between the page and the proxy (WireTap): the app's
// command, or the server's news, is held back while the other client acts.
// page.evaluate() callbacks run in the browser, hence the DOM types.
/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './chromium.ts';
import { actionNotice, messageRow, openFolder, putCursorOn, shownUids } from './support/app.ts';
import { USER, newestFirst, otherClient, startStage, subjectOf, whereIs } from './support/third-party.ts';
import type { Stage, WireTap } from './support/third-party.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** The UID of the row the list's cursor is on. */
async function cursorUid(page: Page): Promise<number> {
  const id = await page.getByRole('listbox').getAttribute('aria-activedescendant');
  return Number(await page.locator(`[id="${id}"]`).getAttribute('data-uid'));
}

describe('another client expunges a message between the listing and the delete', () => {
  let stage: Stage;
  beforeAll(async () => {
    stage = await startStage({}, { ThirdA: newestFirst('a', 5), ThirdB: newestFirst('b', 5) });
  });
  afterEach(() => stage?.closeApps());
  afterAll(() => stage?.stop());

  /**
   * a1 is the newest message, so the list's rows are a1..a5 and UIDs 1..5 in the same order: the expunge of
   * a1 moves both the rows and the sequence numbers of everything after it.
   */
  it('deletes the third row the user saw when Delete comes before the app hears of the expunge', async () => {
    const { page, tap } = await stage.openApp(browser);
    await openFolder(page, 'ThirdA');
    const uids = ['a1', 'a2', 'a3', 'a4', 'a5'].map((key) => stage.uid(key));
    expect(await shownUids(page)).toEqual(uids);
    expect(await putCursorOn(page, { uid: uids[2] ?? 0 })).toBe(stage.uid('a3'));

    // The app hears nothing from the server until the user has pressed Delete.
    const replies = tap.holdReplies();
    const other = await otherClient(stage.server, USER.name, 'ThirdA');
    await other.ok(`UID STORE ${stage.uid('a1')} +FLAGS.SILENT (\\Deleted)`);
    await other.ok(`UID EXPUNGE ${stage.uid('a1')}`);
    other.close();
    await page.keyboard.press('Delete');
    // The row deleted leaves at once (issue 14); the one the other client expunged is not known to be gone yet.
    expect(await shownUids(page)).toEqual(uids.filter((uid) => uid !== stage.uid('a3')));
    replies.release();

    await actionNotice(page).filter({ hasText: '1 message moved to Trash.' }).waitFor();
    expect(await whereIs(stage.server, USER.name, ['ThirdA', 'Trash'])).toEqual({
      a2: ['ThirdA'],
      a3: ['Trash'],
      a4: ['ThirdA'],
      a5: ['ThirdA'],
    });
  });

  it('keeps the cursor on the third row the user saw once the expunge shows, and deletes that one', async () => {
    const { page } = await stage.openApp(browser);
    await openFolder(page, 'ThirdB');
    const uids = ['b1', 'b2', 'b3', 'b4', 'b5'].map((key) => stage.uid(key));
    expect(await shownUids(page)).toEqual(uids);
    await putCursorOn(page, { uid: uids[2] ?? 0 });

    const other = await otherClient(stage.server, USER.name, 'ThirdB');
    await other.ok(`UID STORE ${stage.uid('b1')} +FLAGS.SILENT (\\Deleted)`);
    await other.ok(`UID EXPUNGE ${stage.uid('b1')}`);
    other.close();
    await messageRow(page, { uid: stage.uid('b1') }).waitFor({ state: 'detached' });
    expect(await cursorUid(page)).toBe(stage.uid('b3'));
    await page.keyboard.press('Delete');

    await actionNotice(page).filter({ hasText: '1 message moved to Trash.' }).waitFor();
    const places = await whereIs(stage.server, USER.name, ['ThirdB', 'Trash']);
    expect(Object.fromEntries(Object.entries(places).filter(([key]) => key.startsWith('b')))).toEqual({
      b2: ['ThirdB'],
      b3: ['Trash'],
      b4: ['ThirdB'],
      b5: ['ThirdB'],
    });
  });
});

describe('a move on a server without MOVE and UIDPLUS', () => {
  let stage: Stage;
  beforeAll(async () => {
    stage = await startStage({ variant: 'no-move-uidplus' }, { Source: newestFirst('n', 4), Dest: [] });
  });
  afterEach(() => stage?.closeApps());
  afterAll(() => stage?.stop());

  it('copies and marks the message, says it stays until expunged, and spares what another client marked \\Deleted', async () => {
    const { page, tap } = await stage.openApp(browser);
    await openFolder(page, 'Source');
    // Marked and left: the other client never expunges (and never CLOSEs, which would).
    const other = await otherClient(stage.server, USER.name, 'Source');
    await other.ok(`UID STORE ${stage.uid('n2')} +FLAGS (\\Deleted)`);
    other.close();

    await putCursorOn(page, { subject: subjectOf('n3') });
    await page.getByRole('button', { name: /^Move to/ }).click();
    await page.getByRole('menuitem', { name: 'Dest' }).click();

    const notice = actionNotice(page);
    await notice.filter({ hasText: 'marked as deleted here' }).waitFor();
    expect(await notice.innerText()).toContain('it stays in this folder until it is compacted');
    expect(await whereIs(stage.server, USER.name, ['Source', 'Dest'])).toEqual({
      n1: ['Source'],
      n2: ['Source \\Deleted'],
      n3: ['Dest', 'Source \\Deleted'],
      n4: ['Source'],
    });
    // Nothing the app sent could have removed n2: no EXPUNGE of any kind, no CLOSE.
    expect(tap.hasSent(/^\S+ (UID )?EXPUNGE\b/i)).toBe(false);
    expect(tap.hasSent(/^\S+ CLOSE\b/i)).toBe(false);
  });
});

/** What the row of `key` says about itself to a screen reader ("Unread", "Flagged, Labels: Work"). */
function rowMarks(page: Page, stage: Stage, key: string): Promise<string> {
  return messageRow(page, { uid: stage.uid(key) })
    .locator('.visually-hidden')
    .innerText();
}

describe('flags set by the app and another client at the same moment', () => {
  let stage: Stage;
  beforeAll(async () => {
    stage = await startStage({}, { Flags: newestFirst('f', 3) });
  });
  afterEach(() => stage?.closeApps());
  afterAll(() => stage?.stop());

  /** Holds the app's UID STORE on the wire while the other client stores `flags` on the same message. */
  async function concurrently(page: Page, tap: WireTap, key: string, appKey: string, flags: string) {
    await putCursorOn(page, { subject: subjectOf(key) });
    const held = tap.hold(/^\S+ UID STORE /);
    await page.keyboard.press(appKey);
    const store = await held;
    const other = await otherClient(stage.server, USER.name, 'Flags');
    await other.ok(`UID STORE ${stage.uid(key)} +FLAGS (${flags})`);
    other.close();
    store.release();
  }

  it('keeps the flag the app set and the \\Seen and keyword the other client set, and shows all three', async () => {
    const { page, tap } = await stage.openApp(browser);
    await openFolder(page, 'Flags');
    expect(await rowMarks(page, stage, 'f1')).toBe('Unread');
    await concurrently(page, tap, 'f1', 's', '\\Seen $Label2');

    await expect.poll(() => rowMarks(page, stage, 'f1')).toBe('Flagged, Labels: Work');
    expect(await whereIs(stage.server, USER.name, ['Flags'])).toMatchObject({
      f1: ['Flags \\Flagged \\Seen $Label2'],
      f3: ['Flags'],
    });
  });

  it('keeps \\Seen set by the app and the flag and keyword the other client set, and shows all three', async () => {
    const { page, tap } = await stage.openApp(browser);
    await openFolder(page, 'Flags');
    expect(await rowMarks(page, stage, 'f2')).toBe('Unread');
    await concurrently(page, tap, 'f2', 'u', '\\Flagged $Label1');

    await expect.poll(() => rowMarks(page, stage, 'f2')).toBe('Flagged, Labels: Important');
    expect(await whereIs(stage.server, USER.name, ['Flags'])).toMatchObject({
      f2: ['Flags \\Flagged \\Seen $Label1'],
      f3: ['Flags'],
    });
  });
});
