// One mail transaction (RFC 5321 3.3): MAIL FROM, RCPT TO for each recipient, DATA. With PIPELINING (RFC 2920)
// MAIL and every RCPT go in one write and their replies are read in order; DATA is sent only once the replies
// say the recipients are acceptable (requireAllRecipients), so a refused recipient never leaves a message half
// delivered: the transaction is abandoned with RSET instead. Every reason not to send that can be known before
// the first byte (bad addresses, SMTPUTF8, 8BITMIME, SIZE) is checked before it.

import { SmtpError, SmtpErrorCodes, replySummary } from '../errors.ts';
import type { SmtpSession } from '../session.ts';
import type { Envelope, SendOptions, SendResult, SmtpReply } from '../types.ts';
import { checkAddress } from '../wire/address.ts';
import { scanMessage } from '../wire/dot-stuffing.ts';
import { dataCommand } from './data.ts';
import type { DataCommand } from './data.ts';
import { mailCommand, mailParameters } from './mail.ts';
import { rcptCommand } from './rcpt.ts';
import type { RcptResult } from './rcpt.ts';
import { rsetCommand } from './rset.ts';

export interface SendHooks {
  /**
   * Called when every piece of a message of several BODY_PIECEs but the last has been handed over; the last
   * piece and the final dot then wait until the hook calls command.end() (the client does once the transport
   * has drained). Absent: they follow at once.
   */
  readonly onBodyWritten?: (command: DataCommand) => void;
}

export async function sendMessage(
  session: SmtpSession,
  envelope: Envelope,
  data: Uint8Array,
  options: SendOptions = {},
  hooks: SendHooks = {},
): Promise<SendResult> {
  checkEnvelope(envelope);
  if (!(data instanceof Uint8Array)) {
    throw new SmtpError(SmtpErrorCodes.INVALID_ARGUMENT, 'the message must be a Uint8Array');
  }
  session.beginTransaction();
  try {
    const parameters = mailParameters(session.capabilities, envelope, scanMessage(data), options);
    const results = await exchangeEnvelope(session, envelope, parameters);
    const accepted = results.filter((r) => r.accepted).map((r) => r.address);
    const rejected = results.filter((r) => !r.accepted).map(({ address, reply }) => ({ address, reply }));
    const first = rejected[0];
    if (first !== undefined && (options.requireAllRecipients !== false || accepted.length === 0)) {
      await resetQuietly(session);
      const message = `the server refused ${rejected.length} of ${results.length} recipients, so nothing was sent; ${first.address}: ${replySummary(first.reply)}`;
      throw new SmtpError(SmtpErrorCodes.RECIPIENTS_REFUSED, message, { rejected, reply: first.reply });
    }
    const onBodyWritten = hooks.onBodyWritten;
    const command: DataCommand = dataCommand(
      data,
      onBodyWritten ? { holdEnd: true, onBodyWritten: () => onBodyWritten(command) } : {},
    );
    let reply: SmtpReply;
    try {
      reply = await session.execute(command).result;
    } catch (error) {
      // Refused at DATA itself: the transaction may still be open on the server's side.
      if (command.phase === 'command' && isCode(error, SmtpErrorCodes.MESSAGE_REFUSED)) {
        await resetQuietly(session);
      }
      throw error;
    }
    return { accepted, rejected, reply };
  } finally {
    session.endTransaction();
  }
}

function checkEnvelope(envelope: Envelope): void {
  if (typeof envelope !== 'object' || envelope === null || !Array.isArray(envelope.recipients)) {
    throw new SmtpError(SmtpErrorCodes.INVALID_ARGUMENT, 'the envelope must be { from, recipients: [...] }');
  }
  checkAddress(envelope.from, 'sender');
  if (envelope.recipients.length === 0) {
    throw new SmtpError(SmtpErrorCodes.INVALID_ARGUMENT, 'the envelope has no recipients');
  }
  for (const recipient of envelope.recipients) checkAddress(recipient, 'recipient');
}

/** MAIL and the RCPTs: pipelined when offered, else one by one (and no RCPT after a refused MAIL). */
async function exchangeEnvelope(
  session: SmtpSession,
  envelope: Envelope,
  parameters: readonly string[],
): Promise<RcptResult[]> {
  const mail = mailCommand(envelope.from, parameters);
  const rcpts = envelope.recipients.map(rcptCommand);
  if (!session.capabilities.has('PIPELINING')) {
    await session.execute(mail).result.catch((error: unknown) => senderFailed(session, error));
    const results: RcptResult[] = [];
    for (const rcpt of rcpts) results.push(await session.execute(rcpt).result);
    return results;
  }
  const handles = session.pipeline([mail, ...rcpts]);
  const [mailOutcome, ...rcptOutcomes] = await Promise.allSettled(handles.map((h) => h.result));
  if (mailOutcome?.status === 'rejected') return senderFailed(session, mailOutcome.reason);
  return rcptOutcomes.map((outcome) => {
    if (outcome.status === 'rejected') throw outcome.reason;
    return outcome.value as RcptResult;
  });
}

async function senderFailed(session: SmtpSession, error: unknown): Promise<never> {
  if (isCode(error, SmtpErrorCodes.SENDER_REFUSED)) await resetQuietly(session);
  throw error;
}

/** RSET when the connection is still there; its own failure closes the session and changes nothing here. */
async function resetQuietly(session: SmtpSession): Promise<void> {
  if (session.closed) return;
  await session.execute(rsetCommand()).result.catch(() => undefined);
}

function isCode(error: unknown, code: string): boolean {
  return error instanceof SmtpError && error.code === code;
}
