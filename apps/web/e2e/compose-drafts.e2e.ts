// Drafts in the real app, end to end (Chromium, proxy, Dovecot): a message is saved to Drafts a few seconds after
// typing stops, survives a reload of the page, and opening it from Drafts continues it (a new version replaces
// the old one by UID). The data-safety case: when Drafts refuses the next version (over quota), the version
// before stays in Drafts and the composer says why in the server's words.
import { openSession } from '@webmail/testbed';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openFolder } from './support/app.ts';
import {
  addRecipients,
  attach,
  composeNew,
  composer,
  snapshot,
  typeBody,
  useSendingMailbox,
  type SendingMailbox,
} from './support/compose.ts';

/** demo's quota: the corpus fits, one more large attachment does not. */
const QUOTA_KB = 12 * 1024;

describe('drafts', () => {
  let mailbox: SendingMailbox;
  let page: Page;

  useSendingMailbox(
    (started) => {
      mailbox = started;
      page = started.page;
    },
    { quota: { storageKb: QUOTA_KB } },
  );

  const drafts = () => snapshot(mailbox.server, 'demo', 'Drafts');
  const saveStatus = () => composer(page).locator('.saved');

  it('saves a few seconds after typing stops, and a draft opened from Drafts after a reload continues it', async () => {
    const before = (await drafts()).length;
    const window = await composeNew(page);
    await addRecipients(window, 'To', `Боб <${mailbox.bobAddress}>`);
    await window.getByLabel('Subject').fill('Черновик 草稿');
    await typeBody(window, 'Первая версия.');
    await attach(window, [
      { name: '说明.txt', mimeType: 'text/plain', buffer: Buffer.from('附件内容\n', 'utf8') },
    ]);
    await expect.poll(() => saveStatus().innerText(), { timeout: 20_000 }).toBe('Saved to Drafts');
    const saved = await drafts();
    expect(saved).toHaveLength(before + 1);
    const first = saved.at(-1)!;
    expect(first.flags).toEqual(['\\Draft', '\\Seen']);

    // A reload keeps the session (issue 17): the app comes back signed in, and the draft is read from Drafts.
    await page.reload();
    await page.locator('[role="listbox"] [role="option"][data-uid]').first().waitFor();
    expect(await page.getByLabel('User name').count()).toBe(0);
    await openFolder(page, 'Drafts');
    await page.locator(`[role="option"][data-uid="${first.uid}"]`).click();
    const continued = composer(page);
    await continued.waitFor();
    expect(await continued.getByLabel('Subject').inputValue()).toBe('Черновик 草稿');
    expect(await continued.locator('[data-field="to"] .chip').getAttribute('data-address')).toBe(
      mailbox.bobAddress,
    );
    expect(await continued.getByRole('textbox', { name: 'Message text' }).innerText()).toContain(
      'Первая версия.',
    );
    expect(await continued.locator('.attachments li').innerText()).toContain('说明.txt');

    await continued.getByLabel('Subject').fill('Черновик 草稿, v2');
    await expect.poll(() => saveStatus().innerText(), { timeout: 20_000 }).toBe('Saved to Drafts');
    const after = await drafts();
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)!.uid).toBeGreaterThan(first.uid);
    expect(after.map((m) => m.uid)).not.toContain(first.uid);
    expect(after.at(-1)!.messageId).toBe(first.messageId);
    await continued.getByRole('button', { name: 'Save and close' }).click();
  });

  it('keeps the previous version in Drafts when the server refuses the next one over quota, and says so', async () => {
    const window = await composeNew(page);
    await addRecipients(window, 'To', mailbox.bobAddress);
    await window.getByLabel('Subject').fill('Quota: version 1');
    await typeBody(window, 'Small enough.');
    await expect.poll(() => saveStatus().innerText(), { timeout: 20_000 }).toBe('Saved to Drafts');
    const v1 = (await drafts()).at(-1);
    expect(v1?.flags).toEqual(['\\Draft', '\\Seen']);

    // Larger than what is left of the quota.
    const free = await freeKb();
    await window.getByLabel('Subject').fill('Quota: version 2');
    await attach(window, [
      { name: 'big.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc((free + 512) * 1024, 1) },
    ]);
    await expect
      .poll(() => saveStatus().innerText(), { timeout: 30_000 })
      .toMatch(/^Not saved to Drafts: The mail server refused: Quota exceeded/);
    const now = await drafts();
    expect(now.find((m) => m.uid === v1!.uid)).toEqual(v1);
    expect(now.filter((m) => m.messageId === v1!.messageId)).toEqual([v1]);
  });

  /** What is left of demo's quota, in KiB (GETQUOTAROOT, RFC 9208). */
  async function freeKb(): Promise<number> {
    const session = await openSession(mailbox.server, 'demo');
    try {
      const answer = await session.ok('GETQUOTAROOT INBOX');
      const match = answer.untagged.map((r) => /STORAGE (\d+) (\d+)/.exec(r.text)).find(Boolean);
      if (!match) throw new Error('no STORAGE quota');
      return Number(match[2]) - Number(match[1]);
    } finally {
      session.close();
    }
  }
});
