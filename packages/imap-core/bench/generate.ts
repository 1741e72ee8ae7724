// A deterministic stream of realistic Dovecot-style FETCH responses for the parser benchmark:
//   * n FETCH (UID n FLAGS (...) INTERNALDATE "..." RFC822.SIZE n ENVELOPE (...) BODYSTRUCTURE (...))
// Realistic means: a mailbox where correspondents recur (a pool of 400 people on 60 domains), RFC 2047 encoded
// words in names and subjects, NILs, several recipients, sender/reply-to echoing from as Dovecot sends them,
// multipart structures with extension data and RFC 2231 parameters, nested message/rfc822, and 8-bit subjects
// sent as {n} literals (a few of them raw GBK, not UTF-8).

const encoder = new TextEncoder();

/** mulberry32: small, fast, deterministic. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = [
  'Anna',
  'Ben',
  'Chloe',
  'David',
  'Emma',
  'Felix',
  'Grace',
  'Hugo',
  'Ivy',
  'Jonas',
  'Karin',
  'Liam',
];
const LAST = [
  'Schmidt',
  'Dupont',
  'Rossi',
  'Kowalski',
  'Smith',
  'Garcia',
  'Novak',
  'Jensen',
  'Silva',
  'Tanaka',
];
const ENCODED_NAMES = [
  '=?UTF-8?B?5byg5LiJ?=',
  '=?UTF-8?B?0JjQstCw0L0g0J/QtdGC0YDQvtCy?=',
  '=?ISO-8859-1?Q?Andr=E9_Pirard?=',
  '=?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?=',
  '=?GB2312?B?wO7LxA==?=',
];
const DOMAINS = Array.from({ length: 60 }, (_, i) =>
  i < 6
    ? ['gmail.com', 'example.com', 'outlook.com', 'yahoo.co.jp', 'mail.ru', 'web.de'][i]!
    : `corp${i}.example.org`,
);
const WORDS = [
  'quarterly',
  'report',
  'meeting',
  'invoice',
  'project',
  'update',
  'review',
  'draft',
  'notes',
  'plan',
];
const ENCODED_SUBJECTS = [
  '=?UTF-8?Q?Caf=C3=A9_meeting_on_Thursday?=',
  '=?UTF-8?B?0J7RgtGH0LXRgiDQt9CwINC60LLQsNGA0YLQsNC7?=',
  '=?ISO-2022-JP?B?GyRCJDMkcyRLJEEkTxsoQg==?=',
];
const LITERAL_SUBJECTS = ['Отчёт за квартал', '会议纪要：第三季度', 'Größere Änderungen am Plan'];
// "会议" in GBK: not valid UTF-8, exactly what old Chinese mailers put on the wire unencoded.
const GBK_SUBJECT = new Uint8Array([0xbb, 0xe1, 0xd2, 0xe9, 0x20, 0x51, 0x33]);
const FLAG_SETS = [
  '\\Seen',
  '\\Seen \\Answered',
  '',
  '\\Seen \\Flagged',
  '\\Seen $Forwarded',
  '$Junk',
  '\\Seen $label1',
];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

interface Person {
  readonly name: string;
  readonly mailbox: string;
  readonly host: string;
}

export interface GeneratedStream {
  /** The whole stream, as a server would send it. */
  readonly bytes: Uint8Array;
  /** Start offset of each response; the last entry is bytes.length. */
  readonly offsets: readonly number[];
}

export function generateFetchStream(count: number, seed = 20240601): GeneratedStream {
  const rand = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const int = (min: number, max: number): number => min + Math.floor(rand() * (max - min + 1));

  const people: Person[] = Array.from({ length: 400 }, (_, i) => {
    const first = FIRST[i % FIRST.length]!;
    const last = LAST[(i * 7) % LAST.length]!;
    const name = i % 11 === 0 ? pick(ENCODED_NAMES) : i % 13 === 0 ? '' : `${first} ${last}`;
    const mailbox = `${first}.${last}${i}`
      .toLowerCase()
      .normalize('NFD')
      .replace(/[^a-z0-9.]/g, '');
    return { name, mailbox, host: DOMAINS[(i * 31) % DOMAINS.length]! };
  });

  const quote = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const nstring = (s: string | null): string => (s === null || s === '' ? 'NIL' : quote(s));
  const address = (p: Person): string => `(${nstring(p.name)} NIL ${quote(p.mailbox)} ${quote(p.host)})`;
  const addressList = (list: readonly Person[]): string =>
    list.length === 0 ? 'NIL' : `(${list.map(address).join('')})`;
  const date = (n: number): string => {
    const d = new Date(Date.UTC(2023, 0, 1) + n * 317_000);
    const pad = (x: number): string => String(x).padStart(2, '0');
    return `${DAYS[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(
      d.getUTCHours(),
    )}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
  };
  const internalDate = (n: number): string => {
    const d = new Date(Date.UTC(2023, 0, 1) + n * 317_000 + 4000);
    const pad = (x: number): string => String(x).padStart(2, '0');
    return `"${pad(d.getUTCDate())}-${MONTHS[d.getUTCMonth()]}-${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(
      d.getUTCMinutes(),
    )}:${pad(d.getUTCSeconds())} +0000"`;
  };
  const boundary = (): string =>
    `----=_Part_${int(100000, 999999)}_${int(100000000, 999999999)}.${int(1e12, 9e12)}`;

  const textPart = (subtype: string): string =>
    `("text" "${subtype}" ("charset" "${pick(['utf-8', 'UTF-8', 'us-ascii', 'iso-8859-1'])}"${
      rand() < 0.2 ? ' "format" "flowed"' : ''
    }) NIL NIL "${pick(['7bit', 'quoted-printable', '8bit', 'base64'])}" ${int(200, 40000)} ${int(5, 900)} NIL NIL NIL NIL)`;
  const alternative = (): string =>
    `(${textPart('plain')}${textPart('html')} "alternative" ("boundary" "${boundary()}") NIL NIL NIL)`;
  const attachment = (): string => {
    const rfc2231 = rand() < 0.25;
    const file = rfc2231
      ? `utf-8''%D0%9E%D1%82%D1%87%D0%B5%D1%82-${int(1, 99)}.pdf`
      : `Invoice-${int(1000, 9999)}.pdf`;
    const key = rfc2231 ? 'filename*' : 'filename';
    const [type, subtype] = pick([
      ['application', 'pdf'],
      ['image', 'jpeg'],
      ['application', 'vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ] as const);
    return `("${type}" "${subtype}" ("name${rfc2231 ? '*' : ''}" "${file}") NIL NIL "base64" ${int(
      5000,
      2_000_000,
    )} NIL ("attachment" ("${key}" "${file}" "size" "${int(3000, 1_500_000)}")) NIL NIL)`;
  };
  const inlineImage = (): string =>
    `("image" "png" ("name" "logo.png") "<logo${int(1, 9)}@mail.example.com>" NIL "base64" ${int(
      2000,
      90000,
    )} NIL ("inline" ("filename" "logo.png")) NIL NIL)`;
  const envelope = (n: number, subjectToken: string): string => {
    const from = pick(people);
    const replyTo = rand() < 0.1 ? [pick(people)] : [from];
    const to = Array.from({ length: rand() < 0.7 ? 1 : int(2, 4) }, () => pick(people));
    const cc = rand() < 0.6 ? [] : Array.from({ length: int(1, 3) }, () => pick(people));
    const bcc = rand() < 0.95 ? [] : [pick(people)];
    const inReplyTo = rand() < 0.4 ? quote(`<${int(1, n + 1)}.${int(1e6, 9e6)}@${from.host}>`) : 'NIL';
    return `(${quote(date(n))} ${subjectToken} ${addressList([from])} ${addressList([from])} ${addressList(
      replyTo,
    )} ${addressList(to)} ${addressList(cc)} ${addressList(bcc)} ${inReplyTo} ${quote(
      `<${n}.${int(1e9, 9e9)}.JavaMail@${from.host}>`,
    )})`;
  };
  const nestedMessage = (n: number): string =>
    `("message" "rfc822" ("name" "forwarded.eml") NIL NIL "7bit" ${int(3000, 90000)} ${envelope(
      n + 7,
      quote('Fwd: original'),
    )} ${alternative()} ${int(40, 900)} NIL ("attachment" ("filename" "forwarded.eml")) NIL NIL)`;
  const bodyStructure = (n: number): string => {
    const r = rand();
    if (r < 0.4) return textPart('plain');
    if (r < 0.7) return alternative();
    if (r < 0.9) return `(${alternative()}${attachment()} "mixed" ("boundary" "${boundary()}") NIL NIL NIL)`;
    if (r < 0.97) {
      return `((${alternative()}${inlineImage()} "related" ("boundary" "${boundary()}") NIL NIL NIL)${attachment()}${attachment()} "mixed" ("boundary" "${boundary()}") NIL NIL NIL)`;
    }
    return `(${textPart('plain')}${nestedMessage(n)} "mixed" ("boundary" "${boundary()}") NIL NIL NIL)`;
  };

  const parts: Uint8Array[] = [];
  const offsets: number[] = [];
  let total = 0;
  for (let n = 1; n <= count; n++) {
    const r = rand();
    const head = `* ${n} FETCH (UID ${n * 3 + 1000} FLAGS (${pick(FLAG_SETS)}) INTERNALDATE ${internalDate(
      n,
    )} RFC822.SIZE ${int(800, 3_000_000)} ENVELOPE `;
    let chunks: Uint8Array[];
    if (r < 0.03) {
      // 8-bit subject: Dovecot sends it as a literal. One in ten of those is raw GBK.
      const raw = rand() < 0.1 ? GBK_SUBJECT : encoder.encode(pick(LITERAL_SUBJECTS));
      const marker = '\u0000';
      const [before, after] = envelope(n, marker).split(marker) as [string, string];
      chunks = [
        encoder.encode(`${head}${before}{${raw.length}}\r\n`),
        raw,
        encoder.encode(`${after} BODYSTRUCTURE ${bodyStructure(n)})\r\n`),
      ];
    } else {
      const subject =
        r < 0.2
          ? quote(pick(ENCODED_SUBJECTS))
          : r < 0.23
            ? 'NIL'
            : quote(
                `${rand() < 0.4 ? 'Re: ' : ''}${pick(WORDS)} ${pick(WORDS)} "${pick(WORDS)}" #${int(1, 999)}`,
              );
      chunks = [encoder.encode(`${head}${envelope(n, subject)} BODYSTRUCTURE ${bodyStructure(n)})\r\n`)];
    }
    offsets.push(total);
    for (const chunk of chunks) {
      parts.push(chunk);
      total += chunk.length;
    }
  }
  offsets.push(total);
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return { bytes, offsets };
}
