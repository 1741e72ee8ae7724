// The composer's words for SMTP submission (contracts.md 3, @webmail/smtp-core), and the part of SmtpClient
// it uses, narrowed so that tests can hand in a scripted session.

import type { Transport } from '@webmail/imap-core';
import { SmtpError } from '@webmail/smtp-core';
import type { SendOptions, SendResult } from '@webmail/smtp-core';

export { SmtpError, SmtpErrorCodes, isTemporaryReply } from '@webmail/smtp-core';
export type { RecipientRejection, SmtpErrorCode, SmtpReply } from '@webmail/smtp-core';
export type SmtpSendResult = SendResult;

/** What the composer uses of an SmtpClient. */
export interface SmtpSession {
  readonly maxMessageSize: number | null;
  supports(extension: string): boolean;
  authenticate(credentials: { username: string; password: string }): Promise<void>;
  send(
    envelope: { from: string; recipients: readonly string[] },
    data: Uint8Array,
    options?: SendOptions,
  ): Promise<SendResult>;
  quit(): Promise<void>;
  close(): void;
}

/** SmtpClient.connect: reads the greeting, says EHLO. */
export type SmtpConnect = (transport: Transport) => Promise<SmtpSession>;

export function isSmtpError(error: unknown): error is SmtpError {
  return error instanceof SmtpError;
}
