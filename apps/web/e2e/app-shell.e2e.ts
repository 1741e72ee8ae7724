import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './chromium.ts';

describe('the app shell served by the proxy', () => {
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('request', (request) => requests.push(request.url()));
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('loads in Chromium and lists the configured mail server by its label', async () => {
    const response = await page.goto(inject('appUrl'));
    expect(response?.status()).toBe(200);
    await expect(page.locator('[data-upstream="demo"]').textContent()).resolves.toBe('Demo mail');
  });

  it('requests nothing from any origin but its own', () => {
    const origin = new URL(inject('appUrl')).origin;
    expect(requests.length).toBeGreaterThan(1);
    expect(requests.filter((url) => new URL(url).origin !== origin)).toEqual([]);
  });
});
