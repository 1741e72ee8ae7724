// Issue 17 for the composer: a message being written has an address. A reload comes back to the same composer
// with the same text, continued from its copy in Drafts (by UID under that UIDVALIDITY), never a second copy;
// Back puts the composer away (saved first) and Forward brings it back; a reply's address reloads to the reply,
// In-Reply-To kept. Chromium against the real proxy, Postfix and Dovecot; Drafts is read by raw IMAP sessions of
// the test's own, never through the app.
// page.evaluate() callbacks run in the browser, hence the DOM types.
/// <reference lib="dom" />
import { appendMessage } from '@webmail/testbed';
import { simpleParser } from 'mailparser';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { buildMessage } from '../src/lib/compose/index.ts';
import { messageRow, openMessage } from './support/app.ts';
import {
  composeNew,
  composer,
  rawMessages,
  typeBody,
  useSendingMailbox,
  type SendingMailbox,
} from './support/compose.ts';
import { ROW, untilInPage } from './support/remember.ts';

describe('a message being written has an address', () => {
  let mailbox: SendingMailbox;
  let page: Page;

  useSendingMailbox((started) => {
    mailbox = started;
    page = started.page;
  });

  const drafts = () => rawMessages(mailbox.server, 'demo', 'Drafts');
  const saveStatus = () => composer(page).locator('.saved');
  const body = () => composer(page).getByRole('textbox', { name: 'Message text' });
  const hash = () => decodeURIComponent(new URL(page.url()).hash);
  const dock = () => page.getByRole('region', { name: 'Messages being written' });

  /** Reloads once the tab's session is sealed, and resolves when the list shows rows again. */
  async function reload(): Promise<void> {
    await untilInPage(page, () => sessionStorage.getItem('webmail.session') !== null, undefined);
    await page.reload();
    await page.locator(ROW).first().waitFor();
    expect(await page.getByLabel('User name').count()).toBe(0);
  }

  async function saved(): Promise<void> {
    await expect.poll(() => saveStatus().innerText(), { timeout: 20_000 }).toBe('Saved to Drafts');
  }

  async function closeComposer(): Promise<void> {
    await composer(page).getByRole('button', { name: 'Save and close' }).click();
    await composer(page).waitFor({ state: 'detached' });
  }

  it('reloads to the same composer and text, one copy in Drafts; Back puts it away and Forward brings it back', async () => {
    const before = await drafts();
    const outside = page.url();
    const window = await composeNew(page);
    // The entry is written once the composer is painted (route-sync.svelte.ts).
    await expect.poll(hash).toMatch(/[?&]compose=new$/);
    expect(await page.title()).toMatch(/^New message – /);
    await window.getByLabel('Subject').fill('Адрес письма 地址');
    await typeBody(window, 'Написано до перезагрузки.');
    await saved();
    const afterSave = await drafts();
    expect(afterSave).toHaveLength(before.length + 1);
    const first = afterSave.at(-1)!;
    await expect.poll(hash).toMatch(new RegExp(`[?&]compose=draft:${first.uid}&cuv=\\d+&cin=Drafts$`));
    expect(await page.title()).toMatch(/^Адрес письма 地址 – /);

    const address = page.url();
    await reload();
    await composer(page).waitFor();
    expect(page.url()).toBe(address);
    expect(await composer(page).getByLabel('Subject').inputValue()).toBe('Адрес письма 地址');
    expect(await body().innerText()).toContain('Написано до перезагрузки.');
    // Continued from that copy: the next save replaces it by UID, there is never a second one.
    await typeBody(composer(page), 'И после. ');
    await saved();
    const afterReload = await drafts();
    expect(afterReload).toHaveLength(before.length + 1);
    const second = afterReload.at(-1)!;
    expect(second.uid).toBeGreaterThan(first.uid);
    expect((await simpleParser(second.raw)).text).toMatch(/^И после\. Написано до перезагрузки\./);
    await expect.poll(hash).toMatch(new RegExp(`[?&]compose=draft:${second.uid}&`));

    // Back: the composer is put away (minimized, still open), the address is the one before it.
    await typeBody(composer(page), 'Ещё. ');
    await page.goBack();
    await composer(page).waitFor({ state: 'detached' });
    await dock().getByRole('button', { name: 'Адрес письма 地址', exact: true }).waitFor();
    expect(page.url()).not.toContain('compose=');
    // Saved on the way out, not after the pause: nothing typed is lost.
    await expect
      .poll(async () => (await simpleParser((await drafts()).at(-1)!.raw)).text ?? '', { timeout: 20_000 })
      .toMatch(/^Ещё\. И после\./);
    expect(await drafts()).toHaveLength(before.length + 1);

    // Forward: the same composer, although its copy in Drafts changed since that entry was written.
    await page.goForward();
    await composer(page).waitFor();
    expect(await composer(page).getByLabel('Subject').inputValue()).toBe('Адрес письма 地址');
    expect(await body().innerText()).toMatch(/^Ещё\. И после\./);
    expect(await dock().getByRole('button', { name: 'Адрес письма 地址', exact: true }).count()).toBe(0);

    await closeComposer();
    await expect.poll(() => page.url()).not.toContain('compose=');
    expect(new URL(page.url()).hash).toBe(new URL(outside).hash);
    expect(await drafts()).toHaveLength(before.length + 1);
  });

  it("reloads a reply to the reply, before and after its first save, with the original's In-Reply-To", async () => {
    const subject = 'Вопрос по адресам 问题';
    const raw = buildMessage(
      {
        from: { name: 'Боб', address: mailbox.bobAddress },
        to: [{ address: mailbox.address }],
        cc: [],
        bcc: [],
        subject,
        date: new Date('2026-12-05T10:00:00Z'),
        messageId: '<address-question@webmail.test>',
        text: 'Как дела с адресами?',
        html: '<p>Как дела с <b>адресами</b>?</p>',
        attachments: [],
      },
      { bcc: 'omit' },
    ).bytes;
    const original = await appendMessage(mailbox.server, 'demo', 'INBOX', raw);
    await messageRow(page, { uid: original.uid }).waitFor();
    await openMessage(page, { uid: original.uid });
    await page.locator('.reader').getByRole('button', { name: 'Reply', exact: true }).click();
    await composer(page).waitFor();
    const replyAddress = `compose=reply:${original.uid}&cuv=${original.uidValidity}&cin=Inbox`;
    await expect.poll(hash).toContain(replyAddress);
    const before = await drafts();

    // Nothing typed yet, nothing saved: the reload starts the same reply again.
    await reload();
    await composer(page).waitFor();
    expect(hash()).toContain(replyAddress);
    expect(await composer(page).getByLabel('Subject').inputValue()).toBe(`Re: ${subject}`);
    expect(await composer(page).locator('[data-field="to"] .chip').getAttribute('data-address')).toBe(
      mailbox.bobAddress,
    );
    expect(await body().innerText()).toContain('Как дела с адресами?');
    expect(await drafts()).toHaveLength(before.length);

    await typeBody(composer(page), 'Хорошо. ');
    await saved();
    const copy = (await drafts()).at(-1)!;
    await expect.poll(hash).toMatch(new RegExp(`[?&]compose=draft:${copy.uid}&`));
    await reload();
    await composer(page).waitFor();
    expect(await body().innerText()).toMatch(/^Хорошо\./);
    await typeBody(composer(page), 'Да. ');
    await saved();
    const after = await drafts();
    expect(after).toHaveLength(before.length + 1);
    const parsed = await simpleParser(after.at(-1)!.raw);
    expect(parsed.inReplyTo).toBe('<address-question@webmail.test>');
    expect(parsed.subject).toBe(`Re: ${subject}`);
    await closeComposer();
  });
});
