import type { Transport } from '@webmail/imap-core';
import { describe, expect, it } from 'vitest';
import { buildMessage, type MailAddress } from './mime.ts';
import type { SmtpSession } from './smtp.ts';
import { SubmissionError, submit } from './submission.ts';

/** A submission server's session as SmtpClient shows it, recording what it was asked. */
function session(extensions: string[], maxMessageSize: number | null = null) {
  const calls: string[] = [];
  const fake: SmtpSession = {
    maxMessageSize,
    supports: (keyword) => extensions.includes(keyword.toUpperCase()),
    authenticate: async ({ username }) => void calls.push(`AUTH ${username}`),
    send: async (envelope, data, options) => {
      calls.push(
        `SEND ${envelope.from} -> ${envelope.recipients.join(', ')} ${JSON.stringify(options)} ${data.length}`,
      );
      return { accepted: [...envelope.recipients], rejected: [], reply: { code: 250, text: 'queued' } };
    },
    quit: async () => void calls.push('QUIT'),
    close: () => void calls.push('CLOSE'),
  };
  return { fake, calls };
}

const transport = { secure: true, open: () => {}, send: () => {}, close: () => {} } as Transport;

function deps(fake: SmtpSession) {
  return {
    openTransport: async () => transport,
    connect: async () => fake,
    withCredentials: <T>(use: (c: { username: string; password: string }) => T) =>
      use({ username: 'ann', password: 'pw' }),
  };
}

const message = (from: MailAddress, to: MailAddress[]) => (utf8: boolean) =>
  buildMessage(
    {
      from,
      to,
      cc: [],
      bcc: [],
      subject: 'Привет',
      date: new Date(0),
      messageId: '<x@example.org>',
      text: 'hi',
      attachments: [],
    },
    { bcc: 'omit', utf8Headers: utf8 },
  );

describe('submit', () => {
  it('signs in with the session login, sends, says goodbye', async () => {
    const { fake, calls } = session(['SIZE', '8BITMIME']);
    const from = { address: 'ann@example.org' };
    const to = [{ name: 'Иван', address: 'ivan@пример.рф' }];
    await submit(deps(fake), { from, recipients: to, build: message(from, to) });
    expect(calls[0]).toBe('AUTH ann');
    // Without SMTPUTF8 an internationalized domain goes as its A-labels.
    expect(calls[1]).toMatch(
      /^SEND ann@example\.org -> ivan@xn--e1afmkfd\.xn--p1ai \{"smtpUtf8":false,"requireAllRecipients":true\} \d+$/,
    );
    expect(calls.slice(2)).toEqual(['QUIT', 'CLOSE']);
  });

  it('refuses an address with a non-ASCII local part when the server lacks SMTPUTF8, before signing in', async () => {
    const { fake, calls } = session(['SIZE']);
    const from = { address: 'ann@example.org' };
    const to = [{ address: 'bob@example.org' }, { address: '用户@例子.测试' }];
    const error = await submit(deps(fake), { from, recipients: to, build: message(from, to) }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SubmissionError);
    expect((error as SubmissionError).problem).toEqual({
      code: 'SUBMIT_UTF8_NEEDED',
      addresses: ['用户@例子.测试'],
    });
    expect(calls).toEqual(['CLOSE']);
  });

  it('sends such an address with SMTPUTF8 and raw UTF-8 headers when the server offers it', async () => {
    const { fake, calls } = session(['SMTPUTF8', '8BITMIME']);
    const from = { address: 'ann@example.org' };
    const to = [{ address: '用户@例子.测试' }];
    let utf8Asked: boolean | null = null;
    await submit(deps(fake), {
      from,
      recipients: to,
      build: (utf8) => {
        utf8Asked = utf8;
        return message(from, to)(utf8);
      },
    });
    expect(utf8Asked).toBe(true);
    expect(calls[1]).toMatch(/^SEND ann@example\.org -> 用户@例子\.测试 \{"smtpUtf8":true,/);
  });

  it("refuses a message over the server's SIZE before signing in, naming both sizes", async () => {
    const { fake, calls } = session(['SIZE'], 100);
    const from = { address: 'ann@example.org' };
    const to = [{ address: 'bob@example.org' }];
    const error = (await submit(deps(fake), { from, recipients: to, build: message(from, to) }).catch(
      (e: unknown) => e,
    )) as SubmissionError;
    expect(error.problem.code).toBe('SUBMIT_TOO_LARGE');
    expect(error.problem).toMatchObject({ limit: 100 });
    expect(calls).toEqual(['CLOSE']);
  });
});
