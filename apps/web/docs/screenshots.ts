// Makes the README's screenshots with the test harness's Chromium, against a private Dovecot with the demo
// corpus (dated today, so "today" shows times) and the proxy serving the built app:
//
//   pnpm --filter @webmail/web build && pnpm exec tsx apps/web/docs/screenshots.ts
//
// Writes three-pane.png, three-pane-dark.png, russian.png (the interface in Russian, a windows-1251 HTML
// message open), phone.png (list and message side by side), and the composer's: compose.png (a reply beside
// the list), compose-minimized.png (drafts minimized in the dock) and compose-phone.png into this folder.

import { resolve } from 'node:path';
import { buildCorpus, startDovecot } from '@webmail/testbed';
import type { Page } from 'playwright-core';
import { launchChromium } from '../e2e/chromium.ts';
import { serveApp } from '../e2e/serve-app.ts';
import { openFolder, signIn as signInThroughForm } from '../e2e/support/app.ts';

const here = import.meta.dirname;
const now = new Date();
// With the testbed's Postfix: the upstream then has a mail domain, so the composer has a From address.
const dovecot = await startDovecot({ corpus: true, bigFolderSize: 10_000, corpusNow: now, smtp: true });
const user = dovecot.users[0];
if (!user) throw new Error('no test user');
const { appUrl, proxy } = await serveApp(dovecot, { log: () => undefined });
const browser = await launchChromium();
const corpus = buildCorpus({ now });
const uidOf = (id: string): number => corpus.find((m) => m.id === id)?.uid ?? 0;

async function signIn(page: Page): Promise<void> {
  await signInThroughForm(page, appUrl, user!);
  await page.locator('[role="tree"]').waitFor({ state: 'attached' });
}

async function openMessage(page: Page, uid: number): Promise<void> {
  const row = page.locator(`[role="option"][data-uid="${uid}"]`);
  // The list is virtualized: scroll a screen at a time until the row exists.
  for (let i = 0; i < 20 && (await row.count()) === 0; i++) {
    await page.evaluate(() => {
      const listbox = document.querySelector<HTMLElement>('[role="listbox"]');
      if (listbox) listbox.scrollTop += listbox.clientHeight;
    });
    await page.waitForTimeout(100);
  }
  await row.scrollIntoViewIfNeeded();
  await row.click();
  await page.locator(`article[data-uid="${uid}"]`).waitFor();
  await page.waitForTimeout(400); // the mail frame sizes itself
}

/** The composer: a reply beside the list, drafts minimized, and on a phone. */
async function composerShots(): Promise<void> {
  const desktop = await browser.newContext({ viewport: { width: 1440, height: 860 } });
  const page = await desktop.newPage();
  await signIn(page);
  await openMessage(page, uidOf('utf8-chinese-alternative'));
  await page.locator('.reader').getByRole('button', { name: 'Reply all' }).click();
  const window = page.locator('section.window');
  await window.waitFor();
  await page.keyboard.type('谢谢！周五见。');
  await window
    .locator('footer input[type="file"]')
    .setInputFiles([{ name: 'отчёт-Q4.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(180_000, 1) }]);
  await window.locator('.attachments li[data-status="ready"]').waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({ path: resolve(here, 'compose.png') });

  await window.getByRole('button', { name: 'Minimize' }).click();
  for (const subject of ['Отчёт за квартал', 'Team lunch on Friday']) {
    await page.getByRole('listbox').focus();
    await page.keyboard.press('c');
    await window.waitFor();
    await window.getByLabel('Subject').fill(subject);
    await window.getByRole('button', { name: 'Minimize' }).click();
  }
  await page.waitForTimeout(300);
  await page.screenshot({ path: resolve(here, 'compose-minimized.png') });
  await desktop.close();

  const phone = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  const small = await phone.newPage();
  await signIn(small);
  await small.getByRole('button', { name: 'Compose' }).click();
  const composer = small.locator('section.window');
  await composer.waitFor();
  const to = composer.getByRole('combobox', { name: 'To', exact: true });
  await to.fill('Иван Петров <ivan@example.ru>, 张伟 <zhang.wei@example.cn>');
  await to.press('Enter');
  await composer.getByLabel('Subject').fill('Встреча в пятницу');
  await composer.getByRole('textbox', { name: 'Message text' }).focus();
  await small.keyboard.type('Коллеги, встречаемся в пятницу в 10:00.');
  await small.waitForTimeout(300);
  await small.screenshot({ path: resolve(here, 'compose-phone.png') });
  await phone.close();
}

try {
  for (const scheme of ['light', 'dark'] as const) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 860 }, colorScheme: scheme });
    const page = await context.newPage();
    await signIn(page);
    await openMessage(page, uidOf('utf8-chinese-alternative'));
    await page.evaluate(() => document.querySelector<HTMLElement>('[role="listbox"]')?.scrollTo(0, 0));
    await page.waitForTimeout(200);
    await page.screenshot({
      path: resolve(here, scheme === 'light' ? 'three-pane.png' : 'three-pane-dark.png'),
    });
    await context.close();
  }

  {
    // A browser set to Russian gets the Russian interface.
    const context = await browser.newContext({ viewport: { width: 1440, height: 860 }, locale: 'ru-RU' });
    const page = await context.newPage();
    await page.goto(appUrl);
    await page.getByLabel('Имя пользователя').fill(user!.name);
    await page.getByLabel('Пароль').fill(user!.password);
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.locator('[role="tree"]').waitFor({ state: 'attached' });
    await openFolder(page, 'Работа');
    await openMessage(page, uidOf('cp1251-html-report'));
    await page.screenshot({ path: resolve(here, 'russian.png') });
    await context.close();
  }

  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  const page = await context.newPage();
  await signIn(page);
  const list = await page.screenshot();
  await openMessage(page, uidOf('gbk-b-subject'));
  const message = await page.screenshot();
  // Both phone screens side by side in one image, composed in the page itself.
  const composite = await browser.newPage({ viewport: { width: 800, height: 844 }, deviceScaleFactor: 2 });
  await composite.setContent(
    `<body style="margin:0;display:flex;gap:20px;background:#c8ccd2">` +
      `<img style="width:390px" src="data:image/png;base64,${list.toString('base64')}">` +
      `<img style="width:390px" src="data:image/png;base64,${message.toString('base64')}"></body>`,
  );
  await composite.screenshot({ path: resolve(here, 'phone.png') });
  await composite.close();
  await context.close();
  await composerShots();
  console.log(`screenshots written to ${here}`);
} finally {
  await browser.close();
  await proxy.close();
  await dovecot.stop();
}
