// IDLE (RFC 2177, RFC 9051 6.3.13). The server answers "+ idling" and then pushes EXISTS/EXPUNGE/FETCH, which
// the session applies to the mailbox as usual. done() sends DONE; the tagged OK completes the command, and the
// commands queued behind it go out right after DONE (letsFollow). Re-issuing IDLE before the server's
// inactivity timer (29 minutes, RFC 2177 3) is the client's job, not this file's.

import { ErrorCodes, ProtocolError } from '../errors.ts';
import type { Command, CommandChannel } from './command.ts';
import { AUTHENTICATED_STATES, requireCapability } from './command.ts';

const DONE = Uint8Array.of(0x44, 0x4f, 0x4e, 0x45, 0x0d, 0x0a);

export interface IdleCommand extends Command<void> {
  /** Ends the IDLE (sends DONE as soon as the server has accepted it). Safe to call more than once. */
  done(): void;
  /** The server has answered the IDLE with its continuation request. */
  readonly established: boolean;
}

export function idleCommand(options: { readonly onEstablished?: () => void } = {}): IdleCommand {
  let channel: CommandChannel | null = null;
  let established = false;
  let doneRequested = false;
  let doneSent = false;
  const sendDone = (): void => {
    if (doneSent || channel === null) return;
    doneSent = true;
    channel.send(DONE, 'DONE');
  };
  return {
    name: 'IDLE',
    states: AUTHENTICATED_STATES,
    exclusive: true,
    get established() {
      return established;
    },
    check: (context) => {
      if (!context.capabilities.has('IMAP4REV2')) requireCapability(context, 'IDLE', 'IDLE');
    },
    encode: (w) => void w.syntax('IDLE'),
    onContinuation(_request, ch) {
      if (established) {
        throw new ProtocolError(
          ErrorCodes.UNEXPECTED_CONTINUATION,
          'second continuation request during IDLE',
        );
      }
      established = true;
      channel = ch;
      if (doneRequested) sendDone();
      else options.onEstablished?.();
    },
    done() {
      doneRequested = true;
      if (established) sendDone();
    },
    // Silence is expected between the continuation request and DONE; before and after, an answer is owed.
    awaitsResponse: () => !established || doneSent,
    // The next command (a folder switch, a search) goes out right behind DONE, not a round trip later.
    letsFollow: () => doneSent,
    onOk: () => undefined,
  };
}
