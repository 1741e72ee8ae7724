// Shared by the wire layer's unit tests and the cross-module suites: helpers that feed bytes to a Framer in
// chosen pieces, and real Dovecot-style responses to feed it.

import { expect } from 'vitest';
import { Framer, type Frame, type FrameLimits } from '../../src/wire/framer.ts';
import { parseResponse } from '../../src/wire/parse-response.ts';
import type { ParseOptions, Response } from '../../src/wire/response.ts';
import { ParamMap } from '../../src/wire/parse/param-map.ts';

const encoder = new TextEncoder();

/** Text to bytes. Strings in fixtures are written as the server sends them, CRLF included. */
export function bytesOf(...parts: (string | Uint8Array)[]): Uint8Array {
  const chunks = parts.map((p) => (typeof p === 'string' ? encoder.encode(p) : p));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Feeds `chunks` one by one, collecting every frame as soon as it is complete. */
export function frameChunks(chunks: readonly Uint8Array[], limits?: Partial<FrameLimits>): Frame[] {
  const framer = new Framer(limits);
  const frames: Frame[] = [];
  for (const chunk of chunks) {
    framer.push(chunk);
    let frame: Frame | null;
    while ((frame = framer.next()) !== null) frames.push(frame);
  }
  expect(framer.bufferedLength).toBe(0);
  return frames;
}

/** Cuts `bytes` at the given offsets. */
export function splitAt(bytes: Uint8Array, ...cuts: number[]): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    pieces.push(bytes.slice(from, cut));
    from = cut;
  }
  return pieces;
}

export function textOf(frame: Frame): string {
  return new TextDecoder().decode(frame.bytes);
}

/** Parses a single response given as text (or bytes), fed in one piece. */
export function parseOne(response: string | Uint8Array, options?: ParseOptions): Response {
  const frames = frameChunks([typeof response === 'string' ? bytesOf(response) : response]);
  expect(frames).toHaveLength(1);
  const parsed = parseResponse(frames[0] as Frame, options);
  // A FETCH that does not parse is an 'unreadable' response, not an exception (parse-response.ts); grammar
  // tests want to see what the grammar refused, so its error is thrown here.
  if (parsed.kind === 'unreadable') throw parsed.error;
  return parsed;
}

/**
 * Parses a response fed in one piece, then again split in two at every byte boundary and byte by byte, and
 * checks that every way of feeding it frames and parses to the same value. Returns that value.
 */
export function parseSplitEverywhere(response: string | Uint8Array, options?: ParseOptions): Response {
  const bytes = typeof response === 'string' ? bytesOf(response) : response;
  const whole = parseOne(bytes, options);
  for (let cut = 1; cut < bytes.length; cut++) {
    const frames = frameChunks(splitAt(bytes, cut));
    expect(frames).toHaveLength(1);
    expect(parseResponse(frames[0] as Frame, options)).toEqual(whole);
  }
  const byteByByte = frameChunks(Array.from(bytes, (b) => Uint8Array.of(b)));
  expect(byteByByte).toHaveLength(1);
  expect(parseResponse(byteByByte[0] as Frame, options)).toEqual(whole);
  return whole;
}

/** Expected BodyParams: the parser returns ParamMaps, compared entry by entry. */
export function params(entries: Record<string, string> = {}): ParamMap {
  return new ParamMap(Object.entries(entries).flat());
}

// ---- real responses (Dovecot 2.3 unless noted), CRLF included ----

/** FETCH with ENVELOPE and BODYSTRUCTURE: multipart/mixed holding an alternative, a forwarded message/rfc822
 * (itself multipart) and a PDF whose name uses RFC 2231 encoding, all with extension data. */
export const DOVECOT_FETCH =
  '* 12 FETCH (UID 4827 FLAGS (\\Seen $Forwarded) INTERNALDATE "17-Jul-1996 02:44:25 -0700" RFC822.SIZE 44827 ' +
  'ENVELOPE ("Wed, 17 Jul 1996 02:23:25 -0700 (PDT)" "=?UTF-8?Q?R=C3=A9union_=22Q3=22?=" ' +
  '(("Terry Gray" NIL "gray" "cac.washington.edu")) (("Terry Gray" NIL "gray" "cac.washington.edu")) ' +
  '(("Terry Gray" NIL "gray" "cac.washington.edu")) ((NIL NIL "imap" "cac.washington.edu")) ' +
  '((NIL NIL "minutes" "CNRI.Reston.VA.US")("John Klensin" NIL "KLENSIN" "MIT.EDU")) NIL ' +
  '"<B27397-0100000@cac.washington.edu>" "<B27397-0200000@cac.washington.edu>") ' +
  'BODYSTRUCTURE ((("text" "plain" ("charset" "utf-8" "format" "flowed") NIL NIL "quoted-printable" 1234 40 NIL NIL NIL NIL)' +
  '("text" "html" ("charset" "utf-8") NIL NIL "quoted-printable" 5678 90 NIL NIL NIL NIL) "alternative" ("boundary" "b2") NIL NIL NIL)' +
  '("message" "rfc822" ("name" "fwd.eml") NIL NIL "7bit" 3000 ("Tue, 16 Jul 1996 10:00:00 +0000" "inner" ' +
  '(("A" NIL "a" "example.com")) (("A" NIL "a" "example.com")) (("A" NIL "a" "example.com")) ' +
  '((NIL NIL "b" "example.com")) NIL NIL NIL "<inner@example.com>") ' +
  '(("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 10 1 NIL NIL NIL NIL)("image" "png" ("name" "x.png") "<x@y>" NIL "base64" 400 NIL ("inline" ("filename" "x.png")) NIL NIL) "related" ("boundary" "b3") NIL NIL NIL) ' +
  '50 NIL ("attachment" ("filename" "fwd.eml")) NIL NIL)' +
  '("application" "pdf" ("name*" "utf-8\'\'%E6%96%87%E4%BB%B6.pdf") NIL NIL "base64" 99999 NIL ' +
  '("attachment" ("filename*0*" "utf-8\'\'%E6%96%87" "filename*1*" "%E4%BB%B6.pdf")) NIL NIL) ' +
  '"mixed" ("boundary" "b1") NIL ("en" "de") "http://example.com/") MODSEQ (9007199254740993))\r\n';

/** LIST with child and special-use attributes, a modified UTF-7 name ("Отправленные"), as Dovecot sends it. */
export const DOVECOT_LIST = '* LIST (\\HasNoChildren \\Sent) "/" "&BB4EQgQ,BEAEMAQyBDsENQQ9BD0ESwQ1-"\r\n';
export const DOVECOT_ESEARCH = '* ESEARCH (TAG "A282") UID MIN 2 COUNT 3 ALL 2,10:11 MODSEQ 917162500\r\n';
export const DOVECOT_VANISHED = '* VANISHED (EARLIER) 41,43:116,118,120:211,214:540\r\n';
export const DOVECOT_COPYUID =
  'A003 OK [COPYUID 38505 304,319:320 3956:3958] Move completed (0.001 + 0.000 secs).\r\n';
export const DOVECOT_APPENDUID =
  'A004 OK [APPENDUID 38505 3955:3957] Append completed (0.002 + 0.000 secs).\r\n';
/** HIGHESTMODSEQ beyond 2^53: only a bigint holds it exactly. */
export const DOVECOT_HIGHESTMODSEQ = '* OK [HIGHESTMODSEQ 9007199254740993] Highest\r\n';
