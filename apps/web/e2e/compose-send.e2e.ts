// Writing and sending in the real app, end to end: Chromium, the proxy relaying /imap/ and /smtp/, the testbed's
// Postfix (submission with SASL, delivery into Dovecot) and Dovecot. What arrived is read by the recipient's own
// raw IMAP session and parsed by mailparser; what the app left behind (Sent, Drafts) by a third session.
// Covered: a Chinese subject and a Russian attachment name arriving intact, Bcc only in the Sent copy; Undo
// Send (no byte towards the submission server); a recipient the server refuses (its words on the chip,
// nothing sent, the draft kept); a message over the server's SIZE; an internationalized address with SMTPUTF8.
import { IDN_ADDRESS, SMTP_FAILURES } from '@webmail/testbed';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  addRecipients,
  addressesOf,
  attach,
  composeNew,
  composer,
  messagesWithSubject,
  send,
  sendProblem,
  typeBody,
  useSendingMailbox,
  type SendingMailbox,
} from './support/compose.ts';

/** Bytes that survive no re-encoding by accident: every byte value, twice over, and then some. */
const PDF = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7 + (i >> 8)) & 0xff));

describe('sending from the composer', () => {
  let mailbox: SendingMailbox;
  let page: Page;

  useSendingMailbox(
    (started) => {
      mailbox = started;
      page = started.page;
    },
    // dovecot-lda delivers SMTPUTF8 mail (Dovecot 2.3's LMTP does not); SIZE low enough to reach.
    { postfix: { delivery: 'lda', maxMessageBytes: 400_000 } },
  );

  const inbox = (user: string, subject: string) =>
    messagesWithSubject(mailbox.server, user, 'INBOX', subject);

  it('sends a Chinese subject and a Russian attachment name to another account, and it arrives intact', async () => {
    const subject = '第四季度报告 — итоги';
    const window = await composeNew(page);
    await addRecipients(window, 'To', `Боб Иванов <${mailbox.bobAddress}>`);
    await addRecipients(window, 'Bcc', mailbox.address);
    await window.getByLabel('Subject').fill(subject);
    await typeBody(window, 'Привет, Боб! 你好。');
    await attach(window, [{ name: 'отчёт за квартал.pdf', mimeType: 'application/pdf', buffer: PDF }]);
    await send(page);

    await expect.poll(async () => (await inbox('bob', subject)).length, { timeout: 20_000 }).toBe(1);
    const [arrived] = await inbox('bob', subject);
    expect(addressesOf(arrived!.from)).toEqual([mailbox.address]);
    expect(arrived!.to).toMatchObject({ value: [{ name: 'Боб Иванов', address: mailbox.bobAddress }] });
    expect(arrived!.text).toContain('Привет, Боб! 你好。');
    expect(arrived!.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['отчёт за квартал.pdf', 'application/pdf'],
    ]);
    expect(Buffer.compare(arrived!.attachments[0]!.content, PDF)).toBe(0);
    // Bcc is in the envelope only: not in what the recipients get.
    expect(arrived!.raw.toString('latin1')).not.toMatch(/^Bcc:/im);
    await expect.poll(async () => (await inbox('demo', subject)).length, { timeout: 20_000 }).toBe(1);

    // The Sent copy keeps Bcc and is read; the draft is gone.
    const [copy] = await messagesWithSubject(mailbox.server, 'demo', 'Sent', subject);
    expect(copy?.flags).toEqual(['\\Seen']);
    expect(copy?.messageId).toBe(arrived!.messageId);
    expect(addressesOf(copy?.headers.get('bcc') as never)).toEqual([mailbox.address]);
    expect(await messagesWithSubject(mailbox.server, 'demo', 'Drafts', subject)).toEqual([]);
    expect(mailbox.postfix.queuedMessages()).toBe(0);
  });

  it('undoes a send inside the undo window: no connection to the submission server, the composer back as it was', async () => {
    await setUndoSeconds(page, 20);
    const relayed: string[] = [];
    page.on('websocket', (socket) => relayed.push(new URL(socket.url()).pathname));
    const subject = 'Undo me — отменить';
    const window = await composeNew(page);
    await addRecipients(window, 'To', mailbox.bobAddress);
    await window.getByLabel('Subject').fill(subject);
    await typeBody(window, 'This must never leave.');
    await window.getByRole('button', { name: 'Send', exact: true }).click();
    const countdown = page.locator('.dock .sending');
    await expect.poll(() => countdown.innerText()).toMatch(/^Sending in \d+ s/);
    await countdown.getByRole('button', { name: 'Undo' }).click();
    await composer(page).waitFor();
    expect(await composer(page).getByLabel('Subject').inputValue()).toBe(subject);
    expect(await composer(page).getByRole('textbox', { name: 'Message text' }).innerText()).toContain(
      'This must never leave.',
    );
    expect(relayed.filter((path) => path.startsWith('/smtp/'))).toEqual([]);
    expect(await inbox('bob', subject)).toEqual([]);
    // It is in Drafts, as it was while it waited.
    expect(await messagesWithSubject(mailbox.server, 'demo', 'Drafts', subject)).toHaveLength(1);
    await composer(page).getByRole('button', { name: 'Discard' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Discard' }).click();
    await expect.poll(() => messagesWithSubject(mailbox.server, 'demo', 'Drafts', subject)).toEqual([]);
    await setUndoSeconds(page, 0);
  });

  it("shows a refused recipient's reply on its chip, sends nothing, keeps the draft; without it, it sends", async () => {
    const subject = 'Refused recipient test';
    const window = await composeNew(page);
    await addRecipients(window, 'To', `${mailbox.bobAddress}, ${SMTP_FAILURES.refusedRecipient}`);
    await window.getByLabel('Subject').fill(subject);
    await typeBody(window, 'One of you cannot get this.');
    await window.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(sendProblem(page).innerText()).resolves.toMatch(
      /1 recipient was refused, so nothing was sent/,
    );
    const chipProblem = window.locator('[data-field="to"] .problems [role="alert"]');
    expect(await chipProblem.innerText()).toBe(
      `${SMTP_FAILURES.refusedRecipient}: Refused by the server: 550 5.7.1 <${SMTP_FAILURES.refusedRecipient}>: Recipient address rejected: Refused on purpose by the testbed`,
    );
    expect(await inbox('bob', subject)).toEqual([]);
    expect(mailbox.postfix.queuedMessages()).toBe(0);
    expect(await messagesWithSubject(mailbox.server, 'demo', 'Drafts', subject)).toHaveLength(1);

    await window.getByRole('button', { name: `Remove ${SMTP_FAILURES.refusedRecipient}` }).click();
    await send(page);
    await expect.poll(async () => (await inbox('bob', subject)).length, { timeout: 20_000 }).toBe(1);
    expect(await messagesWithSubject(mailbox.server, 'demo', 'Drafts', subject)).toEqual([]);
  });

  it("refuses a message over the server's SIZE before sending a byte of it, naming both sizes", async () => {
    const subject = 'Too big for this server';
    const window = await composeNew(page);
    await addRecipients(window, 'To', mailbox.bobAddress);
    await window.getByLabel('Subject').fill(subject);
    await attach(window, [
      { name: 'большой.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(500_000, 7) },
    ]);
    await window.getByRole('button', { name: 'Send', exact: true }).click();
    expect(await sendProblem(page).innerText()).toMatch(
      /^Not sent\. The message is [\d.,]+ (kB|MB); the server takes at most [\d.,]+ kB\./,
    );
    expect(await inbox('bob', subject)).toEqual([]);
    expect(await messagesWithSubject(mailbox.server, 'demo', 'Drafts', subject)).toHaveLength(1);
    await composer(page).getByRole('button', { name: 'Discard' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Discard' }).click();
  });

  it('sends to an internationalized address with SMTPUTF8, and it arrives', async () => {
    const subject = 'SMTPUTF8: 你好，用户';
    const window = await composeNew(page);
    await addRecipients(window, 'To', `用户 <${IDN_ADDRESS}>`);
    await window.getByLabel('Subject').fill(subject);
    await typeBody(window, '国际化地址');
    await send(page);
    // IDN_ADDRESS is delivered to the testbed's second user.
    await expect.poll(async () => (await inbox('bob', subject)).length, { timeout: 20_000 }).toBe(1);
    const [arrived] = await inbox('bob', subject);
    expect(addressesOf(arrived!.to)).toEqual([IDN_ADDRESS]);
  });
});

/** The Undo Send setting, as a user changes it (Addresses and signatures). */
async function setUndoSeconds(page: Page, seconds: number): Promise<void> {
  const window = await composeNew(page);
  await window.getByRole('button', { name: 'Addresses and signatures' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Undo Send for').selectOption(String(seconds));
  await dialog.getByRole('button', { name: 'Save' }).click();
  await dialog.waitFor({ state: 'detached' });
  await window.getByRole('button', { name: 'Save and close' }).click();
  await window.waitFor({ state: 'detached' });
}
