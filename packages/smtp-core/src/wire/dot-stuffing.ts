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
      out.set(input.subarray(i, runEnd), o);
      o += runEnd - i;
      i = runEnd;
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
  let size = data.length;
  let eightBit = false;
  let eightBitHeaders = false;
  let inHeaders = true;
  let lineLength = 0;
  for (let i = 0; i < data.length; i++) {
    const byte = data[i] as number;
    if (byte === CR || byte === LF) {
      // A lone CR or LF grows into CRLF; CR LF stays as it is (counted once, at its LF).
      if (byte === CR && data[i + 1] === LF) continue;
      if (!(byte === LF && data[i - 1] === CR)) size++;
      if (lineLength === 0) inHeaders = false;
      lineLength = 0;
      continue;
    }
    lineLength++;
    if (byte >= 0x80) {
      eightBit = true;
      if (inHeaders) eightBitHeaders = true;
    }
  }
  return { size, eightBit, eightBitHeaders };
}
