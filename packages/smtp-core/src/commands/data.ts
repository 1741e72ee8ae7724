// DATA (RFC 5321 4.1.1.4): the server answers 354, we send the message (CRLF lines, dot-stuffed, see
// wire/dot-stuffing.ts), then "." on a line of its own; the reply to that final dot says whether the server
// took the message. Until the final dot is handed over the message certainly was not sent; from then on,
// a connection that ends before the reply leaves it unknown (SMTP_OUTCOME_UNKNOWN), and callers must not
// simply send again.
//
// The body goes out in pieces of BODY_PIECE bytes so that no single write is huge (the proxy limits one
// WebSocket message to 2 MiB) and the dot-stuffed copy never exists whole. The last piece travels with the final
// dot in one write: a small write right behind another waits for the server's delayed ACK under Nagle's
// algorithm (measured: 40 ms per message on Linux loopback). With `holdEnd`, that last write waits for end(): the
// client calls it once the transport has drained the pieces before it, so that a connection lost during a long
// upload is known not to have sent the message. A message of one piece is not held: its one write has the dot.

import { SmtpError, SmtpErrorCodes, replySummary } from '../errors.ts';
import type { SmtpReply } from '../types.ts';
import { DotStuffer } from '../wire/dot-stuffing.ts';
import type { Command, CommandChannel, Step } from './command.ts';
import { MORE, done, isPositive, isRefusal, unexpectedReply } from './command.ts';

/** Input bytes per write; dot-stuffing makes a write at most twice this. */
export const BODY_PIECE = 64 * 1024;

export type DataPhase = 'command' | 'body' | 'end-sent';

export interface DataCommand extends Command<SmtpReply> {
  /** Sends the last piece of the body with the final dot (once the pieces before it are written). */
  end(): void;
  readonly phase: DataPhase;
}

export interface DataOptions {
  /**
   * Keep the last piece and the final dot until end() is called, when the message has more than one piece.
   * Default false: they follow the other pieces at once.
   */
  readonly holdEnd?: boolean;
  /** With holdEnd: every piece but the last has been handed to the channel; call end() when they drained. */
  readonly onBodyWritten?: () => void;
}

export function dataCommand(message: Uint8Array, options: DataOptions = {}): DataCommand {
  let phase: DataPhase = 'command';
  let channel: CommandChannel | null = null;
  const stuffer = new DotStuffer();
  const lastPieceAt = message.length === 0 ? 0 : Math.floor((message.length - 1) / BODY_PIECE) * BODY_PIECE;
  const messageTrace = `<message: ${message.length} bytes>`;

  const sendLeadingPieces = (ch: CommandChannel): boolean => {
    for (let at = 0; at < lastPieceAt; at += BODY_PIECE) {
      const piece = stuffer.write(message.subarray(at, at + BODY_PIECE));
      if (!ch.send(piece, at === 0 ? messageTrace : '')) return false;
    }
    return true;
  };
  const end = (): void => {
    if (phase !== 'body' || channel === null) return;
    // Before the write: a connection that ends during it may already have carried the dot.
    phase = 'end-sent';
    const last = stuffer.write(message.subarray(lastPieceAt));
    const terminator = stuffer.end();
    const bytes = new Uint8Array(last.length + terminator.length);
    bytes.set(last);
    bytes.set(terminator, last.length);
    channel.send(bytes, lastPieceAt === 0 ? `${messageTrace}\n.` : '.');
  };

  return {
    name: 'DATA',
    get phase() {
      return phase;
    },
    end,
    encode: () => ({ line: 'DATA' }),
    onReply(reply, ch): Step<SmtpReply> {
      if (phase === 'command') return afterDataCommand(reply, ch);
      if (phase === 'body') {
        // The server spoke before the final dot: it gave up on the message (the session then closes).
        if (isRefusal(reply)) throw refused(reply, 'while receiving it');
        throw unexpectedReply('DATA (before the final dot)', reply);
      }
      if (isPositive(reply)) return done(reply);
      if (isRefusal(reply)) throw refused(reply, '');
      throw unexpectedReply('the final dot', reply);
    },
    streaming: () => phase === 'body',
    slowReply: () => phase === 'end-sent',
    interrupted(error) {
      if (phase !== 'end-sent') return error;
      return new SmtpError(
        SmtpErrorCodes.OUTCOME_UNKNOWN,
        `the message may or may not have been sent: the server did not confirm it (${error.message})`,
        { cause: error },
      );
    },
  };

  function afterDataCommand(reply: SmtpReply, ch: CommandChannel): Step<SmtpReply> {
    if (reply.code === 354) {
      phase = 'body';
      channel = ch;
      if (!sendLeadingPieces(ch)) return MORE;
      if (options.holdEnd && lastPieceAt > 0) options.onBodyWritten?.();
      else end();
      return MORE;
    }
    if (isRefusal(reply)) throw refused(reply, '');
    throw unexpectedReply('DATA', reply);
  }
}

function refused(reply: SmtpReply, when: string): SmtpError {
  return new SmtpError(
    SmtpErrorCodes.MESSAGE_REFUSED,
    `the server refused the message${when ? ` ${when}` : ''}: ${replySummary(reply)}`,
    { reply },
  );
}
