// Two builds of the app side by side, opening the 100 KB newsletter in turn: one Dovecot, one Chromium, a proxy
// and a signed-in tab for each build, and the samples alternated (A B, B A, ...) so that the load of a shared
// machine falls on both alike. A sample runs from the click on the row (taken in the page) to the mail frame's
// first contentful paint (its own paint timing, on the page's clock through timeOrigin). What is opened:
//
//   new      a copy of the newsletter APPENDed just before (new mail: on the server only)
//   unread   the newsletter, made unread again by another session (the device kept it when it was read)
//   read     the newsletter, read (the device keeps it)
//
//   pnpm exec tsx apps/web/bench/reader-ab.ts <dist A> <dist B> [--samples N] [--mode new|unread|read]
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
import { stats } from './stats.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { samples: { type: 'string', default: '30' }, mode: { type: 'string', default: 'new' } },
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
const newsletter = corpus.find((m) => m.id === 'newsletter-100kb');
const other = corpus.find((m) => m.folder === newsletter?.folder && m.id !== newsletter?.id);
if (!newsletter || !other) throw new Error('no newsletter in the corpus');
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

/** Milliseconds from the click on `uid`'s row to its mail frame's first contentful paint. */
async function open(page: Page): Promise<number> {
  const uid = await prepare(page);
  await page.waitForTimeout(SETTLE_MS);
  const clicked = await page.evaluate((selector) => {
    const target = document.querySelector<HTMLElement>(selector);
    if (!target) throw new Error(`no row ${selector}`);
    const t = performance.now();
    target.click();
    return performance.timeOrigin + t;
  }, row(uid));
  await waitForMessage(page, uid);
  const frame = await (await page.locator('iframe.mail-frame').elementHandle())?.contentFrame();
  if (!frame) throw new Error('no mail frame');
  for (const deadline = Date.now() + PAINT_TIMEOUT_MS; Date.now() < deadline; await page.waitForTimeout(10)) {
    const painted = await frame.evaluate(() => {
      const paint = performance.getEntriesByName('first-contentful-paint')[0];
      return paint ? performance.timeOrigin + paint.startTime : null;
    });
    if (painted === null) continue;
    // Its \Seen STORE done before the next sample.
    await page.waitForFunction(
      (selector) => document.querySelector(selector)?.classList.contains('unread') === false,
      row(uid),
    );
    return painted - clicked;
  }
  throw new Error(`the mail frame of ${uid} never painted`);
}

try {
  const pages = { A: await side(distA), B: await side(distB) };
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
} finally {
  await browser.close();
  for (const proxy of proxies) await proxy.close();
  imap.close();
  await dovecot.stop();
}
