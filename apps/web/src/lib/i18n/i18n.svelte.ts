// Every UI string goes through t(). Messages are ICU MessageFormat (plurals matter: Russian has four forms), one
// catalog file per pane under <locale>/, merged in <locale>/index.ts. English is the reference catalog: its keys
// are the type of every other locale's (catalog.ts). English is bundled; the others are chunks of their own,
// fetched when chosen, so an English reader never downloads them.
import { IntlMessageFormat } from 'intl-messageformat';
import type { Catalog } from './catalog.ts';
import { en, type ComposeMessages, type MessageKey } from './en/index.ts';
import { readStoredLocale, storeLocale } from './locale-store.ts';
import { negotiateLocale, type Locale } from './locales.ts';

export type { MessageKey };
export type MessageValues = Record<string, string | number | Date>;

/** English as far as it is loaded: bundled, plus the composer's messages once its chunk came (addEnglish). */
const english: Partial<Record<MessageKey, string>> = { ...en };

// Each dynamic import is a chunk of its own (5-7 KB gzip), fetched the first time its language is wanted.
const LOADERS: Readonly<Record<Locale, () => Promise<Partial<Catalog>>>> = {
  en: () => Promise.resolve(english),
  'zh-CN': () => import('./zh-CN/index.ts').then((module) => module.zhCN),
  ru: () => import('./ru/index.ts').then((module) => module.ru),
};

class I18n {
  /** BCP 47 tag of the catalog in use; it changes only once that catalog is loaded. */
  locale = $state<Locale>('en');
  /**
   * False while the catalog of the language found at start is on its way: the sign-in screen waits for it
   * rather than show English for a moment. True at once for English, and after a failed fetch (English stays).
   */
  started = $state(false);
  readonly #catalogs = new Map<Locale, Partial<Catalog>>([['en', english]]);
  readonly #formats = new Map<string, IntlMessageFormat>();
  /** The latest locale asked for: a slow catalog arriving after a later choice does not undo that choice. */
  #wanted: Locale = 'en';

  /** Sets the language found at start (not remembered: only a choice in the picker is). */
  start(locale: Locale): void {
    if (this.#catalogs.has(locale)) {
      this.#apply(locale);
      this.started = true;
      return;
    }
    const done = (): void => {
      this.started = true;
    };
    this.setLocale(locale).then(done, done);
  }

  /**
   * Switches to `locale` once its catalog is loaded. `remember` keeps the choice in localStorage for the next
   * visit. Rejects when the catalog cannot be fetched, leaving the current language in place.
   */
  async setLocale(locale: Locale, options: { remember?: boolean } = {}): Promise<void> {
    this.#wanted = locale;
    if (!this.#catalogs.has(locale)) this.#catalogs.set(locale, await LOADERS[locale]());
    if (this.#wanted !== locale) return;
    if (options.remember) storeLocale(locale);
    this.#apply(locale);
  }

  /**
   * A choice in the language picker: switch and remember it. A catalog that cannot be fetched (offline, or
   * replaced by a new deployment) leaves the language in use, which the picker goes on showing.
   */
  choose(locale: Locale): void {
    this.setLocale(locale, { remember: true }).catch(() => undefined);
  }

  /** The composer's English messages, which its chunk brings (lib/state/compose/compose-messages.ts). */
  addEnglish(messages: ComposeMessages): void {
    Object.assign(english, messages);
  }

  #apply(locale: Locale): void {
    this.locale = locale;
    if (typeof document !== 'undefined') document.documentElement.lang = locale;
  }

  t(key: MessageKey, values?: MessageValues): string {
    const catalog = this.#catalogs.get(this.locale) ?? english;
    // A key of a chunk not loaded yet shows as itself: a missing registration is visible, never a crash.
    const message = catalog[key] ?? english[key] ?? key;
    if (values === undefined && !message.includes('{')) return message;
    const cacheKey = `${this.locale}\u0000${key}`;
    let format = this.#formats.get(cacheKey);
    if (!format) {
      format = new IntlMessageFormat(message, this.locale);
      this.#formats.set(cacheKey, format);
    }
    return String(format.format(values));
  }
}

/** The language at start: the one chosen in the picker on an earlier visit, else the browser's preferences. */
export function initialLocale(): Locale {
  if (typeof navigator === 'undefined') return 'en';
  const languages = navigator.languages.length > 0 ? navigator.languages : [navigator.language];
  return readStoredLocale() ?? negotiateLocale(languages);
}

export const i18n = new I18n();
// At import, before the app mounts: an English reader's catalog is there at once, another one's is on its way.
i18n.start(initialLocale());

/** The message for `key` in the current locale, with `values` filled in. */
export function t(key: MessageKey, values?: MessageValues): string {
  return i18n.t(key, values);
}
