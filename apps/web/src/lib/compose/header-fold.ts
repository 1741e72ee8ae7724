// Header fields as lines: folded before whitespace at 78 characters where the text allows (RFC 5322 2.1.1,
// 2.2.3), and never past 998 octets. Callers hand over pieces that are never broken; each piece carries the
// whitespace written before it, which a fold keeps after the CRLF, so unfolding gives back the exact text.

import { utf8Length } from './bytes.ts';

/** RFC 5322 2.1.1: lines SHOULD be at most 78 characters... */
export const FOLD_AT = 78;
/** ...and MUST be at most 998 octets, both without the CRLF. */
export const MAX_LINE = 998;

export interface HeaderPiece {
  /** Written as it is; never split. */
  readonly text: string;
  /** Whitespace before it: where a fold may go. '' glues it to the previous piece. */
  readonly space: string;
}

export const piece = (text: string, space = ' '): HeaderPiece => ({ text, space });

/** `Name: pieces...` folded; lines joined by CRLF, no CRLF at the end. */
export function foldHeader(name: string, pieces: readonly HeaderPiece[]): string {
  const lines: string[] = [];
  let line = `${name}:`;
  let lineBytes = line.length;
  let empty = true;
  for (const { text, space } of pieces) {
    const gap = empty ? ' ' : space;
    const bytes = utf8Length(gap) + utf8Length(text);
    // The first piece may fold too, right after the colon (the field body starts with FWS, RFC 5322
    // 3.2.2), when a long field name leaves it no room but a line of its own would (only extra headers'
    // names are that long); a piece too long for any line (raw UTF-8 text) stays on the name's line.
    const foldable = empty ? bytes <= FOLD_AT : space !== '';
    if (foldable && lineBytes + bytes > FOLD_AT) {
      lines.push(line);
      line = gap + text;
      lineBytes = bytes;
    } else {
      line += gap + text;
      lineBytes += bytes;
    }
    empty = false;
  }
  lines.push(line);
  for (const written of lines) {
    // The pieces' makers keep every piece far below this; reaching it is a bug here, never the user's input.
    if (utf8Length(written) > MAX_LINE) throw new Error(`header ${name} has a line over ${MAX_LINE} octets`);
  }
  return lines.join('\r\n');
}
