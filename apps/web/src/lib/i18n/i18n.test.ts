import { afterEach, describe, expect, it, vi } from 'vitest';
import app from './en/app.ts';
import folders from './en/folders.ts';
import messages from './en/messages.ts';
import { i18n, initialLocale, t } from './i18n.svelte.ts';
import { LOCALE_STORAGE_KEY, readStoredLocale } from './locale-store.ts';

describe('t', () => {
  it('returns the English message for a key', () => {
    expect(t('servers.heading')).toBe('Mail servers');
  });

  it.each([
    [0, 'No messages'],
    [1, '1 message'],
    [100000, '100,000 messages'],
  ])('formats plurals and numbers: %i', (count, expected) => {
    expect(t('messages.count', { count })).toBe(expected);
  });

  it('fills in values, and server text is text, not a message pattern', () => {
    expect(t('error.auth.failed', { text: 'Bad {password}' })).toBe(
      'Sign-in failed. The server says: Bad {password}',
    );
  });

  it('has a valid ICU pattern behind every key of the shell, folders and list catalogs', () => {
    const keys = Object.keys({ ...app, ...folders, ...messages }) as (
      keyof typeof app | keyof typeof folders | keyof typeof messages
    )[];
    for (const key of keys) {
      expect(() =>
        t(key, {
          count: 1,
          text: 'x',
          folder: 'x',
          user: 'x',
          names: 'x',
          reason: 'x',
          detail: 'x',
          percent: 0.5,
        }),
      ).not.toThrow();
    }
  });
});

describe('choosing the language', () => {
  afterEach(async () => {
    await i18n.setLocale('en');
    localStorage.clear();
    vi.restoreAllMocks();
  });

  it('starts in English here: jsdom prefers en-US and nothing is remembered', () => {
    expect(i18n.locale).toBe('en');
    expect(i18n.started).toBe(true);
  });

  it('switches to Russian once its catalog is fetched, with its plural forms, and sets <html lang>', async () => {
    await i18n.setLocale('ru');
    expect(i18n.locale).toBe('ru');
    expect(document.documentElement.lang).toBe('ru');
    expect(t('folder.inbox')).toBe('Входящие');
    expect([1, 2, 5, 21, 100000].map((count) => t('messages.count', { count }))).toEqual([
      '1 письмо',
      '2 письма',
      '5 писем',
      '21 письмо',
      '100\u00a0000 писем',
    ]);
  });

  it('switches to Simplified Chinese', async () => {
    await i18n.setLocale('zh-CN');
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(t('folder.trash')).toBe('已删除');
    expect(t('messages.count', { count: 3 })).toBe('3 封邮件');
    expect(t('messages.count', { count: 0 })).toBe('没有邮件');
  });

  it('remembers a choice only when asked to (the picker), not the language found at start', async () => {
    await i18n.setLocale('ru');
    expect(localStorage.length).toBe(0);
    await i18n.setLocale('zh-CN', { remember: true });
    expect(readStoredLocale()).toBe('zh-CN');
  });

  it('starts with the remembered choice over the browser’s languages', () => {
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['ru-RU', 'ru']);
    expect(initialLocale()).toBe('ru');
    localStorage.setItem(LOCALE_STORAGE_KEY, 'en');
    expect(initialLocale()).toBe('en');
  });
});

describe("the composer's messages", () => {
  it('come with the composer: before its chunk a key shows as itself, after it in English', async () => {
    expect(t('compose.action.reply')).toBe('Reply');
    expect(t('compose.subject')).toBe('compose.subject');
    await import('../state/compose/compose-messages.ts');
    expect(t('compose.subject')).toBe('Subject');
  });
});
