// Shared folders (issue 13, "Names"): what another user shares shows as a section of its own in the tree,
// after the user's own folders, and opens like any folder; the section and the sharing user's level are not
// folders of the user's (no folder menu). Dovecot's shared namespace ("shared/", testbed README "The shared
// namespace"): demo, who has the corpus, shares Работа and 工作/项目 with bob, who signs in. Bob has not subscribed
// to them, so they show with "Show unsubscribed folders", as any folder he has not subscribed to.
import { describe, expect, it } from 'vitest';
import { openFolder } from './support/app.ts';
import { listedUids, plainMessage } from './support/organize.ts';
import { corpusUnread, treeItem, treeItemText, treeLabels, useLayoutMailbox } from './support/servers.ts';
import type { LayoutMailbox } from './support/servers.ts';
import { useFileChromium } from './support/file-chromium.ts';
import { buildCorpus, DEMO_USER } from '@webmail/testbed';

const BOB = { name: 'bob', password: 'bob-password' };
const corpus = buildCorpus();
// One Chromium for both suites, each in contexts of its own.
const chromium = useFileChromium();

describe('folders another user shares', () => {
  let mailbox: LayoutMailbox;

  useLayoutMailbox(
    {
      browser: chromium,
      users: [DEMO_USER, BOB],
      shares: [
        { owner: DEMO_USER.name, folder: 'Работа', with: BOB.name },
        { owner: DEMO_USER.name, folder: '工作/项目', with: BOB.name },
      ],
      signInAs: BOB.name,
      beforeSignIn: (server) =>
        server.deliver(BOB.name, 'INBOX', plainMessage('Welcome, Bob', '<welcome-bob@elsewhere.example>')),
    },
    (started) => (mailbox = started),
  );

  it('show as a section after the user’s own folders once the user shows unsubscribed folders', async () => {
    const page = mailbox.page;
    const own = ['1:Inbox', '1:Drafts', '1:Sent', '1:Junk', '1:Trash', '1:Archive'];
    // Bob has not subscribed to them: like any unsubscribed folder, hidden until asked for.
    expect(await treeLabels(page)).toEqual(own);
    await page.getByRole('checkbox', { name: 'Show unsubscribed folders' }).check();
    await expect.poll(() => treeLabels(page)).not.toEqual(own);
    // Dovecot lists the shared 项目 without its unshared parent 工作, which the tree shows as a level of its own.
    expect(await treeLabels(page)).toEqual([
      ...own,
      '1:Other users',
      '2:demo',
      '3:Работа',
      '3:工作',
      '4:项目',
    ]);
  });

  it('open like the user’s own, with their messages and unread count', async () => {
    const page = mailbox.page;
    await openFolder(page, 'Работа');
    const uids = corpus.filter((m) => m.folder === 'Работа').map((m) => m.uid);
    expect((await listedUids(page)).sort((a, b) => a - b)).toEqual(uids.sort((a, b) => a - b));
    await expect
      .poll(() => treeItemText(page, 'Работа'))
      .toContain(`${corpusUnread('Работа')} unread message`);
  });

  it('offer no folder menu on the section, and neither Rename nor Delete on the sharing user’s root', async () => {
    const page = mailbox.page;
    // Not folders to open (aria-disabled): the right-clicks are forced, as a user's are not refused.
    await treeItem(page, 'Other users').click({ button: 'right', force: true });
    expect(await page.getByRole('menu').count()).toBe(0);
    // shared/demo is demo's Inbox (Dovecot's namespace root), not a folder of bob's to rename or delete.
    await treeItem(page, 'demo').click({ button: 'right', force: true });
    const menu = page.getByRole('menu', { name: 'Actions for demo' });
    expect((await menu.getByRole('menuitem').allInnerTexts()).map((item) => item.trim())).toEqual([
      'New subfolder',
    ]);
    await menu.press('Escape');
    await menu.waitFor({ state: 'detached' });
  });
});

// Cyrus's layout (issue 13, "Names": Cyrus shared folders): NAMESPACE (("INBOX/" "/")) (("user/" "/"))
// (("" "/")). What demo shares shows under "Other users" as user/demo/..., and the server's public folders,
// which have no prefix at all, under "Shared folders"; bob's own folders (under INBOX/) stay his.
describe('shared folders on a Cyrus-style server', () => {
  let mailbox: LayoutMailbox;
  const ANNOUNCEMENT = '=?UTF-8?B?0J7QsdGK0Y/QstC70LXQvdC40LU=?= 2026'; // "Объявление 2026"

  useLayoutMailbox(
    {
      variant: 'cyrus',
      browser: chromium,
      users: [DEMO_USER, BOB],
      shares: [{ owner: DEMO_USER.name, folder: 'Работа', with: BOB.name }],
      publicFolders: [
        {
          name: 'Объявления',
          messages: [
            `From: Admin <admin@webmail.test>\r\nTo: all@webmail.test\r\nSubject: ${ANNOUNCEMENT}\r\n` +
              'Message-ID: <announce-2026@webmail.test>\r\nDate: Mon, 03 Nov 2025 08:00:00 +0000\r\n' +
              'Content-Type: text/plain; charset=utf-8\r\n\r\nThe office is closed on Friday.\r\n',
          ],
        },
      ],
      signInAs: BOB.name,
      beforeSignIn: (server) =>
        server.deliver(
          BOB.name,
          'INBOX',
          plainMessage('Welcome, Bob', '<welcome-bob-cyrus@elsewhere.example>'),
        ),
    },
    (started) => (mailbox = started),
  );

  it('shows other users’ and the public folders as sections after the user’s own, and opens each', async () => {
    const page = mailbox.page;
    await page.getByRole('checkbox', { name: 'Show unsubscribed folders' }).check();
    await expect.poll(() => treeLabels(page)).toContain('3:Работа');
    const labels = await treeLabels(page);
    // Bob's own first (the special folders by their Cyrus names' roles), then the two sections.
    expect(labels.slice(0, 1)).toEqual(['1:Inbox']);
    const other = labels.indexOf('1:Other users');
    const shared = labels.indexOf('1:Shared folders');
    expect(other).toBeGreaterThan(0);
    expect(labels.slice(other, other + 3)).toEqual(['1:Other users', '2:demo', '3:Работа']);
    expect(labels.slice(shared, shared + 2)).toEqual(['1:Shared folders', '2:Объявления']);
    expect(labels.slice(0, Math.min(other, shared)).every((label) => !/Объявления|Работа/.test(label))).toBe(
      true,
    );

    await openFolder(page, 'Объявления');
    await expect.poll(() => listedUids(page)).toEqual([1]);
    await expect(
      page.locator('[role="listbox"] [role="option"][data-uid="1"]').innerText(),
    ).resolves.toContain('Объявление 2026');
    await openFolder(page, 'Работа');
    const uids = corpus.filter((m) => m.folder === 'Работа').map((m) => m.uid);
    await expect
      .poll(async () => (await listedUids(page)).sort((a, b) => a - b))
      .toEqual(uids.sort((a, b) => a - b));
  });
});
