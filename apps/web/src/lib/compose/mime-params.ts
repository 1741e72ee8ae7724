// MIME parameters (RFC 2045 5.1) for file names. Content-Disposition's filename (RFC 2183) is written as a
// quoted string when it is short printable ASCII, else in RFC 2231 form: `filename*0*=utf-8''%E6%8A%A5...`,
// continued over sections that each fit a line and never split a character. Content-Type's `name` is a
// fallback for old clients (Outlook 2007, Lotus) that read only it, in the RFC 2047 form they understand
// (encoded words inside the quotes; RFC 2047 5 forbids it, and it is what Thunderbird and Outlook send).

import { isAscii } from './bytes.ts';
import { encodeWords } from './encoded-words.ts';
import { piece, type HeaderPiece } from './header-fold.ts';

/** RFC 2045 5.1 token characters. */
export const TOKEN = /^[!#$%&'*+\-.0-9A-Z^_`a-z{|}~]+$/;
/** RFC 2231 7 attribute-char: token characters but "*", "'", "%"; everything else is %-escaped. */
const ATTRIBUTE_CHAR = /^[!#$&+\-.0-9A-Z^_`a-z{|}~]$/;
/** Value characters per RFC 2231 section, so `filename*10*=...;` stays within a 78-character line. */
const SECTION_CHARS = 60;
/** Longest `filename="..."` written whole. */
const MAX_QUOTED = 70;

/** A parameter value: a token as it is, anything else quoted (RFC 2045 5.1). */
export function parameterValue(value: string): string {
  return TOKEN.test(value) ? value : `"${value.replace(/["\\]/g, '\\$&')}"`;
}

/** Printable ASCII that fits a line and that no reader decodes as RFC 2047 (they do inside quotes too). */
function simpleQuoted(value: string): boolean {
  return isAscii(value) && /^[ -~]*$/.test(value) && value.length + 2 <= MAX_QUOTED && !value.includes('=?');
}

/** RFC 2231 4 extended value sections of `value`: %-escaped UTF-8, one whole character at a time. */
function extendedSections(value: string): string[] {
  const sections: string[] = [];
  let section = "utf-8''";
  const encoder = new TextEncoder();
  for (const char of value) {
    let escaped = '';
    if (ATTRIBUTE_CHAR.test(char)) escaped = char;
    else
      for (const byte of encoder.encode(char))
        escaped += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
    if (section.length + escaped.length > SECTION_CHARS && section !== '' && section !== "utf-8''") {
      sections.push(section);
      section = '';
    }
    section += escaped;
  }
  sections.push(section);
  return sections;
}

/** `; attribute=value` pieces for a file name: quoted when simple, RFC 2231 sections otherwise. */
export function filenameParameter(attribute: string, value: string): HeaderPiece[] {
  if (simpleQuoted(value)) return [piece(`${attribute}=${parameterValue(value)}`)];
  const sections = extendedSections(value);
  if (sections.length === 1) return [piece(`${attribute}*=${sections[0] as string}`)];
  return sections.map((section, i) =>
    piece(`${attribute}*${i}*=${section}${i < sections.length - 1 ? ';' : ''}`),
  );
}

/** Content-Type's `name=` for old clients: quoted, RFC 2047 words inside the quotes when not simple. */
export function legacyNameParameter(value: string): HeaderPiece[] {
  if (simpleQuoted(value)) return [piece(`name=${parameterValue(value)}`)];
  const words = encodeWords(value);
  return words.map((word, i) =>
    piece(`${i === 0 ? 'name="' : ''}${word}${i === words.length - 1 ? '"' : ''}`),
  );
}
