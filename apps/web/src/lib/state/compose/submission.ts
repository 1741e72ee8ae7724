// Hands one message to the operator's submission server, through the relay's /smtp/<upstream> WebSocket:
// greeting and EHLO (SmtpClient.connect), AUTH with the session's login and password (PLAIN, else LOGIN), then
// MAIL FROM, every RCPT TO and DATA with the message's bytes, Bcc left out. Before any byte of the message:
//   - an address with a non-ASCII local part needs SMTPUTF8 (RFC 6531); without it the message is refused
//     here, naming those addresses (an internationalized domain alone goes as punycode);
//   - a message over the server's SIZE (RFC 1870) is refused here with both sizes.
// requireAllRecipients: when one recipient is refused, nothing is sent (the transaction is reset), and every
// refusal comes back with the server's words.

import type { Transport } from '@webmail/imap-core';
import { countingTransport } from './counting-transport.ts';
import { envelopeAddress, needsSmtpUtf8, type BuiltMessage, type MailAddress } from './mime.ts';
import type { SmtpConnect, SmtpSendResult } from './smtp.ts';

export type SubmissionProblem =
  | { readonly code: 'SUBMIT_UTF8_NEEDED'; readonly addresses: readonly string[] }
  | { readonly code: 'SUBMIT_TOO_LARGE'; readonly size: number; readonly limit: number };

/** Found before anything was sent: nothing left the browser but EHLO. */
export class SubmissionError extends Error {
  readonly problem: SubmissionProblem;
  constructor(problem: SubmissionProblem) {
    super(
      problem.code === 'SUBMIT_TOO_LARGE'
        ? `the message is ${problem.size} bytes, the server takes ${problem.limit}`
        : `the server lacks SMTPUTF8, needed for ${problem.addresses.join(', ')}`,
    );
    this.name = 'SubmissionError';
    this.problem = problem;
  }
}

export interface SubmissionDeps {
  /** The relay's WebSocket for this upstream's submission server. */
  readonly openTransport: () => Promise<Transport>;
  /** SmtpClient.connect */
  readonly connect: SmtpConnect;
  /** The session's login and password, lent for AUTH and not kept. */
  readonly withCredentials: <T>(use: (credentials: { username: string; password: string }) => T) => T;
}

export interface Submission {
  readonly from: MailAddress;
  readonly recipients: readonly MailAddress[];
  /** The message as sent (Bcc omitted); `utf8Headers` when SMTPUTF8 is needed and offered. */
  readonly build: (utf8Headers: boolean) => BuiltMessage;
  /** Fraction of the message's bytes handed to the network. */
  readonly onProgress?: (fraction: number) => void;
}

export async function submit(deps: SubmissionDeps, submission: Submission): Promise<SmtpSendResult> {
  const counting = countingTransport(await deps.openTransport());
  const session = await deps.connect(counting.transport);
  let done = false;
  try {
    const everyone = [submission.from, ...submission.recipients];
    const utf8 = needsSmtpUtf8(everyone);
    const offered = session.supports('SMTPUTF8');
    if (utf8 && !offered) {
      const addresses = everyone.filter((a) => needsSmtpUtf8([a])).map((a) => a.address);
      throw new SubmissionError({ code: 'SUBMIT_UTF8_NEEDED', addresses });
    }
    const message = submission.build(utf8 && offered);
    const limit = session.maxMessageSize;
    if (limit !== null && limit > 0 && message.bytes.length > limit)
      throw new SubmissionError({ code: 'SUBMIT_TOO_LARGE', size: message.bytes.length, limit });
    await deps.withCredentials((credentials) => session.authenticate(credentials));
    const envelope = {
      from: envelopeAddress(submission.from.address, offered),
      recipients: submission.recipients.map((r) => envelopeAddress(r.address, offered)),
    };
    const stopWatching = submission.onProgress
      ? counting.watch(message.bytes.length, submission.onProgress)
      : () => undefined;
    try {
      const result = await session.send(envelope, message.bytes, {
        ...(message.eightBit ? { eightBit: true } : {}),
        smtpUtf8: utf8 && offered,
        requireAllRecipients: true,
      });
      done = true;
      return result;
    } finally {
      stopWatching();
    }
  } finally {
    // QUIT is polite; the message's fate was decided by the reply to the final dot.
    if (done) await session.quit().catch(() => undefined);
    session.close();
  }
}
