// Issue 17: several tabs on one account. A new tab of a signed-in tab's browser comes in signed in (the other
// tab hands over its sealed session), each tab is its own IMAP connection, and what one tab does the other
// shows. Chromium against the real proxy and a Dovecot of the suite's own.
/// <reference lib="dom" />
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { putCursorOn } from './support/app.ts';
import {
  ROW,
  freshProfile,
  signInAt,
  signInShown,
  startRememberMailbox,
  type RememberMailbox,
} from './support/remember.ts';

const BOUNCE = 'Undelivered Mail Returned to Sender';

describe('two tabs on one mailbox', () => {
  let mailbox: RememberMailbox;
  let context: BrowserContext;

  beforeAll(async () => {
    mailbox = await startRememberMailbox();
  });
  afterAll(async () => {
    await mailbox?.close();
  });
  afterEach(async () => {
    await context?.close();
  });

  /** Resolves once `row` says it is flagged (or, with `flagged` false, no longer says so). */
  async function flagShown(row: Locator, flagged: boolean): Promise<void> {
    await expect
      .poll(async () => (await row.innerText()).includes('Flagged'), { timeout: 30_000, interval: 100 })
      .toBe(flagged);
  }

  it('signs a new tab in from the open one, and each shows what the other does', async () => {
    context = await freshProfile(mailbox.browser);
    const first = await context.newPage();
    await signInAt(first, mailbox.appUrl, mailbox.user);
    const second: Page = await context.newPage();
    await second.goto(mailbox.appUrl);
    await second.locator(ROW).first().waitFor();
    expect(await signInShown(second)).toBe(false);

    const uid = await putCursorOn(first, { subject: BOUNCE });
    const inFirst = first.locator(`${ROW}[data-uid="${uid}"]`);
    const inSecond = second.locator(`${ROW}[data-uid="${uid}"]`);
    expect(await inSecond.innerText()).not.toContain('Flagged');
    await first.keyboard.press('s');
    await flagShown(inSecond, true);

    await putCursorOn(second, { uid });
    await second.keyboard.press('s');
    await flagShown(inFirst, false);
  });
});
