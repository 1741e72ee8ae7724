// Where the composer goes in the real app (Chromium, proxy, Dovecot, Postfix): beside the list on a desktop,
// over the list too when made larger, several messages at once with the others minimized in the dock, and the
// whole screen on a phone, where the browser's Back minimizes it instead of leaving the app. A large file picked
// shows how far it has been read before its chip is ready.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { composeNew, composer, useSendingMailbox } from './support/compose.ts';

describe('where the composer goes', () => {
  let page: Page;

  useSendingMailbox((started) => {
    page = started.page;
  });

  const dock = () => page.getByRole('region', { name: 'Messages being written' });
  const minimized = (title: string) => dock().getByRole('button', { name: title, exact: true });
  const listPane = () => page.locator('section.pane.list');

  async function box(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
    const found = await locator.boundingBox();
    if (!found) throw new Error('not laid out');
    return found;
  }

  async function closeAll(): Promise<void> {
    while ((await composer(page).count()) > 0) {
      await composer(page).getByRole('button', { name: 'Save and close' }).click();
      await composer(page).waitFor({ state: 'detached' });
    }
    // One tab at a time, each gone before the next: a tab stays while its draft is being saved.
    const tabs = dock().locator('.tab');
    while ((await tabs.count()) > 0) {
      const id = await tabs.first().getAttribute('data-draft');
      const tab = dock().locator(`.tab[data-draft="${id}"]`);
      await tab.getByRole('button', { name: 'Save and close' }).click();
      await tab.waitFor({ state: 'detached' });
    }
  }

  it('opens beside the list, goes over it with Larger, and keeps the others minimized in the dock', async () => {
    const first = await composeNew(page);
    await first.getByLabel('Subject').fill('Первое письмо');
    const list = await box(listPane());
    await expect
      .poll(async () => (await box(composer(page))).x)
      .toBeGreaterThanOrEqual(list.x + list.width - 2);
    expect(await listPane().isVisible()).toBe(true);

    await first.getByRole('button', { name: 'Larger' }).click();
    await expect.poll(async () => (await box(composer(page))).x).toBeLessThanOrEqual(list.x + 1);
    await first.getByRole('button', { name: 'Smaller' }).click();
    await expect
      .poll(async () => (await box(composer(page))).x)
      .toBeGreaterThanOrEqual(list.x + list.width - 2);

    await first.getByRole('button', { name: 'Minimize' }).click();
    await composer(page).waitFor({ state: 'detached' });
    await minimized('Первое письмо').waitFor();

    const second = await composeNew(page);
    await second.getByLabel('Subject').fill('第二封信');
    await minimized('Первое письмо').click();
    await expect.poll(() => composer(page).getByLabel('Subject').inputValue()).toBe('Первое письмо');
    await minimized('第二封信').waitFor();
    expect(await minimized('Первое письмо').count()).toBe(0);

    await closeAll();
  });

  it('covers the whole screen on a phone, and Back minimizes it without leaving the app', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.locator('.shell.narrow').waitFor();
      const url = page.url();
      const window = await composeNew(page);
      await window.getByLabel('Subject').fill('С телефона');
      await expect
        .poll(async () => {
          const shown = await box(composer(page));
          return [Math.round(shown.x), Math.round(shown.width)];
        })
        .toEqual([0, 390]);
      await expect.poll(() => page.url()).toContain('compose=');

      await page.goBack();
      await composer(page).waitFor({ state: 'detached' });
      await minimized('С телефона').waitFor();
      expect(page.url()).toBe(url);
      expect(await listPane().isVisible()).toBe(true);

      await minimized('С телефона').click();
      await expect.poll(() => composer(page).getByLabel('Subject').inputValue()).toBe('С телефона');
      await closeAll();
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it('shows how far a large picked file has been read, then its chip is ready', async () => {
    const window = await composeNew(page);
    await window.getByLabel('Subject').fill('Большой файл');
    // Every state the chip goes through, recorded in the page as it renders: a file read from memory can go
    // from the first frame to ready faster than any poll from here.
    await page.evaluate(() => {
      const states: string[] = [];
      (window as unknown as { chipStates: string[] }).chipStates = states;
      const record = (): void => {
        const chip = document.querySelector('section.window .attachments li');
        if (!chip) return;
        const bar = chip.querySelector('[role="progressbar"]');
        const state = `${chip.getAttribute('data-status')}:${bar?.getAttribute('aria-valuenow') ?? '-'}:${chip.querySelector('.state')?.textContent ?? ''}`;
        if (states.at(-1) !== state) states.push(state);
      };
      new MutationObserver(record).observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
        characterData: true,
      });
    });
    const size = 12 * 1024 * 1024;
    await window.locator('footer input[type="file"]').setInputFiles({
      name: 'архив 档案.bin',
      mimeType: 'application/octet-stream',
      buffer: Buffer.alloc(size, 7),
    });
    const chip = window.locator('.attachments li').filter({ hasText: 'архив 档案.bin' });
    await chip.and(page.locator('[data-status="ready"]')).waitFor();
    const states = await page.evaluate(() => (window as unknown as { chipStates: string[] }).chipStates);
    // First the bar at 0 % with the words, then only rising percentages, then the chip ready with the size.
    expect(states[0]).toBe('reading:0:reading, 0%');
    const percents = states.filter((s) => s.startsWith('reading:')).map((s) => Number(s.split(':')[1]));
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(states.at(-1)).toMatch(/^ready:-:12(\.0)? MB$/);
    expect(await chip.getByRole('progressbar').count()).toBe(0);

    await window.getByRole('button', { name: 'Discard' }).click();
    await page
      .getByRole('dialog', { name: 'Discard this message?' })
      .getByRole('button', { name: 'Discard' })
      .click();
    await composer(page).waitFor({ state: 'detached' });
  });
});
