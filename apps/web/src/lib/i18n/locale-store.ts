// The language the user chose in the picker, kept in localStorage: the one thing the app stores in the browser,
// and only once someone has chosen (a language found from navigator.languages is not written). Storage can be
// missing or refuse access (disabled cookies, some private modes): then the choice lasts for the tab only.
import { isLocale, type Locale } from './locales.ts';

export const LOCALE_STORAGE_KEY = 'webmail.locale';

/** The remembered choice, or null when there is none (or it names a language this version lacks). */
export function readStoredLocale(storage: Storage | undefined = browserStorage()): Locale | null {
  try {
    const value = storage?.getItem(LOCALE_STORAGE_KEY);
    return isLocale(value) ? value : null;
  } catch {
    return null;
  }
}

export function storeLocale(locale: Locale, storage: Storage | undefined = browserStorage()): void {
  try {
    storage?.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // Storage refused (quota, policy): the choice still holds for this tab.
  }
}

function browserStorage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined; // reading window.localStorage itself throws when storage is blocked
  }
}
