// Managing folders with Cyrillic and Chinese names in the real app: create one at the top and one inside 工作,
// rename the first, move the second (with a message in it) under the first with a new name, delete both, each
// after its dialog. After every step another session's LIST shows the names in modified UTF-7 (RFC 3501
// 5.1.3) and the tree shows them decoded, at the right level.
// The suite runs on a Dovecot of its own (support/organize.ts): the other suites list every folder.
import { appendMessage, encodeMailboxName } from '@webmail/testbed';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { messageRow, openFolder } from './support/app.ts';
import {
  dialog,
  folderItem,
  plainMessage,
  serverFolder,
  serverMailboxNames,
  useOwnMailbox,
  treePaths,
  type OwnMailbox,
} from './support/organize.ts';

describe('managing folders in the app', () => {
  let mailbox: OwnMailbox;
  let page: Page;

  useOwnMailbox((started) => {
    mailbox = started;
    page = started.page;
  });

  const onServer = () => serverMailboxNames(mailbox);

  /** Opens the menu of the folder at `path` from its "Actions for …" button and chooses `action`. */
  async function folderAction(path: string, label: string, action: string): Promise<void> {
    await folderItem(page, path)
      .getByRole('button', { name: `Actions for ${label}` })
      .click();
    await page
      .getByRole('menu', { name: `Actions for ${label}` })
      .getByRole('menuitem', { name: action })
      .click();
  }

  /** Expands the folder at `path` in the tree when it is collapsed, from the keyboard. */
  async function expand(path: string): Promise<void> {
    const item = folderItem(page, path);
    if ((await item.getAttribute('aria-expanded')) !== 'false') return;
    await item.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => item.getAttribute('aria-expanded')).toBe('true');
  }

  it('creates a Cyrillic folder at the top level', async () => {
    await page.getByRole('button', { name: 'New folder' }).click();
    const create = dialog(page, 'New folder');
    await create.getByRole('textbox', { name: 'Name' }).fill('Проекты');
    await create.getByRole('button', { name: 'Create' }).click();
    await create.waitFor({ state: 'detached' });

    await expect.poll(onServer).toContain('&BB8EQAQ+BDUEOgRCBEs-');
    expect(encodeMailboxName('Проекты')).toBe('&BB8EQAQ+BDUEOgRCBEs-');
    await folderItem(page, 'Проекты').waitFor();
    expect(await treePaths(page)).toContain('1:Проекты');

    await openFolder(page, 'Проекты');
    await page.getByRole('status').getByText('This folder is empty.').waitFor();
  });

  it('creates a Chinese folder inside 工作 from its menu', async () => {
    await folderAction('工作', '工作', 'New subfolder');
    const create = dialog(page, 'New folder in 工作');
    await create.getByRole('textbox', { name: 'Name' }).fill('报告');
    await create.getByRole('button', { name: 'Create' }).click();
    await create.waitFor({ state: 'detached' });

    await expect.poll(onServer).toContain('&XeVPXA-/&YqVUSg-');
    expect(encodeMailboxName('工作/报告')).toBe('&XeVPXA-/&YqVUSg-');
    await expand('工作');
    await folderItem(page, '工作/报告').waitFor();
    const tree = await treePaths(page);
    expect(tree).toContain('2:工作/报告');
    expect(tree.indexOf('2:工作/报告')).toBeGreaterThan(tree.indexOf('1:工作'));
  });

  it('renames the open Cyrillic folder and keeps it open under its new name', async () => {
    await folderAction('Проекты', 'Проекты', 'Rename or move');
    const rename = dialog(page, 'Rename or move Проекты');
    const name = rename.getByRole('textbox', { name: 'Name' });
    await expect(name.inputValue()).resolves.toBe('Проекты');
    await name.fill('Отчёты');
    await rename.getByRole('button', { name: 'Save' }).click();
    await rename.waitFor({ state: 'detached' });

    await expect.poll(onServer).toContain('&BB4EQgRHBFEEQgRL-');
    const names = await onServer();
    expect(names).not.toContain('&BB8EQAQ+BDUEOgRCBEs-');
    await folderItem(page, 'Отчёты').waitFor();
    await expect(folderItem(page, 'Проекты').count()).resolves.toBe(0);
    await expect.poll(() => page.locator('#message-pane-heading').textContent()).toBe('Отчёты');
    await expect(folderItem(page, 'Отчёты').getAttribute('aria-selected')).resolves.toBe('true');
  });

  it('moves 工作/报告 with its message under Отчёты with a new name', async () => {
    const messageId = '<filed-in-baogao@elsewhere.example>';
    await appendMessage(
      mailbox.server,
      mailbox.user.name,
      '工作/报告',
      plainMessage('Quarterly report draft', messageId),
    );

    await folderAction('工作/报告', '报告', 'Rename or move');
    const rename = dialog(page, 'Rename or move 工作/报告');
    await rename.getByRole('combobox', { name: 'Put it in' }).selectOption('Отчёты');
    await rename.getByRole('textbox', { name: 'Name' }).fill('季度报告');
    await rename.getByRole('button', { name: 'Save' }).click();
    await rename.waitFor({ state: 'detached' });

    const moved = '&BB4EQgRHBFEEQgRL-/&W2NepmKlVEo-';
    expect(encodeMailboxName('Отчёты/季度报告')).toBe(moved);
    await expect.poll(onServer).toContain(moved);
    expect(await onServer()).not.toContain('&XeVPXA-/&YqVUSg-');
    expect((await serverFolder(mailbox, 'Отчёты/季度报告')).map((m) => m.messageId)).toEqual([messageId]);

    await expect.poll(() => folderItem(page, '工作/报告').count()).toBe(0);
    await expand('Отчёты');
    await folderItem(page, 'Отчёты/季度报告').waitFor();
    const tree = await treePaths(page);
    expect(tree.indexOf('2:Отчёты/季度报告')).toBe(tree.indexOf('1:Отчёты') + 1);

    await openFolder(page, '季度报告');
    await messageRow(page, { subject: 'Quarterly report draft' }).waitFor();
  });

  it('deletes the Chinese folder and then the Cyrillic one, each after its confirmation', async () => {
    await folderAction('Отчёты/季度报告', '季度报告', 'Delete');
    const confirmChild = dialog(page, 'Delete Отчёты/季度报告?');
    await expect(confirmChild.innerText()).resolves.toContain(
      'The folder and its 1 message are deleted for good.',
    );
    await confirmChild.getByRole('button', { name: 'Delete folder' }).click();
    await confirmChild.waitFor({ state: 'detached' });
    await expect.poll(onServer).not.toContain('&BB4EQgRHBFEEQgRL-/&W2NepmKlVEo-');
    await expect.poll(() => folderItem(page, 'Отчёты/季度报告').count()).toBe(0);
    // The open folder is gone: the Inbox is opened instead.
    await expect.poll(() => page.locator('#message-pane-heading').textContent()).toBe('Inbox');

    await folderAction('Отчёты', 'Отчёты', 'Delete');
    const confirmParent = dialog(page, 'Delete Отчёты?');
    await confirmParent.getByRole('button', { name: 'Delete folder' }).click();
    await confirmParent.waitFor({ state: 'detached' });
    await expect.poll(onServer).not.toContain('&BB4EQgRHBFEEQgRL-');
    await expect.poll(() => folderItem(page, 'Отчёты').count()).toBe(0);

    // Only the corpus's own folders are left, on the server and in the tree.
    expect(await onServer()).toEqual(
      [
        'Archive',
        'Big',
        'Drafts',
        'INBOX',
        'Junk',
        'Lists',
        'Lists/announce',
        'Lists/dovecot',
        'Sent',
        'Trash',
        '&BCAEMAQxBD4EQgQw-',
        '&XeVPXA-',
        '&XeVPXA-/&mHl27g-',
      ].sort(),
    );
    expect((await treePaths(page)).filter((path) => /Отчёты|Проекты|报告/.test(path))).toEqual([]);
  });
});
