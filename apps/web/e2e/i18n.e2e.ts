// The app in Russian and Chinese, through the real proxy and Dovecot: a browser whose language is Russian gets
// the sign-in screen, the folder tree and the message list's chrome in Russian with no English UI string left;
// the top bar's language menu switches to Chinese and leaves no Russian behind; the next visit remembers Chinese
// over the browser's Russian, and the sign-in screen's picker brings English back. No message is opened, so no
// flag changes.
// page.evaluate() callbacks run in the browser, hence the DOM types.
/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { en } from '../src/lib/i18n/en/index.ts';
import { launchChromium } from './chromium.ts';

const ROW = '[role="listbox"] [role="option"][data-uid]';
const CYRILLIC = /\p{Script=Cyrillic}/u;
const HAN = /\p{Script=Han}/u;

/**
 * The English catalog as whole texts to look for: messages without arguments as they are, those with plain
 * {arguments} as patterns. Plural and select messages ("12 messages") are checked one by one in the tests.
 */
const ENGLISH: readonly RegExp[] = Object.values(en)
  .filter((message) => !/\{\w+,/.test(message))
  .map((message) => message.split(/\{\w+\}/))
  .filter((parts) => parts.join('').trim() !== '')
  .map((parts) => new RegExp(`^${parts.map(escapeRegExp).join('.+')}$`, 's'));

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Every text, accessible name, tooltip and placeholder of the app's own chrome under `root`. The server's data
 * is left out: subjects, senders, label names, the configured server's name, and a special folder's server path
 * (the tooltip of "Входящие" is "INBOX").
 */
function chromeTexts(page: Page, root: string): Promise<string[]> {
  return page.evaluate((selector) => {
    const serverData = '.who, .subject, .chips, .folder, [data-upstream]';
    const texts: string[] = [];
    const walk = (element: Element): void => {
      if (element.matches(serverData)) return;
      for (const name of ['aria-label', 'title', 'placeholder']) {
        const value = element.getAttribute(name)?.trim();
        if (value && !(name === 'title' && element.matches('[role="treeitem"] .name'))) texts.push(value);
      }
      for (const node of element.childNodes) {
        const text = node.nodeType === Node.TEXT_NODE ? node.textContent?.trim() : '';
        if (text) texts.push(text);
        else if (node instanceof Element) walk(node);
      }
    };
    const start = document.querySelector(selector);
    if (!start) throw new Error(`nothing matches ${selector}`);
    walk(start);
    return texts;
  }, root);
}

/** The texts among `texts` (or their comma-separated parts, as a row's spoken state) that are English UI strings. */
function englishAmong(texts: readonly string[]): string[] {
  return texts
    .flatMap((text) => [text, ...text.split(', ')])
    .filter((text) => ENGLISH.some((pattern) => pattern.test(text)));
}

const treeNames = (page: Page): Promise<string[]> =>
  page.locator('[role="treeitem"] .name').allTextContents();

const htmlLang = (page: Page): Promise<string | null> => page.locator('html').getAttribute('lang');

describe('the app in Russian and Chinese', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    // The context's locale is what the page sees in navigator.language(s).
    const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('greets a Russian browser in Russian on the sign-in screen, and stores nothing', async () => {
    await expect(page.evaluate(() => navigator.languages)).resolves.toEqual(['ru-RU']);
    await page.goto(inject('appUrl'));
    await page.getByLabel('Имя пользователя').waitFor();
    await expect(htmlLang(page)).resolves.toBe('ru');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Вход');
    await expect(page.getByLabel('Пароль').count()).resolves.toBe(1);
    await expect(page.getByRole('button', { name: 'Войти' }).count()).resolves.toBe(1);
    const picker = page.getByRole('group', { name: 'Язык' });
    await expect(picker.getByRole('button', { name: 'Русский' }).getAttribute('aria-pressed')).resolves.toBe(
      'true',
    );

    const texts = await chromeTexts(page, 'main.signin');
    expect(texts).toContain('Имя пользователя');
    expect(englishAmong(texts)).toEqual([]);
    // Found from the browser, not chosen: nothing to remember.
    await expect(page.evaluate(() => localStorage.length)).resolves.toBe(0);
  });

  it('signs in and shows the folders and the message list in Russian, dates and sizes included', async () => {
    const { name, password } = inject('user');
    await page.getByLabel('Имя пользователя').fill(name);
    await page.getByLabel('Пароль').fill(password);
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.locator(ROW).first().waitFor();
    await page.locator('[role="tree"] [role="treeitem"]').first().waitFor();

    expect((await treeNames(page)).slice(0, 6)).toEqual([
      'Входящие',
      'Черновики',
      'Отправленные',
      'Спам',
      'Корзина',
      'Архив',
    ]);
    await expect(page.locator('#message-pane-heading').textContent()).resolves.toBe('Входящие');
    const counts = (await page.locator('.counts').textContent()) ?? '';
    expect(counts).toMatch(/^\s*\d+ (письмо|письма|писем)\s+·\s+\d+ непрочитанн(ое|ых|ого)\s*$/u);
    await expect(page.getByRole('tree').getAttribute('aria-label')).resolves.toBe('Папки');
    await expect(page.getByRole('listbox').getAttribute('aria-label')).resolves.toBe(
      'Письма в папке «Входящие»',
    );
    await expect(page.getByText(`Вы вошли как ${name}`).count()).resolves.toBe(1);
    await expect(page.getByRole('button', { name: 'Выйти' }).count()).resolves.toBe(1);
    await expect(page.title()).resolves.toMatch(/^Входящие.* – Веб-почта$/u);
    // Dates and sizes follow the app's language, not only the browser's.
    await expect(page.locator(`${ROW} time`).first().getAttribute('title')).resolves.toMatch(CYRILLIC);
    await expect(page.locator(`${ROW} .size`).first().textContent()).resolves.toMatch(CYRILLIC);

    const texts = await chromeTexts(page, '.shell');
    expect(texts).toContain('Выйти');
    expect(englishAmong(texts)).toEqual([]);
  });

  it('switches to Chinese from the top bar, leaving no Russian or English behind, and remembers it', async () => {
    await page.getByRole('button', { name: 'Язык' }).click();
    await page.getByRole('menuitemcheckbox', { name: '简体中文' }).click();
    await page.locator('html[lang="zh-CN"]').waitFor({ state: 'attached' });

    expect((await treeNames(page)).slice(0, 6)).toEqual([
      '收件箱',
      '草稿',
      '已发送',
      '垃圾邮件',
      '已删除',
      '归档',
    ]);
    await expect(page.locator('#message-pane-heading').textContent()).resolves.toBe('收件箱');
    await expect(page.locator('.counts').textContent()).resolves.toMatch(
      /^\s*\d+ 封邮件\s+·\s+\d+ 封未读\s*$/u,
    );
    await expect(page.getByRole('button', { name: '退出登录' }).count()).resolves.toBe(1);
    await expect(page.getByRole('button', { name: '语言' }).count()).resolves.toBe(1);
    await expect(page.locator(`${ROW} time`).first().getAttribute('title')).resolves.toMatch(HAN);

    const texts = await chromeTexts(page, '.shell');
    expect(englishAmong(texts)).toEqual([]);
    // The one Russian word left is a folder's own name on the server.
    expect(texts.filter((text) => CYRILLIC.test(text) && !text.includes('Работа'))).toEqual([]);
    await expect(page.evaluate(() => localStorage.getItem('webmail.locale'))).resolves.toBe('zh-CN');
  });

  it('opens the next visit in the chosen Chinese, and the sign-in picker brings English back', async () => {
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByLabel('用户名').waitFor();
    await page.reload();
    await page.getByLabel('用户名').waitFor();
    await expect(htmlLang(page)).resolves.toBe('zh-CN');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('登录');

    await page.getByRole('group', { name: '语言' }).getByRole('button', { name: 'English' }).click();
    await page.getByLabel('User name').waitFor();
    await expect(htmlLang(page)).resolves.toBe('en');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Sign in');
    await expect(page.evaluate(() => localStorage.getItem('webmail.locale'))).resolves.toBe('en');
  });
});
