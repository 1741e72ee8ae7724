// The languages the app speaks, and which one a browser's preference list (navigator.languages) gets.
// Framework-free: the I18n state and the picker both read it.

export const LOCALES = ['en', 'zh-CN', 'ru'] as const;

/** BCP 47 tag of a catalog: also what <html lang>, Intl and the plural rules get. */
export type Locale = (typeof LOCALES)[number];

/** Each language by its own name, as language pickers show them (the reader may not read the current one). */
export const LOCALE_NAMES: Readonly<Record<Locale, string>> = {
  en: 'English',
  'zh-CN': '简体中文',
  ru: 'Русский',
};

export function isLocale(value: unknown): value is Locale {
  return (LOCALES as readonly unknown[]).includes(value);
}

/**
 * The first of the user's languages that the app has, else English. Chinese goes by script: Simplified (zh,
 * zh-CN, zh-Hans, zh-SG) gets zh-CN; Traditional (zh-TW, zh-HK, zh-MO, zh-Hant) is skipped, as is a bare "zh"
 * after it (Chrome appends the base language to zh-TW by itself), so such a reader gets the next language
 * they listed, else English, and can still choose 简体中文 in the picker.
 */
export function negotiateLocale(languages: readonly string[]): Locale {
  let traditionalChinese = false;
  for (const tag of languages) {
    const locale = parseTag(tag);
    if (locale === null) continue;
    if (locale.language === 'en') return 'en';
    if (locale.language === 'ru') return 'ru';
    if (locale.language !== 'zh') continue;
    // The likely script of a tag without one: zh-TW → zh-Hant-TW, zh-SG → zh-Hans-SG (CLDR likely subtags).
    const script = locale.maximize().script;
    if (script === 'Hant') traditionalChinese = true;
    else if (script === 'Hans' && !(traditionalChinese && locale.baseName === 'zh')) return 'zh-CN';
  }
  return 'en';
}

function parseTag(tag: string): Intl.Locale | null {
  try {
    return new Intl.Locale(tag);
  } catch {
    return null; // not a well-formed BCP 47 tag
  }
}
