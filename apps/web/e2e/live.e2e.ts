// The mailbox kept live in the real app: mail delivered into the open folder (into the Maildir behind Dovecot's
// back, or APPENDed by another client) appears at the top with no user action; mail arriving in the Inbox
// while another folder is open shows as a count in the tab title; and when Dovecot restarts under the app, the
// banner says it is reconnecting, then the app works again (a flag reaches the server, new mail shows up).
// The suite runs on a Dovecot of its own (support/organize.ts): it adds mail and restarts the server.
import { appendMessage } from '@webmail/testbed';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { messageRow, openFolder, openMessage } from './support/app.ts';
import {
  corpusMessageId,
  listToolbar,
  plainMessage,
  rowAt,
  serverFlags,
  useOwnMailbox,
  type OwnMailbox,
} from './support/organize.ts';

describe('live updates in the app', () => {
  let mailbox: OwnMailbox;
  let page: Page;

  useOwnMailbox((started) => {
    mailbox = started;
    page = started.page;
  });

  /** Resolves once `subject` is the top row of the open folder's list. */
  async function waitForTopRow(subject: string): Promise<void> {
    await rowAt(page, 1).locator('.subject').getByText(subject, { exact: true }).waitFor();
  }

  it('shows a message delivered into the open folder at the top, with no user action', async () => {
    await openFolder(page, 'Inbox');
    const subject = 'Delivered while the Inbox is open';
    await mailbox.server.deliver(
      mailbox.user.name,
      'INBOX',
      plainMessage(subject, '<delivered-1@elsewhere.example>'),
    );
    await waitForTopRow(subject);
    await expect(rowAt(page, 1).locator('.visually-hidden').innerText()).resolves.toContain('Unread');
  });

  it('shows a message another client APPENDs to the open folder at the top', async () => {
    const subject = 'Appended by another client';
    const appended = await appendMessage(
      mailbox.server,
      mailbox.user.name,
      'INBOX',
      plainMessage(subject, '<appended-1@elsewhere.example>'),
    );
    await waitForTopRow(subject);
    await expect(rowAt(page, 1).getAttribute('data-uid')).resolves.toBe(String(appended.uid));
  });

  it('counts new Inbox mail in the tab title while another folder is open, until the Inbox is looked at', async () => {
    await openFolder(page, 'Archive');
    await expect.poll(() => page.title()).toBe('Archive – Webmail');

    await appendMessage(
      mailbox.server,
      mailbox.user.name,
      'INBOX',
      plainMessage('Arrived while Archive was open', '<appended-2@elsewhere.example>'),
    );
    await expect.poll(() => page.title()).toBe('(1) Archive – Webmail');

    await appendMessage(
      mailbox.server,
      mailbox.user.name,
      'INBOX',
      plainMessage('Arrived while Archive was open, too', '<appended-3@elsewhere.example>'),
    );
    await expect.poll(() => page.title()).toBe('(2) Archive – Webmail');

    await openFolder(page, 'Inbox');
    await expect.poll(() => page.title()).toMatch(/^Inbox \(\d+\) – Webmail$/);
    await waitForTopRow('Arrived while Archive was open, too');
  });

  it('says it is reconnecting when Dovecot restarts, then works again', async () => {
    await openFolder(page, 'Inbox');
    // 关于下周项目评审会议的安排: read, not flagged.
    const uid = 34;
    const messageId = corpusMessageId('INBOX', uid);
    await openMessage(page, { uid });

    await mailbox.server.restart();
    const banner = page.locator('[data-connection="reconnecting"]');
    await banner.waitFor();
    await expect(banner.innerText()).resolves.toMatch(/^Connection lost\. Reconnecting/);
    await page.locator('[data-connection="reconnected"]').getByText('Reconnected').waitFor();
    await expect(banner.count()).resolves.toBe(0);

    await listToolbar(page).getByRole('button', { name: 'Flag', exact: true }).click();
    await expect.poll(() => serverFlags(mailbox, 'INBOX', messageId)).toEqual(['\\Flagged', '\\Seen']);
    await expect
      .poll(() => messageRow(page, { uid }).locator('.visually-hidden').innerText())
      .toContain('Flagged');

    // The open folder is live again.
    const subject = 'Delivered after the reconnect';
    await mailbox.server.deliver(
      mailbox.user.name,
      'INBOX',
      plainMessage(subject, '<delivered-2@elsewhere.example>'),
    );
    await waitForTopRow(subject);
  });
});
