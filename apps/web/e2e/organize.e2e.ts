// Organizing mail in the real app, end to end through the proxy to Dovecot: flag and unflag, read and unread
// (toolbar, the row's own toggles, the U key), labels as keywords in modified UTF-7, a Ctrl/Shift-click
// selection dragged onto a folder and the move undone, Delete to Trash and "Empty Trash" of exactly what was
// listed. Every outcome is checked on the server from a session of its own.
// The suite runs on a Dovecot of its own (support/organize.ts): the other suites count on the shared corpus.
import { appendMessage, encodeMailboxName } from '@webmail/testbed';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { messageRow, openFolder, openMessage } from './support/app.ts';
import {
  chooseFromToolbarMenu,
  corpusCount,
  corpusMessageId,
  dialog,
  folderItem,
  listPane,
  listToolbar,
  listedUids,
  plainMessage,
  rowAt,
  rowState,
  serverFlags,
  serverFolder,
  serverMessageIds,
  useOwnMailbox,
  type OwnMailbox,
} from './support/organize.ts';

describe('organizing mail in the app', () => {
  let mailbox: OwnMailbox;
  let page: Page;

  useOwnMailbox((started) => {
    mailbox = started;
    page = started.page;
  });

  const inboxFlags = (uid: number) => serverFlags(mailbox, 'INBOX', corpusMessageId('INBOX', uid));

  it('flags and unflags a message from the toolbar and from the row, and the server keeps each change', async () => {
    // 关于下周项目评审会议的安排: read, not flagged.
    const uid = 34;
    const other = 33;
    await openFolder(page, 'Inbox');
    await openMessage(page, { uid });
    expect(await inboxFlags(uid)).toEqual(['\\Seen']);

    const flagButton = listToolbar(page).getByRole('button', { name: 'Flag', exact: true });
    await flagButton.click();
    await expect.poll(() => inboxFlags(uid)).toEqual(['\\Flagged', '\\Seen']);
    await expect.poll(() => rowState(messageRow(page, { uid }))).toContain('Flagged');
    await expect(
      listToolbar(page).getByRole('button', { name: 'Remove the flag' }).getAttribute('aria-pressed'),
    ).resolves.toBe('true');

    // The row's star: only that row, whatever is open or selected.
    await messageRow(page, { uid }).getByTitle('Remove the flag').click();
    await expect.poll(() => inboxFlags(uid)).toEqual(['\\Seen']);
    await expect.poll(() => rowState(messageRow(page, { uid }))).not.toContain('Flagged');

    await messageRow(page, { uid: other }).getByTitle('Flag', { exact: true }).click();
    await expect.poll(() => inboxFlags(other)).toEqual(['\\Flagged', '\\Seen']);
    await expect.poll(() => rowState(messageRow(page, { uid: other }))).toContain('Flagged');
    expect(await inboxFlags(uid)).toEqual(['\\Seen']);
    await messageRow(page, { uid: other }).getByTitle('Remove the flag').click();
    await expect.poll(() => inboxFlags(other)).toEqual(['\\Seen']);
  });

  it('marks a message unread and read again from the toolbar and with the U key', async () => {
    const uid = 34;
    await openFolder(page, 'Inbox');
    await openMessage(page, { uid });
    const row = messageRow(page, { uid });

    await listToolbar(page).getByRole('button', { name: 'Mark as unread' }).click();
    await expect.poll(() => inboxFlags(uid)).toEqual([]);
    await expect.poll(() => rowState(row)).toContain('Unread');

    await page.getByRole('listbox', { name: /^Messages in / }).focus();
    await page.keyboard.press('u');
    await expect.poll(() => inboxFlags(uid)).toEqual(['\\Seen']);
    await expect.poll(() => rowState(row)).not.toContain('Unread');

    await page.keyboard.press('u');
    await expect.poll(() => inboxFlags(uid)).toEqual([]);
    await expect.poll(() => rowState(row)).toContain('Unread');

    await listToolbar(page).getByRole('button', { name: 'Mark as read' }).click();
    await expect.poll(() => inboxFlags(uid)).toEqual(['\\Seen']);
    await expect.poll(() => rowState(row)).not.toContain('Unread');
  });

  it('creates a Russian and a Chinese label, shows them as chips, stores them as keywords, and removes them', async () => {
    const russian = { uid: 33, name: 'Важное', keyword: encodeMailboxName('Важное') };
    const chinese = { uid: 31, name: '紧急', keyword: encodeMailboxName('紧急') };
    await openFolder(page, 'Inbox');

    for (const label of [russian, chinese]) {
      await openMessage(page, { uid: label.uid });
      await chooseFromToolbarMenu(page, 'Labels', 'New label…');
      const prompt = dialog(page, 'New label');
      await prompt.getByRole('textbox', { name: 'Label name' }).fill(label.name);
      await prompt.getByRole('button', { name: 'Add label' }).click();
      await prompt.waitFor({ state: 'detached' });

      const row = messageRow(page, { uid: label.uid });
      await row.locator('.chip').getByText(label.name, { exact: true }).waitFor();
      await expect.poll(() => rowState(row)).toContain(`Labels: ${label.name}`);
      await expect.poll(() => inboxFlags(label.uid)).toContain(label.keyword);
    }
    // The keywords are the labels in modified UTF-7, as other clients (Thunderbird) write them.
    expect(russian.keyword).toBe('&BBIEMAQ2BD0EPgQ1-');
    expect(chinese.keyword).toBe('&fSdgJQ-');

    // Both labels are now offered for any message, checked where the message has them.
    await openMessage(page, { uid: russian.uid });
    await listToolbar(page).getByRole('button', { name: 'Labels' }).click();
    const menu = listToolbar(page).getByRole('menu', { name: 'Labels' });
    await expect(
      menu.getByRole('menuitemcheckbox', { name: russian.name }).getAttribute('aria-checked'),
    ).resolves.toBe('true');
    await expect(
      menu.getByRole('menuitemcheckbox', { name: chinese.name }).getAttribute('aria-checked'),
    ).resolves.toBe('false');
    await menu.getByRole('menuitemcheckbox', { name: russian.name }).click();
    await expect.poll(() => inboxFlags(russian.uid)).toEqual(['\\Seen']);
    await expect.poll(() => messageRow(page, { uid: russian.uid }).locator('.chip').count()).toBe(0);

    await openMessage(page, { uid: chinese.uid });
    await chooseFromToolbarMenu(page, 'Labels', chinese.name);
    await expect.poll(() => inboxFlags(chinese.uid)).toEqual(['\\Seen']);
    await expect.poll(() => rowState(messageRow(page, { uid: chinese.uid }))).not.toContain('Labels');
  });

  it('moves a Shift- and Ctrl-click selection by drag and drop onto a folder, and Undo brings it back', async () => {
    await openFolder(page, 'Inbox');
    // Click the 3rd row, Shift-click the 5th (3 to 5), Ctrl-click the 7th: four messages.
    await rowAt(page, 3).click();
    await rowAt(page, 5).click({ modifiers: ['Shift'] });
    await rowAt(page, 7).click({ modifiers: ['ControlOrMeta'] });
    const listed = await listedUids(page);
    const picked = [listed[2], listed[3], listed[4], listed[6]].map(Number);
    await expect.poll(() => listToolbar(page).innerText()).toContain('4 selected');
    for (const uid of listed.slice(0, 8)) {
      await expect(messageRow(page, { uid }).getAttribute('aria-selected')).resolves.toBe(
        String(picked.includes(uid)),
      );
    }
    const movedIds = picked.map((uid) => corpusMessageId('INBOX', uid)).sort();
    const archiveBefore = await serverMessageIds(mailbox, 'Archive');

    // A selected row carries the whole selection.
    await messageRow(page, { uid: picked[1] ?? 0 }).dragTo(folderItem(page, 'Archive'));
    const notice = listPane(page).getByRole('status').filter({ hasText: 'moved to Archive' });
    await expect.poll(() => notice.innerText()).toContain('4 messages moved to Archive.');
    await expect
      .poll(() => serverMessageIds(mailbox, 'Archive'))
      .toEqual([...archiveBefore, ...movedIds].sort());
    const inbox = await serverMessageIds(mailbox, 'INBOX');
    expect(inbox).toHaveLength(corpusCount('INBOX') - 4);
    for (const id of movedIds) expect(inbox).not.toContain(id);
    await expect.poll(() => listedUids(page)).not.toContain(picked[0]);
    for (const uid of picked) await expect(messageRow(page, { uid }).count()).resolves.toBe(0);

    await notice.getByRole('button', { name: 'Undo' }).click();
    await expect
      .poll(() => listPane(page).getByRole('status').filter({ hasText: 'moved back' }).innerText())
      .toMatch(/4 messages moved back to (INBOX|Inbox)\./);
    await expect.poll(() => serverMessageIds(mailbox, 'Archive')).toEqual(archiveBefore);
    await expect.poll(() => serverMessageIds(mailbox, 'INBOX')).toHaveLength(corpusCount('INBOX'));
    expect(await serverMessageIds(mailbox, 'INBOX')).toEqual(expect.arrayContaining(movedIds));
    // Back in the list, under the new UIDs the server gave them.
    await expect.poll(async () => (await listedUids(page)).length).toBeGreaterThanOrEqual(8);
    const back = await serverFolder(mailbox, 'INBOX');
    for (const id of movedIds) {
      const uid = back.find((m) => m.messageId === id)?.uid ?? 0;
      await messageRow(page, { uid }).waitFor();
    }
  });

  it('deletes to Trash with the Delete key, and "Empty Trash" removes exactly what was listed', async () => {
    // Re: [ext] Release 2.0 planning
    const uid = 29;
    const deletedId = corpusMessageId('INBOX', uid);
    await openFolder(page, 'Inbox');
    await openMessage(page, { uid });
    await page.keyboard.press('Delete');
    await expect
      .poll(() => listPane(page).getByRole('status').filter({ hasText: 'moved to Trash' }).innerText())
      .toContain('1 message moved to Trash.');
    await expect.poll(() => serverMessageIds(mailbox, 'INBOX')).not.toContain(deletedId);
    expect(await serverMessageIds(mailbox, 'Trash')).toContain(deletedId);
    await expect(messageRow(page, { uid }).count()).resolves.toBe(0);

    await openFolder(page, 'Trash');
    const listedInTrash = (await serverFolder(mailbox, 'Trash')).length;
    expect(listedInTrash).toBe(corpusCount('Trash') + 1);
    await expect.poll(async () => (await listedUids(page)).length).toBe(listedInTrash);

    await listToolbar(page).getByRole('button', { name: 'Empty Trash' }).click();
    const confirm = dialog(page, 'Empty Trash?');
    await expect(confirm.innerText()).resolves.toContain(
      `The ${listedInTrash} messages listed in Trash will be deleted for good.`,
    );
    // Another client puts a message in Trash while the question is open, and the app lists it.
    const arrivedId = '<arrived-while-confirming@elsewhere.example>';
    const arrived = await appendMessage(
      mailbox.server,
      mailbox.user.name,
      'Trash',
      plainMessage('Deleted elsewhere while Trash was being emptied', arrivedId),
    );
    await messageRow(page, { uid: arrived.uid }).waitFor({ state: 'attached' });

    await confirm.getByRole('button', { name: 'Empty Trash' }).click();
    await confirm.waitFor({ state: 'detached' });
    const done = listPane(page).getByRole('status').filter({ hasText: 'deleted for good' });
    await done.waitFor();
    // What the question named is gone; what arrived while it was open is still there.
    expect(await serverMessageIds(mailbox, 'Trash')).toEqual([arrivedId]);
    expect(await done.innerText()).toBe(`Trash is empty: ${listedInTrash} messages deleted for good.`);
    await expect.poll(() => listedUids(page)).toEqual([arrived.uid]);
  });
});
