// What every measure of the user bench is given, and the small steps they share.

import { stats, type Stats } from '../stats.ts';
import type { FolderOrder, UserMailbox } from './mailbox.ts';
import type { Condition } from './page-probe.ts';
import type { Tab } from './tab.ts';

export interface BenchContext {
  readonly appUrl: string;
  readonly mailbox: UserMailbox;
  readonly inbox: FolderOrder;
  readonly big: FolderOrder;
  /** Measured samples of each action (after the first of its kind, which is reported apart). */
  readonly samples: number;
}

/** Hang guard of one measure (a cold 100k sort takes seconds): never a timing. */
export const MEASURE_TIMEOUT_MS = 60_000;

export const log = (text: string) => process.stderr.write(`${text}\n`);
export const ms = (n: number) => n.toFixed(1);

/** The folder's name as the tree and the heading show it. */
export function labelOf(path: string): string {
  // The app names a folder without the personal namespace's prefix (`INBOX.` or `INBOX/` in the Courier and
  // Cyrus layouts, --variant).
  return path === 'INBOX' ? 'Inbox' : path.replace(/^INBOX[./]/, '');
}

/** The first row of `folder` on screen, with the message the server sorts first. */
export function firstRowOf(folder: FolderOrder): Condition {
  const uid = folder.order[0];
  if (uid === undefined) throw new Error(`${folder.path} is empty`);
  return { kind: 'row', index: 0, uid, heading: labelOf(folder.path) };
}

/** Clicks `folder` in the tree (not measured) and resolves once its first row is shown and the app is quiet. */
export async function openFolder(tab: Tab, folder: FolderOrder): Promise<void> {
  const expected = { heading: labelOf(folder.path), uid: folder.order[0] };
  await tab.page.locator(`[role="treeitem"][data-path="${folder.path}"]`).click();
  try {
    await tab.page.waitForFunction(
      ({ heading, uid }) =>
        document.querySelector('#message-pane-heading')?.textContent === heading &&
        document.getElementById('message-row-0')?.getAttribute('data-uid') === String(uid),
      expected,
      { timeout: 120_000 },
    );
  } catch (error) {
    const shows = await tab.page.evaluate(() => ({
      heading: document.querySelector('#message-pane-heading')?.textContent,
      uid: document.getElementById('message-row-0')?.getAttribute('data-uid'),
      count: document.getElementById('message-row-0')?.getAttribute('aria-setsize'),
      busy: document.querySelector('[role="listbox"]')?.getAttribute('aria-busy'),
    }));
    throw new Error(
      `${folder.path} did not open as expected (${JSON.stringify(expected)}): ${JSON.stringify(shows)}`,
      {
        cause: error,
      },
    );
  }
  await tab.settled();
}

/**
 * Opens, with a click (not measured), the first message from display index `from` on that is none of `avoid`
 * (the bench's own messages: moving one would change their UIDs), as a person does before pressing an action
 * key: the keys act on the open message. Resolves with its UID once it is shown and the app is quiet.
 */
export async function openAt(tab: Tab, from: number, avoid: ReadonlySet<number>): Promise<number> {
  const page = tab.page;
  const uid = await page.evaluate(
    ({ from, avoid }) => {
      for (let index = from; ; index++) {
        const row = document.getElementById(`message-row-${index}`);
        if (!row) return NaN;
        const uid = Number(row.getAttribute('data-uid'));
        if (Number.isInteger(uid) && uid > 0 && !avoid.includes(uid)) return uid;
      }
    },
    { from, avoid: [...avoid] },
  );
  if (!Number.isInteger(uid)) throw new Error(`no message of the list's own from row ${from} on`);
  await page.locator(`[role="listbox"] [role="option"][data-uid="${uid}"]`).click();
  await page
    .locator(`section[aria-label="Message"] .reader[data-status="ready"] article.message[data-uid="${uid}"]`)
    .waitFor({ timeout: 30_000 });
  await tab.settled();
  return uid;
}

/** The trusted click on a row of the list (its middle: the sender and subject, not a toggle). */
export function clickRow(tab: Tab, uid: number): Promise<void> {
  return tab.page.locator(`[role="listbox"] [role="option"][data-uid="${uid}"]`).click();
}

export function summaryLine(name: string, values: Stats): string {
  return `${name} ${ms(values.median)} ms (${ms(values.min)}-${ms(values.max)})`;
}

export { stats };
