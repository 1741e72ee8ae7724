import { describe, expect, it } from 'vitest';
import { negotiateLocale, type Locale } from './locales.ts';

describe('negotiateLocale', () => {
  it.each<[string, string[], Locale]>([
    ['Russian', ['ru-RU', 'ru', 'en-US', 'en'], 'ru'],
    ['Russian of another region', ['ru-UA'], 'ru'],
    ['a tag in upper case', ['RU'], 'ru'],
    ['bare Chinese', ['zh'], 'zh-CN'],
    ['Chinese of China', ['zh-CN', 'zh'], 'zh-CN'],
    ['Chinese in lower case', ['zh-cn'], 'zh-CN'],
    ['Simplified script', ['zh-Hans'], 'zh-CN'],
    ['Chinese of Singapore', ['zh-SG'], 'zh-CN'],
    ['Simplified script in Hong Kong', ['zh-Hans-HK'], 'zh-CN'],
    ['Chinese of Taiwan', ['zh-TW'], 'en'],
    ['Chinese of Hong Kong', ['zh-HK'], 'en'],
    ['Chinese of Macau', ['zh-MO'], 'en'],
    ['Traditional script', ['zh-Hant'], 'en'],
    ['Taiwan with the bare "zh" Chrome appends', ['zh-TW', 'zh', 'en-US', 'en'], 'en'],
    ['Taiwan, then Simplified named on purpose', ['zh-TW', 'zh-CN'], 'zh-CN'],
    ['Hong Kong, then Russian', ['zh-HK', 'ru'], 'ru'],
    ['English before Russian', ['en-US', 'ru'], 'en'],
    ['a language the app lacks, then Russian', ['de-DE', 'ru'], 'ru'],
    ['only languages the app lacks', ['uk', 'fr-FR'], 'en'],
    ['a malformed tag, then Russian', ['not a tag', 'ru'], 'ru'],
    ['nothing', [], 'en'],
  ])('%s: %j is %s', (_name, languages, expected) => {
    expect(negotiateLocale(languages)).toBe(expected);
  });
});
