import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { bigFolderMessage } from '../src/big-folder.ts';
import { crc32, PNG_SIGNATURE } from '../src/corpus/binary.ts';
import { CORPUS_NOW } from '../src/corpus/clock.ts';
import { BIG_FOLDER, CORPUS_FOLDERS } from '../src/corpus/folders.ts';
import { buildCorpus } from '../src/corpus/index.ts';
import type { CorpusMessage } from '../src/types.ts';
import { filenameOf, headerText, leaves, parseMime, texts } from './support/mime.ts';

const corpus = buildCorpus();
const byId = new Map(corpus.map((message) => [message.id, message]));
const get = (id: string): CorpusMessage => {
  const message = byId.get(id);
  if (!message) throw new Error(`no corpus message ${id}`);
  return message;
};
const raw = (id: string): Buffer => Buffer.from(get(id).raw);
const headerBlock = (id: string): string => {
  const bytes = raw(id);
  return bytes.subarray(0, bytes.indexOf('\r\n\r\n')).toString('latin1');
};
const DAY = 86_400_000;

describe('buildCorpus()', () => {
  it('is deterministic: two builds are byte-identical', () => {
    const again = buildCorpus();
    expect(again.map((m) => m.id)).toEqual(corpus.map((m) => m.id));
    again.forEach((message, i) =>
      expect(Buffer.from(message.raw).equals(raw(corpus[i]?.id ?? ''))).toBe(true),
    );
  });

  it('counts dates back from the clock it is given', () => {
    const now = new Date('2030-01-01T12:00:00Z');
    const shifted = buildCorpus({ now });
    const today = shifted.filter((m) => m.id.startsWith('today-'));
    expect(today.length).toBeGreaterThanOrEqual(2);
    for (const message of today)
      expect(now.getTime() - message.internalDate.getTime()).toBeLessThan(6 * 3_600_000);
    expect(Buffer.from(shifted[0]?.raw ?? []).equals(raw(corpus[0]?.id ?? ''))).toBe(false);
  });

  it('holds at least 60 messages with unique ids, spread over two years, in every folder but Big', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(60);
    expect(byId.size).toBe(corpus.length);
    for (const folder of CORPUS_FOLDERS.filter((f) => f.name !== BIG_FOLDER)) {
      expect(
        corpus.some((m) => m.folder === folder.name),
        folder.name,
      ).toBe(true);
    }
    const ages = corpus.map((m) => CORPUS_NOW.getTime() - m.internalDate.getTime());
    expect(Math.min(...ages)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...ages)).toBeGreaterThan(365 * DAY);
    expect(Math.max(...ages)).toBeLessThanOrEqual(731 * DAY);
  });

  it('numbers UIDs 1..n per folder in INTERNALDATE order', () => {
    for (const folder of new Set(corpus.map((m) => m.folder))) {
      const inFolder = corpus.filter((m) => m.folder === folder);
      expect(inFolder.map((m) => m.uid)).toEqual(inFolder.map((_, i) => i + 1));
      const dates = inFolder.map((m) => m.internalDate.getTime());
      expect(dates).toEqual([...dates].sort((a, b) => a - b));
    }
  });

  it('ends every line in CRLF', () => {
    for (const message of corpus)
      expect(/(^|[^\r])\n/.test(Buffer.from(message.raw).toString('latin1')), message.id).toBe(false);
  });
});

describe('what the corpus covers', () => {
  it.each([
    ['gbk-b-subject', (h: string) => h.includes('Subject: =?GBK?B?')],
    ['gb18030-q-subject', (h: string) => h.includes('Subject: =?GB18030?Q?')],
    ['gb2312-label-gbk-bytes', (h: string) => h.includes('=?gb2312?B?')],
    ['koi8r-b-subject', (h: string) => h.includes('Subject: =?KOI8-R?B?')],
    ['cp1251-q-subject-invoice', (h: string) => h.includes('Subject: =?windows-1251?Q?')],
    ['iso2022jp-subject', (h: string) => h.includes('Subject: =?ISO-2022-JP?B?')],
    ['utf8-chinese-q-subject', (h: string) => h.includes('=?UTF-8?Q?')],
    ['big5-traditional', (h: string) => h.includes('=?Big5?B?')],
    ['malformed-missing-date', (h: string) => !/^Date:/m.test(h)],
    ['malformed-no-from', (h: string) => !/^From:/m.test(h) && !/^Message-ID:/m.test(h)],
  ])('%s has the header shape it is named for', (id, check) => {
    expect(check(headerBlock(id))).toBe(true);
  });

  it('has a Subject of raw GBK bytes with no encoded word', () => {
    const subject = /^Subject: (.*)$/m.exec(headerBlock('gbk-raw-8bit-subject'))?.[1] ?? '';
    expect(subject).not.toContain('=?');
    expect([...Buffer.from(subject, 'latin1')].some((byte) => byte >= 0x80)).toBe(true);
  });

  it('has a ten-message reply thread whose References grow one by one', () => {
    const thread = corpus.filter((m) => m.id.startsWith('thread-')).sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(thread.length).toBeGreaterThanOrEqual(10);
    thread.forEach((message, i) => {
      const mime = parseMime(Buffer.from(message.raw));
      const references = mime.headers.get('references')?.[0]?.split(' ') ?? [];
      expect(references).toHaveLength(i);
      if (i > 0) expect(mime.headers.get('in-reply-to')?.[0]).toBe(thread[i - 1]?.expect.messageId);
    });
    expect(new Set(thread.map((m) => m.folder))).toEqual(new Set(['INBOX', 'Sent']));
  });

  it('has newsletters with cid: images, remote images, <style>, and one of about 100 KB', () => {
    const related = parseMime(raw('newsletter-related-cid'));
    const html = texts(related).find((text) => text.includes('<html')) ?? '';
    expect(html).toMatch(/src="cid:logo@acme\.example"/);
    expect(html).toMatch(/<img src="https:\/\//);
    expect(html).toContain('<style');
    const cids = leaves(related).map((leaf) => leaf.headers.get('content-id')?.[0]);
    expect(cids).toEqual(expect.arrayContaining(['<logo@acme.example>', '<chart@acme.example>']));
    expect(raw('newsletter-100kb').length).toBeGreaterThan(95_000);
    expect(raw('newsletter-100kb').length).toBeLessThan(200_000);
  });

  it('has hostile HTML: scripts, handlers, javascript: links, pixels, remote CSS, forms', () => {
    const html = ['hostile-script', 'hostile-tracking', 'hostile-phishing-form']
      .map((id) => texts(parseMime(raw(id))).join('\n'))
      .join('\n');
    for (const needle of [
      '<script',
      'onerror=',
      'onload=',
      'javascript:',
      'width="1" height="1"',
      'url(http://tracker.example',
      '@import',
      '<form action=',
      'http-equiv="refresh"',
    ]) {
      expect(html, needle).toContain(needle);
    }
  });

  it('has a calendar invitation and format=flowed text', () => {
    const invite = leaves(parseMime(raw('calendar-invite')));
    expect(
      invite.some((leaf) => leaf.type === 'text/calendar' && leaf.params.get('method') === 'REQUEST'),
    ).toBe(true);
    expect(headerBlock('flowed-text') + raw('flowed-text').toString()).toContain('format=flowed');
  });

  it('has a 5 MB attachment', () => {
    expect(get('attachment-5mb').expect.attachments?.[0]?.size).toBeGreaterThanOrEqual(5 * 1024 * 1024);
  });
});

describe("each message's expect, checked by an independent MIME reader", () => {
  it.each(corpus.map((m) => [m.id, m] as const))('%s', (_id, message) => {
    const mime = parseMime(Buffer.from(message.raw));
    expect(headerText(mime, 'subject') ?? '').toBe(message.expect.subject);
    if (message.expect.from) {
      const from = headerText(mime, 'from') ?? '';
      expect(from).toContain(`<${message.expect.from}>`);
      expect(
        from
          .replace(/<[^>]*>/, '')
          .trim()
          .replace(/^"(.*)"$/, '$1'),
      ).toBe(message.expect.fromName);
    }
    const text = texts(mime).join('\n');
    for (const snippet of message.expect.textIncludes ?? []) expect(text).toContain(snippet);
    const attachments = leaves(mime)
      .filter(
        (leaf) =>
          leaf.headers.get('content-disposition')?.[0]?.startsWith('attachment') ||
          (filenameOf(leaf) && !leaf.headers.has('content-id')),
      )
      .map((leaf) => ({
        filename: filenameOf(leaf),
        size: leaf.type === 'message/rfc822' ? leaf.body.length : leaf.body.length,
      }));
    expect(attachments).toEqual(message.expect.attachments ?? []);
  });
});

describe('generated binaries', () => {
  const pngs = corpus.flatMap((message) =>
    leaves(parseMime(Buffer.from(message.raw)))
      .filter((leaf) => leaf.type === 'image/png')
      .map((leaf) => [`${message.id}/${filenameOf(leaf)}`, leaf.body] as const),
  );

  it.each(pngs)('%s is a valid PNG (chunk CRCs, IHDR, inflatable IDAT)', (_name, png) => {
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    const idat: Buffer[] = [];
    let width = 0;
    let height = 0;
    for (let at = 8; at < png.length;) {
      const length = png.readUInt32BE(at);
      const type = png.toString('ascii', at + 4, at + 8);
      const data = png.subarray(at + 8, at + 8 + length);
      expect(png.readUInt32BE(at + 8 + length)).toBe(crc32(png.subarray(at + 4, at + 8 + length)));
      if (type === 'IHDR') [width, height] = [data.readUInt32BE(0), data.readUInt32BE(4)];
      if (type === 'IDAT') idat.push(data);
      at += 12 + length;
    }
    expect(inflateSync(Buffer.concat(idat)).length).toBe((width * 3 + 1) * height);
  });

  it('writes PDFs whose cross-reference offsets point at their objects', () => {
    const pdf = leaves(parseMime(raw('attachment-pdf-invoice'))).find(
      (leaf) => leaf.type === 'application/pdf',
    )?.body;
    const text = pdf?.toString('latin1') ?? '';
    expect(text.startsWith('%PDF-1.4')).toBe(true);
    const startxref = Number(/startxref\n(\d+)/.exec(text)?.[1]);
    expect(text.slice(startxref, startxref + 4)).toBe('xref');
    const offsets = [...text.slice(startxref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    offsets.forEach((offset, i) => expect(text.slice(offset).startsWith(`${i + 1} 0 obj`)).toBe(true));
  });
});

describe('remote content', () => {
  it('points only at reserved example hosts (RFC 2606), so nothing can ever load', () => {
    const hosts = new Set<string>();
    for (const message of corpus) {
      for (const text of texts(parseMime(Buffer.from(message.raw)))) {
        for (const match of text.matchAll(/(?:https?:)?\/\/([a-z0-9.-]+\.[a-z]+)[/"'?)\s>]/gi))
          hosts.add(match[1]?.toLowerCase() ?? '');
      }
    }
    expect(hosts.size).toBeGreaterThan(10);
    for (const host of hosts) expect(host).toMatch(/(^|\.)example(\.(com|net|org))?$/);
  });
});

describe('the big folder generator', () => {
  it('is deterministic and varied', () => {
    const date = new Date('2025-01-01T00:00:00Z');
    expect(bigFolderMessage(42, date).equals(bigFolderMessage(42, date))).toBe(true);
    const sizes = Array.from({ length: 2000 }, (_, i) => bigFolderMessage(i, date).length);
    expect(Math.min(...sizes)).toBeLessThan(1_000);
    expect(Math.max(...sizes)).toBeGreaterThan(10_000);
    const subjects = new Set(
      Array.from(
        { length: 200 },
        (_, i) => /^Subject: (.*)$/m.exec(bigFolderMessage(i, date).toString())?.[1],
      ),
    );
    expect(subjects.size).toBeGreaterThan(150);
  });
});
