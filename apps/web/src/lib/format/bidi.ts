// Server-controlled text inside a sentence of ours: wrapped in FIRST STRONG ISOLATE ... POP DIRECTIONAL ISOLATE
// (UAX #9 2.7), it takes its own direction from its first strong letter and cannot reorder the sentence around it
// (an Arabic name in an English warning, or a name with a stray override).

const FSI = '\u2068';
const PDI = '\u2069';

/** `text` as a bidi isolate, for an argument of a translated message. */
export function isolate(text: string): string {
  return `${FSI}${text}${PDI}`;
}
