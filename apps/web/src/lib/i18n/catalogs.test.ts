// Every catalog against the English one: each message parses as ICU MessageFormat and formats, takes exactly the
// English message's arguments (names, and which are plurals or selects with which cases), uses the plural forms
// of its language, and is written in its language.
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import type { Catalog } from './catalog.ts';
import compose from './en/compose.ts';
import { en } from './en/index.ts';
import type { Locale } from './locales.ts';
import { ru } from './ru/index.ts';
import { zhCN } from './zh-CN/index.ts';

/** English whole: bundled, and the composer's messages its chunk adds. */
const english: Catalog = { ...en, ...compose };
const CATALOGS: readonly (readonly [Locale, Catalog])[] = [
  ['en', english],
  ['zh-CN', zhCN],
  ['ru', ru],
];
const TRANSLATIONS = CATALOGS.filter(([locale]) => locale !== 'en');

/** A letter of the language's own script, which each translated message must contain. */
const SCRIPT: Readonly<Record<Exclude<Locale, 'en'>, RegExp>> = {
  'zh-CN': /\p{Script=Han}/u,
  ru: /\p{Script=Cyrillic}/u,
};
/** Messages without words of their own: the same in every language. */
const NO_WORDS = new Set(['shell.newMailTitle']);
/** Words a language writes as English does. */
const KEPT: Readonly<Record<Exclude<Locale, 'en'>, ReadonlySet<string>>> = {
  'zh-CN': new Set(['reader.charset.group.unicode']),
  ru: new Set(),
};

// The AST of intl-messageformat (its parser's `TYPE` enum, not exported: the numbers below are its values).
type Element = ReturnType<IntlMessageFormat['getAst']>[number];
const KIND = ['literal', 'argument', 'number', 'date', 'time', 'select', 'plural', 'pound', 'tag'] as const;
type Kind = (typeof KIND)[number];

interface Argument {
  readonly kind: Kind;
  /** Select: every case. Plural: the exact cases (=0), which carry meaning in every language. */
  readonly cases: readonly string[];
  /** Plural: the language's category cases (one, few, many, other). */
  readonly categories: readonly string[];
}

/** Each use of an argument in a message, from its AST, nested ones included: `[name, argument]` pairs. */
function argumentsOf(message: string, locale: Locale): [string, Argument][] {
  const found: [string, Argument][] = [];
  const walk = (elements: readonly Element[]): void => {
    for (const element of elements) {
      const kind = KIND[element.type];
      if (kind === 'literal' || kind === 'pound') continue;
      if (!('value' in element) || typeof element.value !== 'string') continue;
      const options = 'options' in element ? (element.options as Record<string, { value: Element[] }>) : {};
      const keys = Object.keys(options).sort();
      found.push([
        element.value,
        {
          kind,
          cases: kind === 'select' ? keys : keys.filter((key) => key.startsWith('=')),
          categories: kind === 'plural' ? keys.filter((key) => !key.startsWith('=')) : [],
        },
      ]);
      for (const option of Object.values(options)) walk(option.value);
    }
  };
  let ast: Element[];
  try {
    ast = new IntlMessageFormat(message, locale).getAst();
  } catch (error) {
    throw new Error(`cannot parse “${message}”: ${String(error)}`, { cause: error });
  }
  walk(ast);
  return found;
}

/** What the tests compare: each distinct use as `name:kind[cases]`, sorted (how often it is used may differ). */
function signature(message: string, locale: Locale): string[] {
  const uses = argumentsOf(message, locale).map(
    ([name, argument]) => `${name}:${argument.kind}[${argument.cases.join(',')}]`,
  );
  return [...new Set(uses)].sort();
}

/** Sample values for every argument of `message`: `count` for plurals and numbers, a case for each select. */
function samples(message: string, locale: Locale, count: number): Record<string, string | number>[] {
  const base: Record<string, string | number> = {};
  const selects: [string, readonly string[]][] = [];
  for (const [name, argument] of argumentsOf(message, locale)) {
    if (argument.kind === 'plural' || argument.kind === 'number') base[name] = count;
    else if (argument.kind === 'select') selects.push([name, argument.cases]);
    else base[name] = `‹${name}›`;
  }
  if (selects.length === 0) return [base];
  return selects.flatMap(([name, cases]) => cases.map((value) => ({ ...base, [name]: value })));
}

describe('the signature of a message', () => {
  it('names plurals, selects and their exact cases, nested arguments included', () => {
    expect(signature(en['actions.empty.markedOnly'], 'en')).toEqual(['count:plural[]', 'folder:argument[]']);
    expect(signature(en['folders.delete.message'], 'en')).toEqual(['count:plural[=0]']);
    expect(signature(en['actions.progress'], 'en')).toEqual([
      'action:select[copy,delete,flag,move,other]',
      'done:number[]',
      'total:number[]',
    ]);
  });

  it('tells a translation that dropped an argument, an exact case or a select case, or used one twice differently', () => {
    const english = signature(en['messages.count'], 'en');
    expect(signature('{count, plural, one {# письмо} other {# письма}}', 'ru')).not.toEqual(english);
    expect(signature('{count, number} писем', 'ru')).not.toEqual(english);
    expect(
      signature(
        '{count, plural, =0 {Нет} one {# письмо} few {# письма} many {# писем} other {# письма}} ({count})',
        'ru',
      ),
    ).not.toEqual(english);
    expect(signature('{action, select, move {Перемещение} other {Удаление}}', 'ru')).not.toEqual(
      signature(en['actions.progress'], 'en'),
    );
  });
});

describe.each(CATALOGS)('the %s catalog', (locale, catalog) => {
  const keys = Object.keys(english) as (keyof Catalog)[];

  it('has exactly the English keys', () => {
    expect(Object.keys(catalog).sort()).toEqual([...keys].sort());
  });

  it('parses every message and formats it with sample values, every text argument shown', () => {
    const failures: string[] = [];
    for (const key of keys) {
      try {
        const format = new IntlMessageFormat(catalog[key], locale);
        for (const count of [0, 1, 2, 5, 21, 1.5, 100000]) {
          for (const values of samples(catalog[key], locale, count)) {
            const text = String(format.format(values));
            const missing = Object.values(values).filter(
              (value) => typeof value === 'string' && value.startsWith('‹') && !text.includes(value),
            );
            if (/[{}]/.test(text) || missing.length > 0) failures.push(`${key} (${count}): ${text}`);
          }
        }
      } catch (error) {
        failures.push(`${key}: ${String(error)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('takes the arguments of the English message in every message', () => {
    const different = keys
      .filter((key) => signature(catalog[key], locale).join() !== signature(english[key], 'en').join())
      .map((key) => `${key}: ${signature(catalog[key], locale).join(' ')}`);
    expect(different).toEqual([]);
  });

  it('writes plurals with the plural forms of the language (CLDR)', () => {
    const forms = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
    const wrong: string[] = [];
    for (const key of keys) {
      for (const [name, argument] of argumentsOf(catalog[key], locale)) {
        if (argument.kind !== 'plural') continue;
        const categories = argument.categories;
        // English may fold its forms into `other` where they read the same; a translation spells out each.
        const ok =
          categories.includes('other') &&
          categories.every((category) => (forms as readonly string[]).includes(category)) &&
          (locale === 'en' || categories.length === forms.length);
        if (!ok) wrong.push(`${key} {${name}}: ${categories.join(' ')}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe.each(TRANSLATIONS)('the %s translation', (locale, catalog) => {
  const keys = Object.keys(english) as (keyof Catalog)[];
  const script = SCRIPT[locale as Exclude<Locale, 'en'>];
  const kept = KEPT[locale as Exclude<Locale, 'en'>];

  it('is written in the language, except where English words are the words', () => {
    const untranslated = keys.filter(
      (key) => !NO_WORDS.has(key) && !kept.has(key) && !script.test(catalog[key]),
    );
    expect(untranslated).toEqual([]);
  });

  it('has no ASCII apostrophe, which ICU reads as a quote that can swallow an argument', () => {
    expect(keys.filter((key) => catalog[key].includes("'"))).toEqual([]);
  });
});
