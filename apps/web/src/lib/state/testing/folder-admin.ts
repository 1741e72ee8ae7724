// Test helper for folder management: a FakeImapServer with a transport in front of it that answers what the
// fake does not (CREATE [USE (...)], RENAME, DELETE, NAMESPACE) the way Dovecot does, and, when asked,
// GETMETADATA/SETMETADATA of /private/specialuse the way Cyrus does (it keeps what a client sets). The subscription list
// and the commands that read or change it (SUBSCRIBE, UNSUBSCRIBE, LSUB, LIST (SUBSCRIBED), RETURN
// (SUBSCRIBED)) are the fake's own, so that every LIST sees the same subscriptions.
// Only for tests: nothing in the app imports it.

import { ImapClient, decodeModifiedUtf7 } from '@webmail/imap-core';
import type { Transport, TransportHandlers } from '@webmail/imap-core';
import type { MailClient } from '../mail-client.ts';
import { FakeImapServer } from './fake-imap.ts';
import type { FakeServerOptions } from './fake-imap.ts';

export interface FolderAdminOptions extends FakeServerOptions {
  /** Answer DELETE of a folder still holding messages with NO (as Cyrus and some Exchange setups do). */
  refuseNonEmptyDelete?: boolean;
  /** The personal namespace NAMESPACE reports. Default prefix '' with delimiter '/'. */
  personalPrefix?: string;
  /**
   * Each folder's /private/specialuse (RFC 6154 4), kept and answered as Cyrus does: SETMETADATA changes it,
   * GETMETADATA reads it. The server should advertise METADATA. Without it those commands are unknown.
   */
  specialUseMetadata?: Map<string, string>;
}

type Folder = FakeImapServer['folders'][number];

export interface FolderAdminSession {
  server: FakeImapServer;
  client: MailClient;
  /** Decoded names in the subscription list (the server's own set: changing it changes what LIST reports). */
  subscriptions: Set<string>;
}

const encoder = new TextEncoder();

export async function signedInForFolderAdmin(options: FolderAdminOptions = {}): Promise<FolderAdminSession> {
  const server = new FakeImapServer(options);
  const admin = new FolderAdmin(server, options);
  const client = await ImapClient.connect(admin.transport());
  await client.login(options.user ?? 'demo', options.password ?? 'secret');
  return { server, client, subscriptions: server.subscriptions };
}

class FolderAdmin {
  private uidValidity = 5000;

  constructor(
    private readonly server: FakeImapServer,
    private readonly options: FolderAdminOptions,
  ) {}

  transport(): Transport {
    const inner = this.server.transport();
    let handlers: TransportHandlers | null = null;
    let buffer = '';
    return {
      secure: inner.secure,
      open: (h) => {
        handlers = h;
        inner.open(h);
      },
      send: (bytes) => {
        buffer += new TextDecoder().decode(bytes);
        let end: number;
        while ((end = buffer.indexOf('\r\n')) >= 0) {
          const line = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const answer = this.answer(line);
          if (answer === null) {
            inner.send(encoder.encode(`${line}\r\n`));
            continue;
          }
          this.server.log.push(`C: ${line}`);
          // Answered in a microtask like the fake's own answers, so pipelined commands keep their order.
          queueMicrotask(() => {
            if (this.server.closed) return;
            this.server.log.push(`S: ${answer.tagged.split(' ', 2).join(' ')}`);
            handlers?.data(encoder.encode(answer.untagged.join('') + answer.tagged + '\r\n'));
          });
        }
      },
      close: () => inner.close(),
    };
  }

  /** The answer to a folder administration command, or null for a line the fake answers. */
  private answer(line: string): { untagged: string[]; tagged: string } | null {
    const match = /^(\S+) (CREATE|RENAME|DELETE|NAMESPACE|GETMETADATA|SETMETADATA)(?: (.*))?$/i.exec(line);
    if (!match) return null;
    const [, tag = '', command = '', rest = ''] = match;
    const args = unquoteArgs(rest).map((arg) => (arg.startsWith('(') ? arg : decodeModifiedUtf7(arg)));
    const untagged: string[] = [];
    const status = this.run(command.toUpperCase(), args, rest, untagged);
    return { untagged, tagged: `${tag} ${status}` };
  }

  private run(command: string, args: string[], rest: string, untagged: string[]): string {
    const [first = '', second = ''] = args;
    switch (command) {
      case 'NAMESPACE':
        untagged.push(`* NAMESPACE (("${this.options.personalPrefix ?? ''}" "/")) NIL NIL\r\n`);
        return 'OK done';
      case 'CREATE':
        return this.create(first, /\(USE \((\\\w+)\)\)/i.exec(rest)?.[1]);
      case 'RENAME':
        return this.rename(first, second);
      case 'DELETE':
        return this.delete(first);
      case 'GETMETADATA':
      case 'SETMETADATA':
        return this.metadata(command, first, second, untagged);
      default:
        return 'BAD unknown command';
    }
  }

  private create(name: string, specialUse: string | undefined): string {
    if (this.find(name)) return 'NO [ALREADYEXISTS] Mailbox already exists';
    if (specialUse && !this.server.capabilities.includes('CREATE-SPECIAL-USE')) return 'BAD no USE here';
    // A throwaway fake builds the folder, so it has whatever fields the fake's folders have.
    const [folder] = new FakeImapServer({
      folders: [{ name, attributes: specialUse ? [specialUse] : [], uidValidity: this.uidValidity++ }],
    }).folders;
    if (folder) this.server.folders.push(folder);
    return 'OK Create completed';
  }

  private rename(from: string, to: string): string {
    const folder = this.find(from);
    if (!folder) return 'NO [NONEXISTENT] Mailbox does not exist';
    if (this.find(to)) return 'NO [ALREADYEXISTS] Mailbox already exists';
    // Like most servers the subscriptions stay on the old names (RFC 9051 6.3.6 leaves it open).
    for (const f of this.server.folders) {
      if (f.name !== from && !f.name.startsWith(`${from}/`)) continue;
      const renamed = new FakeImapServer({ folders: [{ name: to + f.name.slice(from.length) }] }).folders[0];
      if (renamed) Object.assign(f, { name: renamed.name, wireName: renamed.wireName });
    }
    return 'OK Rename completed';
  }

  private delete(name: string): string {
    const folder = this.find(name);
    if (!folder) return 'NO [NONEXISTENT] Mailbox does not exist';
    if (this.server.folders.some((f) => f.name.startsWith(`${name}/`))) {
      return 'NO Mailbox has children, delete them first';
    }
    if (this.options.refuseNonEmptyDelete && folder.messages.length > 0) return 'NO Mailbox is not empty';
    this.server.folders.splice(this.server.folders.indexOf(folder), 1);
    if (this.server.selected === folder) this.server.selected = null;
    return 'OK Delete completed';
  }

  private metadata(command: string, mailbox: string, entries: string, untagged: string[]): string {
    const kept = this.options.specialUseMetadata;
    if (kept === undefined) return 'BAD unknown command';
    if (!this.find(mailbox)) return 'NO [NONEXISTENT] Mailbox does not exist';
    const wire = `"${this.find(mailbox)?.wireName ?? mailbox}"`;
    if (command === 'GETMETADATA') {
      const value = kept.get(mailbox);
      const shown = value === undefined ? 'NIL' : `"${value.replace(/\\/g, '\\\\')}"`;
      untagged.push(`* METADATA ${wire} (/private/specialuse ${shown})\r\n`);
      return 'OK Getmetadata completed';
    }
    const set = /^\(\/private\/specialuse (?:NIL|"((?:[^"\\]|\\.)*)")\)$/i.exec(entries);
    if (!set) return 'BAD only /private/specialuse here';
    if (set[1] === undefined) kept.delete(mailbox);
    else kept.set(mailbox, set[1].replace(/\\(.)/g, '$1'));
    return 'OK Setmetadata completed';
  }

  private find(name: string): Folder | undefined {
    return this.server.folders.find((f) => f.name === name);
  }
}

/** Quoted strings, atoms and parenthesized lists of a command's arguments, unquoted. */
function unquoteArgs(text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(/"((?:[^"\\]|\\.)*)"|(\([^]*\))|(\S+)/g)) {
    if (match[1] !== undefined) out.push(match[1].replace(/\\(.)/g, '$1'));
    else out.push(match[2] ?? match[3] ?? '');
  }
  return out;
}
