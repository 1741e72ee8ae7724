// The reader part of the web bench against hostile mail (issue 12, items 9 and 12), measured in the real app:
//
//   hostileOpens   for each message, the click on its row to its body on screen (text, or every mail frame
//                  loaded), and the longest main-thread task of the app's page in that time and the 500 ms after
//                  (Long Tasks API: only tasks over 50 ms are reported; 0 means none was)
//   paintHeavy     with a paint-heavy newsletter open (200 tiles animating box-shadow and blur), the app page's
//                  animation frames in 5 s, its longest gap between two frames and its longest task
//
// The messages are appended to a folder of the bench's own before the tab signs in. They are sized so that the
// app from before this work (which sanitized everything on its main thread, in a frame of its own process) still
// finishes each in seconds, not minutes: 20,000 nested elements rather than the 100,000.

import { appendMessage, quoted, type DovecotServer, type RawImap } from '@webmail/testbed';
import type { Page } from 'playwright-core';

export const HOSTILE_FOLDER = 'BenchHostile';

const encoded = (text: string): string =>
  (
    Buffer.from(text, 'utf8')
      .toString('base64')
      .match(/.{1,76}/g) ?? []
  ).join('\r\n');

function message(subject: string, index: number, type: string, body: string): string {
  const date = new Date(Date.UTC(2025, 10, 3, 12, 0) - index * 60_000).toUTCString().replace('GMT', '+0000');
  return [
    'From: Bench <bench@sender.example>',
    'To: demo@testbed.example',
    `Subject: ${subject}`,
    `Date: ${date}`,
    'MIME-Version: 1.0',
    `Content-Type: ${type}; charset=utf-8`,
    'Content-Transfer-Encoding: base64',
    '',
    encoded(body),
    '',
  ].join('\r\n');
}

const reopened = (n: number, paragraphs: number): string =>
  `<p>${Array.from({ length: n }, (_, i) => `<b id=${i}>`).join('')}</p>${'<p>x</p>'.repeat(paragraphs)}`;

/** Subject -> the message's type and body. */
const HOSTILE = new Map<string, readonly [string, string]>([
  ['nested-20k', ['text/html', `${'<div>'.repeat(20_000)}deep${'</div>'.repeat(20_000)}`]],
  ['reopened-200x1000', ['text/html', reopened(200, 1_000)]],
  ['flat-50k', ['text/html', '<i>x</i>'.repeat(50_000)]],
  [
    'attributes-5000',
    ['text/html', `<span ${Array.from({ length: 5_000 }, (_, i) => `a${i}=${i}`).join(' ')}>x</span>`],
  ],
  ['css-1mb', ['text/html', `<style>${'.a{color:red}'.repeat(80_000)}</style><p>styled</p>`]],
  [
    'text-1.9mb',
    ['text/plain', `${'lorem ipsum '.repeat(100_000)}\n${'x'.repeat(500_000)}\n${'a@'.repeat(100_000)}`],
  ],
]);

const PAINT_HEAVY = message(
  'paint-heavy',
  HOSTILE.size,
  'text/html',
  '<style>@keyframes glow{0%{box-shadow:0 0 2px #f00;filter:blur(0)}100%{box-shadow:0 0 60px #00f;filter:blur(3px)}}' +
    '.t{display:inline-block;width:180px;height:120px;margin:4px;background:radial-gradient(#fc0,#30f);animation:glow .25s infinite alternate}</style>' +
    '<h1>Paint-heavy newsletter</h1>' +
    '<div class="t"></div>'.repeat(200),
);

/** Creates HOSTILE_FOLDER with the messages (before sign-in, so the folder tree lists it). */
export async function createHostileFolder(imap: RawImap, server: DovecotServer, user: string): Promise<void> {
  await imap.ok(`CREATE ${quoted(HOSTILE_FOLDER)}`);
  await imap.ok(`SUBSCRIBE ${quoted(HOSTILE_FOLDER)}`);
  let index = 0;
  for (const [subject, [type, body]] of HOSTILE) {
    await appendMessage(server, user, HOSTILE_FOLDER, message(subject, index++, type, body), ['\\Seen']);
  }
  await appendMessage(server, user, HOSTILE_FOLDER, PAINT_HEAVY, ['\\Seen']);
}

export interface HostileOpen {
  /** Click to the body on screen. */
  readonly shownMs: number;
  /** Longest task of the app's page from the click to 500 ms after the body showed; 0: none over 50 ms. */
  readonly longestTaskMs: number;
}

export interface HostileResults {
  readonly opens: Record<string, HostileOpen>;
  readonly paintHeavy: {
    readonly frames: number;
    readonly longestGapMs: number;
    readonly longestTaskMs: number;
  };
}

/** In the page: open the row with `subject`, wait for its body, report the times. A string: see reader.ts. */
const OPEN_AND_WATCH = `async ({ subject, ready }) => {
  const row = [...document.querySelectorAll('[role="listbox"] [role="option"][data-uid]')]
    .find((r) => r.querySelector('.subject')?.textContent === subject);
  if (!row) throw new Error('no row ' + subject);
  const uid = row.getAttribute('data-uid');
  const tasks = [];
  const observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) tasks.push(e); });
  observer.observe({ type: 'longtask' });
  const shown = () => {
    const article = document.querySelector(ready + ' article.message[data-uid="' + uid + '"]');
    if (!article) return false;
    if (article.querySelector('[data-testid="text-body"]')) return true;
    const frames = [...article.querySelectorAll('iframe.mail-frame')];
    return frames.length > 0 && frames.every((f) => f.dataset.loaded === 'yes');
  };
  const start = performance.now();
  const loads = new MutationObserver(() => {
    for (const f of document.querySelectorAll('iframe.mail-frame:not([data-watched])')) {
      f.setAttribute('data-watched', '');
      f.addEventListener('load', () => { f.dataset.loaded = 'yes'; });
    }
  });
  loads.observe(document, { subtree: true, childList: true });
  row.click();
  let end = 0;
  for (;;) {
    await new Promise((r) => requestAnimationFrame(r));
    if (shown()) { end = performance.now(); break; }
  }
  loads.disconnect();
  await new Promise((r) => setTimeout(r, 500));
  observer.disconnect();
  const inWindow = tasks.filter((t) => t.startTime + t.duration >= start);
  return { shownMs: end - start, longestTaskMs: Math.max(0, ...inWindow.map((t) => t.duration)) };
}`;

const PAINT_WATCH = `(ms) => new Promise((done) => {
  let frames = 0, last = 0, gap = 0;
  const tasks = [];
  const observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) tasks.push(e.duration); });
  observer.observe({ type: 'longtask' });
  const end = performance.now() + ms;
  const step = (time) => {
    if (last) gap = Math.max(gap, time - last);
    last = time;
    if (time < end) { frames++; requestAnimationFrame(step); }
    else { observer.disconnect(); done({ frames, longestGapMs: gap, longestTaskMs: Math.max(0, ...tasks) }); }
  };
  requestAnimationFrame(step);
})`;

const READY = 'section[aria-label="Message"] .reader[data-status="ready"]';

/** Opens each hostile message once, then watches the app with the paint-heavy one open. */
export async function measureHostile(page: Page): Promise<HostileResults> {
  const opens: Record<string, HostileOpen> = {};
  for (const subject of HOSTILE.keys()) {
    await page.waitForTimeout(300);
    opens[subject] = (await page.evaluate(
      `(${OPEN_AND_WATCH})(${JSON.stringify({ subject, ready: READY })})`,
    )) as HostileOpen;
  }
  await page.evaluate(`(${OPEN_AND_WATCH})(${JSON.stringify({ subject: 'paint-heavy', ready: READY })})`);
  await page.waitForTimeout(500);
  const paintHeavy = (await page.evaluate(`(${PAINT_WATCH})(5000)`)) as HostileResults['paintHeavy'];
  return { opens, paintHeavy };
}
