// What people paste into To/Cc/Bcc, as mailboxes: `"Name" <a@b>, c@d; Иван <ivan@пример.рф>`, RFC 5322 3.4
// lists with groups and comments, Outlook's ';' separators and `Last, First <a@b>` names, one address per
// line without commas, `mailto:` links, `Name a@b` without brackets, encoded words copied from raw headers.
// Every piece that is not a usable address comes back with its text and the reason (validateAddress).

import { decodeEncodedWords } from '../format/rfc2047.ts';
import { validateAddress } from './address-validate.ts';
import { cleanLineText } from './clean-text.ts';
import type { AddressProblem, MailAddress } from './types.ts';

export interface ParsedAddressList {
  addresses: MailAddress[];
  invalid: { text: string; reason: AddressProblem }[];
}

type Token =
  | { kind: 'word'; text: string; glued: boolean }
  | { kind: 'quoted'; text: string; raw: string; glued: boolean }
  | { kind: 'comment'; text: string }
  | { kind: 'angle'; text: string; closed: boolean }
  | { kind: 'separator' }
  | { kind: 'colon' }
  | { kind: 'unterminated'; raw: string };

/** Characters that end a word: specials of RFC 5322 3.2.3 that the grammar below reads, and whitespace. */
const WORD_END = /[\s,;:<>()"]/;

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let glued = false;
  for (let i = 0; i < input.length;) {
    const c = input[i] as string;
    if (/\s/.test(c)) {
      glued = false;
      i++;
      continue;
    }
    if (c === ',' || c === ';') {
      tokens.push({ kind: 'separator' });
      i++;
    } else if (c === ':') {
      tokens.push({ kind: 'colon' });
      i++;
    } else if (c === '"') {
      const end = closingQuote(input, i + 1);
      if (end < 0) {
        tokens.push({ kind: 'unterminated', raw: input.slice(i) });
        break;
      }
      const raw = input.slice(i, end + 1);
      tokens.push({ kind: 'quoted', text: raw.slice(1, -1).replace(/\\(.)/g, '$1'), raw, glued });
      i = end + 1;
      glued = true;
      continue;
    } else if (c === '(') {
      const end = closingParen(input, i);
      if (end < 0) {
        tokens.push({ kind: 'unterminated', raw: input.slice(i) });
        break;
      }
      tokens.push({ kind: 'comment', text: input.slice(i + 1, end) });
      i = end + 1;
    } else if (c === '<') {
      const end = input.indexOf('>', i + 1);
      // A '>' forgotten at the very end of what was typed is forgiven; anywhere else it is an error.
      const stop = end < 0 ? input.length : end;
      tokens.push({ kind: 'angle', text: input.slice(i + 1, stop).trim(), closed: end >= 0 });
      i = stop + 1;
    } else if (c === '>' || c === ')') {
      tokens.push({ kind: 'word', text: c, glued });
      i++;
    } else {
      let end = i;
      while (end < input.length && !WORD_END.test(input[end] as string)) end++;
      let text = input.slice(i, end);
      // mailto:a@b reads as one word, not a group named "mailto".
      if (/^mailto$/i.test(text) && input[end] === ':') {
        end++;
        while (end < input.length && !WORD_END.test(input[end] as string)) end++;
        text = input.slice(i, end);
      }
      tokens.push({ kind: 'word', text, glued });
      i = end;
      glued = true;
      continue;
    }
    glued = false;
  }
  return tokens;
}

function closingQuote(input: string, from: number): number {
  for (let i = from; i < input.length; i++) {
    if (input[i] === '\\') i++;
    else if (input[i] === '"') return i;
  }
  return -1;
}

function closingParen(input: string, from: number): number {
  let depth = 0;
  for (let i = from; i < input.length; i++) {
    if (input[i] === '\\') i++;
    else if (input[i] === '(') depth++;
    else if (input[i] === ')' && --depth === 0) return i;
  }
  return -1;
}

/** One entry between separators: the tokens, and its text for the error list. */
type Entry = Token[];

/** Splits at ',' and ';', drops group names (`Team: a@b, c@d;`), and starts a new entry after `<...>`. */
function entries(tokens: Token[]): Entry[] {
  const out: Entry[] = [];
  let current: Entry = [];
  const finish = (): void => {
    if (current.length > 0) out.push(current);
    current = [];
  };
  for (const token of tokens) {
    if (token.kind === 'separator') {
      finish();
    } else if (token.kind === 'colon') {
      // A group's display name: what came before the colon names the group, not a mailbox (RFC 5322 3.4).
      current = [];
    } else {
      const afterAngle = current.some((t) => t.kind === 'angle');
      // `A <a@b>\nB <c@d>` pasted without commas: a word or name after a bracketed address starts the next.
      if (afterAngle && token.kind !== 'comment') finish();
      current.push(token);
    }
  }
  finish();
  return out;
}

function entryText(entry: Entry): string {
  return entry
    .map((token) => {
      switch (token.kind) {
        case 'word':
          return token.text;
        case 'quoted':
          return token.raw;
        case 'comment':
          return `(${token.text})`;
        case 'angle':
          return `<${token.text}${token.closed ? '>' : ''}`;
        case 'unterminated':
          return token.raw;
        default:
          return '';
      }
    })
    .join(' ')
    .trim();
}

/** `mailto:a%40b?subject=x` -> `a@b`; anything else as it is. */
function stripMailto(text: string): string {
  const match = text.match(/^mailto:([^?]*)/i);
  if (!match) return text;
  try {
    return decodeURIComponent(match[1] as string);
  } catch {
    return match[1] as string;
  }
}

/** A display name as the user means it: encoded words decoded, one line, single spaces. */
function displayName(parts: string[]): string {
  return cleanLineText(decodeEncodedWords(parts.join(' '))).replace(/ {2,}/g, ' ');
}

interface Mailbox {
  name: string;
  address: string;
}

type Resolved = { mailbox: Mailbox } | { problem: AddressProblem };

/** Adjacent tokens without whitespace between them form one word: `"john doe"@example.com`. */
function gluedWords(entry: Entry): { text: string; isName: boolean }[] {
  const words: { text: string; isName: boolean }[] = [];
  for (const token of entry) {
    if (token.kind !== 'word' && token.kind !== 'quoted') continue;
    const text = token.kind === 'quoted' ? token.raw : token.text;
    const last = words[words.length - 1];
    if (token.glued && last !== undefined) last.text += text;
    else words.push({ text, isName: token.kind === 'quoted' });
  }
  return words;
}

function unquote(word: string): string {
  return /^".*"$/.test(word) ? word.slice(1, -1).replace(/\\(.)/g, '$1') : word;
}

/** The mailboxes of one entry, or why it has none; several for `a@b c@d` pasted one per line. */
function resolve(entry: Entry): Resolved[] {
  if (entry.some((token) => token.kind === 'unterminated')) return [{ problem: 'unterminated' }];
  const comments = entry.flatMap((token) => (token.kind === 'comment' ? [token.text] : []));
  const angle = entry.find((token) => token.kind === 'angle');
  if (angle !== undefined) {
    if (angle.kind !== 'angle') return [];
    // A source route (`<@relay:a@b>`, RFC 5322 4.4) is obsolete: the mailbox is what follows it.
    const address = stripMailto(angle.text.replace(/^@[^:]*:/, ''));
    const before = entry.slice(0, entry.indexOf(angle));
    const phrase = before.flatMap((token) =>
      token.kind === 'word' ? [token.text] : token.kind === 'quoted' ? [token.text] : [],
    );
    if (address === '') return [{ problem: 'empty' }];
    return [{ mailbox: { name: displayName(phrase.length > 0 ? phrase : comments), address } }];
  }
  const words = gluedWords(entry).map((word) => ({ ...word, text: stripMailto(word.text) }));
  const withAt = words.filter((word) => word.text.includes('@') && !/^".*"$/.test(word.text));
  if (withAt.length === 0) {
    return words.length === 0 && comments.length === 0 ? [] : [{ problem: 'missing-at' }];
  }
  // `Иван ivan@x.ru`: the words before an address name it; `a@b c@d`: each address its own mailbox.
  const out: Resolved[] = [];
  let name: string[] = [];
  for (const word of words) {
    if (withAt.includes(word)) {
      const ownName = name.length > 0 ? name : withAt.length === 1 ? comments : [];
      out.push({ mailbox: { name: displayName(ownName), address: word.text } });
      name = [];
    } else name.push(unquote(word.text));
  }
  if (name.length > 0) out.push({ problem: 'missing-at' });
  return out;
}

/** Outlook's `Petrov, Ivan <ivan@x.ru>`: a name-only piece before a named bracketed address is its surname. */
function mergeSplitNames(list: Entry[]): Entry[] {
  const out: Entry[] = [];
  for (let i = 0; i < list.length; i++) {
    const entry = list[i] as Entry;
    const next = list[i + 1];
    const nameOnly =
      entry.length > 0 &&
      entry.every((token) => token.kind === 'word' || token.kind === 'quoted') &&
      !entry.some((token) => (token.kind === 'word' ? token.text : '').includes('@'));
    const nextIsNamed =
      next !== undefined &&
      next[0] !== undefined &&
      next[0].kind !== 'angle' &&
      next.some((token) => token.kind === 'angle');
    if (nameOnly && nextIsNamed) {
      const first = next[0] as Token;
      const surname = entry
        .map((token) => (token.kind === 'word' || token.kind === 'quoted' ? token.text : ''))
        .join(' ');
      const merged: Token = { kind: 'quoted', text: `${surname},`, raw: `${surname},`, glued: false };
      out.push([merged, first, ...next.slice(1)]);
      i++;
    } else out.push(entry);
  }
  return out;
}

/** Everything usable in `text`, in order, and every piece that is not, with why. */
export function parseAddressList(text: string): ParsedAddressList {
  const result: ParsedAddressList = { addresses: [], invalid: [] };
  for (const entry of mergeSplitNames(entries(tokenize(text)))) {
    for (const resolved of resolve(entry)) {
      if ('problem' in resolved) {
        result.invalid.push({ text: entryText(entry), reason: resolved.problem });
        continue;
      }
      const { name, address } = resolved.mailbox;
      const problem = validateAddress(address);
      if (problem !== null) {
        result.invalid.push({ text: entryText(entry), reason: problem });
        continue;
      }
      result.addresses.push(name === '' || name === address ? { address } : { name, address });
    }
  }
  return result;
}
