// How fast a mail frame shows the 100 KB newsletter, in a bare page of Debian's Chromium: from the moment its
// srcdoc is set (or its body posted) to the frame's first paint of it (frame-paint.ts: a presentation time, put
// on the page's clock through both documents' performance.timeOrigin). Four ways of showing it:
//
//   cold     a new sandboxed frame, and no other sandboxed frame in the page (its process starts for it)
//   warm     a new sandboxed frame beside another of the same sandbox, the kept one below (the process is running)
//   reused   the same warm set-up, but one frame element kept and its srcdoc swapped
//   posted   a frame kept with the app's document around an empty body, and the body posted to its script
//            (frameBody, as MailFrame.svelte does for the reading pane's kept frame)
//
// The frame document is the app's own (frameDocument: its CSP, its sizing script, its style) around the
// newsletter's HTML without its images. cold runs first in a page of its own; warm and reused alternate.
//
//   pnpm exec tsx apps/web/bench/frame-start.ts [out.json] [--samples N]

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildCorpus } from '@webmail/testbed';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../e2e/chromium.ts';
import { frameDocument } from '../src/lib/mail/frame-document.ts';
import { frameBody } from '../src/lib/mail/frame-script.ts';
import { FRAME_PAINT_PROBE, framePaintSince } from './frame-paint.ts';
import { stats } from './stats.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { samples: { type: 'string', default: '12' } },
});
const SAMPLES = Number(values.samples);
const out = resolve(
  positionals[0] ?? resolve(import.meta.dirname, '../../../bench-results/web-frame-start.json'),
);

type Mode = 'cold' | 'warm' | 'reused' | 'posted';

const SANDBOX = 'allow-scripts allow-popups allow-popups-to-escape-sandbox';
/** How long the frame's paint timing is waited for: a hang guard. */
const PAINT_TIMEOUT_MS = 10_000;

/** The newsletter's HTML part, quoted-printable undone, images left out (nothing may load). */
function newsletterBody(): string {
  const message = buildCorpus().find((m) => m.id === 'newsletter-100kb');
  if (!message) throw new Error('no newsletter in the corpus');
  const raw = new TextDecoder('latin1').decode(message.raw);
  const html = raw.slice(raw.indexOf('<body>') + '<body>'.length, raw.lastIndexOf('</body>'));
  return new TextDecoder().decode(
    Uint8Array.from(
      html
        .replace(/=\r\n/g, '')
        .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
        .replace(/<img [^>]*>/g, ''),
      (c) => c.charCodeAt(0),
    ),
  );
}

async function preparedPage(browser: Browser, mail: string, warm: boolean): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.addInitScript(FRAME_PAINT_PROBE);
  await page.setContent('<div id="slot" style="width:800px"></div><div id="kept" style="width:800px"></div>');
  await page.evaluate(
    (doc) => void ((window as unknown as { mailDocument: string }).mailDocument = doc),
    mail,
  );
  // Cold: no other sandboxed frame in the page. Warm: the kept frame (its process is running).
  if (!warm) return page;
  await page.evaluate(
    ({ empty, sandbox }) => {
      const w = window as unknown as { keptReady: boolean };
      addEventListener('message', (event) => {
        if ((event.data as { webmailFrameReady?: boolean } | null)?.webmailFrameReady) w.keptReady = true;
      });
      const frame = document.createElement('iframe');
      frame.setAttribute('sandbox', sandbox);
      frame.style.cssText = 'display:block;width:100%;height:320px;border:0';
      frame.srcdoc = empty;
      document.getElementById('kept')?.append(frame);
    },
    { empty: frameDocument('', { allowRemoteImages: false }), sandbox: SANDBOX },
  );
  await page.waitForFunction(() => (window as unknown as { keptReady?: boolean }).keptReady === true);
  return page;
}

/** Sets a frame's srcdoc (a new frame, or the one in place) and returns the page time it was set. */
async function start(page: Page, mode: Mode, sample: number, body: string): Promise<number> {
  return page.evaluate(
    ({ mode, sample, sandbox, posted }) => {
      if (mode === 'posted') {
        const kept = document.querySelector<HTMLIFrameElement>('#kept iframe');
        if (!kept?.contentWindow) throw new Error('no kept frame');
        const t = performance.now();
        kept.contentWindow.postMessage(posted, '*');
        return performance.timeOrigin + t;
      }
      const slot = document.getElementById('slot');
      if (!slot) throw new Error('no slot');
      // Each document differs, so that nothing can be reused from the one before.
      const doc = `${(window as unknown as { mailDocument: string }).mailDocument}<!-- ${sample} -->`;
      const kept = slot.querySelector('iframe');
      if (mode === 'reused' && kept) {
        const t = performance.now();
        kept.srcdoc = doc;
        return performance.timeOrigin + t;
      }
      slot.replaceChildren();
      const frame = document.createElement('iframe');
      frame.setAttribute('sandbox', sandbox);
      frame.style.cssText = 'display:block;width:100%;height:320px;border:0';
      const t = performance.now();
      frame.srcdoc = doc;
      slot.append(frame);
      return performance.timeOrigin + t;
    },
    { mode, sample, sandbox: SANDBOX, posted: frameBody(`${body}<!-- ${sample} -->`, sample + 1) },
  );
}

/** Milliseconds from `startedAt` (epoch ms) to the frame's first paint of its body after it. */
async function firstPaint(page: Page, mode: Mode, startedAt: number): Promise<number> {
  const element = await page.locator(mode === 'posted' ? '#kept iframe' : '#slot iframe').elementHandle();
  for (const deadline = Date.now() + PAINT_TIMEOUT_MS; Date.now() < deadline; await page.waitForTimeout(5)) {
    const frame = await element?.contentFrame();
    // A reused frame still shows the document before until the new one commits: only paints after startedAt.
    const painted = frame ? await framePaintSince(frame, startedAt) : null;
    if (painted !== null) return painted.at - startedAt;
  }
  throw new Error('the frame never painted');
}

const log = (text: string) => process.stderr.write(`${text}\n`);
const body = newsletterBody();
const mailDocument = frameDocument(body, { allowRemoteImages: false });
const samples: Record<Mode, number[]> = { cold: [], warm: [], reused: [], posted: [] };
const browser = await launchChromium();
try {
  const measure = async (page: Page, mode: Mode, sample: number): Promise<void> => {
    const ms = await firstPaint(page, mode, await start(page, mode, sample, body));
    samples[mode].push(ms);
    log(`${mode} ${sample}: ${ms.toFixed(1)} ms`);
    // Let the frame's process settle (and, cold, let it exit) before the next one.
    await page.waitForTimeout(300);
  };
  const cold = await preparedPage(browser, mailDocument, false);
  for (let i = 0; i <= SAMPLES; i++) await measure(cold, 'cold', i);
  await cold.close();
  const warm = await preparedPage(browser, mailDocument, true);
  for (let i = 0; i <= SAMPLES; i++) {
    await measure(warm, 'warm', i);
    await measure(warm, 'reused', i);
    await measure(warm, 'posted', i);
  }
  await warm.close();
  // Sample 0 of each warms Chromium's caches: not counted.
  const result = {
    name: 'web-frame-start',
    date: new Date().toISOString(),
    environment: { chromium: browser.version(), node: process.version, samples: SAMPLES },
    srcdocToFirstPaintMs: {
      cold: stats(samples.cold.slice(1)),
      warm: stats(samples.warm.slice(1)),
      reused: stats(samples.reused.slice(1)),
      posted: stats(samples.posted.slice(1)),
    },
  };
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  const line = (mode: Mode) => {
    const s = result.srcdocToFirstPaintMs[mode];
    return `${mode} ${s.median} ms (${s.min}-${s.max})`;
  };
  log(
    `srcdoc to first paint: ${line('cold')}, ${line('warm')}, ${line('reused')}, ${line('posted')} -> ${out}`,
  );
} finally {
  await browser.close();
}
