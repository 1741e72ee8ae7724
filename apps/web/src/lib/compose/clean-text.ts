// What the composer's strings may carry into a message. Decided: control characters are stripped, not
// refused: they arrive by paste (a PDF's form feeds, a terminal's escapes) and the user cannot see them to
// fix them. Line breaks in one-line fields (subject, names, file names) become spaces, which also makes
// header injection (`Subject: x\r\nBcc: ...`) impossible. Addresses are not cleaned: validateAddress refuses
// one with a control character instead, so what is sent is exactly what was checked.

/** A lone UTF-16 surrogate: TextEncoder would send U+FFFD for it anyway; said here so strings match bytes. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** C0 controls but TAB, LF, FF, CR; DEL; C1 controls (U+0085 NEL included: it is no line break in mail). */
// eslint-disable-next-line no-control-regex
const BODY_CONTROLS = /[\u0000-\u0008\u000B\u000E-\u001F\u007F-\u009F]/g;
// eslint-disable-next-line no-control-regex
const LINE_CONTROLS = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F]/g;
const LINE_BREAKS_AND_TABS = /[\t\n\v\f\r\u2028\u2029]+/g;

export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}

/** A body (text or HTML): control characters out, every line break (CRLF, bare CR, bare LF) as CRLF. */
export function cleanBodyText(text: string): string {
  return wellFormed(text)
    .replace(BODY_CONTROLS, '')
    .replace(/\r\n|\r|\n/g, '\r\n');
}

/** A one-line field (subject, display name, file name, extra header value): no controls, no line breaks. */
export function cleanLineText(text: string): string {
  return wellFormed(text).replace(LINE_BREAKS_AND_TABS, ' ').replace(LINE_CONTROLS, '').trim();
}
