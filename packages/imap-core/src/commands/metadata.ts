// GETMETADATA and SETMETADATA (RFC 5464 4.2, 4.3): annotations on a mailbox, or on the server (mailbox '').
// A mail client uses them for what should follow the user to every client, such as a folder's role
// (RFC 6154 4: /private/specialuse) on a server that lists no SPECIAL-USE attributes.
//
// Entry names are checked before anything is sent (RFC 5464 3.2): they start with /private/ or /shared/, are
// ASCII without '*', '%' or control characters, and have no empty segment. Answers are matched by mailbox, so
// GETMETADATA for several mailboxes can be pipelined, as STATUS is.

import { ErrorCodes, UsageError } from '../errors.ts';
import type { MailboxName } from '../types.ts';
import type { CommandWriter } from '../wire/encoder.ts';
import type { ResponseCode } from '../wire/response.ts';
import type { Command, CommandContext } from './command.ts';
import { AUTHENTICATED_STATES } from './command.ts';

export interface GetMetadataOptions {
  /** MAXSIZE (RFC 5464 4.2.1): values longer than this many octets are left out and counted in `longEntries`. */
  readonly maxSize?: number;
  /** DEPTH (RFC 5464 4.2.2): also the entries below each one named, one level ('1') or all ('infinity'). */
  readonly depth?: '0' | '1' | 'infinity';
}

export interface MetadataResult {
  /** Every entry the server answered with its value; null where it has none (NIL). */
  readonly entries: ReadonlyMap<string, string | null>;
  /** [METADATA LONGENTRIES n] (RFC 5464 4.2.1): the longest value MAXSIZE left out, or null. */
  readonly longEntries: number | null;
}

/**
 * RFC 5464 3.2: "/private" or "/shared", then "/"-separated ASCII segments, none empty, no wildcards. A bare
 * "/private" or "/shared" only names where to look (with DEPTH): nothing can be set on it.
 */
const ENTRY = /^\/(private|shared)(\/[\x21-\x24\x26-\x29\x2b-\x2e\x30-\x7e]+)*$/i;
const SETTABLE_ENTRY = /^\/(private|shared)(\/[\x21-\x24\x26-\x29\x2b-\x2e\x30-\x7e]+)+$/i;

export function getMetadataCommand(
  mailbox: MailboxName,
  entries: readonly string[],
  options: GetMetadataOptions = {},
): Command<MetadataResult> {
  const values = new Map<string, string | null>();
  return {
    name: 'GETMETADATA',
    states: AUTHENTICATED_STATES,
    check(context) {
      requireMetadata(context, mailbox, 'GETMETADATA');
      if (entries.length === 0)
        throw new UsageError(ErrorCodes.INVALID_ARGUMENT, 'GETMETADATA needs at least one entry');
      for (const entry of entries) checkEntry(entry, ENTRY);
      const { maxSize } = options;
      if (maxSize !== undefined && !(Number.isInteger(maxSize) && maxSize >= 0 && maxSize <= 0xffff_ffff))
        throw new UsageError(ErrorCodes.INVALID_ARGUMENT, `GETMETADATA MAXSIZE ${maxSize} is not a number`);
    },
    encode(w) {
      w.syntax('GETMETADATA ');
      const parameters = [
        ...(options.maxSize === undefined ? [] : [`MAXSIZE ${options.maxSize}`]),
        ...(options.depth === undefined ? [] : [`DEPTH ${options.depth}`]),
      ];
      if (parameters.length > 0) w.syntax(`(${parameters.join(' ')}) `);
      writeMailbox(w, mailbox);
      w.syntax(' (');
      entries.forEach((entry, index) => (index > 0 ? w.sp() : w).astring(entry));
      w.syntax(')');
    },
    onUntagged(response) {
      if (response.kind !== 'metadata' || response.mailbox !== mailbox || response.values === null) return;
      for (const [entry, value] of response.values) values.set(entry, value);
    },
    onOk: (response) => ({ entries: values, longEntries: longEntriesOf(response.code) }),
  };
}

/**
 * Sets entries (a null value removes the entry, RFC 5464 4.3). The server may refuse with NO [METADATA
 * MAXSIZE n], [METADATA TOOMANY] or [METADATA NOPRIVATE], or with [CANNOT] for an entry it keeps itself
 * (Dovecot's /private/specialuse); the command then rejects with that code.
 */
export function setMetadataCommand(
  mailbox: MailboxName,
  entries: ReadonlyMap<string, string | null>,
): Command<void> {
  return {
    name: 'SETMETADATA',
    states: AUTHENTICATED_STATES,
    check(context) {
      requireMetadata(context, mailbox, 'SETMETADATA');
      if (entries.size === 0)
        throw new UsageError(ErrorCodes.INVALID_ARGUMENT, 'SETMETADATA needs at least one entry');
      for (const entry of entries.keys()) checkEntry(entry, SETTABLE_ENTRY);
    },
    encode(w) {
      w.syntax('SETMETADATA ');
      writeMailbox(w, mailbox);
      w.syntax(' (');
      let first = true;
      for (const [entry, value] of entries) {
        if (!first) w.sp();
        first = false;
        w.astring(entry).sp().nstring(value);
      }
      w.syntax(')');
    },
    onOk: () => undefined,
  };
}

/** Server entries ('') need METADATA-SERVER or METADATA; a mailbox's need METADATA (RFC 5464 1). */
function requireMetadata(context: CommandContext, mailbox: MailboxName, command: string): void {
  const caps = context.capabilities;
  if (caps.has('METADATA') || (mailbox === '' && caps.has('METADATA-SERVER'))) return;
  const needed = mailbox === '' ? 'METADATA-SERVER' : 'METADATA';
  throw new UsageError(
    ErrorCodes.UNSUPPORTED,
    `${command} needs the ${needed} capability, which the server lacks`,
  );
}

function checkEntry(entry: string, pattern: RegExp): void {
  if (!pattern.test(entry))
    throw new UsageError(
      ErrorCodes.INVALID_ARGUMENT,
      `metadata entry ${JSON.stringify(entry)} is not /private/... or /shared/... (RFC 5464 3.2)`,
    );
}

/** The server's entries are named by an empty string, which no astring encoding would write. */
function writeMailbox(w: CommandWriter, mailbox: MailboxName): void {
  if (mailbox === '') w.syntax('""');
  else w.mailbox(mailbox);
}

function longEntriesOf(code: ResponseCode | null): number | null {
  if (code?.name !== 'OTHER' || code.atom !== 'METADATA' || code.raw === null) return null;
  const match = /^LONGENTRIES (\d+)$/i.exec(code.raw.trim());
  return match ? Number(match[1]) : null;
}
