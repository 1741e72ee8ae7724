// Everything that happens behind the app's back in the data-safety tests:
// - the seed: small folders of messages with distinct Message-IDs, so every message can be followed by name;
// - the other client: a raw IMAP session on the same Dovecot, scripted by the test (RawImap);
// - the third session that checks the outcome: where every message is, with which flags (snapshotFolder);
// - the wire between the page and the proxy (WireTap): a test can hold a command the app sends, let it go
//   later, or cut the connection right after it, which is how a race is made to happen every time.
import { appendMessage, openSession, quoted, snapshotFolder, startDovecot } from '@webmail/testbed';
import type { DovecotServer, RawImap, StartDovecotOptions } from '@webmail/testbed';
import type { Browser, BrowserContext, Page, WebSocketRoute } from 'playwright-core';
import { serveApp } from '../serve-app.ts';
import { signIn } from './app.ts';

/** The user every stage signs in as (the testbed's demo user, with a quota when a stage asks for one). */
export const USER = { name: 'demo', password: 'demo-password' } as const;

/** A Dovecot of the test's own with seeded folders, and the proxy serving the app in front of it. */
export interface Stage {
  readonly server: DovecotServer;
  readonly appUrl: string;
  /** The UID a seeded message got when it was appended. */
  uid(key: string): number;
  /** A fresh browser context signed in to the app, its IMAP WebSockets going through a WireTap. */
  openApp(browser: Browser): Promise<{ page: Page; tap: WireTap }>;
  /** Closes the contexts opened so far (between tests). */
  closeApps(): Promise<void>;
  stop(): Promise<void>;
}

export async function startStage(
  options: StartDovecotOptions,
  folders: Readonly<Record<string, readonly SeedMessage[]>>,
): Promise<Stage> {
  const server = await startDovecot({ users: [{ ...USER }], ...options });
  try {
    // Sign-in waits for the INBOX's first row: the INBOX gets one message.
    const inbox = { key: 'welcome', date: new Date(Date.UTC(2025, 10, 3)) };
    const uids = await seedFolders(server, USER.name, { INBOX: [inbox], ...folders });
    const { appUrl, proxy } = await serveApp(server);
    const contexts: BrowserContext[] = [];
    const closeApps = async (): Promise<void> => {
      await Promise.all(contexts.splice(0).map((context) => context.close()));
    };
    return {
      server,
      appUrl,
      uid(key) {
        const uid = uids.get(key);
        if (uid === undefined) throw new Error(`no seeded message ${key}`);
        return uid;
      },
      async openApp(browser) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        contexts.push(context);
        const page = await context.newPage();
        const tap = await WireTap.attach(page);
        await signIn(page, appUrl, USER);
        return { page, tap };
      },
      closeApps,
      async stop() {
        await closeApps();
        await proxy.close();
        await server.stop();
      },
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/** One seeded message: `key` names it in the test and makes its Message-ID (`<key@data-safety.test>`). */
export interface SeedMessage {
  key: string;
  /** The Date header; the list shows newest first (UID SORT (REVERSE DATE)). */
  date: Date;
  flags?: readonly string[];
}

const MESSAGE_ID_DOMAIN = 'data-safety.test';

function messageIdOf(key: string): string {
  return `<${key}@${MESSAGE_ID_DOMAIN}>`;
}

/** The subject the list shows for a seeded message. */
export function subjectOf(key: string): string {
  return `Data safety ${key}`;
}

function rawMessage(message: SeedMessage): string {
  return [
    'From: Other Sender <other@example.org>',
    'To: demo@testbed.example',
    `Subject: ${subjectOf(message.key)}`,
    `Date: ${message.date.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: ${messageIdOf(message.key)}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Message ${message.key}.`,
    '',
  ].join('\r\n');
}

/**
 * Creates and subscribes each folder (ASCII names; INBOX is always there) and appends its messages in order;
 * resolves with every message's UID by key.
 */
export async function seedFolders(
  server: DovecotServer,
  user: string,
  folders: Readonly<Record<string, readonly SeedMessage[]>>,
): Promise<Map<string, number>> {
  const session = await openSession(server, user);
  try {
    for (const folder of Object.keys(folders)) {
      if (folder === 'INBOX') continue;
      await session.ok(`CREATE ${quoted(folder)}`);
      await session.ok(`SUBSCRIBE ${quoted(folder)}`);
    }
    await session.ok('LOGOUT');
  } finally {
    session.close();
  }
  const uids = new Map<string, number>();
  for (const [folder, messages] of Object.entries(folders)) {
    for (const message of messages) {
      const { uid } = await appendMessage(server, user, folder, rawMessage(message), message.flags);
      uids.set(message.key, uid);
    }
  }
  return uids;
}

/** `count` messages `${prefix}1`, `${prefix}2`...: the first is the newest, so it is the list's first row. */
export function newestFirst(prefix: string, count: number): SeedMessage[] {
  const newest = Date.UTC(2025, 10, 3, 12, 0, 0);
  return Array.from({ length: count }, (_, i) => ({
    key: `${prefix}${i + 1}`,
    date: new Date(newest - i * 3_600_000),
  }));
}

/** The other client: a session of its own with `folder` selected (read-write). The caller closes it. */
export async function otherClient(server: DovecotServer, user: string, folder: string): Promise<RawImap> {
  const session = await openSession(server, user);
  try {
    await session.ok(`SELECT ${quoted(folder)}`);
    return session;
  } catch (error) {
    session.close();
    throw error;
  }
}

/**
 * Where each message is, as a third session sees it: key → `Folder` or `Folder \Flag $keyword`, one entry
 * per copy (sorted). Only messages seeded by these tests count (their Message-IDs end in the test domain).
 */
export async function whereIs(
  server: DovecotServer,
  user: string,
  folders: readonly string[],
): Promise<Record<string, string[]>> {
  const places: Record<string, string[]> = {};
  const suffix = `@${MESSAGE_ID_DOMAIN}>`;
  for (const folder of folders) {
    for (const message of await snapshotFolder(server, user, folder)) {
      const id = message.messageId;
      if (id === null || !id.endsWith(suffix)) continue;
      const key = id.slice(1, -suffix.length);
      (places[key] ??= []).push([folder, ...message.flags].join(' '));
    }
  }
  for (const copies of Object.values(places)) copies.sort();
  return places;
}

/** Whether `folder` exists, by a LIST from a session of its own. */
export async function folderExists(server: DovecotServer, user: string, folder: string): Promise<boolean> {
  const session = await openSession(server, user);
  try {
    const listed = await session.ok(`LIST "" ${quoted(folder)}`);
    await session.ok('LOGOUT');
    return listed.untagged.some((response) => response.text.startsWith('* LIST '));
  } finally {
    session.close();
  }
}

// --- the wire between the page and the proxy ----------------------------------------------------------------

/** A command the app sent, held back by the tap before the proxy saw it (with whatever the page sent after it). */
export interface HeldCommand {
  /** The text of the frame that matched. */
  readonly text: string;
  /** Sends it, and everything held after it, on to the server; the connection carries on as usual. */
  release(): void;
  /** Drops it and closes the connection: the server never sees the command. */
  cut(): void;
}

interface Link {
  readonly page: WebSocketRoute;
  readonly server: WebSocketRoute;
  /** Frames from the page waiting behind a held command; null while frames pass. */
  held: (string | Buffer)[] | null;
  /** Frames from the server held back from the page; null while frames pass. */
  heldReplies: (string | Buffer)[] | null;
  /** Set once a command went out that the test wants cut when its answer comes: the frames it swallows. */
  awaitingAnswerTo: string | null;
  onAnswered: (() => void) | null;
  closed: boolean;
}

type Trap =
  | { kind: 'hold'; pattern: RegExp; resolve: (held: HeldCommand) => void }
  | { kind: 'cut-answered'; pattern: RegExp; resolve: () => void }
  | { kind: 'after-send'; pattern: RegExp; then: () => void };

/** The close code the page sees when the tap cuts: the proxy's "connection to the mail server was reset". */
const CUT_CLOSE_CODE = 4014;

/**
 * The tap reads the IMAP it carries, so the connection must stay readable: COMPRESS=DEFLATE is taken out of
 * the server's capabilities (in the greeting and LOGIN's answer, before anything could be compressed), and the
 * app, not offered it, never asks for it.
 */
function uncompressed(message: string | Buffer): string | Buffer {
  const text = textOf(message);
  if (!text.includes(' COMPRESS=DEFLATE')) return message;
  const readable = text.replaceAll(' COMPRESS=DEFLATE', '');
  return typeof message === 'string' ? readable : Buffer.from(readable, 'latin1');
}

function textOf(message: string | Buffer): string {
  return typeof message === 'string' ? message : message.toString('latin1');
}

/** The tag of the command in `text` that matches `pattern` ("A12 UID MOVE ..." → "A12"). */
function tagOf(text: string, pattern: RegExp): string {
  const line = text.split('\r\n').find((candidate) => pattern.test(candidate));
  const tag = line?.split(' ', 1)[0];
  if (!tag) throw new Error(`no tagged command matching ${pattern} in ${JSON.stringify(text)}`);
  return tag;
}

/**
 * Sits between the page's IMAP WebSockets and the proxy (page.routeWebSocket), passing every frame on until a
 * trap set by the test matches a frame the page sends. Attach it before the page signs in.
 */
export class WireTap {
  /** The text of every frame the page sent, in order, over all its connections. */
  readonly sent: string[] = [];
  #traps: Trap[] = [];
  #links: Link[] = [];

  static async attach(page: Page): Promise<WireTap> {
    const tap = new WireTap();
    await page.routeWebSocket(/\/imap\//, (route) => tap.#connect(route));
    return tap;
  }

  /** Holds the next command matching `pattern` (and what follows it); resolves once the page has sent it. */
  hold(pattern: RegExp): Promise<HeldCommand> {
    return new Promise((resolve) => this.#traps.push({ kind: 'hold', pattern, resolve }));
  }

  /**
   * Lets the next command matching `pattern` reach the server, keeps the server's answer to it (and anything
   * the server sends meanwhile) from the page, and closes the connection once that answer is complete: the
   * server did it, the app never heard so. Resolves when the connection has been cut.
   */
  cutWhenAnswered(pattern: RegExp): Promise<void> {
    return new Promise((resolve) => this.#traps.push({ kind: 'cut-answered', pattern, resolve }));
  }

  /**
   * Holds back everything the server sends on the app's current connection until `release()`: the app hears
   * nothing of what happens meanwhile (another client's expunge), while what it sends still goes through.
   */
  holdReplies(): { release(): void } {
    const link = [...this.#links].reverse().find((candidate) => !candidate.closed);
    if (link === undefined) throw new Error('the app has no open IMAP connection');
    link.heldReplies ??= [];
    return {
      release: () => {
        const held = link.heldReplies ?? [];
        link.heldReplies = null;
        if (!link.closed) for (const frame of held) link.page.send(frame);
      },
    };
  }

  /** Calls `then` right after the next command matching `pattern` has been passed on to the server. */
  afterSend(pattern: RegExp, then: () => void): void {
    this.#traps.push({ kind: 'after-send', pattern, then });
  }

  /** Whether the page sent a command matching `pattern` (anywhere in a frame, line by line). */
  hasSent(pattern: RegExp): boolean {
    return this.sent.some((text) => text.split('\r\n').some((line) => pattern.test(line)));
  }

  #connect(page: WebSocketRoute): void {
    const link: Link = {
      page,
      server: page.connectToServer(),
      held: null,
      heldReplies: null,
      awaitingAnswerTo: null,
      onAnswered: null,
      closed: false,
    };
    this.#links.push(link);
    page.onMessage((message) => this.#fromPage(link, message));
    link.server.onMessage((message) => this.#fromServer(link, message));
    // Each side's close is passed on; the proxy's code reaches the page, which tells a restart from a failure.
    page.onClose(() => {
      if (link.closed) return;
      link.closed = true;
      closeQuietly(link.server);
    });
    link.server.onClose((code, reason) => {
      if (link.closed) return;
      link.closed = true;
      closeQuietly(link.page, code, reason);
    });
  }

  #fromPage(link: Link, message: string | Buffer): void {
    const text = textOf(message);
    this.sent.push(text);
    if (link.held !== null) {
      link.held.push(message);
      return;
    }
    const index = this.#traps.findIndex((trap) => text.split('\r\n').some((line) => trap.pattern.test(line)));
    const trap = index < 0 ? undefined : this.#traps.splice(index, 1)[0];
    if (trap === undefined) {
      link.server.send(message);
      return;
    }
    switch (trap.kind) {
      case 'hold': {
        link.held = [message];
        trap.resolve({
          text,
          release: () => {
            const held = link.held ?? [];
            link.held = null;
            if (!link.closed) for (const frame of held) link.server.send(frame);
          },
          cut: () => {
            link.held = null;
            this.#cut(link);
          },
        });
        return;
      }
      case 'cut-answered':
        link.awaitingAnswerTo = tagOf(text, trap.pattern);
        link.onAnswered = trap.resolve;
        link.server.send(message);
        return;
      case 'after-send':
        link.server.send(message);
        trap.then();
        return;
    }
  }

  #fromServer(link: Link, received: string | Buffer): void {
    const message = uncompressed(received);
    if (link.heldReplies !== null) {
      link.heldReplies.push(message);
      return;
    }
    const tag = link.awaitingAnswerTo;
    if (tag === null) {
      link.page.send(message);
      return;
    }
    // Swallowed: the page must not learn anything the server said after the command went out.
    const lines = textOf(message).split('\r\n');
    if (!lines.some((line) => line.startsWith(`${tag} `))) return;
    link.awaitingAnswerTo = null;
    this.#cut(link);
    link.onAnswered?.();
    link.onAnswered = null;
  }

  #cut(link: Link): void {
    if (link.closed) return;
    link.closed = true;
    closeQuietly(link.page, CUT_CLOSE_CODE, 'cut by the test');
    closeQuietly(link.server);
  }
}

/**
 * Closes one side. The server side is the page's own WebSocket to the proxy, whose close() takes only 1000 or
 * 3000-4999, so it is closed without a code; a side that is already gone may refuse, which is fine.
 */
function closeQuietly(side: WebSocketRoute, code?: number, reason?: string): void {
  side.close(code === undefined ? {} : { code, reason: reason ?? '' }).catch(() => undefined);
}
