// The composer's seam to the SMTP submission client (contracts.md section 3, `@webmail/smtp-core`, written on the
// smtp-core branch). Until that branch lands this file holds the contract's types; it then re-exports them.

import type { Transport } from '@webmail/imap-core';

export interface SmtpReply {
  readonly code: number;
  readonly enhanced?: string;
  readonly text: string;
}

export interface RecipientRejection {
  readonly address: string;
  readonly reply: SmtpReply;
}

export type SmtpErrorCode =
  | 'SMTP_PROTOCOL'
  | 'SMTP_TIMEOUT'
  | 'SMTP_CONNECTION_CLOSED'
  | 'SMTP_TLS'
  | 'SMTP_GREETING_REFUSED'
  | 'SMTP_AUTH_FAILED'
  | 'SMTP_AUTH_UNAVAILABLE'
  | 'SMTP_SENDER_REFUSED'
  | 'SMTP_RECIPIENTS_REFUSED'
  | 'SMTP_MESSAGE_REFUSED'
  | 'SMTP_TOO_LARGE'
  | 'SMTP_UTF8_UNSUPPORTED'
  | 'SMTP_OUTCOME_UNKNOWN'
  | 'SMTP_WRONG_STATE';

/** The shape of smtp-core's SmtpError that the composer reads. */
export interface SmtpErrorLike extends Error {
  readonly code: SmtpErrorCode;
  readonly reply?: SmtpReply;
  readonly rejected?: readonly RecipientRejection[];
  readonly temporary?: boolean;
}

export interface SmtpSendResult {
  readonly accepted: readonly string[];
  readonly rejected: readonly RecipientRejection[];
  readonly reply: SmtpReply;
}

/** What the composer uses of an SmtpClient. */
export interface SmtpSession {
  readonly maxMessageSize: number | null;
  supports(extension: string): boolean;
  authenticate(credentials: { username: string; password: string }): Promise<void>;
  send(
    envelope: { from: string; recipients: readonly string[] },
    data: Uint8Array,
    options?: { eightBit?: boolean; requireAllRecipients?: boolean },
  ): Promise<SmtpSendResult>;
  quit(): Promise<void>;
  close(): void;
}

/** SmtpClient.connect: reads the greeting, says EHLO. */
export type SmtpConnect = (transport: Transport) => Promise<SmtpSession>;

export function isSmtpError(error: unknown): error is SmtpErrorLike {
  if (!(error instanceof Error)) return false;
  const code: unknown = (error as Error & { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('SMTP_');
}
