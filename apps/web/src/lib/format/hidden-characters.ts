// Characters that change how the text around them looks without being seen themselves. In a name, a subject or
// a file name they are how mail lies: U+202E (RIGHT-TO-LEFT OVERRIDE) turns "invoice\u202Etxt.exe" into what
// reads as "invoiceexe.txt", a zero-width space splits a word a filter looks for, tag characters (U+E0000 block)
// carry text nobody sees. Server-controlled strings are shown with each of them written out ("[U+202E]"), and
// file names for the download lose them.
//
// Kept as they are: ZWNJ/ZWJ (U+200C/U+200D: Persian, Indic scripts and emoji sequences need them), variation
// selectors, and the bidi marks LRM/RLM/ALM (U+200E, U+200F, U+061C), which only place neutral characters such
// as punctuation in right-to-left text and cannot reorder letters; every such string is also shown in its own
// bidi isolate (<bdi>, dir="auto"), so nothing in it reaches the text around it (UAX #9, 2.4 and 2.7).

/**
 * C0 and C1 controls and DEL; soft hyphen; combining grapheme joiner; Hangul fillers (blank "letters" used as
 * invisible names); Mongolian vowel separator; zero-width space; bidi embeddings and overrides (LRE, RLE, PDF,
 * LRO, RLO); line and paragraph separators; word joiner and invisible operators; bidi isolates (LRI, RLI, FSI,
 * PDI) and the deprecated format characters after them; BOM / zero-width no-break space; halfwidth Hangul
 * filler; interlinear annotation characters; tag characters.
 */
// Combining characters (U+034F, U+17B4, U+17B5) stand alone, outside the class: within one, a linter would read
// them as joined to the character before.
const HIDDEN =
  // eslint-disable-next-line no-control-regex -- control characters are what this matches
  /[\u0000-\u001f\u007f-\u009f\u00ad\u115f\u1160\u180e\u200b\u202a-\u202e\u2028\u2029\u2060-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb]|\u034f|\u17b4|\u17b5|[\u{e0000}-\u{e007f}]/gu;

/** True when `text` holds a character revealHidden would write out. */
export function hasHiddenCharacters(text: string): boolean {
  HIDDEN.lastIndex = 0;
  return HIDDEN.test(text);
}

/** `[U+XXXX]` for a hidden character (four to six hex digits, as Unicode writes code points). */
export function codePointLabel(character: string): string {
  const hex = (character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
  return `[U+${hex}]`;
}

/** The text with every hidden character written out as `[U+XXXX]`: what the reader and the list show. */
export function revealHidden(text: string): string {
  return text.replace(HIDDEN, codePointLabel);
}

/** The text without its hidden characters: for a file name the browser saves (the OS would lie the same way). */
export function removeHidden(text: string): string {
  return text.replace(HIDDEN, '');
}
