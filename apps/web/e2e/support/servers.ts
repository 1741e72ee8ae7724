// For the servers-* suites (issue 13): the app against a Dovecot of the suite's own in one of the testbed's
// layouts ('full', 'courier', 'cyrus': README of @webmail/testbed, "Variants"), seeded with the corpus. The
// mailbox has the shape of support/organize.ts's OwnMailbox, so its third-party checks (serverFolder,
// serverFlags...) work on it; `folder()` names a corpus folder as this layout's clients see it
// ('Sent' is 'INBOX.Отправленные' in 'courier').
// page.evaluate() callbacks run in the browser, hence the DOM types.
/// <reference lib="dom" />
import { buildCorpus, folderNameIn, startDovecot } from '@webmail/testbed';
import type { CorpusMessage, DovecotServer, DovecotVariant, StartDovecotOptions } from '@webmail/testbed';
import type { RunningProxy } from '@webmail/proxy';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from '../chromium.ts';
import { serveApp } from '../serve-app.ts';
import { signIn } from './app.ts';
import type { OwnMailbox } from './organize.ts';

export interface LayoutMailbox extends OwnMailbox {
  readonly variant: DovecotVariant;
  /** A corpus folder ('Sent', '工作/项目') by its name in this layout. */
  folder(corpusFolder: string): string;
  /** A fresh browser context signed in to the app (its own localStorage). */
  newPage(): Promise<Page>;
}

/** What the suite's Dovecot is started with, and who signs in (the first user unless `signInAs` names one). */
export interface LayoutMailboxOptions extends StartDovecotOptions {
  readonly signInAs?: string;
  /** Runs once the server is up, before the sign-in (sign-in waits for a row of the Inbox). */
  readonly beforeSignIn?: (server: DovecotServer) => Promise<void>;
  /**
   * The file's Chromium (support/file-chromium.ts) instead of one of the mailbox's own: the mailbox then closes
   * the browser contexts it opened, and leaves the browser to its owner.
   */
  readonly browser?: () => Browser;
}

export async function startLayoutMailbox({
  signInAs,
  beforeSignIn,
  browser: shared,
  ...options
}: LayoutMailboxOptions): Promise<LayoutMailbox> {
  const server = await startDovecot({ corpus: true, ...options });
  let proxy: RunningProxy | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const close = async (): Promise<void> => {
    if (shared) for (const context of contexts) await context.close();
    else await browser?.close();
    await proxy?.close();
    await server.stop();
  };
  try {
    await beforeSignIn?.(server);
    const user = signInAs === undefined ? server.users[0] : server.users.find((u) => u.name === signInAs);
    if (!user) throw new Error(`the test Dovecot has no user ${signInAs ?? ''}`);
    const served = await serveApp(server);
    proxy = served.proxy;
    const started = shared ? shared() : await launchChromium();
    browser = started;
    const newPage = async (): Promise<Page> => {
      const context = await started.newContext({ viewport: { width: 1280, height: 900 } });
      contexts.push(context);
      const page = await context.newPage();
      await signIn(page, served.appUrl, user);
      await page.getByRole('tree', { name: 'Folders' }).getByRole('treeitem').first().waitFor();
      return page;
    };
    const page = await newPage();
    return {
      server,
      user,
      appUrl: served.appUrl,
      browser: started,
      page,
      close,
      variant: server.variant,
      folder: (corpusFolder) => folderNameIn(server.variant, corpusFolder),
      newPage,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** A suite's own mailbox in a layout: started before its tests (handed to `ready`), closed after them. */
export function useLayoutMailbox(
  options: LayoutMailboxOptions,
  ready: (mailbox: LayoutMailbox) => void,
): void {
  let mailbox: LayoutMailbox | undefined;
  beforeAll(async () => {
    mailbox = await startLayoutMailbox(options);
    ready(mailbox);
  });
  afterAll(async () => {
    await mailbox?.close();
  });
}

const corpus = buildCorpus();

/** Every corpus message, in the testbed's order. */
export function corpusMessages(): readonly CorpusMessage[] {
  return corpus;
}

/** The corpus message `id` as the testbed builds it. */
export function corpusById(id: string): CorpusMessage {
  const message = corpus.find((m) => m.id === id);
  if (!message) throw new Error(`no corpus message ${id}`);
  return message;
}

/** The corpus message `id`: its folder, UID, subject and Message-ID. */
export function corpusMessage(id: string): {
  folder: string;
  uid: number;
  subject: string;
  messageId: string;
} {
  const message = corpus.find((m) => m.id === id);
  if (!message?.expect.messageId) throw new Error(`no corpus message ${id} with a Message-ID`);
  return {
    folder: message.folder,
    uid: message.uid,
    subject: message.expect.subject,
    messageId: message.expect.messageId,
  };
}

/** How many corpus messages of `folder` are unread. */
export function corpusUnread(folder: string): number {
  return corpus.filter((m) => m.folder === folder && !m.flags.includes('\\Seen')).length;
}

/** The tree item labelled `label` (as the tree shows it: "Trash", "Работа"), by its accessible name. */
export function treeItem(page: Page, label: string): Locator {
  const name = new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}_-])`, 'u');
  return page.getByRole('tree', { name: 'Folders' }).getByRole('treeitem', { name });
}

/** The items of the folder menu of the folder labelled `label` (opened with its context menu, then closed). */
export async function folderMenuItems(page: Page, label: string): Promise<string[]> {
  await treeItem(page, label).click({ button: 'right' });
  const menu = page.getByRole('menu', { name: `Actions for ${label}` });
  const items = await menu.getByRole('menuitem').allInnerTexts();
  await menu.press('Escape');
  await menu.waitFor({ state: 'detached' });
  return items.map((item) => item.trim());
}

/** The tree as shown: "level:label" per item, top to bottom. */
export function treeLabels(page: Page): Promise<string[]> {
  return page
    .getByRole('tree', { name: 'Folders' })
    .getByRole('treeitem')
    .evaluateAll((items) =>
      items.map(
        (item) => `${item.getAttribute('aria-level')}:${item.querySelector('.name')?.textContent ?? ''}`,
      ),
    );
}

/** What the tree item labelled `label` says to a screen reader ("Inbox, 5 unread messages"). */
export function treeItemText(page: Page, label: string): Promise<string> {
  return treeItem(page, label).innerText();
}
