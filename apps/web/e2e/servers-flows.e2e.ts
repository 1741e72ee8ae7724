// Every server, every layout (issue 13): the same flows in Chromium against Dovecot as configured for the app
// ('full': SPECIAL-USE, LIST-STATUS, NOTIFY, SORT, ESEARCH, CONDSTORE...) and in the testbed's Courier layout
// (INBOX. with '.', Отправленные and 已删除) and Cyrus layout (INBOX/, Sent Items, Deleted Items, Спам, 草稿),
// which advertise none of those extensions. In each: the special folders are known and first, Sent lists
// recipients, special folders cannot be deleted, the Inbox has its unread count, Delete moves to the Trash and
// asks before erasing anything inside it, Junk moves there and back, Empty asks and empties exactly what was
// listed, notices name folders without the personal prefix, search finds Chinese and Russian mail, and new
// mail arrives. What the app did is checked from a third session (support/organize.ts).
/// <reference lib="dom" />
import { RawImap, encodeMailboxName, quoted } from '@webmail/testbed';
import type { CorpusMessage, DovecotServer } from '@webmail/testbed';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  actionNotice,
  mailFrame,
  messageRow,
  openFolder,
  openMessage,
  putCursorOn,
  signIn,
} from './support/app.ts';
import { composer } from './support/compose.ts';
import {
  chooseFromToolbarMenu,
  dialog,
  listToolbar,
  listedUids,
  plainMessage,
  rowAt,
  serverFlags,
  serverMessageIds,
} from './support/organize.ts';
import {
  corpusById,
  corpusMessage,
  corpusMessages,
  corpusUnread,
  folderMenuItems,
  treeItemText,
  treeLabels,
  useLayoutMailbox,
} from './support/servers.ts';
import type { LayoutMailbox } from './support/servers.ts';
import { useFileChromium } from './support/file-chromium.ts';

// One Chromium for the file's ten mailboxes, each in contexts of its own.
const chromium = useFileChromium();

describe.each(['full', 'courier', 'cyrus'] as const)('the %s layout', (variant) => {
  let mailbox: LayoutMailbox;
  let page: Page;

  useLayoutMailbox({ variant, browser: chromium }, (started) => {
    mailbox = started;
    page = started.page;
  });

  const where = (id: string) => corpusMessage(id);
  /** The folders (in this layout's names) that hold the message with `messageId` now, each with its flags. */
  async function placesOf(messageId: string, folders: readonly string[]): Promise<string[]> {
    const places: string[] = [];
    for (const folder of folders) {
      const flags = await serverFlags(mailbox, mailbox.folder(folder), messageId);
      if (flags !== null) places.push([folder, ...flags.filter((f) => f !== '\\Seen')].join(' '));
    }
    return places;
  }

  it('shows the special folders first, by their roles, and every other folder beside Inbox', async () => {
    expect(await treeLabels(page)).toEqual([
      '1:Inbox',
      '1:Drafts',
      '1:Sent',
      '1:Junk',
      '1:Trash',
      '1:Archive',
      '1:Big',
      '1:Lists',
      '2:announce',
      '2:dovecot',
      '1:Работа',
      '1:工作',
      '2:项目',
    ]);
  });

  it('has the unread count of the Inbox and of the other folders after sign-in', async () => {
    await expect
      .poll(() => treeItemText(page, 'Inbox'))
      .toContain(`${corpusUnread('INBOX')} unread messages`);
    expect(await treeItemText(page, '项目')).toContain(`${corpusUnread('工作/项目')} unread message`);
    expect(await treeItemText(page, 'Junk')).toContain(`${corpusUnread('Junk')} unread messages`);
  });

  it('lists the recipients in Sent and Drafts, the sender elsewhere', async () => {
    await openFolder(page, 'Sent');
    const sentRow = messageRow(page, { subject: where('sent-russian').subject });
    await expect(sentRow.locator('.who').innerText()).resolves.toMatch(/^To: /);
    await openFolder(page, 'Drafts');
    await expect(rowAt(page, 1).locator('.who').innerText()).resolves.toMatch(/^To: /);
    await openFolder(page, 'Работа');
    await expect(rowAt(page, 1).locator('.who').innerText()).resolves.not.toMatch(/^To: /);
  });

  it('offers no Delete for Inbox and the special folders, and does for the user’s own', async () => {
    for (const label of ['Inbox', 'Drafts', 'Sent', 'Junk', 'Trash', 'Archive']) {
      expect(await folderMenuItems(page, label), label).not.toContain('Delete');
    }
    expect(await folderMenuItems(page, 'Работа')).toContain('Delete');
  });

  it('moves to a folder and names it without the personal prefix', async () => {
    const message = where('big5-traditional');
    await openFolder(page, '工作');
    await putCursorOn(page, { subject: message.subject });
    await chooseFromToolbarMenu(page, 'Move to…', /^项目/);
    await actionNotice(page).filter({ hasText: '1 message moved to 工作/项目.' }).waitFor();
    expect(await placesOf(message.messageId, ['工作', '工作/项目'])).toEqual(['工作/项目']);
  });

  it('deletes to the Trash; inside it Delete asks, Cancel erases nothing, and only the confirmation does', async () => {
    const message = where('flowed-text');
    await openFolder(page, 'Inbox');
    await putCursorOn(page, { subject: message.subject });
    await page.keyboard.press('Delete');
    await actionNotice(page).filter({ hasText: '1 message moved to Trash.' }).waitFor();
    expect(await placesOf(message.messageId, ['INBOX', 'Trash'])).toEqual(['Trash']);

    await openFolder(page, 'Trash');
    const before = await serverMessageIds(mailbox, mailbox.folder('Trash'));
    await putCursorOn(page, { subject: message.subject });
    await page.keyboard.press('Delete');
    const asked = dialog(page, 'Delete permanently?');
    await asked.waitFor();
    await asked.getByRole('button', { name: 'Cancel' }).click();
    await asked.waitFor({ state: 'detached' });
    expect(await serverMessageIds(mailbox, mailbox.folder('Trash'))).toEqual(before);

    await listToolbar(page).getByRole('button', { name: 'Delete permanently' }).click();
    await dialog(page, 'Delete permanently?').getByRole('button', { name: 'Delete permanently' }).click();
    await actionNotice(page).filter({ hasText: '1 message deleted for good.' }).waitFor();
    // Exactly that one: the corpus's message already marked \Deleted in Trash is still there (no bare EXPUNGE).
    expect(await serverMessageIds(mailbox, mailbox.folder('Trash'))).toEqual(
      before.filter((id) => id !== message.messageId),
    );
  });

  it('moves junk to Junk; inside Junk offers Not junk, which moves it back to the Inbox', async () => {
    const message = where('today-standup');
    await openFolder(page, 'Inbox');
    await putCursorOn(page, { subject: message.subject });
    await chooseFromToolbarMenu(page, 'Junk', 'Move to Junk');
    await actionNotice(page).filter({ hasText: '1 message moved to Junk.' }).waitFor();
    expect(await placesOf(message.messageId, ['INBOX', 'Junk'])).toEqual(['Junk $Junk']);

    await openFolder(page, 'Junk');
    await putCursorOn(page, { subject: message.subject });
    await listToolbar(page).getByRole('button', { name: 'Junk', exact: true }).click();
    const menu = listToolbar(page).getByRole('menu', { name: 'Junk' });
    const items = await menu.getByRole('menuitem').allInnerTexts();
    expect(items.map((item) => item.trim())).toEqual(['Not junk: move to Inbox', 'Not junk', 'Mark as junk']);
    await menu.getByRole('menuitem', { name: 'Not junk: move to Inbox' }).click();
    await actionNotice(page).filter({ hasText: '1 message moved to Inbox.' }).waitFor();
    expect(await placesOf(message.messageId, ['INBOX', 'Junk'])).toEqual(['INBOX $NotJunk']);
  });

  it('empties Junk after asking, removing exactly the messages listed', async () => {
    await openFolder(page, 'Junk');
    const listed = await listedUids(page);
    expect(listed).toHaveLength(4);
    await listToolbar(page).getByRole('button', { name: 'Empty Junk' }).click();
    const asked = dialog(page, 'Empty Junk?');
    await expect(asked.innerText()).resolves.toContain(
      'The 4 messages listed in Junk will be deleted for good.',
    );
    await asked.getByRole('button', { name: 'Empty Junk' }).click();
    await actionNotice(page).filter({ hasText: 'Junk is empty: 4 messages deleted for good.' }).waitFor();
    expect(await serverMessageIds(mailbox, mailbox.folder('Junk'))).toEqual([]);
  });

  it('finds a Chinese word in the Inbox and a Russian one in Работа', async () => {
    const searchBox = page.getByRole('search').getByRole('searchbox', { name: 'Search' });
    const status = page.getByRole('search').getByRole('status');
    await openFolder(page, 'Inbox');
    await searchBox.fill('预算');
    await searchBox.press('Enter');
    await expect.poll(() => status.innerText()).toBe('2 messages found');
    await expect.poll(async () => (await listedUids(page)).sort((a, b) => a - b)).toEqual([8, 34]);
    await searchBox.press('Escape');

    await openFolder(page, 'Работа');
    await searchBox.fill('отчёт');
    await searchBox.press('Enter');
    await expect.poll(() => status.innerText()).toBe('3 messages found');
    // Newest first, by date, with or without SORT.
    await expect.poll(() => listedUids(page)).toEqual([5, 2, 1]);
    await searchBox.press('Escape');
  });

  // Read corpus messages in every charset family, each in its folder as this layout lays it out (opening
  // them changes no flag): what reader.e2e.ts checks on the default testbed.
  it.each([
    ['Inbox', 'koi8r-b-subject'],
    ['Inbox', 'gbk-b-subject'],
    ['Inbox', 'iso2022jp-subject'],
    ['Sent', 'sent-russian'],
    ['Archive', 'shift-jis-invoice'],
    ['Работа', 'cp1251-html-report'],
    ['项目', 'gbk-attachments-project'],
  ])('reads in %s the corpus message %s: subject, sender and text', async (label, id) => {
    const message = corpusById(id);
    await openFolder(page, label);
    await readsAsExpected(page, message);
  });

  it('shows mail delivered to the open Inbox at the top, and counts it as unread', async () => {
    await openFolder(page, 'Inbox');
    const before = Number(/(\d+) unread/.exec(await treeItemText(page, 'Inbox'))?.[1] ?? 0);
    const subject = `New mail in the ${variant} layout`;
    await mailbox.server.deliver(
      mailbox.user.name,
      'INBOX',
      plainMessage(subject, `<new-${variant}@elsewhere.example>`),
    );
    await rowAt(page, 1).locator('.subject').getByText(subject, { exact: true }).waitFor();
    await expect
      .poll(() => treeItemText(page, 'Inbox'), { timeout: 10_000 })
      .toContain(`${before + 1} unread messages`);
  });
});

// The whole corpus read on one of the layouts without extensions (issue 13: "the corpus's reading tests on one
// of them"), each message in its folder as that layout lays it out, on a mailbox of its own (the flows above
// move and erase corpus messages).
describe('the corpus in the courier layout', () => {
  let page: Page;

  useLayoutMailbox({ variant: 'courier', browser: chromium }, (started) => {
    page = started.page;
  });

  it.each(corpusMessages().map((m) => [m.id, m] as const))(
    'reads %s in its folder: subject, sender and text',
    async (_id, message) => {
      await openFolder(page, folderLabel(message.folder));
      if (message.folder === 'Drafts') {
        // A draft opens in the composer, to be continued (issue 11).
        await messageRow(page, { uid: message.uid }).click();
        const window = composer(page);
        await window.waitFor();
        try {
          expect(await window.getByLabel('Subject').inputValue()).toBe(message.expect.subject);
          const editor = window.getByRole('textbox', { name: 'Message text' });
          for (const snippet of message.expect.textIncludes ?? []) {
            // The rich editor's text, or the plain-text mode's textarea value (a text/plain draft).
            await expect
              .poll(() =>
                editor.evaluate((element) =>
                  element instanceof HTMLTextAreaElement ? element.value : (element as HTMLElement).innerText,
                ),
              )
              .toContain(snippet);
          }
        } finally {
          await window.getByRole('button', { name: 'Save and close' }).click();
          await window.waitFor({ state: 'detached' });
        }
        return;
      }
      await readsAsExpected(page, message);
    },
  );
});

// Without NOTIFY and LIST-STATUS (the Courier and Cyrus-style layouts), the other folders' counts come from the poll the
// app runs once a minute (workspace.svelte.ts): Chromium's clock is moved on a minute instead of waiting one.
describe.each(['courier', 'cyrus'] as const)('counts without NOTIFY in the %s layout', (variant) => {
  let mailbox: LayoutMailbox;

  useLayoutMailbox({ variant, browser: chromium }, (started) => {
    mailbox = started;
  });

  it("updates another folder's unread count by the minute's poll", async () => {
    const context = await mailbox.browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      await page.clock.install();
      await signIn(page, mailbox.appUrl, mailbox.user);
      const unread = async (): Promise<number> =>
        Number(/(\d+) unread/.exec(await treeItemText(page, 'Работа'))?.[1] ?? 0);
      await expect.poll(unread).toBe(corpusUnread('Работа'));
      await mailbox.server.deliver(
        mailbox.user.name,
        mailbox.folder('Работа'),
        plainMessage('Counted by the poll', `<poll-${variant}@elsewhere.example>`),
      );
      // A minute on, as often as it takes the app to have set its poll up (it does once the tree is shown).
      await expect
        .poll(
          async () => {
            await page.clock.fastForward('01:05');
            return unread();
          },
          { timeout: 20_000 },
        )
        .toBe(corpusUnread('Работа') + 1);
    } finally {
      await context.close();
    }
  });
});

// A layout whose Trash is gone (deleted by another client before sign-in, on a server that does not create it
// again at login): Delete creates one, and says so.
describe.each(['courier', 'cyrus'] as const)('Delete without a Trash folder in the %s layout', (variant) => {
  let mailbox: LayoutMailbox;
  let page: Page;

  useLayoutMailbox(
    {
      variant,
      browser: chromium,
      autoCreateSpecial: false,
      beforeSignIn: (server) => asTheUser(server, [deleteTrash(server)]),
    },
    (started) => {
      mailbox = started;
      page = started.page;
    },
  );

  it('creates the Trash under the personal prefix, moves the message there and says the folder is new', async () => {
    const message = corpusById('koi8r-b-subject');
    await openFolder(page, 'Inbox');
    await putCursorOn(page, { uid: message.uid });
    await page.keyboard.press('Delete');
    await actionNotice(page)
      .filter({ hasText: '1 message moved to Trash, a folder created just now because there was none.' })
      .waitFor();
    expect(await serverMessageIds(mailbox, `INBOX${variant === 'courier' ? '.' : '/'}Trash`)).toEqual([
      message.expect.messageId,
    ]);
    expect(await treeLabels(page)).toContain('1:Trash');
  });
});

// The same, on a server whose policy lets the user create no folder (Dovecot's ACL: the user's own right 'k'
// taken away, as an administrator would): nothing is erased before the user has read why and confirmed.
describe.each(['courier', 'cyrus'] as const)(
  'Delete where no Trash can be created, in the %s layout',
  (variant) => {
    let mailbox: LayoutMailbox;
    let page: Page;

    useLayoutMailbox(
      {
        variant,
        browser: chromium,
        autoCreateSpecial: false,
        acl: true,
        // Every right but 'k' (create): folders without rights of their own, the namespace's root included,
        // have the Inbox's (acl_defaults_from_inbox).
        beforeSignIn: (server) =>
          asTheUser(server, [
            deleteTrash(server),
            `SETACL INBOX ${quoted(server.users[0]!.name)} lrwstipexa`,
          ]),
      },
      (started) => {
        mailbox = started;
        page = started.page;
      },
    );

    it('asks with the server’s reason; Keep erases nothing, and only Delete for good erases, that one message', async () => {
      const message = corpusById('koi8r-b-subject');
      await openFolder(page, 'Inbox');
      const before = await serverMessageIds(mailbox, 'INBOX');
      expect(before).toContain(message.expect.messageId);
      await putCursorOn(page, { uid: message.uid });
      await page.keyboard.press('Delete');
      const asked = dialog(page, 'No Trash folder');
      await asked.waitFor();
      await expect(asked.textContent()).resolves.toMatch(/none could be created \(.*Permission denied.*\)/);
      await asked.getByRole('button', { name: 'Keep' }).click();
      await asked.waitFor({ state: 'detached' });
      expect(await serverMessageIds(mailbox, 'INBOX')).toEqual(before);

      await putCursorOn(page, { uid: message.uid });
      await page.keyboard.press('Delete');
      await dialog(page, 'No Trash folder').getByRole('button', { name: 'Delete for good' }).click();
      await actionNotice(page).filter({ hasText: '1 message deleted for good.' }).waitFor();
      expect(await serverMessageIds(mailbox, 'INBOX')).toEqual(
        before.filter((id) => id !== message.expect.messageId),
      );
      expect(await treeLabels(page)).not.toContain('1:Trash');
    });
  },
);

/** Runs `commands` as the suite's user on a session of its own (another client, before the app signs in). */
async function asTheUser(server: DovecotServer, commands: readonly string[]): Promise<void> {
  const user = server.users[0]!;
  const imap = await RawImap.connect({ port: server.imapPort });
  await imap.ok(`LOGIN ${quoted(user.name)} ${quoted(user.password)}`);
  for (const command of commands) await imap.ok(command);
  await imap.ok('LOGOUT').catch(() => undefined);
  imap.close();
}

/** DELETE of the layout's Trash, as another client would do it. */
function deleteTrash(server: DovecotServer): string {
  return `DELETE ${quoted(encodeMailboxName(server.folderName('Trash')))}`;
}

/** The tree's label of a corpus folder: its role's name, else the last part of its path. */
function folderLabel(folder: string): string {
  const roles: Record<string, string> = { INBOX: 'Inbox' };
  return roles[folder] ?? folder.split('/').pop() ?? folder;
}

/** Opens corpus `message` of the open folder in the reader: its subject, sender and text are what the corpus expects. */
async function readsAsExpected(page: Page, message: CorpusMessage): Promise<void> {
  await openMessage(page, { uid: message.uid });
  await expect(page.locator('.message-header h2').textContent()).resolves.toBe(message.expect.subject);
  const from = await page.locator('[data-testid="reader-from"]').innerText();
  if (message.expect.from) expect(from).toContain(message.expect.from);
  if (message.expect.fromName) expect(from).toContain(message.expect.fromName);
  const text = await bodyText(page);
  for (const snippet of message.expect.textIncludes ?? []) expect(text).toContain(snippet);
}

/** The open message's text: of its mail frames when it has any, else of its text body. */
async function bodyText(page: Page): Promise<string> {
  const frames = await page.locator('iframe.mail-frame').count();
  if (frames === 0) return page.locator('[data-testid="text-body"]').innerText();
  const texts: string[] = [];
  for (let index = 0; index < frames; index++) {
    texts.push(await (await mailFrame(page, index)).locator('body').innerText());
  }
  return texts.join('\n');
}
