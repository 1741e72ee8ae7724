// Sign-in through the real proxy and Dovecot: the right password reaches the mail, a wrong one shows the server's
// own words, nothing readable is kept in web storage, and signing out ends the IMAP session and returns to the
// form.
// page.evaluate() callbacks run in the browser, hence the DOM types.
/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './chromium.ts';
import { signIn } from './support/app.ts';

describe('signing in and out', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function openSignIn(): Promise<void> {
    page = await browser.newPage();
    await page.goto(inject('appUrl'));
    await page.getByLabel('User name').waitFor();
  }

  it('names the only configured mail server instead of offering a choice', async () => {
    await openSignIn();
    await expect(page.locator('select').count()).resolves.toBe(0);
    await expect(page.locator('[data-upstream="demo"]').textContent()).resolves.toBe('Demo mail');
    await page.close();
  });

  it("refuses a wrong password with the server's text, and keeps the user on the form", async () => {
    await openSignIn();
    const { name } = inject('user');
    await page.getByLabel('User name').fill(name);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.locator('#signin-error [role="alert"]');
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toContain('Authentication failed');
    await expect(page.getByLabel('Password').inputValue()).resolves.toBe('');
    await expect(page.locator('[role="listbox"]').count()).resolves.toBe(0);
    await page.close();
  });

  it('signs in with the right password to the INBOX, stores nothing readable, and signs out', async () => {
    page = await browser.newPage();
    const { name, password } = inject('user');
    await signIn(page, inject('appUrl'), { name, password });
    await expect(page.getByRole('heading', { level: 2 }).first().textContent()).resolves.toBe('Inbox');
    await expect(page.getByText(`Signed in as ${name}`).count()).resolves.toBe(1);
    // Focus lands on the message list after sign-in.
    await expect(page.evaluate(() => document.activeElement?.getAttribute('role'))).resolves.toBe('listbox');
    // Web storage holds at most the tab's sealed session (issue 17), never the password; no cookie.
    const storage = await page.evaluate(() => ({
      local: Object.keys(localStorage),
      session: Object.keys(sessionStorage),
      values: Object.values(sessionStorage).join('\n'),
      cookies: document.cookie,
    }));
    expect(storage.local).toEqual([]);
    expect(['webmail.session']).toEqual(expect.arrayContaining(storage.session));
    expect(storage.values).not.toContain(password);
    expect(storage.cookies).toBe('');
    const html = await page.content();
    expect(html).not.toContain(password);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Password').waitFor();
    await expect(page.locator('[role="listbox"]').count()).resolves.toBe(0);
    await expect(page.getByLabel('Password').inputValue()).resolves.toBe('');
    await page.close();
  });
});
