// The encodings of the WHATWG Encoding Standard (what TextDecoder knows), grouped for the "re-decode as" menu.
// Names are canonical encoding names, shown as they are; group names are translated.

export interface CharsetGroup {
  /** i18n key suffix: reader.charset.group.<id> */
  readonly id: 'unicode' | 'chinese' | 'japanese' | 'korean' | 'cyrillic' | 'western' | 'central' | 'other';
  readonly charsets: readonly string[];
}

export const CHARSET_GROUPS: readonly CharsetGroup[] = [
  { id: 'unicode', charsets: ['UTF-8', 'UTF-16LE', 'UTF-16BE'] },
  { id: 'chinese', charsets: ['GBK', 'gb18030', 'Big5'] },
  { id: 'japanese', charsets: ['Shift_JIS', 'EUC-JP', 'ISO-2022-JP'] },
  { id: 'korean', charsets: ['EUC-KR'] },
  {
    id: 'cyrillic',
    charsets: ['KOI8-R', 'KOI8-U', 'windows-1251', 'ISO-8859-5', 'IBM866', 'x-mac-cyrillic'],
  },
  { id: 'western', charsets: ['windows-1252', 'ISO-8859-15', 'macintosh'] },
  {
    id: 'central',
    charsets: [
      'windows-1250',
      'ISO-8859-2',
      'ISO-8859-3',
      'ISO-8859-4',
      'ISO-8859-10',
      'ISO-8859-13',
      'ISO-8859-14',
      'ISO-8859-16',
      'windows-1257',
    ],
  },
  {
    id: 'other',
    charsets: [
      'windows-1253',
      'ISO-8859-7',
      'windows-1254',
      'windows-1255',
      'ISO-8859-8',
      'ISO-8859-8-I',
      'windows-1256',
      'ISO-8859-6',
      'windows-1258',
      'windows-874',
    ],
  },
];

/** True when this runtime's TextDecoder knows the label. */
export function isKnownCharset(label: string): boolean {
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}
