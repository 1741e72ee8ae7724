// Two builds of the app side by side, opening one message (the 100 KB newsletter unless --message says) in turn: one Dovecot, one Chromium, a proxy
// and a signed-in tab for each build, and the samples alternated (A B, B A, ...) so that the load of a shared
// machine falls on both alike. A sample runs from the click on the row (taken in the page) to the mail frame's
// first paint of the body (frame-paint.ts), or for a text message to the animation frame after its text is in
// the DOM. What is opened:
//
//   new      a copy of the newsletter APPENDed just before (new mail: on the server only)
//   unread   the newsletter, made unread again by another session (the device kept it when it was read)
//   read     the newsletter, read (the device keeps it)
//
//   pnpm exec tsx apps/web/bench/reader-ab.ts <dist A> <dist B> [--samples N] [--mode new|unread|read]
//     [--message <corpus id>] [--body text|frame]   (frame for the newsletter, text for others by default)
//
// Build each side first (`vite build`, e.g. in a worktree of the other commit). Prints the medians; a
// comparison tool for a change, not part of `pnpm bench`.

import { parseArgs } from 'node:util';
import { startProxy } from '@webmail/proxy';
import {
  RawImap,
  appendMessage,
  buildCorpus,
  encodeMailboxName,
  findFreePort,
  proxyUpstream,
  quoted,
  startDovecot,
} from '@webmail/testbed';
import type { Page } from 'playwright-core';
import { launchChromium } from '../e2e/chromium.ts';
import { signIn, waitForMessage } from '../e2e/support/app.ts';
import { ProfileTotals, startProfile } from './cpu-profile.ts';
import { FRAME_PAINT_PROBE, framePaintSince } from './frame-paint.ts';
import { stats } from './stats.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    samples: { type: 'string', default: '30' },
    mode: { type: 'string', default: 'new' },
    message: { type: 'string', default: 'newsletter-100kb' },
    body: { type: 'string' },
    profile: { type: 'boolean', default: false },
  },
});
const [distA, distB] = positionals;
const SAMPLES = Number(values.samples);
const MODE = values.mode;
if (!distA || !distB || !['new', 'unread', 'read'].includes(MODE ?? ''))
  throw new Error('usage: reader-ab.ts <dist A> <dist B> [--samples N] [--mode new|unread|read]');

/** Quiet time before each click; and how long a frame's paint is waited for (a hang guard). */
const SETTLE_MS = 300;
const PAINT_TIMEOUT_MS = 10_000;

const corpus = buildCorpus();
const newsletter = corpus.find((m) => m.id === values.message);
// The newest other message of the folder: its row is on the first screen.
const other = corpus
  .filter((m) => m.folder === newsletter?.folder && m.id !== newsletter?.id)
  .sort((a, b) => b.uid - a.uid)[0];
if (!newsletter || !other) throw new Error(`no ${values.message} in the corpus`);
/** Text shown by a text message; null for one shown in a mail frame. */
const textSnippet =
  (values.body ?? (newsletter.id === 'newsletter-100kb' ? 'frame' : 'text')) === 'text'
    ? (newsletter.expect.textIncludes?.[0] ?? '')
    : null;
const row = (uid: number) => `[role="listbox"] [role="option"][data-uid="${uid}"]`;
const log = (text: string) => process.stderr.write(`${text}\n`);

const dovecot = await startDovecot({ corpus: true });
const user = dovecot.users[0];
if (!user) throw new Error('no test user');
const imap = await RawImap.connect({ port: dovecot.imapsPort, tls: { ca: dovecot.caPem } });
await imap.ok(`LOGIN ${quoted(user.name)} ${quoted(user.password)}`);
await imap.ok(`SELECT ${quoted(encodeMailboxName(newsletter.folder))}`);
const browser = await launchChromium();
const proxies: { close(): Promise<void> }[] = [];

/** A proxy serving `dist` and a tab signed in through it, with the newsletter's folder open. */
async function side(dist: string): Promise<Page> {
  const port = await findFreePort();
  const appUrl = `http://127.0.0.1:${port}/`;
  proxies.push(
    await startProxy(
      {
        listen: { host: '127.0.0.1', port },
        allowedOrigins: [new URL(appUrl).origin],
        staticDir: dist,
        upstreams: [proxyUpstream(dovecot)],
      },
      { log: () => undefined },
    ),
  );
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.addInitScript(FRAME_PAINT_PROBE);
  await signIn(page, appUrl, user!);
  await page.evaluate((folder) => {
    const items = [...document.querySelectorAll<HTMLElement>('[role="treeitem"]')];
    items.find((item) => item.dataset.path === folder)?.click();
  }, newsletter!.folder);
  await page
    .locator(`[role="listbox"][aria-busy="false"] [role="option"][data-uid="${newsletter!.uid}"]`)
    .waitFor();
  return page;
}

/** The UID to open, prepared as MODE says, with another message open before it. */
async function prepare(page: Page): Promise<number> {
  if (MODE === 'new') {
    const { uid } = await appendMessage(dovecot, user!.name, newsletter!.folder, newsletter!.raw);
    await page.locator(row(uid)).waitFor();
    return uid;
  }
  if (MODE === 'unread') await imap.ok(`UID STORE ${newsletter!.uid} -FLAGS.SILENT (\\Seen)`);
  await page.locator(row(other!.uid)).click();
  await waitForMessage(page, other!.uid);
  if (MODE === 'unread')
    await page.waitForFunction(
      (selector) => document.querySelector(selector)?.classList.contains('unread') === true,
      row(newsletter!.uid),
    );
  return newsletter!.uid;
}

const profiles = { A: new ProfileTotals(), B: new ProfileTotals() };

/** How each side's paints were timed (frame-paint.ts). */
const timedBy: Record<string, number> = {};

/** Milliseconds from the click on `uid`'s row to its mail frame's first paint of the body (frame-paint.ts). */
async function open(page: Page): Promise<number> {
  const uid = await prepare(page);
  await page.waitForTimeout(SETTLE_MS);
  // --profile: Chromium's sampling profiler from just before the click to the end, summed per side.
  const profiler = values.profile ? await startProfile(page) : null;
  const side = page === pages?.A ? 'A' : 'B';
  const { clicked, textShown } = await page.evaluate(
    ({ selector, uid, snippet, html }) => {
      const target = document.querySelector<HTMLElement>(selector);
      if (!target) throw new Error(`no row ${selector}`);
      const t = performance.now();
      // No named functions in here: tsx would wrap them in a helper the page does not have.
      const body = `.reader[data-status="ready"] article.message[data-uid="${uid}"] [data-testid="text-body"]`;
      const textShown = html
        ? Promise.resolve(null)
        : new Promise<number>((resolve) => {
            const observer = new MutationObserver(() => {
              if (!(document.querySelector(body)?.textContent ?? '').includes(snippet)) return;
              observer.disconnect();
              requestAnimationFrame(() => resolve(performance.timeOrigin + performance.now()));
            });
            observer.observe(document, {
              subtree: true,
              childList: true,
              characterData: true,
              attributes: true,
            });
          });
      target.click();
      return textShown.then((end) => ({ clicked: performance.timeOrigin + t, textShown: end }));
    },
    { selector: row(uid), uid, snippet: textSnippet ?? '', html: textSnippet === null },
  );
  await waitForMessage(page, uid);
  if (textShown !== null) {
    if (profiler) profiles[side].add(await profiler.stop());
    await page.waitForFunction(
      (selector) => document.querySelector(selector)?.classList.contains('unread') === false,
      row(uid),
    );
    return textShown - clicked;
  }
  const frame = await (await page.locator('iframe.mail-frame').elementHandle())?.contentFrame();
  if (!frame) throw new Error('no mail frame');
  for (const deadline = Date.now() + PAINT_TIMEOUT_MS; Date.now() < deadline; await page.waitForTimeout(10)) {
    const painted = await framePaintSince(frame, clicked);
    if (painted === null) continue;
    if (profiler) profiles[side].add(await profiler.stop());
    const key = `${page === pages?.A ? 'A' : 'B'} ${painted.by}`;
    timedBy[key] = (timedBy[key] ?? 0) + 1;
    // Its \Seen STORE done before the next sample.
    await page.waitForFunction(
      (selector) => document.querySelector(selector)?.classList.contains('unread') === false,
      row(uid),
    );
    return painted.at - clicked;
  }
  const debug = await frame
    .evaluate(() => ({
      url: location.href,
      paints: (window as unknown as { __benchPaints?: number[] }).__benchPaints,
      marked: document.querySelectorAll('[elementtiming]').length,
      fcp: performance
        .getEntriesByName('first-contentful-paint')
        .map((e) => performance.timeOrigin + e.startTime),
    }))
    .catch((e: unknown) => String(e));
  throw new Error(`the mail frame of ${uid} never painted after ${clicked}: ${JSON.stringify(debug)}`);
}

let pages: { A: Page; B: Page } | undefined;
try {
  pages = { A: await side(distA), B: await side(distB) };
  const samples: Record<'A' | 'B', number[]> = { A: [], B: [] };
  // One open each to warm up, not counted.
  await open(pages.A);
  await open(pages.B);
  for (let i = 0; i < SAMPLES; i++) {
    for (const which of i % 2 === 0 ? (['A', 'B'] as const) : (['B', 'A'] as const)) {
      const ms = await open(pages[which]);
      samples[which].push(ms);
      log(`${which} ${i}: ${ms.toFixed(1)} ms`);
    }
  }
  const a = stats(samples.A);
  const b = stats(samples.B);
  log(
    `${MODE}: A ${a.median} ms (${a.min}-${a.max}), B ${b.median} ms (${b.min}-${b.max}), ${SAMPLES} samples each`,
  );
  const wins = samples.A.filter((x, i) => x < (samples.B[i] ?? Infinity)).length;
  log(`A faster in ${wins} of ${SAMPLES} pairs`);
  log(`timed by: ${JSON.stringify(timedBy)}`);
  if (values.profile)
    for (const which of ['A', 'B'] as const) {
      log(`${which}, ms per open, self:`);
      for (const e of profiles[which].top(15)) log(`  ${e.selfMsPerOpen}  ${e.name} ${e.where}`);
      log(`${which}, ms per open, total (the app's):`);
      for (const e of profiles[which].top(25, 'total')) log(`  ${e.totalMsPerOpen}  ${e.name} ${e.where}`);
    }
} finally {
  await browser.close();
  for (const proxy of proxies) await proxy.close();
  imap.close();
  await dovecot.stop();
}
