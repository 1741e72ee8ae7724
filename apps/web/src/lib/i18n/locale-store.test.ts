import { afterEach, describe, expect, it } from 'vitest';
import { LOCALE_STORAGE_KEY, readStoredLocale, storeLocale } from './locale-store.ts';

afterEach(() => localStorage.clear());

/** Storage that refuses everything, as some browsers' blocked or private storage does. */
const refusing = {
  getItem: () => {
    throw new DOMException('denied', 'SecurityError');
  },
  setItem: () => {
    throw new DOMException('full', 'QuotaExceededError');
  },
} as unknown as Storage;

describe('the remembered language', () => {
  it('reads back what was stored', () => {
    storeLocale('zh-CN');
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('zh-CN');
    expect(readStoredLocale()).toBe('zh-CN');
  });

  it('is none when nothing was stored', () => {
    expect(readStoredLocale()).toBeNull();
  });

  it('ignores a value that names no language of the app', () => {
    localStorage.setItem(LOCALE_STORAGE_KEY, 'de');
    expect(readStoredLocale()).toBeNull();
  });

  it('survives storage that refuses access', () => {
    expect(() => storeLocale('ru', refusing)).not.toThrow();
    expect(readStoredLocale(refusing)).toBeNull();
  });
});
