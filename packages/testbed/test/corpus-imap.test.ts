import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCorpus } from '../src/corpus/index.ts';
import { CORPUS_FOLDERS } from '../src/corpus/folders.ts';
import { startDovecot } from '../src/dovecot.ts';
import type { RawImap } from '../src/raw-imap.ts';
import type { CorpusMessage, DovecotServer } from '../src/types.ts';
import { login, parseFetchFlags, parseSearch, sortFlags } from './support/imap.ts';

// The seeded corpus as Dovecot serves it: flags, keywords, UIDs, dates, exact bytes, and Dovecot's own
// decoder (SEARCH) agreeing with each message's `expect`.

let server: DovecotServer;
let client: RawImap;
const corpus = buildCorpus();
const wireName = new Map(CORPUS_FOLDERS.map((folder) => [folder.name, folder.wireName]));
const foldersWithMail = [...new Set(corpus.map((message) => message.folder))];

beforeAll(async () => {
  server = await startDovecot({ corpus: true });
  client = await login(server);
});
afterAll(async () => {
  client?.close();
  await server?.stop();
});

async function examine(folder: string): Promise<void> {
  await client.ok(`EXAMINE "${wireName.get(folder) ?? folder}"`);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** RFC 3501 date-time: "03-Nov-2025 09:30:00 +0000". */
function parseInternalDate(text: string): number {
  const m = /"\s?(\d{1,2})-(\w{3})-(\d{4}) (\d\d):(\d\d):(\d\d) ([+-])(\d\d)(\d\d)"/.exec(text);
  if (!m) throw new Error(`no INTERNALDATE in ${text}`);
  const [, day, month, year, hh, mm, ss, sign, zh, zm] = m;
  const utc = Date.UTC(
    Number(year),
    MONTHS.indexOf(month ?? ''),
    Number(day),
    Number(hh),
    Number(mm),
    Number(ss),
  );
  const offset = (Number(zh) * 60 + Number(zm)) * (sign === '-' ? -1 : 1);
  return utc - offset * 60_000;
}

describe('the seeded corpus over IMAP', () => {
  it('has every message at its corpus UID with exactly the seeded flags and keywords', async () => {
    for (const folder of foldersWithMail) {
      await examine(folder);
      const fetched = parseFetchFlags((await client.ok('UID FETCH 1:* (UID FLAGS)')).untagged);
      const expected = corpus.filter((message) => message.folder === folder);
      expect(
        [...fetched.keys()].sort((a, b) => a - b),
        folder,
      ).toEqual(expected.map((message) => message.uid));
      for (const message of expected) {
        expect(sortFlags(fetched.get(message.uid) ?? []), message.id).toEqual(sortFlags(message.flags));
      }
    }
  });

  it('keeps keywords apart per folder (Junk and $Junk in Junk, $Forwarded and $MDNSent in INBOX)', async () => {
    await examine('Junk');
    const junk = parseFetchFlags((await client.ok('UID FETCH 1:* (UID FLAGS)')).untagged);
    for (const flags of junk.values()) expect(flags).toEqual(expect.arrayContaining(['Junk', '$Junk']));
    await examine('INBOX');
    const { untagged } = await client.ok('UID SEARCH KEYWORD $Forwarded');
    const forwarded = corpus.find((message) => message.id === 'attachment-pdf-invoice');
    expect(parseSearch(untagged)).toEqual([forwarded?.uid]);
  });

  it('returns the raw GBK bytes of gbk-raw-8bit-subject unchanged from BODY.PEEK[]', async () => {
    const message = corpus.find((m) => m.id === 'gbk-raw-8bit-subject') as CorpusMessage;
    const gbkSubject = Buffer.from([0xb5, 0xda, 0xc8, 0xfd]); // "第三" in GBK
    expect(Buffer.from(message.raw).includes(gbkSubject)).toBe(true);
    await examine(message.folder);
    const { untagged } = await client.ok(`UID FETCH ${message.uid} (BODY.PEEK[])`);
    expect(untagged[0]?.literals[0]?.equals(Buffer.from(message.raw))).toBe(true);
  });

  it('returns every corpus message byte for byte, with RFC822.SIZE and INTERNALDATE as seeded', async () => {
    for (const folder of foldersWithMail) {
      await examine(folder);
      const { untagged } = await client.ok('UID FETCH 1:* (UID RFC822.SIZE INTERNALDATE BODY.PEEK[])');
      const byUid = new Map(
        untagged.map((response) => [Number(/UID (\d+)/.exec(response.text)?.[1]), response]),
      );
      for (const message of corpus.filter((m) => m.folder === folder)) {
        const response = byUid.get(message.uid);
        expect(response?.literals[0]?.equals(Buffer.from(message.raw)), message.id).toBe(true);
        expect(Number(/RFC822\.SIZE (\d+)/.exec(response?.text ?? '')?.[1]), message.id).toBe(
          message.raw.length,
        );
        expect(parseInternalDate(response?.text ?? ''), message.id).toBe(
          Math.floor(message.internalDate.getTime() / 1000) * 1000,
        );
      }
    }
  });
});

// Where Dovecot's decoder (glibc iconv, RFC 2047 word by word) cannot agree with a lenient mail client.
const DOVECOT_CANNOT_DECODE = new Map<string, { subject?: true; snippets?: string[]; why: string }>([
  ['gbk-raw-8bit-subject', { subject: true, why: 'raw 8-bit GBK header without a charset label' }],
  [
    'gb2312-label-gbk-bytes',
    { subject: true, snippets: ['朱镕基讲话实录'], why: '镕 is outside GB2312 and Dovecot trusts the label' },
  ],
  ['malformed-split-encoded-word', { subject: true, why: 'Dovecot decodes each encoded word on its own' }],
]);

function searchKey(key: string, text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  return Buffer.concat([Buffer.from(`UID SEARCH CHARSET UTF-8 ${key} {${bytes.length}+}\r\n`), bytes]);
}

describe("Dovecot's own decoder agrees with each message's expect", () => {
  it('finds every expected subject and text snippet with SEARCH', async () => {
    const misses: string[] = [];
    for (const folder of foldersWithMail) {
      await examine(folder);
      for (const message of corpus.filter((m) => m.folder === folder)) {
        const exception = DOVECOT_CANNOT_DECODE.get(message.id);
        const checks: [string, string][] = [];
        if (message.expect.subject && !exception?.subject) checks.push(['SUBJECT', message.expect.subject]);
        for (const snippet of message.expect.textIncludes ?? []) {
          if (!exception?.snippets?.includes(snippet)) checks.push(['BODY', snippet]);
        }
        if (message.expect.from) checks.push(['FROM', message.expect.from]);
        for (const [key, text] of checks) {
          const found = parseSearch((await client.ok(searchKey(key, text))).untagged);
          if (!found.includes(message.uid)) misses.push(`${message.id}: ${key} ${JSON.stringify(text)}`);
        }
      }
    }
    expect(misses).toEqual([]);
  });

  it('lists exceptions that really are exceptions (Dovecot still cannot find them)', async () => {
    for (const [id, exception] of DOVECOT_CANNOT_DECODE) {
      const message = corpus.find((m) => m.id === id) as CorpusMessage;
      await examine(message.folder);
      if (exception.subject) {
        const found = parseSearch((await client.ok(searchKey('SUBJECT', message.expect.subject))).untagged);
        expect(found, `${id}: ${exception.why}`).not.toContain(message.uid);
      }
    }
  });
});
