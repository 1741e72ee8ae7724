// Every UI string goes through t(). Messages are ICU MessageFormat (plurals matter: Russian has four forms), one
// catalog file per pane under <locale>/, merged in <locale>/index.ts. English is the reference catalog: its keys
// are the type of every other locale's.
import { IntlMessageFormat } from 'intl-messageformat';
import { en, type MessageKey } from './en/index.ts';

export type { MessageKey };
export type MessageValues = Record<string, string | number | Date>;

type Catalog = Readonly<Record<MessageKey, string>>;

const catalogs: ReadonlyMap<string, Catalog> = new Map([['en', en]]);

class I18n {
  /** BCP 47 tag of the catalog in use. */
  locale = $state('en');
  readonly #formats = new Map<string, IntlMessageFormat>();

  t(key: MessageKey, values?: MessageValues): string {
    const catalog = catalogs.get(this.locale) ?? en;
    const message = catalog[key] ?? en[key];
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

export const i18n = new I18n();

/** The message for `key` in the current locale, with `values` filled in. */
export function t(key: MessageKey, values?: MessageValues): string {
  return i18n.t(key, values);
}
