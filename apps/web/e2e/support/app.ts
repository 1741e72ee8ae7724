// Drives the real app the way a person does: the sign-in form, a click on a folder in the tree, a click on a
// row (or the list's keyboard: arrows, then Enter). Every helper waits for what the person would wait for, by
// roles and the attributes the app already exposes (aria-busy, aria-activedescendant, data-uid, data-status).
// page.evaluate() callbacks run in the browser, hence the DOM types.
/// <reference lib="dom" />
import type { Frame, Locator, Page } from 'playwright-core';

export interface Account {
  name: string;
  password: string;
}

/** A message row: by UID, or by the subject the list shows. */
export type MessageTarget = { uid: number } | { subject: string };

const ROW = '[role="listbox"] [role="option"][data-uid]';
const READER = 'section[aria-label="Message"] .reader';

/** Signs in through the form and resolves once the INBOX's first rows are shown. */
export async function signIn(page: Page, appUrl: string, user: Account): Promise<void> {
  await page.goto(appUrl);
  await page.getByLabel('User name').fill(user.name);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator(ROW).first().waitFor();
}

/**
 * Clicks the folder named `label` (as the tree shows it: "Inbox", "Работа") and resolves once its list has
 * its final order (aria-busy is false) with rows, or shows the empty state.
 */
export async function openFolder(page: Page, label: string): Promise<void> {
  // The accessible name is the label, then the unread count when there is one.
  const name = new RegExp(`^${escapeRegExp(label)}(?![\\p{L}\\p{N}_-])`, 'u');
  await page.getByRole('treeitem', { name }).click();
  await page.waitForFunction(
    (heading) => document.querySelector('#message-pane-heading')?.textContent === heading,
    label,
  );
  await page
    .locator(`[role="listbox"][aria-busy="false"] [role="option"][data-uid]`)
    .first()
    .or(page.locator('.empty[role="status"]'))
    .waitFor();
}

/** The row of `target` in the list (it must be among the rendered rows: the list is virtualized). */
export function messageRow(page: Page, target: MessageTarget): Locator {
  if ('uid' in target) return page.locator(`${ROW}[data-uid="${target.uid}"]`);
  return page
    .locator(ROW)
    .filter({ has: page.locator('.subject').getByText(target.subject, { exact: true }) });
}

/**
 * Opens a message of the open folder in the reader, by a click on its row or from the keyboard (focus the
 * list, arrow to the row, Enter), and resolves with its UID once the reader shows it: headers and text body,
 * or the mail frame with its document loaded. Fails with the reader's own words if it shows an error.
 */
export async function openMessage(
  page: Page,
  target: MessageTarget,
  options: { keyboard?: boolean } = {},
): Promise<number> {
  const row = await revealRow(page, target);
  const uid = Number(await row.getAttribute('data-uid'));
  if (options.keyboard) await moveCursorTo(page, row);
  else await row.click();
  return waitForMessage(page, uid);
}

/** Resolves once the reader shows message `uid` ready (see openMessage), and returns the UID. */
export async function waitForMessage(page: Page, uid: number): Promise<number> {
  const ready = page.locator(`${READER}[data-status="ready"] article.message[data-uid="${uid}"]`);
  const failed = page.locator(`${READER}[data-status="error"]`);
  await ready.or(failed).waitFor();
  if (await failed.isVisible()) {
    throw new Error(`the reader failed to open UID ${uid}: ${await failed.innerText()}`);
  }
  const frames = await ready.locator('iframe.mail-frame').count();
  for (let index = 0; index < frames; index++) await mailFrame(page, index);
  return uid;
}

/**
 * The open message's sandboxed frame (the `index`th, one per HTML part), once it shows this message's body: its
 * srcdoc document loaded, and its script has measured the body the app gave it last (a kept frame gets the next
 * message's body posted, so a loaded document alone may still show the message before; see MailFrame.svelte).
 * A frame whose script never reports (a CSP without its hash) counts once the app gave up on it ("scrolling").
 */
export async function mailFrame(page: Page, index = 0): Promise<Frame> {
  const element = await page.locator(`${READER} iframe.mail-frame`).nth(index).elementHandle();
  const frame = await element?.contentFrame();
  if (!element || !frame) throw new Error('the reader shows no mail frame');
  await frame.waitForURL('about:srcdoc');
  await page.waitForFunction((el) => (el as HTMLElement).dataset['sized'] !== 'false', element);
  return frame;
}

/**
 * The row of `target`, scrolled into the list's view: when it is not among the rendered rows, the list is
 * scrolled from the top a screen at a time, each time until the rows in view are fetched, as a person would.
 */
async function revealRow(page: Page, target: MessageTarget): Promise<Locator> {
  const row = messageRow(page, target);
  if ((await row.count()) > 0) return row;
  const listbox = page.getByRole('listbox');
  for (let top = 0; ;) {
    const view = await listbox.evaluate(async (list, to) => {
      const before = list.scrollTop;
      list.scrollTop = to;
      // The list renders on the scroll event, which comes with the next frame.
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      return { top: list.scrollTop, moved: list.scrollTop !== before, height: list.clientHeight };
    }, top);
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[role="listbox"] [role="option"]')].every((option) =>
        option.hasAttribute('data-uid'),
      ),
    );
    if ((await row.count()) > 0) return row;
    if (!view.moved && top > 0) throw new Error(`no message ${JSON.stringify(target)} in the list`);
    top = view.top + view.height;
  }
}

/** The listbox's keyboard: focus it, arrow up or down to `row`, then Enter. */
async function moveCursorTo(page: Page, row: Locator): Promise<void> {
  const listbox = page.getByRole('listbox');
  await listbox.focus();
  const target = Number(await row.getAttribute('aria-posinset'));
  let position = await activePosition(page);
  if (position === null) {
    // No active row in view: Home puts the cursor on the first row.
    await page.keyboard.press('Home');
    position = 1;
  }
  const key = target > position ? 'ArrowDown' : 'ArrowUp';
  for (let step = 0; step < Math.abs(target - position); step++) await page.keyboard.press(key);
  const active = await activeRow(page);
  if (active === null || (await active.getAttribute('data-uid')) !== (await row.getAttribute('data-uid'))) {
    throw new Error(`the keyboard did not reach row ${target} of the list`);
  }
  await page.keyboard.press('Enter');
}

async function activeRow(page: Page): Promise<Locator | null> {
  const id = await page.getByRole('listbox').getAttribute('aria-activedescendant');
  return id ? page.locator(`[id="${id}"]`) : null;
}

async function activePosition(page: Page): Promise<number | null> {
  const row = await activeRow(page);
  return row ? Number(await row.getAttribute('aria-posinset')) : null;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The outcome of the last action on messages ("1 message moved to Trash.", or what the server refused). */
export function actionNotice(page: Page): Locator {
  return page.locator('.pane > .notice');
}

/**
 * Puts the list's cursor on `target` from the keyboard (focus the list, arrow up or down to the row) without
 * opening it, so that an action key acts on it and nothing marks it \Seen; resolves with its UID.
 */
export async function putCursorOn(page: Page, target: MessageTarget): Promise<number> {
  const row = await revealRow(page, target);
  const uid = Number(await row.getAttribute('data-uid'));
  await page.getByRole('listbox').focus();
  const wanted = Number(await row.getAttribute('aria-posinset'));
  let position = await activePosition(page);
  if (position === null) {
    await page.keyboard.press('Home');
    position = 1;
  }
  const key = wanted > position ? 'ArrowDown' : 'ArrowUp';
  for (let step = 0; step < Math.abs(wanted - position); step++) await page.keyboard.press(key);
  const active = await activeRow(page);
  if (active === null || Number(await active.getAttribute('data-uid')) !== uid) {
    throw new Error(`the keyboard did not reach row ${wanted} of the list`);
  }
  return uid;
}

/** The UIDs of the rendered rows, top to bottom. */
export function shownUids(page: Page): Promise<number[]> {
  return page.locator(ROW).evaluateAll((rows) =>
    rows
      .map((row) => ({
        at: Number(row.getAttribute('aria-posinset')),
        uid: Number(row.getAttribute('data-uid')),
      }))
      .sort((a, b) => a.at - b.at)
      .map((row) => row.uid),
  );
}

/** Resolves once the connection banner has said the connection was lost and then that it is back. */
export async function waitForReconnect(page: Page): Promise<void> {
  await page.locator('[data-connection="reconnecting"]').waitFor();
  await page.locator('[data-connection="reconnected"]').waitFor();
}
