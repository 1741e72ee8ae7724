// What went wrong while sending, in words a user can act on: a catalog key and its values, switched on the stable
// codes of smtp-core (contracts.md 3) and of the composer's own checks. The submission server's reply is shown
// as it said it (code, enhanced status, text): it is how servers explain a refusal. Errors of the IMAP side and
// of the relay's WebSocket go to the app's usual words (user-message.ts).

import './compose-messages.ts';
import { ConnectionError, ErrorCodes } from '@webmail/imap-core';
import { formatSize } from '../../format/sizes.ts';
import { i18n } from '../../i18n/i18n.svelte.ts';
import { describeError, type UserMessage } from '../user-message.ts';
import { NoSenderError } from './outgoing.ts';
import { isSmtpError, type SmtpReply } from './smtp.ts';
import { SubmissionError } from './submission.ts';

/** "550 5.1.1 User unknown": the reply as the server wrote it (lines joined). */
export function replyText(reply: SmtpReply | undefined | null): string {
  if (!reply) return '';
  return [String(reply.code), reply.enhanced ?? '', reply.text.replace(/\s*\n\s*/g, ' ')]
    .filter(Boolean)
    .join(' ');
}

export function describeSendError(error: unknown): UserMessage {
  const detail = error instanceof Error ? error.message : String(error);
  if (error instanceof SubmissionError) {
    const problem = error.problem;
    if (problem.code === 'SUBMIT_TOO_LARGE') {
      const locale = i18n.locale;
      return {
        key: 'compose.error.tooLarge',
        values: { size: formatSize(problem.size, locale), limit: formatSize(problem.limit, locale) },
        detail,
      };
    }
    return { key: 'compose.error.smtputf8', values: { addresses: problem.addresses.join(', ') }, detail };
  }
  if (error instanceof NoSenderError) return { key: 'compose.error.noSender', detail };
  if (!isSmtpError(error)) return describeError(error);
  const text = replyText(error.reply) || detail;
  switch (error.code) {
    case 'SMTP_AUTH_FAILED':
      return { key: 'compose.error.auth', values: { text }, detail };
    case 'SMTP_AUTH_UNAVAILABLE':
      return { key: 'compose.error.authUnavailable', detail };
    // A 4xx (RFC 5321 4.2.1) is "not now", whichever command it answered: 421 to the greeting, 451 to
    // MAIL FROM (a lookup that failed on the server's side), 450 or 452 after DATA.
    case 'SMTP_GREETING_REFUSED':
    case 'SMTP_SENDER_REFUSED':
    case 'SMTP_MESSAGE_REFUSED':
      return {
        key: error.temporary ? 'compose.error.temporary' : 'compose.error.refused',
        values: { text },
        detail,
      };
    case 'SMTP_RECIPIENTS_REFUSED':
      return { key: 'compose.error.recipients', values: { count: error.rejected?.length ?? 1 }, detail };
    case 'SMTP_TOO_LARGE':
      return { key: 'compose.error.tooLargeServer', values: { text }, detail };
    case 'SMTP_UTF8_UNSUPPORTED':
      return { key: 'compose.error.smtputf8', values: { addresses: detail }, detail };
    case 'SMTP_OUTCOME_UNKNOWN':
      return { key: 'compose.error.uncertain', detail };
    case 'SMTP_8BIT_UNSUPPORTED':
      return { key: 'compose.error.eightBit', detail };
    default:
      // The relay closed the WebSocket with one of its codes (no submission server, cannot reach it, TLS):
      // the app's usual words for them.
      if (typeof error.transportCode === 'number') {
        const closed = new ConnectionError(ErrorCodes.CONNECTION_CLOSED, detail, error.transportCode);
        return { ...describeError(closed), detail };
      }
      return { key: 'compose.error.connection', values: { detail }, detail };
  }
}
