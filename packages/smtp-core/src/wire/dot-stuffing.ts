// Message data for DATA (RFC 5321 4.1.1.4, 4.5.2): lines end in CRLF, a line that starts with '.' gets one more
// (transparency), and "CRLF . CRLF" ends the data. The builder hands us CRLF lines, but a bare LF or CR that
// slipped in must not reach the server as one: some servers take a bare LF for a line end and others do not,
// which is how SMTP smuggling works. Each becomes CRLF here, before stuffing, so what we send is unambiguous.
//
// A streaming transform: write() takes the message in pieces (a CRLF split across two pieces is still one line
// end) and end() gives the terminator.

const CR = 0x0d;
const LF = 0x0a;
const DOT = 0x2e;
/** Runs up to this long are copied byte by byte: cheaper than making a subarray view for set(). */
const SHORT_RUN = 32;

export class DotStuffer {
  #atLineStart = true;
  /** The previous byte was a CR, already written out as CRLF: an LF right after it is that same line end. */
  #afterCr = false;

  write(input: Uint8Array): Uint8Array {
    // Worst case every byte doubles (a lone LF becomes CRLF, a '.' at a line start becomes '..').
    const out = new Uint8Array(input.length * 2);
    let o = 0;
    let i = 0;
    let nextCr = -2;
    let nextLf = -2;
    while (i < input.length) {
      if (this.#afterCr) {
        this.#afterCr = false;
        if (input[i] === LF) {
          i++;
          continue;
        }
      }
      if (this.#atLineStart) {
        this.#atLineStart = false;
        if (input[i] === DOT) out[o++] = DOT;
      }
      if (nextCr !== -1 && nextCr < i) nextCr = input.indexOf(CR, i);
      if (nextLf !== -1 && nextLf < i) nextLf = input.indexOf(LF, i);
      const lineEnd = nextCr === -1 ? nextLf : nextLf === -1 ? nextCr : Math.min(nextCr, nextLf);
      const runEnd = lineEnd === -1 ? input.length : lineEnd;
      if (runEnd - i > SHORT_RUN) {
        out.set(input.subarray(i, runEnd), o);
        o += runEnd - i;
        i = runEnd;
      } else {
        while (i < runEnd) out[o++] = input[i++] as number;
      }
      if (i === input.length) break;
      this.#afterCr = input[i] === CR;
      out[o++] = CR;
      out[o++] = LF;
      this.#atLineStart = true;
      i++;
    }
    return out.subarray(0, o);
  }

  /** The end of data: CRLF first when the last line was not terminated, then ".CRLF". */
  end(): Uint8Array {
    return this.#atLineStart ? Uint8Array.of(DOT, CR, LF) : Uint8Array.of(CR, LF, DOT, CR, LF);
  }
}

export interface MessageScan {
  /**
   * Octets the server will store: the data with every line end as CRLF, "not the SMTP DATA command's
   * terminating dot or doubled quoting dots" (RFC 1870 5, which SIZE= declares).
   */
  readonly size: number;
  /** A byte above 0x7F anywhere: the message needs 8BITMIME (RFC 6152) to travel as it is. */
  readonly eightBit: boolean;
  /** A byte above 0x7F in the header section: UTF-8 header fields (RFC 6532), which need SMTPUTF8. */
  readonly eightBitHeaders: boolean;
}

export function scanMessage(data: Uint8Array): MessageScan {
  const headers = scanHeaders(data);
  const eightBit = headers.eightBit || hasEightBit(data, headers.end);
  return { size: normalizedLength(data), eightBit, eightBitHeaders: headers.eightBit };
}

/** A byte above 0x7F from `from` on: four bytes at a time once aligned (a 25 MB attachment is scanned whole). */
function hasEightBit(data: Uint8Array, from: number): boolean {
  let i = from;
  while (i < data.length && (data.byteOffset + i) % 4 !== 0) if ((data[i++] as number) >= 0x80) return true;
  if (i >= data.length) return false;
  const words = new Uint32Array(data.buffer, data.byteOffset + i, (data.length - i) >> 2);
  for (let w = 0; w < words.length; w++) if (((words[w] as number) & 0x80808080) !== 0) return true;
  for (i += words.length * 4; i < data.length; i++) if ((data[i] as number) >= 0x80) return true;
  return false;
}

/** Where the header section ends (after the first empty line; RFC 5322 2.1), and whether it has 8-bit bytes. */
function scanHeaders(data: Uint8Array): { end: number; eightBit: boolean } {
  let eightBit = false;
  let lineLength = 0;
  for (let i = 0; i < data.length; i++) {
    const byte = data[i] as number;
    if (byte !== CR && byte !== LF) {
      lineLength++;
      if (byte >= 0x80) eightBit = true;
      continue;
    }
    if (byte === CR && data[i + 1] === LF) i++;
    if (lineLength === 0) return { end: i + 1, eightBit };
    lineLength = 0;
  }
  return { end: data.length, eightBit };
}

/** The length once every lone CR and lone LF has grown into CRLF (what DotStuffer sends, dots aside). */
function normalizedLength(data: Uint8Array): number {
  let size = data.length;
  for (let cr = data.indexOf(CR); cr !== -1; cr = data.indexOf(CR, cr + 1)) if (data[cr + 1] !== LF) size++;
  for (let lf = data.indexOf(LF); lf !== -1; lf = data.indexOf(LF, lf + 1)) if (data[lf - 1] !== CR) size++;
  return size;
}
