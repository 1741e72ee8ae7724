// Sending that goes wrong, end to end (Chromium, proxy, Postfix, Dovecot): nothing is ever lost (the message
// stays in the composer and in Drafts, the user reads the server's words) and nothing is sent twice without the
// user saying so. A submission server that refuses the login's password; the connection cut in the middle of
// DATA (not sent: sending again delivers it once); cut after the final dot and before the reply (it may have
// gone: the app asks before sending again); a server without SMTPUTF8 and an internationalized address.
import { IDN_ADDRESS, startDovecot } from '@webmail/testbed';
import type { DovecotServer } from '@webmail/testbed';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import {
  addRecipients,
  attach,
  composeNew,
  composer,
  countWithSubject,
  dismissNotice,
  messagesWithSubject,
  sendProblem,
  startSmtpCutter,
  typeBody,
  useSendingMailbox,
  waitForSent,
  type CutAt,
  type SendingMailbox,
} from './support/compose.ts';
import { useFileChromium } from './support/file-chromium.ts';

// One Chromium for the file's four mailboxes, each in a context of its own.
const chromium = useFileChromium();

const BODY = Buffer.from(Array.from({ length: 40_000 }, (_, i) => 65 + (i % 26)));

/**
 * Attachments of these sizes: a small message goes out with its final dot in one write (SmtpClient), so a cut
 * anywhere in it leaves the client not knowing; a message far larger than what the relay and the kernels can
 * buffer cannot have been drained when the connection is cut after its first bytes, so its dot was never sent.
 */
const SMALL = 40_000;
const HUGE = 20 * 1024 * 1024;

/** Writes a message to bob with an attachment of `size` bytes and clicks Send. */
async function writeAndSend(page: Page, to: string, subject: string, size = SMALL): Promise<void> {
  const window = await composeNew(page);
  await addRecipients(window, 'To', to);
  await window.getByLabel('Subject').fill(subject);
  await typeBody(window, 'Nothing lost.');
  await attach(window, [
    { name: 'данные.txt', mimeType: 'text/plain', buffer: size === SMALL ? BODY : Buffer.alloc(size, 65) },
  ]);
  await window.getByRole('button', { name: 'Send', exact: true }).click();
}

describe('a submission server that refuses the password', () => {
  let mailbox: SendingMailbox;
  let elsewhere: DovecotServer | undefined;
  useSendingMailbox((started) => (mailbox = started), {
    browser: chromium,
    // The relay sends to a Postfix that checks passwords against another Dovecot, where demo has another one.
    upstream: async (upstream) => {
      elsewhere = await startDovecot({
        users: [{ name: 'demo', password: 'not-the-same-password' }],
        smtp: true,
      });
      const smtp = elsewhere.smtp!;
      return {
        ...upstream,
        smtp: {
          host: smtp.host,
          port: smtp.submissionsPort,
          tls: 'implicit',
          ca: smtp.caPem,
          servername: 'localhost',
        },
      };
    },
  });
  afterAll(async () => {
    await elsewhere?.stop();
  });

  it('says the server refused the sign-in, in its words, and keeps the message in the composer and Drafts', async () => {
    const subject = 'Wrong password';
    await writeAndSend(mailbox.page, mailbox.bobAddress, subject);
    expect(await sendProblem(mailbox.page).innerText()).toMatch(
      /^Not sent\. The server refused the sign-in for sending: 535 5\.7\.8 .*authentication failed/,
    );
    expect(await composer(mailbox.page).getByLabel('Subject').inputValue()).toBe(subject);
    expect(await messagesWithSubject(mailbox.server, 'demo', 'Drafts', subject)).toHaveLength(1);
    expect(await messagesWithSubject(mailbox.server, 'bob', 'INBOX', subject)).toEqual([]);
  });
});

describe.each<CutAt>(['mid-data', 'after-dot'])('the submission connection cut %s', (cutAt) => {
  let mailbox: SendingMailbox;
  let cutter: Awaited<ReturnType<typeof startSmtpCutter>> | undefined;
  useSendingMailbox((started) => (mailbox = started), {
    browser: chromium,
    postfix: { maxMessageBytes: 64 * 1024 * 1024 },
    // proxy -> the cutter (plaintext on loopback) -> Postfix's plaintext submission port.
    upstream: async (upstream, postfix) => {
      cutter = await startSmtpCutter({ host: postfix.host, port: postfix.plainPort }, cutAt);
      return { ...upstream, smtp: { host: '127.0.0.1', port: cutter.port, tls: 'none' } };
    },
  });
  afterAll(async () => {
    await cutter?.close();
  });

  const arrived = (subject: string) => countWithSubject(mailbox.server, 'bob', 'INBOX', subject);
  const drafted = (subject: string) => countWithSubject(mailbox.server, 'demo', 'Drafts', subject);

  it(
    cutAt === 'mid-data'
      ? 'keeps the message (nothing was sent), and sending again delivers it once'
      : 'says it may have been sent, keeps the draft, and sends again only when the user says so',
    async () => {
      const page = mailbox.page;
      const subject = `Cut ${cutAt}`;
      await writeAndSend(page, mailbox.bobAddress, subject, cutAt === 'mid-data' ? HUGE : SMALL);
      const problem = sendProblem(page);
      // Building and saving a 20 MB message first takes a while on a loaded machine: a hang guard only.
      await problem.waitFor({ timeout: 120_000 });
      expect(cutter!.cuts()).toBe(1);
      expect(await drafted(subject)).toBe(1);
      const sendButton = composer(page).locator('footer button.send');

      if (cutAt === 'mid-data') {
        expect(await problem.innerText()).toMatch(/^Not sent\./);
        expect(await sendButton.innerText()).toBe('Send');
        await dismissNotice(page);
        await sendButton.click();
        await waitForSent(page);
        await expect.poll(() => arrived(subject), { timeout: 60_000 }).toBe(1);
      } else {
        expect(await problem.innerText()).toMatch(/it may have been sent\. It is still in Drafts\./);
        // Postfix had the message: it arrives, once.
        await expect.poll(() => arrived(subject), { timeout: 20_000 }).toBe(1);
        expect(await sendButton.innerText()).toBe('Send again…');
        await sendButton.click();
        const dialog = page.getByRole('dialog');
        expect(await dialog.innerText()).toContain('The last attempt may have sent it.');
        await dialog.getByRole('button', { name: 'Cancel' }).click();
        expect(mailbox.postfix.queuedMessages()).toBe(0);
        expect(await arrived(subject)).toBe(1);
        // The user says yes: sent again (a second copy, knowingly).
        await dismissNotice(page);
        await sendButton.click();
        await page.getByRole('dialog').getByRole('button', { name: 'Send' }).click();
        await waitForSent(page);
        await expect.poll(() => arrived(subject), { timeout: 20_000 }).toBe(2);
      }
      expect(mailbox.postfix.queuedMessages()).toBe(0);
      expect(await drafted(subject)).toBe(0);
    },
    180_000,
  );
});

describe('a submission server without SMTPUTF8', () => {
  let mailbox: SendingMailbox;
  useSendingMailbox((started) => (mailbox = started), {
    browser: chromium,
    postfix: { smtputf8: false },
  });

  it('refuses an internationalized address clearly, on its chip, and sends nothing', async () => {
    const page = mailbox.page;
    const subject = 'No SMTPUTF8 here';
    await writeAndSend(page, `${IDN_ADDRESS}, ${mailbox.bobAddress}`, subject);
    expect(await sendProblem(page).innerText()).toBe(
      `Not sent. The server cannot send to internationalized addresses: ${IDN_ADDRESS}`,
    );
    expect(await composer(page).locator('[data-field="to"] .problems').innerText()).toBe(
      `${IDN_ADDRESS}: The server cannot send to internationalized addresses`,
    );
    expect(await messagesWithSubject(mailbox.server, 'bob', 'INBOX', subject)).toEqual([]);
  });
});
