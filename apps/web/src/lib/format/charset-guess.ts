// A charset guess for raw 8-bit header bytes: a Subject written without RFC 2047 encoding by a mailer that
// assumed everyone shares its charset (Foxmail's raw GBK is the common case). imap-core keeps such a subject's
// bytes in `Envelope.subjectBytes`; this picks a decoder for them.
//
// The rules look at byte structure, not at a dictionary, in this order (each was checked against real text in
// charset-guess.test.ts; a wrong guess shows mojibake, never anything unsafe):
//   1. valid UTF-8                                   -> utf-8
//   2. single-byte Cyrillic, clearly                 -> windows-1251 or koi8-r (which half of 0xC0-0xFF the
//      lowercase letters live in tells them apart; Russian text is mostly lowercase)
//   3. GBK whose pairs are mostly GB2312 hanzi/punct -> gbk (decoded by the GB18030 decoder, its superset)
//   4. Shift_JIS double-byte text                    -> shift_jis
//   5. valid Big5                                    -> big5
//   6. runs of high bytes (words), mostly 0xC0-0xFF  -> windows-1251 or koi8-r
//   7. otherwise                                     -> windows-1252 (what ISO-8859-1 means on the web)
// Latin-1 text is often valid GBK, Big5 and Shift_JIS byte for byte ("crème" is E8 6D), which is why the
// double-byte rules ask for a majority of each charset's common characters rather than mere validity.

import { decodeBytes } from './charsets.ts';

export type GuessedCharset =
  'utf-8' | 'gbk' | 'big5' | 'shift_jis' | 'windows-1251' | 'koi8-r' | 'windows-1252';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export function guessCharset(bytes: Uint8Array): GuessedCharset {
  const stats = highByteStats(bytes);
  if (stats.high === 0 || isUtf8(bytes)) return 'utf-8';
  const cyrillic = cyrillicCharset(stats);
  if (cyrillic !== null && stats.high >= 6 && stats.upper / stats.high >= 0.9) {
    const lead = Math.max(stats.c0df, stats.e0ff) / stats.high;
    if (lead >= 0.75) return cyrillic;
  }
  const gbk = doubleByteStats(bytes, isGbkLead, isGbkTrail, isGb2312Common);
  if (gbk.valid && gbk.common / gbk.pairs >= 0.8) return 'gbk';
  const sjis = doubleByteStats(bytes, isShiftJisLead, isShiftJisTrail, isShiftJisCommon, isHalfWidthKana);
  if (sjis.valid && sjis.pairs * 2 >= stats.high * 0.6 && sjis.common / sjis.pairs >= 0.5) return 'shift_jis';
  const big5 = doubleByteStats(bytes, isBig5Lead, isBig5Trail, isBig5Common);
  if (big5.valid && big5.common / big5.pairs >= 0.5) return 'big5';
  if (
    cyrillic !== null &&
    stats.runs > 0 &&
    stats.high / stats.runs >= 2 &&
    stats.upper / stats.high >= 0.8
  ) {
    return cyrillic;
  }
  return 'windows-1252';
}

/** Decodes raw header bytes with the guessed charset. */
export function decodeRawHeader(bytes: Uint8Array): { text: string; charset: GuessedCharset } {
  const charset = guessCharset(bytes);
  return { text: decodeBytes(bytes, charset), charset };
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

interface HighByteStats {
  /** Bytes >= 0x80. */
  high: number;
  /** Bytes >= 0xC0 (the letters of the Cyrillic single-byte charsets). */
  upper: number;
  c0df: number;
  e0ff: number;
  /** Runs of consecutive high bytes (words, in single-byte text). */
  runs: number;
}

function highByteStats(bytes: Uint8Array): HighByteStats {
  const stats: HighByteStats = { high: 0, upper: 0, c0df: 0, e0ff: 0, runs: 0 };
  let inRun = false;
  for (const b of bytes) {
    if (b < 0x80) {
      inRun = false;
      continue;
    }
    stats.high++;
    if (!inRun) stats.runs++;
    inRun = true;
    if (b >= 0xe0) stats.e0ff++;
    else if (b >= 0xc0) stats.c0df++;
  }
  stats.upper = stats.c0df + stats.e0ff;
  return stats;
}

/** windows-1251 has lowercase Cyrillic at 0xE0-0xFF, KOI8-R at 0xC0-0xDF. */
function cyrillicCharset(stats: HighByteStats): 'windows-1251' | 'koi8-r' | null {
  if (stats.upper === 0) return null;
  return stats.e0ff >= stats.c0df ? 'windows-1251' : 'koi8-r';
}

interface DoubleByteStats {
  valid: boolean;
  pairs: number;
  common: number;
}

type ByteTest = (b: number) => boolean;
type PairTest = (lead: number, trail: number) => boolean;

function doubleByteStats(
  bytes: Uint8Array,
  isLead: ByteTest,
  isTrail: ByteTest,
  isCommon: PairTest,
  isSingle: ByteTest = () => false,
): DoubleByteStats {
  const stats: DoubleByteStats = { valid: true, pairs: 0, common: 0 };
  for (let i = 0; i < bytes.length; i++) {
    const lead = bytes[i] as number;
    if (lead < 0x80 || isSingle(lead)) continue;
    const trail = bytes[i + 1];
    if (!isLead(lead) || trail === undefined || !isTrail(trail)) {
      stats.valid = false;
      return stats;
    }
    stats.pairs++;
    if (isCommon(lead, trail)) stats.common++;
    i++;
  }
  stats.valid = stats.pairs > 0;
  return stats;
}

const isGbkLead: ByteTest = (b) => b >= 0x81 && b <= 0xfe;
const isGbkTrail: ByteTest = (b) => b >= 0x40 && b <= 0xfe && b !== 0x7f;
/** GB2312 hanzi (rows 0xB0-0xF7) and its punctuation and full-width forms (rows 0xA1-0xA3). */
const isGb2312Common: PairTest = (lead, trail) =>
  ((lead >= 0xb0 && lead <= 0xf7) || (lead >= 0xa1 && lead <= 0xa3)) && trail >= 0xa1 && trail <= 0xfe;

const isShiftJisLead: ByteTest = (b) => (b >= 0x81 && b <= 0x9f) || (b >= 0xe0 && b <= 0xfc);
const isShiftJisTrail: ByteTest = (b) => b >= 0x40 && b <= 0xfc && b !== 0x7f;
const isHalfWidthKana: ByteTest = (b) => b >= 0xa1 && b <= 0xdf;
/** Kana (0x82, 0x83), punctuation (0x81) and JIS level-1 kanji (0x88-0x9F). */
const isShiftJisCommon: PairTest = (lead) => lead <= 0x83 || (lead >= 0x88 && lead <= 0x9f);

const isBig5Lead: ByteTest = (b) => b >= 0x81 && b <= 0xfe;
const isBig5Trail: ByteTest = (b) => (b >= 0x40 && b <= 0x7e) || (b >= 0xa1 && b <= 0xfe);
/** Big5's frequently used characters (0xA440-0xC67E) and its punctuation (0xA1). */
const isBig5Common: PairTest = (lead) => lead === 0xa1 || (lead >= 0xa4 && lead <= 0xc6);
