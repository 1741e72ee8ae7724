import { flushSync } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '../../lib/i18n/i18n.svelte.ts';
import { LOCALE_STORAGE_KEY } from '../../lib/i18n/locale-store.ts';
import { mountInBody, unmountAll } from '../../testing/dom.ts';
import LanguageMenu from './LanguageMenu.svelte';
import LanguagePicker from './LanguagePicker.svelte';

afterEach(async () => {
  unmountAll();
  await i18n.setLocale('en');
  localStorage.clear();
});

const group = () => document.querySelector<HTMLElement>('[role="group"]')!;
const button = (name: string) =>
  [...document.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent?.trim() === name)!;

describe('LanguagePicker', () => {
  it('names every language in that language, the one in use pressed, and stores nothing by being shown', () => {
    mountInBody(LanguagePicker);
    flushSync();
    expect(group().getAttribute('aria-label')).toBe('Language');
    const buttons = [...group().querySelectorAll('button')];
    expect(buttons.map((b) => [b.textContent?.trim(), b.lang, b.getAttribute('aria-pressed')])).toEqual([
      ['English', 'en', 'true'],
      ['简体中文', 'zh-CN', 'false'],
      ['Русский', 'ru', 'false'],
    ]);
    expect(localStorage.length).toBe(0);
  });

  it('switches the app to the language clicked, sets <html lang> and remembers the choice', async () => {
    mountInBody(LanguagePicker);
    flushSync();
    button('Русский').click();
    await vi.waitFor(() => expect(document.documentElement.lang).toBe('ru'));
    flushSync();
    expect(group().getAttribute('aria-label')).toBe('Язык');
    expect(button('Русский').getAttribute('aria-pressed')).toBe('true');
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('ru');
  });
});

describe('LanguageMenu', () => {
  it('offers the languages with the one in use checked, and remembers a choice', async () => {
    mountInBody(LanguageMenu);
    flushSync();
    const trigger = document.querySelector<HTMLButtonElement>('[aria-haspopup="menu"]')!;
    expect(trigger.getAttribute('aria-label')).toBe('Language');
    trigger.click();
    flushSync();
    const items = () => [...document.querySelectorAll<HTMLElement>('[role="menuitemcheckbox"]')];
    const label = (item: HTMLElement) => item.textContent?.replace('✓', '').trim();
    expect(items().map((item) => [label(item), item.getAttribute('aria-checked')])).toEqual([
      ['English', 'true'],
      ['简体中文', 'false'],
      ['Русский', 'false'],
    ]);
    items()[1]!.click();
    await vi.waitFor(() => expect(document.documentElement.lang).toBe('zh-CN'));
    flushSync();
    expect(trigger.getAttribute('aria-label')).toBe('语言');
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('zh-CN');
  });
});
