import iconv from 'iconv-lite';

// Text -> bytes in a named charset. iconv-lite covers everything the corpus uses except ISO-2022-JP, which
// is built here from EUC-JP: JIS X 0208 is EUC-JP with the high bit of both bytes cleared (RFC 1468).

const ESC_JIS_X_0208 = [0x1b, 0x24, 0x42]; // ESC $ B
const ESC_ASCII = [0x1b, 0x28, 0x42]; // ESC ( B

function encodeIso2022Jp(text: string): Buffer {
  const bytes: number[] = [];
  let inJis = false;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x80) {
      if (inJis) bytes.push(...ESC_ASCII);
      inJis = false;
      bytes.push(code);
      continue;
    }
    const euc = iconv.encode(char, 'euc-jp');
    const [lead = 0, trail = 0] = euc;
    if (euc.length !== 2 || lead < 0xa1 || trail < 0xa1) {
      throw new Error(`${JSON.stringify(char)} is not in JIS X 0208, so ISO-2022-JP cannot carry it`);
    }
    if (!inJis) bytes.push(...ESC_JIS_X_0208);
    inJis = true;
    bytes.push(lead & 0x7f, trail & 0x7f);
  }
  if (inJis) bytes.push(...ESC_ASCII);
  return Buffer.from(bytes);
}

/** Encodes `text` in `charset`; throws when a character has no representation (iconv-lite would write '?'). */
export function encodeText(text: string, charset: string): Buffer {
  const name = charset.toLowerCase();
  if (name === 'utf-8' || name === 'us-ascii') return Buffer.from(text, 'utf8');
  if (name === 'iso-2022-jp') return encodeIso2022Jp(text);
  const bytes = iconv.encode(text, name);
  if (iconv.decode(bytes, name) !== text)
    throw new Error(`${charset} cannot represent ${JSON.stringify(text)}`);
  return bytes;
}
