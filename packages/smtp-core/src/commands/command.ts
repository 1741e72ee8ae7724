// What every command file gives the session: its line, and what each reply to it means. The session owns the
// order replies come back in (RFC 5321 4.3, RFC 2920 3.2: in the order the commands were sent), pipelining,
// the connection's state and closing; a command only knows its own grammar and reply codes.

import { SmtpError, SmtpErrorCodes, replySummary } from '../errors.ts';
import type { Capabilities, SmtpReply } from '../types.ts';

/** Per-connection facts a command may look at. */
export interface CommandContext {
  /** EHLO keywords (upper case); empty before EHLO, after STARTTLS, and after a HELO fallback. */
  readonly capabilities: Capabilities;
  /** EHLO or HELO has been answered since the greeting (or since TLS began). */
  readonly greeted: boolean;
  readonly authenticated: boolean;
}

/** Sends bytes that belong to a command after its line: SASL responses, message data. */
export interface CommandChannel {
  /**
   * `trace` is what the trace shows instead of the bytes: one line per '\n'-separated part, nothing for ''.
   * Returns false once the session has closed (the bytes then went nowhere, or were the last to go).
   */
  send(bytes: Uint8Array, trace: string): boolean;
}

/** What a reply did to a command: finished it with a value, or left it waiting for another reply. */
export type Step<R> = { readonly done: true; readonly value: R } | { readonly done: false };

export const MORE: Step<never> = Object.freeze({ done: false });

export function done<R>(value: R): Step<R> {
  return { done: true, value };
}

export type CommandEffect = 'ehlo' | 'starttls' | 'authenticate' | 'quit';

export interface Command<R> {
  /** The command as users know it, for errors and traces: 'MAIL FROM', 'RCPT TO', 'DATA'. */
  readonly name: string;
  /**
   * RFC 2920 3.1: may be followed by other commands in the same write (RSET, MAIL, RCPT). A command without it
   * may still end a group, but nothing is sent behind it until its reply came.
   */
  readonly pipelinable?: boolean;
  /** What its success does to the connection, applied by the session. */
  readonly effect?: CommandEffect;
  /** The command line without CRLF, and the trace's version of it when that must hide a secret. */
  encode(context: CommandContext): { readonly line: string; readonly trace?: string };
  /** One reply to this command. Throws SmtpError to fail it; an SMTP_PROTOCOL error closes the session. */
  onReply(reply: SmtpReply, channel: CommandChannel, context: CommandContext): Step<R>;
  /**
   * The command is in the middle of sending data the server reads as message content: a reply now means the
   * server gave up on it, and the connection cannot be used after (anything sent would be more content).
   */
  streaming?(): boolean;
  /** The reply it waits for may take long (the final dot's: the server delivers or queues the message). */
  slowReply?(): boolean;
  /** The error to reject with when the session ends before this command's last reply. Absent: `error`. */
  interrupted?(error: SmtpError): SmtpError;
}

/** Reply codes, by class (RFC 5321 4.2.1). */
export const isPositive = (reply: SmtpReply): boolean => reply.code >= 200 && reply.code < 300;
export const isRefusal = (reply: SmtpReply): boolean => reply.code >= 400 && reply.code < 600;

/** A reply the command's grammar does not allow: the client and server no longer agree on the state. */
export function unexpectedReply(command: string, reply: SmtpReply): SmtpError {
  return new SmtpError(SmtpErrorCodes.PROTOCOL, `unexpected reply to ${command}: ${replySummary(reply)}`, {
    reply,
  });
}
