// Replying and forwarding in the real app, end to end (Chromium, proxy, Postfix, Dovecot): who a reply goes to,
// what it quotes, In-Reply-To and References, \Answered on the original; a forward with the original's
// attachment (fetched from the server by part, never downloaded by the user) and $Forwarded; a forward as a
// message/rfc822 attachment; a reply from a row's menu. Each outcome is read by the recipient's own session and
// by a third session.
import { appendMessage, snapshotFolder } from '@webmail/testbed';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { buildMessage } from '../src/lib/compose/index.ts';
import { messageRow, openMessage } from './support/app.ts';
import {
  addressesOf,
  composer,
  messagesWithSubject,
  send,
  typeBody,
  useSendingMailbox,
  type SendingMailbox,
} from './support/compose.ts';

const REPORT = Buffer.from(Array.from({ length: 600 * 1024 }, (_, i) => (i * 13 + 5) & 0xff));

describe('replying and forwarding', () => {
  let mailbox: SendingMailbox;
  let page: Page;
  let original: { uid: number; uidValidity: number };
  const subject = 'Отчёт за квартал 报告';

  useSendingMailbox((started) => {
    mailbox = started;
    page = started.page;
  });

  const flagsOf = async (uid: number) =>
    (await snapshotFolder(mailbox.server, 'demo', 'INBOX')).find((m) => m.uid === uid)?.flags ?? null;
  const bobGot = (title: string) => messagesWithSubject(mailbox.server, 'bob', 'INBOX', title);

  async function openOriginal(): Promise<void> {
    if (!original) {
      const raw = buildMessage(
        {
          from: { name: 'Боб Иванов', address: mailbox.bobAddress },
          to: [{ address: mailbox.address }, { name: 'Carol', address: 'carol@webmail.test' }],
          cc: [{ name: 'Dave', address: 'dave@webmail.test' }],
          bcc: [],
          subject,
          date: new Date('2026-12-04T09:30:00Z'),
          messageId: '<report-2@webmail.test>',
          inReplyTo: '<report-1@webmail.test>',
          references: ['<report-0@webmail.test>', '<report-1@webmail.test>'],
          text: 'Коллеги, отчёт во вложении.\nС уважением, Боб',
          html: '<p>Коллеги, отчёт <b>во вложении</b>.</p><p>С уважением, Боб</p>',
          attachments: [{ filename: 'отчёт.xlsx', contentType: 'application/vnd.ms-excel', content: REPORT }],
        },
        { bcc: 'omit' },
      ).bytes;
      original = await appendMessage(mailbox.server, 'demo', 'INBOX', raw);
      await messageRow(page, { uid: original.uid }).waitFor();
    }
    await openMessage(page, { uid: original.uid });
  }

  it('replies to the sender with a quote, In-Reply-To and References, and marks the original \\Answered', async () => {
    await openOriginal();
    await page.locator('.reader').getByRole('button', { name: 'Reply', exact: true }).click();
    const window = composer(page);
    await window.waitFor();
    expect(await window.getByLabel('Subject').inputValue()).toBe(`Re: ${subject}`);
    expect(
      await window
        .locator('[data-field="to"] .chip')
        .evaluateAll((chips) => chips.map((c) => c.getAttribute('data-address'))),
    ).toEqual([mailbox.bobAddress]);
    // The caret is above the quote.
    await page.keyboard.type('Спасибо, Боб!');
    await send(page);

    await expect.poll(async () => (await bobGot(`Re: ${subject}`)).length, { timeout: 20_000 }).toBe(1);
    const [reply] = await bobGot(`Re: ${subject}`);
    expect(reply!.inReplyTo).toBe('<report-2@webmail.test>');
    expect(reply!.references).toEqual([
      '<report-0@webmail.test>',
      '<report-1@webmail.test>',
      '<report-2@webmail.test>',
    ]);
    expect(reply!.text).toMatch(/^Спасибо, Боб!/);
    expect(reply!.text).toMatch(/wrote:\n> Коллеги, отчёт во вложении\./);
    expect(reply!.html).toMatch(/<blockquote[^>]*>\s*<p>Коллеги, отчёт <strong>во вложении<\/strong>\.<\/p>/);
    expect(reply!.attachments).toEqual([]);
    await expect.poll(() => flagsOf(original.uid)).toContain('\\Answered');
  });

  it('replies to all: the To and Cc of the original, without me', async () => {
    await openOriginal();
    await page.locator('.reader').getByRole('button', { name: 'Reply all' }).click();
    const window = composer(page);
    await window.waitFor();
    const chips = (field: string) =>
      window
        .locator(`[data-field="${field}"] .chip`)
        .evaluateAll((all) => all.map((c) => c.getAttribute('data-address')));
    expect(await chips('to')).toEqual([mailbox.bobAddress, 'carol@webmail.test']);
    expect(await chips('cc')).toEqual(['dave@webmail.test']);
    // carol and dave are not users of the testbed: write to bob alone, from here on.
    for (const address of ['carol@webmail.test', 'dave@webmail.test'])
      await window.getByRole('button', { name: `Remove ${address}` }).click();
    await window.getByLabel('Subject').fill(`Re: ${subject} (all)`);
    await send(page);
    await expect.poll(async () => (await bobGot(`Re: ${subject} (all)`)).length, { timeout: 20_000 }).toBe(1);
  });

  it("forwards with the original's attachment, fetched from the server, and marks the original $Forwarded", async () => {
    await openOriginal();
    await page.keyboard.press('f');
    const window = composer(page);
    await window.waitFor();
    expect(await window.getByLabel('Subject').inputValue()).toBe(`Fwd: ${subject}`);
    await window.locator('.attachments li[data-status="ready"]').filter({ hasText: 'отчёт.xlsx' }).waitFor();
    const to = window.getByRole('combobox', { name: 'To', exact: true });
    await to.fill(mailbox.bobAddress);
    await to.press('Enter');
    await typeBody(window, 'FYI');
    await send(page);

    await expect.poll(async () => (await bobGot(`Fwd: ${subject}`)).length, { timeout: 20_000 }).toBe(1);
    const [forward] = await bobGot(`Fwd: ${subject}`);
    expect(forward!.text).toContain('---------- Forwarded message ----------');
    expect(forward!.attachments.map((a) => a.filename)).toEqual(['отчёт.xlsx']);
    expect(Buffer.compare(forward!.attachments[0]!.content, REPORT)).toBe(0);
    await expect.poll(() => flagsOf(original.uid)).toContain('$Forwarded');
    expect(addressesOf(forward!.to)).toEqual([mailbox.bobAddress]);
  });

  it('forwards the whole message as an attachment', async () => {
    await openOriginal();
    // The list's toolbar has Forward as a menu: inline, or as an attachment.
    await page.locator('section.pane.list').getByRole('button', { name: 'Forward' }).click();
    await page.getByRole('menuitem', { name: 'Forward as attachment' }).click();
    const window = composer(page);
    await window.waitFor();
    await window.locator('.attachments li[data-status="ready"]').waitFor();
    const to = window.getByRole('combobox', { name: 'To', exact: true });
    await to.fill(mailbox.bobAddress);
    await to.press('Enter');
    await window.getByLabel('Subject').fill(`Fwd: ${subject} (attached)`);
    await send(page);
    await expect
      .poll(async () => (await bobGot(`Fwd: ${subject} (attached)`)).length, { timeout: 20_000 })
      .toBe(1);
    const [forward] = await bobGot(`Fwd: ${subject} (attached)`);
    const attached = forward!.attachments.find((a) => a.contentType === 'message/rfc822');
    expect(attached?.content.toString('latin1')).toContain('Message-ID: <report-2@webmail.test>');
  });

  it("replies from a row's menu to that row's message, not the open one", async () => {
    const question = 'Вопрос из меню строки';
    const raw = buildMessage(
      {
        from: { name: 'Боб Иванов', address: mailbox.bobAddress },
        to: [{ address: mailbox.address }],
        cc: [],
        bcc: [],
        subject: question,
        date: new Date('2026-12-05T10:00:00Z'),
        messageId: '<row-menu@webmail.test>',
        text: 'Ответишь?',
        attachments: [],
      },
      { bcc: 'omit' },
    ).bytes;
    const asked = await appendMessage(mailbox.server, 'demo', 'INBOX', raw);
    await openOriginal();
    await messageRow(page, { uid: asked.uid }).click({ button: 'right' });
    const menu = page.getByRole('menu', { name: 'Reply or forward' });
    await menu.waitFor();
    expect((await menu.getByRole('menuitem').allTextContents()).map((text) => text.trim())).toEqual([
      'Reply',
      'Reply all',
      'Forward',
      'Forward as attachment',
    ]);
    await menu.getByRole('menuitem', { name: 'Reply', exact: true }).click();
    const window = composer(page);
    await window.waitFor();
    expect(await window.getByLabel('Subject').inputValue()).toBe(`Re: ${question}`);
    await page.keyboard.type('Отвечаю.');
    await send(page);

    await expect.poll(async () => (await bobGot(`Re: ${question}`)).length, { timeout: 20_000 }).toBe(1);
    const [reply] = await bobGot(`Re: ${question}`);
    expect(reply!.inReplyTo).toBe('<row-menu@webmail.test>');
    await expect.poll(() => flagsOf(asked.uid)).toContain('\\Answered');
  });
});
