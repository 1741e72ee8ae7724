// @webmail/smtp-core: the public API. Browser-safe (no Node imports). Transports come from @webmail/imap-core:
// connectWebSocket(smtpWebSocketUrl(origin, name)) in the browser, connectTcp from '@webmail/imap-core/node'.

// Client
export {
  SmtpClient,
  DEFAULT_EHLO_NAME,
  DEFAULT_FINAL_REPLY_TIMEOUT_MS,
  DEFAULT_RESPONSE_TIMEOUT_MS,
  DRAIN_POLL_MS,
} from './client.ts';
export type { SmtpClientOptions } from './client.ts';

// Sans-I/O session and commands (for driving the protocol without the facade)
export { SmtpSession } from './session.ts';
export type { CommandHandle, SessionEvents, SessionOptions } from './session.ts';
export type { Command, CommandChannel, CommandContext, CommandEffect, Step } from './commands/command.ts';
export { authCommand } from './commands/auth.ts';
export type { AuthMechanism } from './commands/auth.ts';
export { BODY_PIECE, dataCommand } from './commands/data.ts';
export type { DataCommand, DataOptions, DataPhase } from './commands/data.ts';
export { authMechanisms, ehloCommand, parseEhloKeywords, sizeLimit } from './commands/ehlo.ts';
export { mailCommand, mailParameters } from './commands/mail.ts';
export { rcptCommand } from './commands/rcpt.ts';
export type { RcptResult } from './commands/rcpt.ts';
export { rsetCommand } from './commands/rset.ts';
export { quitCommand } from './commands/quit.ts';
export { sendMessage } from './commands/send.ts';
export type { SendHooks } from './commands/send.ts';
export { starttlsCommand } from './commands/starttls.ts';

// Wire
export { DEFAULT_REPLY_LIMITS, ReplyFramer } from './wire/reply-framer.ts';
export type { ReplyFrame, ReplyLimits } from './wire/reply-framer.ts';
export { DotStuffer, scanMessage } from './wire/dot-stuffing.ts';
export { isTemporaryReply } from './temporary-reply.ts';
export type { MessageScan } from './wire/dot-stuffing.ts';
export { MAX_ADDRESS_BYTES, checkAddress } from './wire/address.ts';

// Errors and shared vocabulary
export { SmtpError, SmtpErrorCodes } from './errors.ts';
export type { SmtpErrorCode, SmtpErrorDetails } from './errors.ts';
export type * from './types.ts';
