import { afterEach, describe, expect, it } from 'vitest';
import { i18n } from '../../i18n/i18n.svelte.ts';
import type { OriginalMessage } from './original.ts';
import { forwardBody, newBody, replyBody, type QuoteOptions } from './quote.ts';

function original(parts: Partial<OriginalMessage>): OriginalMessage {
  return {
    ref: { mailbox: 'INBOX', uidValidity: 7, uid: 42 },
    headers: {
      from: [{ name: 'Иван Петров', address: 'ivan@example.ru' }],
      to: [{ address: 'me@example.org' }],
      cc: [],
      messageId: '<a@example.ru>',
    },
    subject: 'Отчёт',
    bcc: [],
    date: new Date('2026-12-04T09:30:00Z'),
    text: null,
    parts: [],
    inlineImages: new Map(),
    attachments: [],
    fields: new Map(),
    size: 100,
    ...parts,
  };
}

const options: QuoteOptions = {
  format: 'html',
  signature: '',
  locale: 'en-GB',
  allowRemote: false,
  appOrigin: 'https://mail.example.org',
};

describe('replyBody', () => {
  it('quotes HTML through the reader sanitizer: no script, no handler, no remote image, cid images inline', () => {
    const html =
      '<p onclick="steal()">Hello <b>there</b></p><script>alert(1)</script>' +
      '<img src="https://tracker.example/pixel.gif"><img src="cid:logo@x" alt="logo"><a href="javascript:alert(1)">x</a>';
    const body = replyBody(
      original({
        parts: [{ kind: 'html', html }],
        inlineImages: new Map([['logo@x', 'data:image/png;base64,iVBORw0KGgo=']]),
      }),
      options,
    );
    expect(body.format).toBe('html');
    expect(body.html).toMatch(/^<p><\/p><p>On 4 Dec 2026, \d\d:\d\d, Иван Петров wrote:<\/p><blockquote>/);
    expect(body.html).toContain('Hello <b>there</b>');
    expect(body.html).toContain('src="data:image/png;base64,iVBORw0KGgo="');
    for (const bad of ['<script', 'onclick', 'tracker.example', 'javascript:'])
      expect(body.html).not.toContain(bad);
  });

  it('keeps remote images in the quote only when the user allowed them for that message', () => {
    const html = '<img src="https://images.example/photo.jpg" alt="photo">';
    expect(replyBody(original({ parts: [{ kind: 'html', html }] }), options).html).not.toContain(
      'images.example',
    );
    expect(
      replyBody(original({ parts: [{ kind: 'html', html }] }), { ...options, allowRemote: true }).html,
    ).toContain('https://images.example/photo.jpg');
  });

  it('sanitizes each HTML part on its own: an unclosed attribute in one never swallows the next', () => {
    const parts = [
      { kind: 'html' as const, html: '<p>Hi</p><img src="https://evil.example/?x=' },
      { kind: 'text' as const, text: 'between' },
      { kind: 'html' as const, html: '<p>the secret</p>"><p>tail</p>' },
    ];
    const body = replyBody(original({ parts }), { ...options, allowRemote: true });
    expect(body.html).toContain('<p>the secret</p>');
    expect(body.html).toContain('<p>between</p>');
    expect(body.html).not.toContain('evil.example/?x=%3Cp%3Ethe');
  });

  it('escapes the sender name in the attribution line', () => {
    const body = replyBody(
      original({
        text: 'hi',
        headers: {
          ...original({}).headers,
          from: [{ name: '<img src=x onerror=alert(1)>', address: 'e@example.org' }],
        },
      }),
      options,
    );
    expect(body.html).toContain('&#60;img src=x onerror=alert(1)&#62; wrote:');
    expect(body.html).not.toContain('<img');
  });

  it("quotes text with '> ' in a plain-text reply, with the signature above the quote", () => {
    const body = replyBody(original({ text: 'Line one\n> older\n\nLine two' }), {
      ...options,
      format: 'text',
      signature: 'Ann\nSales',
    });
    expect(body.text).toMatch(
      /^\n\n-- \nAnn\nSales\n\nOn 4 Dec 2026, \d\d:\d\d, Иван Петров wrote:\n> Line one\n>> older\n>\n> Line two$/,
    );
  });

  it('quotes an HTML-only original as text in a plain-text reply', () => {
    const body = replyBody(
      original({ parts: [{ kind: 'html', html: '<p>Привет</p><ul><li>один</li></ul>' }] }),
      {
        ...options,
        format: 'text',
      },
    );
    expect(body.text.endsWith('wrote:\n> Привет\n> - один')).toBe(true);
  });

  it('says who wrote when the original has no date, in the interface language', () => {
    expect(replyBody(original({ text: 'x', date: null }), options).html).toContain(
      '<p>Иван Петров wrote:</p>',
    );
  });
});

describe('replyBody in the interface language', () => {
  afterEach(() => i18n.setLocale('en'));

  // The attribution's words come from the catalog, its date from Intl in the same language (starts.ts passes
  // i18n.locale as both). The hour depends on the machine's time zone; the day does not (09:30 UTC).
  it.each([
    {
      locale: 'ru' as const,
      sender: { name: 'Иван Петров', address: 'ivan@example.ru' },
      attribution: /^4 дек\. 2026 г\., \d\d:\d\d, Иван Петров пишет:$/,
    },
    {
      locale: 'zh-CN' as const,
      sender: { name: '王小明', address: 'wang@example.cn' },
      attribution: /^王小明 于 2026年12月4日 \d\d:\d\d 写道：$/,
    },
  ])('writes the attribution line in $locale, with a $locale date, above the quote', async (row) => {
    await i18n.setLocale(row.locale);
    const message = original({
      text: 'Добрый день!\n你好',
      headers: { ...original({}).headers, from: [row.sender] },
    });
    const localized = { ...options, locale: row.locale };

    const text = replyBody(message, { ...localized, format: 'text' }).text;
    const [empty1, empty2, attribution, ...quoted] = text.split('\n');
    expect([empty1, empty2]).toEqual(['', '']);
    expect(attribution).toMatch(row.attribution);
    expect(quoted).toEqual(['> Добрый день!', '> 你好']);

    const html = replyBody(message, localized).html;
    const line = /^<p><\/p><p>(.*?)<\/p><blockquote>/.exec(html)?.[1];
    expect(line).toMatch(row.attribution);
    expect(line).toBe(attribution);
    expect(html).not.toMatch(/wrote|On 4 Dec/);
  });

  it('says who wrote in Russian and Chinese when the original has no date', async () => {
    await i18n.setLocale('ru');
    expect(replyBody(original({ text: 'x', date: null }), options).html).toContain(
      '<p>Иван Петров пишет:</p>',
    );
    await i18n.setLocale('zh-CN');
    expect(replyBody(original({ text: 'x', date: null }), { ...options, format: 'text' }).text).toBe(
      '\n\nИван Петров 写道：\n> x',
    );
  });
});

describe('forwardBody and newBody', () => {
  it('puts the original under a forwarded-message header block', () => {
    const body = forwardBody(original({ text: 'Body <b>not markup</b>' }), options);
    expect(body.html).toContain(
      '---------- Forwarded message ----------<br>From: Иван Петров &#60;ivan@example.ru&#62;',
    );
    expect(body.html).toMatch(/<br>Date: 4 Dec 2026, \d\d:\d\d<br>Subject: Отчёт<br>To: me@example.org<\/p>/);
    expect(body.html).toContain('<p>Body &#60;b&#62;not markup&#60;/b&#62;</p>');
  });

  it('starts a new message with an empty line and the signature', () => {
    expect(newBody('html', 'Ann')).toEqual({ format: 'html', html: '<p></p><p>-- <br>Ann</p>', text: '' });
    expect(newBody('text', '')).toEqual({ format: 'text', html: '', text: '' });
  });
});
