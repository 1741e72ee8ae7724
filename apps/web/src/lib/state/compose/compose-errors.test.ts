import { ErrorCodes, webSocketCloseError } from '@webmail/imap-core';
import { CLOSE_MEANINGS, CloseCode } from '@webmail/relay-contract';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { t } from '../../i18n/i18n.svelte.ts';
import { describeSendError } from './compose-errors.ts';
import { DraftSaver } from './draft-saver.svelte.ts';
import { DraftSender } from './draft-sender.svelte.ts';
import { SmtpError, type SmtpErrorCode, type SmtpReply } from './smtp.ts';
import { SubmissionError } from './submission.ts';
import { FakeDraftStore, testDraft } from './testing.ts';

const refused = (code: SmtpErrorCode, reply: SmtpReply) =>
  new SmtpError(code, `${code}: ${reply.code}`, { reply });

/** What the user reads. */
const words = (error: unknown) => {
  const message = describeSendError(error);
  return t(message.key, message.values);
};

/** The relay closed the submission WebSocket with `code`, as the SMTP client reports it (fromTransportError). */
function closedByRelay(code: number): SmtpError {
  const closed = webSocketCloseError(code, 'reason')!;
  const smtpCode =
    closed.code === ErrorCodes.TIMEOUT
      ? 'SMTP_TIMEOUT'
      : closed.code === ErrorCodes.TLS
        ? 'SMTP_TLS'
        : 'SMTP_CONNECTION_CLOSED';
  return new SmtpError(smtpCode, closed.message, { cause: closed, transportCode: code });
}

describe('describeSendError', () => {
  it.each([
    [
      'to the greeting',
      'SMTP_GREETING_REFUSED',
      { code: 421, enhanced: '4.3.2', text: 'Service shutting down' },
      '421 4.3.2 Service shutting down',
    ],
    [
      'to MAIL FROM',
      'SMTP_SENDER_REFUSED',
      { code: 451, enhanced: '4.3.0', text: 'Temporary lookup failure' },
      '451 4.3.0 Temporary lookup failure',
    ],
    [
      'after DATA',
      'SMTP_MESSAGE_REFUSED',
      { code: 450, enhanced: '4.2.0', text: 'Mailbox busy,\ntry again' },
      '450 4.2.0 Mailbox busy, try again',
    ],
  ] as const)("says a 4xx %s is temporary, in the server's words", (_when, code, reply, text) => {
    const error = refused(code, reply);
    expect(describeSendError(error)).toMatchObject({ key: 'compose.error.temporary', values: { text } });
    expect(words(error)).toBe(`The server cannot take the message now: ${text}. Try again later.`);
  });

  it.each([
    [
      'SMTP_SENDER_REFUSED',
      { code: 553, enhanced: '5.7.1', text: 'Sender address rejected: not owned by user' },
    ],
    ['SMTP_MESSAGE_REFUSED', { code: 554, enhanced: '5.7.1', text: 'Message rejected as spam' }],
    ['SMTP_GREETING_REFUSED', { code: 554, text: 'No SMTP service here' }],
  ] as const)('says a 5xx (%s) refused the message, in the server’s words', (code, reply) => {
    const text = [reply.code, 'enhanced' in reply ? reply.enhanced : '', reply.text]
      .filter(Boolean)
      .join(' ');
    expect(words(refused(code, reply))).toBe(`The server refused the message: ${text}`);
  });

  it('says the sign-in for sending was refused, with the server’s words', () => {
    const error = refused('SMTP_AUTH_FAILED', {
      code: 535,
      enhanced: '5.7.8',
      text: 'Error: authentication failed: authentication failure',
    });
    expect(describeSendError(error).key).toBe('compose.error.auth');
    expect(words(error)).toBe(
      'The server refused the sign-in for sending: 535 5.7.8 Error: authentication failed: authentication failure',
    );
  });

  it('says the message may have gone when the server never confirmed it', () => {
    const error = new SmtpError('SMTP_OUTCOME_UNKNOWN', 'the connection ended after the final dot');
    expect(describeSendError(error)).toMatchObject({
      key: 'compose.error.uncertain',
      detail: 'the connection ended after the final dot',
    });
    expect(words(error)).toBe('The server did not confirm the message.');
  });

  it.each([
    [CloseCode.unknownUpstream, 'This mail server is no longer configured. Reload the page.'],
    [
      CloseCode.upstreamRefused,
      'The mail server is not accepting connections. It may be down; try again later.',
    ],
    [CloseCode.upstreamTimeout, 'The mail server did not answer in time. Try again later.'],
    [CloseCode.upstreamUnreachable, 'The mail server cannot be reached. Try again later.'],
    [CloseCode.upstreamClosed, 'The connection to the mail server was closed.'],
    [CloseCode.clientLimitReached, 'There are too many connections right now. Wait a moment and try again.'],
    [CloseCode.serverFull, 'There are too many connections right now. Wait a moment and try again.'],
    [CloseCode.goingAway, 'The webmail server is restarting. Try again in a moment.'],
  ])('says what the relay’s close code %i means', (code, expected) => {
    expect(words(closedByRelay(code))).toBe(expected);
  });

  it('has words of the app, not the raw close, for every close code the relay sends', () => {
    for (const code of CLOSE_MEANINGS.keys()) {
      const message = describeSendError(closedByRelay(code));
      expect(message.key, `close code ${code}`).toMatch(/^error\./);
      expect(t(message.key, message.values), `close code ${code}`).not.toMatch(/\d{4}|\{|^error\./);
    }
    expect(describeSendError(closedByRelay(CloseCode.tlsVerificationFailed)).key).toBe('error.tls.verify');
  });

  it('says what is too large, and which addresses need SMTPUTF8', () => {
    expect(
      words(
        new SubmissionError({ code: 'SUBMIT_TOO_LARGE', size: 12 * 1024 * 1024, limit: 10 * 1024 * 1024 }),
      ),
    ).toMatch(/^The message is 12(\.0)? MB; the server takes at most 10(\.0)? MB\.$/);
    expect(words(new SubmissionError({ code: 'SUBMIT_UTF8_NEEDED', addresses: ['用户@例子.中国'] }))).toBe(
      'The server cannot send to internationalized addresses: 用户@例子.中国',
    );
  });
});

describe('a temporary refusal while sending', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('leaves the composer open with the server’s words, and the message in Drafts', async () => {
    const store = new FakeDraftStore();
    const draft = testDraft();
    const saver = new DraftSaver(draft, { store, build: () => new TextEncoder().encode('draft') });
    const error = refused('SMTP_MESSAGE_REFUSED', {
      code: 450,
      enhanced: '4.2.0',
      text: 'Mailbox busy, try again',
    });
    const sender = new DraftSender(draft, saver, {
      submit: () => Promise.reject(error),
      store,
      savesSentCopy: false,
      undoMs: () => 5000,
      describe: describeSendError,
    });
    const sending = sender.send();
    await vi.advanceTimersByTimeAsync(5000);
    await sending;
    expect(sender.phase).toBe('failed');
    expect(sender.problem).toEqual({
      kind: 'smtp',
      message: {
        key: 'compose.error.temporary',
        values: { text: '450 4.2.0 Mailbox busy, try again' },
        detail: error.message,
      },
    });
    // Saved to Drafts before sending, and not removed: the draft is kept.
    expect(store.ops()).toEqual(['save']);
    expect(saver.saved).toEqual({ mailbox: 'Drafts', uidValidity: 9, uid: 101 });
  });
});
