// A framed reply as the SmtpReply callers see: with ENHANCEDSTATUSCODES (RFC 2034) each line's text starts with
// a status code, RFC 3463 2: status-code = class "." subject "." detail, class = "2" / "4" / "5",
// subject = 1*3digit, detail = 1*3digit. It is lifted out of the text, which then reads as the server's words.

import type { SmtpReply } from '../types.ts';
import type { ReplyFrame } from './reply-framer.ts';

const ENHANCED = /^([245])\.(\d{1,3})\.(\d{1,3})(?: +|$)/;

export function toReply(frame: ReplyFrame, enhancedCodes: boolean): SmtpReply {
  if (!enhancedCodes) return { code: frame.code, text: frame.lines.join('\n') };
  const first = ENHANCED.exec(frame.lines[0] ?? '');
  // RFC 3463 2: the class must agree with the reply code's first digit; a disagreeing one is just text.
  const enhanced = first !== null && first[1] === String(frame.code)[0] ? first : null;
  const text = frame.lines.map((line) => (enhanced === null ? line : line.replace(ENHANCED, ''))).join('\n');
  if (enhanced === null) return { code: frame.code, text };
  return { code: frame.code, enhanced: `${enhanced[1]}.${enhanced[2]}.${enhanced[3]}`, text };
}
