// Test doubles for the MailActions tests (nothing in the app imports this file): a message list and a folder
// tree that do only what the actions use of them, over a real ImapClient, and a scripted server that adds
// UID COPY, UID MOVE and UID EXPUNGE (with COPYUID and EXPUNGE responses) to the shared FakeImapServer.

import { ImapClient, mailboxDisplayName, parseSequenceSet } from '@webmail/imap-core';
import type { Transport } from '@webmail/imap-core';
import type { ActionFolders, ActionList, ActionTarget } from './actions.svelte.ts';
import type { FolderRole } from './folder-model.ts';
import type { MovingRows } from './message-list/list-types.ts';
import type { MailClient } from './mail-client.ts';
import { FakeImapServer } from './testing/fake-imap.ts';
import type { FakeMessage, FakeServerOptions } from './testing/fake-imap.ts';

export interface FlagChange {
  readonly uids: readonly number[];
  readonly add: readonly string[];
  readonly remove: readonly string[];
}

/** The list's side of the contract: open() selects for real; flags painted and put back are recorded. */
export class FakeList implements ActionList {
  path: string | null = null;
  role: FolderRole | null = null;
  uidValidity = 0;
  keywordsAllowed = true;
  knownKeywords: readonly string[] = [];
  readonly painted: FlagChange[] = [];
  readonly rolledBack: FlagChange[] = [];
  readonly opened: { path: string; role: FolderRole | null }[] = [];
  /** UIDs hidden while moved (hideMoving), and what became of each hiding. */
  readonly hidden: { uids: number[]; ended: 'done' | 'restored' | null }[] = [];
  #uids: Uint32Array = new Uint32Array(0);
  readonly #listeners = new Set<(path: string, uidValidity: number) => void>();

  constructor(private readonly client: () => MailClient) {}

  async open(path: string, role: FolderRole | null = null): Promise<void> {
    this.path = path;
    this.role = role;
    this.opened.push({ path, role });
    const client = this.client();
    const selected = await client.select(path);
    this.#uids = selected.exists > 0 ? await client.search({ all: true }) : new Uint32Array(0);
    const previous = this.uidValidity;
    this.uidValidity = selected.uidValidity ?? 0;
    if (previous !== this.uidValidity) this.emitUidValidity(path, this.uidValidity);
  }

  allUids(): Uint32Array {
    return this.#uids.slice();
  }

  applyFlags(uids: readonly number[], add: readonly string[], remove: readonly string[]): () => void {
    const change = { uids: [...uids], add: [...add], remove: [...remove] };
    this.painted.push(change);
    return () => this.rolledBack.push(change);
  }

  hideMoving(uids: ArrayLike<number>): MovingRows {
    const record: { uids: number[]; ended: 'done' | 'restored' | null } = {
      uids: Array.from(uids),
      ended: null,
    };
    this.hidden.push(record);
    return {
      unseen: 0,
      done: () => void (record.ended ??= 'done'),
      restore: () => void (record.ended ??= 'restored'),
    };
  }

  onUidValidityChange(listener: (path: string, uidValidity: number) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emitUidValidity(path: string, uidValidity: number): void {
    for (const listener of this.#listeners) listener(path, uidValidity);
  }

  /** What Selection.target() would give for these UIDs of the open folder. */
  target(uids: ArrayLike<number>): ActionTarget {
    return { mailbox: this.path ?? '', uidValidity: this.uidValidity, uids: Uint32Array.from(uids) };
  }
}

/** Roles by path; a role without a folder is created (as FolderTree.ensureRole does) under its usual name. */
export class FakeFolders implements ActionFolders {
  refreshes = 0;
  /** Awaited before ensureRole answers, so a test can hold an action mid-way. */
  gate: Promise<void> = Promise.resolve();

  constructor(
    private readonly client: () => MailClient,
    readonly roles = new Map<string, string>(),
  ) {}

  async ensureRole(role: 'trash' | 'junk' | 'archive'): Promise<{ path: string; created: boolean }> {
    await this.gate;
    const existing = this.roles.get(role);
    if (existing !== undefined) return { path: existing, created: false };
    const path = role[0]?.toUpperCase() + role.slice(1);
    await this.client().create(path);
    this.roles.set(role, path);
    return { path, created: true };
  }

  async refreshCounts(): Promise<void> {
    this.refreshes++;
  }

  /** As FolderTree names a folder on a server with no personal prefix: its name, escaped if it does not decode. */
  displayName(path: string): string {
    return mailboxDisplayName(path);
  }
}

interface ScriptedFolder {
  name: string;
  uidValidity: number;
  messages: FakeMessage[];
}

/**
 * FakeImapServer plus UID COPY / UID MOVE / UID EXPUNGE / CREATE, and scripted refusals: a command line
 * matching `refuse[i].match` gets `refuse[i].answer` (e.g. 'NO [OVERQUOTA] Quota exceeded') and does nothing.
 */
export class ScriptedServer {
  readonly fake: FakeImapServer;
  readonly refuse: { match: RegExp; answer: string }[] = [];

  constructor(options: FakeServerOptions) {
    this.fake = new FakeImapServer(options);
  }

  transport(): Transport {
    const inner = this.fake.transport();
    return { ...inner, send: (bytes) => this.#receive(bytes, inner) };
  }

  /** Client command lines matching `match`, without their tags. */
  commands(match: RegExp): string[] {
    return this.fake.lines(match).map((line) => line.slice(line.indexOf(' ') + 1));
  }

  folder(name: string): ScriptedFolder {
    return this.fake.folder(name);
  }

  uids(name: string): number[] {
    return this.folder(name).messages.map((message) => message.uid);
  }

  #receive(bytes: Uint8Array, inner: Transport): void {
    const line = new TextDecoder().decode(bytes).replace(/\r\n$/, '');
    const [tag = '', ...words] = line.split(' ');
    const command = words.join(' ');
    const refusal = this.refuse.find((r) => r.match.test(command));
    const ours = /^(UID (COPY|MOVE|EXPUNGE)|CREATE) /i.test(command);
    if (!refusal && !ours) return inner.send(bytes);
    this.fake.log.push(`C: ${line}`);
    queueMicrotask(() => {
      let answer = refusal?.answer ?? 'OK done';
      if (!refusal) answer = this.#run(command);
      this.fake.log.push(`S: ${tag} ${answer.split(' ')[0]}`);
      this.fake.push(`${tag} ${answer}\r\n`);
    });
  }

  #run(command: string): string {
    const create = /^CREATE "?([^"]*)"?$/i.exec(command);
    if (create) {
      this.fake.folders.push({
        name: create[1] ?? '',
        wireName: create[1] ?? '',
        attributes: [],
        uidValidity: 5000 + this.fake.folders.length,
        messages: [],
      });
      return 'OK created';
    }
    const source = this.fake.selected;
    if (source === null) return 'BAD no mailbox selected';
    const [, verb = '', set = '', rest = ''] = /^UID (\S+) (\S+) ?(.*)$/i.exec(command) ?? [];
    const ranges = parseSequenceSet(set);
    const chosen = source.messages.filter((m) => ranges.some((r) => m.uid >= r.start && m.uid <= r.end));
    if (verb.toUpperCase() === 'EXPUNGE') {
      this.#expunge(
        source,
        chosen.filter((m) => m.flags?.includes('\\Deleted')),
      );
      return 'OK expunged';
    }
    const destination = this.fake.folders.find((f) => f.wireName === rest.replace(/^"|"$/g, ''));
    if (destination === undefined) return 'NO [TRYCREATE] Mailbox does not exist';
    if (chosen.length === 0) return 'OK No messages found';
    let next = Math.max(0, ...destination.messages.map((m) => m.uid)) + 1;
    const copies = chosen.map((m) => ({ ...m, uid: next++, flags: [...(m.flags ?? [])] }));
    destination.messages.push(...copies);
    const code = `[COPYUID ${destination.uidValidity} ${chosen.map((m) => m.uid).join(',')} ${copies.map((m) => m.uid).join(',')}]`;
    if (verb.toUpperCase() === 'MOVE') {
      this.fake.push(`* OK ${code} moved\r\n`);
      this.#expunge(source, chosen);
      return 'OK done';
    }
    return `OK ${code} copied`;
  }

  #expunge(folder: ScriptedFolder, messages: readonly FakeMessage[]): void {
    for (const message of messages) {
      const index = folder.messages.indexOf(message);
      folder.messages.splice(index, 1);
      this.fake.push(`* ${index + 1} EXPUNGE\r\n`);
    }
  }
}

/** An ImapClient signed in to a ScriptedServer. */
export async function scriptedClient(
  options: FakeServerOptions,
): Promise<{ server: ScriptedServer; client: ImapClient }> {
  const server = new ScriptedServer(options);
  const client = await ImapClient.connect(server.transport());
  await client.login(options.user ?? 'demo', options.password ?? 'secret');
  return { server, client };
}
