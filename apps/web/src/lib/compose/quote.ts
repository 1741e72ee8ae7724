// The original's text in a plain-text reply: every line quoted with "> ", a line that was already quoted
// gets one more ">" without a space (">> ", RFC 3676 4.5's quote-depth marks, which also keeps flowed
// readers counting depth right), an empty line is ">" alone. Lines are not re-wrapped: the reply is sent as
// typed (see build-message.ts), so a paragraph that arrived format=flowed and was decoded into one line
// stays one quoted line that every reader wraps, instead of a ragged re-wrap of a re-wrap.

import { decodeFlowed } from '../mail/flowed.ts';

export interface QuoteOptions {
  /** The text is still format=flowed as sent (RFC 3676): it is unwrapped with its quote depth first. */
  readonly flowed?: { readonly delSp: boolean };
}

export function quotePlainText(text: string, options: QuoteOptions = {}): string {
  const plain = options.flowed ? decodeFlowed(text, options.flowed.delSp) : text;
  const lines = plain.replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n');
  return lines
    .map((line) => {
      if (line.startsWith('>')) return `>${line}`;
      if (line === '') return '>';
      return `> ${line}`;
    })
    .join('\n');
}
