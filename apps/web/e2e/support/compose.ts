// For the composer's suites: a Dovecot with the corpus and a second account, the testbed's Postfix in front of
// it (submission with SASL against that Dovecot, delivery over LMTP into it), the real proxy relaying /imap/
// and /smtp/, and a signed-in page. What the app did is checked from sessions of the recipient's own (raw
// IMAP), never from the app's view. Locators go by the names a person reads: the composer is the region named
// by its title, its fields by their labels.
// page.evaluate() callbacks run in the browser, hence the DOM types.
/// <reference lib="dom" />
import { createRequire } from 'node:module';
import net from 'node:net';
import { DEMO_USER, openSession, proxyUpstream, snapshotFolder, startDovecot } from '@webmail/testbed';
import type {
  DovecotServer,
  PostfixOptions,
  PostfixServer,
  SnapshotMessage,
  TestUser,
} from '@webmail/testbed';
import type { RunningProxy, UpstreamInput } from '@webmail/proxy';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from '../chromium.ts';
import { serveApp } from '../serve-app.ts';
import { signIn, type Account } from './app.ts';

export const BOB: TestUser = { name: 'bob', password: 'bob-Secret-1' };

export interface SendingMailbox {
  server: DovecotServer;
  postfix: PostfixServer;
  /** The signed-in user (demo, with the corpus), `demo@webmail.test`. */
  user: Account;
  address: string;
  /** A second account to write to. */
  bob: TestUser;
  bobAddress: string;
  appUrl: string;
  proxy: RunningProxy;
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

export interface SendingOptions {
  readonly postfix?: PostfixOptions;
  /** Extra users (after demo and bob). */
  readonly users?: readonly TestUser[];
  /** demo's quota. */
  readonly quota?: TestUser['quota'];
  /** Changes to the upstream the proxy relays to (savesSentCopy, identities, another smtp target). */
  readonly upstream?: (
    upstream: UpstreamInput,
    postfix: PostfixServer,
  ) => Promise<UpstreamInput> | UpstreamInput;
  /** Seconds Undo Send waits (the app's setting, in localStorage). Default 0: tests send at once. */
  readonly undoSeconds?: number;
  /** False: Dovecot does not create the special folders at login (one deleted stays gone). */
  readonly autoCreateSpecial?: boolean;
  /** What another client does in demo's mailbox before the app signs in (raw IMAP, see asDemo). */
  readonly beforeSignIn?: (server: DovecotServer) => Promise<void>;
  /**
   * The file's Chromium (support/file-chromium.ts) instead of one of the mailbox's own: the mailbox then closes
   * its page's browser context, and leaves the browser to its owner.
   */
  readonly browser?: () => Browser;
}

export async function startSendingMailbox(options: SendingOptions = {}): Promise<SendingMailbox> {
  const demo: TestUser = options.quota ? { ...DEMO_USER, quota: options.quota } : { ...DEMO_USER };
  const server = await startDovecot({
    corpus: true,
    users: [demo, BOB, ...(options.users ?? [])],
    smtp: options.postfix ?? true,
    ...(options.autoCreateSpecial === false ? { autoCreateSpecial: false } : {}),
  });
  let proxy: RunningProxy | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  const close = async (): Promise<void> => {
    if (options.browser) await page?.context().close();
    else await browser?.close();
    await proxy?.close();
    await server.stop();
  };
  try {
    const postfix = server.smtp;
    if (!postfix) throw new Error('the testbed started no Postfix');
    const base: UpstreamInput = proxyUpstream(server);
    const upstream = options.upstream ? await options.upstream(base, postfix) : base;
    await options.beforeSignIn?.(server);
    const served = await serveApp(server, {}, upstream);
    proxy = served.proxy;
    browser = options.browser ? options.browser() : await launchChromium();
    page = await signedInPage(browser, served.appUrl, demo, options.undoSeconds ?? 0);
    return {
      server,
      postfix,
      user: demo,
      address: postfix.addressOf(demo.name),
      bob: BOB,
      bobAddress: postfix.addressOf(BOB.name),
      appUrl: served.appUrl,
      proxy,
      browser,
      page,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * A page of its own (a browser context: its own storage and session) signed in as `user`, with the folder
 * tree shown. Undo Send waits `undoSeconds` (the app's setting, in localStorage), the composer starts in rich
 * text.
 */
export async function signedInPage(
  browser: Browser,
  appUrl: string,
  user: Account,
  undoSeconds = 0,
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  // Not in the reader's sandboxed mail frames (an opaque origin has no localStorage).
  await page.addInitScript((seconds) => {
    if (window === window.top)
      localStorage.setItem('webmail.compose', JSON.stringify({ undoSeconds: seconds, format: 'html' }));
  }, undoSeconds);
  await signIn(page, appUrl, user);
  await page.getByRole('tree', { name: 'Folders' }).getByRole('treeitem').first().waitFor();
  return page;
}

/** Runs IMAP `commands` as `user` in a raw session of its own, as another client would (each must be OK). */
export async function asTheUser(
  server: DovecotServer,
  user: string,
  commands: readonly string[],
): Promise<void> {
  const session = await openSession(server, user);
  try {
    for (const command of commands) await session.ok(command);
    await session.ok('LOGOUT').catch(() => undefined);
  } finally {
    session.close();
  }
}

/** The suite's mailbox, started before its tests and closed after them. Call it in the describe block. */
export function useSendingMailbox(
  ready: (mailbox: SendingMailbox) => void,
  options: SendingOptions = {},
): void {
  let mailbox: SendingMailbox | undefined;
  beforeAll(async () => {
    mailbox = await startSendingMailbox(options);
    ready(mailbox);
  }, 120_000);
  afterAll(async () => {
    await mailbox?.close();
  });
}

// --- the composer in the page ---------------------------------------------------------------------------

/** The composer on screen. */
export function composer(page: Page): Locator {
  return page.locator('section.window');
}

/** Opens a new message with C from the list and waits for its window. */
export async function composeNew(page: Page): Promise<Locator> {
  await page.getByRole('listbox').first().focus();
  await page.keyboard.press('c');
  const window = composer(page);
  await window.waitFor();
  return window;
}

/** Types into a recipient field (To, Cc, Bcc) and leaves it, so that everything becomes chips. */
export async function addRecipients(
  window: Locator,
  field: 'To' | 'Cc' | 'Bcc',
  text: string,
): Promise<void> {
  if (field !== 'To' && (await window.getByRole('combobox', { name: field, exact: true }).count()) === 0)
    await window.getByRole('button', { name: field, exact: true }).click();
  const input = window.getByRole('combobox', { name: field, exact: true });
  await input.fill(text);
  await input.press('Enter');
}

/** Types text into the body (rich or plain) where the caret is put by a click at its start. */
export async function typeBody(window: Locator, text: string): Promise<void> {
  const body = window.getByRole('textbox', { name: 'Message text' });
  await body.focus();
  await body.press('Control+Home');
  await body.pressSequentially(text);
}

/** Attaches files through the composer's own file input. */
export async function attach(
  window: Locator,
  files: { name: string; mimeType: string; buffer: Buffer }[],
): Promise<void> {
  await window.locator('footer input[type="file"]').setInputFiles(files);
  await window
    .locator('.attachments li[data-status="ready"]')
    .nth(files.length - 1)
    .waitFor();
}

/** Clicks Send and resolves once the dock says the message went (or throws with what the composer says). */
export async function send(page: Page): Promise<void> {
  await dismissNotice(page);
  await composer(page).getByRole('button', { name: 'Send', exact: true }).click();
  await waitForSent(page);
}

/** Takes the dock's last notice away, so that the next one is not mistaken for it. */
export async function dismissNotice(page: Page): Promise<void> {
  const notice = page.locator('.dock .notice');
  // Looked up and clicked in one step: "Message sent." also goes by itself after a few seconds, and a click
  // that waited for a button gone meanwhile would wait for nothing.
  await page.evaluate(() =>
    document.querySelector<HTMLButtonElement>('.dock .notice button[aria-label="Dismiss"]')?.click(),
  );
  await notice.waitFor({ state: 'detached' });
}

export async function waitForSent(page: Page): Promise<void> {
  const sent = page.locator('.dock .notice').filter({ hasText: /^Message sent/ });
  const problem = composer(page).locator('.problem');
  // A hang guard only: a large message is built, saved to Drafts and sent first.
  await sent.or(problem).first().waitFor({ timeout: 120_000 });
  if (await problem.isVisible()) throw new Error(`not sent: ${await problem.innerText()}`);
}

/** The reason the composer shows for the last send that did not happen. */
export function sendProblem(page: Page): Locator {
  return composer(page).locator('.problem');
}

// --- what reached the server ----------------------------------------------------------------------------

const require = createRequire(import.meta.url);
const { simpleParser } = require('mailparser') as {
  simpleParser(source: Buffer): Promise<{
    subject?: string;
    text?: string;
    html?: string | false;
    messageId?: string;
    inReplyTo?: string;
    references?: string | string[];
    from?: { value: { address?: string; name: string }[] };
    to?: { value: { address?: string; name: string }[] } | { value: { address?: string; name: string }[] }[];
    cc?: { value: { address?: string; name: string }[] } | { value: { address?: string; name: string }[] }[];
    attachments: { filename?: string; contentType: string; content: Buffer }[];
    headers: Map<string, unknown>;
  }>;
};

export type ParsedMail = Awaited<ReturnType<typeof simpleParser>>;

/** Every message in `folder` of `user`, raw, with its UID and flags (a fresh raw IMAP session, read-only). */
export async function rawMessages(
  server: DovecotServer,
  user: string,
  folder: string,
): Promise<{ uid: number; flags: string[]; raw: Buffer }[]> {
  const session = await openSession(server, user);
  try {
    const selected = await session.ok(`EXAMINE "${folder}"`);
    if (selected.untagged.some((r) => r.text === '* 0 EXISTS')) return [];
    const fetched = await session.ok('UID FETCH 1:* (UID FLAGS BODY.PEEK[])');
    await session.ok('LOGOUT');
    return fetched.untagged
      .filter((r) => / FETCH \(/.test(r.text))
      .map((r) => ({
        uid: Number(/UID (\d+)/.exec(r.text)?.[1]),
        flags: (/FLAGS \(([^)]*)\)/.exec(r.text)?.[1] ?? '')
          .split(' ')
          .filter((f) => f !== '' && f !== '\\Recent'),
        raw: r.literals[0] ?? Buffer.alloc(0),
      }));
  } finally {
    session.close();
  }
}

/** How many messages of `folder` have `subject` (headers only: cheap enough to poll with large mail around). */
export async function countWithSubject(
  server: DovecotServer,
  user: string,
  folder: string,
  subject: string,
): Promise<number> {
  const session = await openSession(server, user);
  try {
    const selected = await session.ok(`EXAMINE "${folder}"`);
    if (selected.untagged.some((r) => r.text === '* 0 EXISTS')) return 0;
    const fetched = await session.ok('UID FETCH 1:* (BODY.PEEK[HEADER.FIELDS (SUBJECT)])');
    await session.ok('LOGOUT');
    let count = 0;
    for (const response of fetched.untagged) {
      const header = response.literals[0];
      if (header && (await simpleParser(header)).subject === subject) count++;
    }
    return count;
  } finally {
    session.close();
  }
}

/** The messages of `folder` whose Subject is `subject`, parsed by mailparser (Node's reference parser). */
export async function messagesWithSubject(
  server: DovecotServer,
  user: string,
  folder: string,
  subject: string,
): Promise<(ParsedMail & { raw: Buffer; flags: string[]; uid: number })[]> {
  const out: (ParsedMail & { raw: Buffer; flags: string[]; uid: number })[] = [];
  for (const message of await rawMessages(server, user, folder)) {
    const parsed = await simpleParser(message.raw);
    if (parsed.subject === subject)
      out.push({ ...parsed, raw: message.raw, flags: message.flags, uid: message.uid });
  }
  return out;
}

export function snapshot(server: DovecotServer, user: string, folder: string): Promise<SnapshotMessage[]> {
  return snapshotFolder(server, user, folder);
}

/** Addresses of a mailparser address field, in order. */
export function addressesOf(field: ParsedMail['to']): string[] {
  const groups = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return groups.flatMap((group) => group.value.map((entry) => entry.address ?? ''));
}

// --- a cut in the submission connection -----------------------------------------------------------------

export type CutAt = 'mid-data' | 'after-dot';

/**
 * A loopback TCP relay between the proxy and Postfix's plaintext submission port that cuts the FIRST session
 * on purpose: 'mid-data' once part of the message body has passed (the server has not got the final dot:
 * nothing was sent), 'after-dot' once the final dot has reached Postfix but before its reply gets back (the
 * message was accepted, the client cannot know). Later sessions pass through untouched.
 */
export async function startSmtpCutter(
  target: { host: string; port: number },
  cutAt: CutAt,
): Promise<{ port: number; cuts: () => number; close: () => Promise<void> }> {
  let cuts = 0;
  let first = true;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    sockets.add(client).add(upstream);
    const cut = first;
    first = false;
    let inData = false;
    let dataBytes = 0;
    let clientText = '';
    let dotSent = false;
    const drop = (): void => {
      cuts++;
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (chunk: Buffer) => {
      if (!cut) return void upstream.write(chunk);
      if (!inData) {
        clientText += chunk.toString('latin1');
        upstream.write(chunk);
        if (/(^|\r\n)DATA\r\n$/i.test(clientText)) inData = true;
        return;
      }
      dataBytes += chunk.length;
      if (cutAt === 'mid-data' && dataBytes > 512) {
        // Part of the body goes through, the end of data never will.
        inData = false;
        upstream.end(chunk.subarray(0, 256), drop);
        return;
      }
      upstream.write(chunk);
      if (cutAt === 'after-dot' && chunk.toString('latin1').endsWith('\r\n.\r\n')) dotSent = true;
    });
    upstream.on('data', (chunk: Buffer) => {
      // After the final dot Postfix's 250 is held back, and the connection dropped instead.
      if (cut && cutAt === 'after-dot' && dotSent) return drop();
      client.write(chunk);
    });
    for (const socket of [client, upstream]) {
      socket.on('error', () => undefined);
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as net.AddressInfo;
  return {
    port: address.port,
    cuts: () => cuts,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
