// The web app's benchmark, in Debian's Chromium against the real proxy and a Dovecot on loopback (warm index),
// measured in one run and written as JSON (bench-results/web.json, or the path given as the first argument):
//
//   signInToFirstRows   submit of the sign-in form -> the first rows of a 100,000-message INBOX on screen
//   folderSwitch        click on a 100,000-message folder -> its first rows on screen
//   jumpToOldest        End in that folder -> its oldest message's row on screen
//   openPlain           click on an unread plain text message's row -> its text body on screen (warm)
//   openGbk             the same for a GBK message (raw 8-bit GBK headers, 8bit GBK body)
//   openNewsletter      the same for the ~100 KB HTML newsletter -> its mail frame loaded and painted
//   firstOpen           the first open of each of the three in a fresh tab; the plain one is the tab's very
//                       first, so it includes starting the parser worker (see reader.ts)
//   initialLoad         JavaScript, CSS and fonts loaded before sign-in, gzip (what the goal counts)
//   afterSignIn         the reader's chunks and the parser worker, gzip, from the built dist (bundle-sizes.ts)
//   heap                JS heap of the tab with the 100k folder open, after scrolling through it and a GC
//   hostile             hostile mail in a tab of its own: each open's longest main-thread task, and the app's
//                       frame rate with a paint-heavy mail open (reader-hostile.ts)
//
// Times are taken inside the page (performance.now(), not Playwright round trips): from the event that starts
// the action to the animation frame in which the rows (or the message body) are in the DOM; for the mail frame,
// which Chromium renders in a process of its own, to its first contentful paint (see reader.ts). Each is run
// several times on a warm server; the JSON has every sample, the median and the extremes.
//
//   pnpm exec tsx apps/web/bench/run.ts [out.json] [--runs N] [--size N] [--reads N] [--only reader]
//
// --runs: fresh tabs measured (after one that warms up), --reads: rounds of warm opens in each of them,
// --only reader: each tab signs in and measures the reader only (no folder switch, End, heap or hostile mail;
// those are null in the JSON), to compare reader changes back to back in a few minutes.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { RawImap, startDovecot } from '@webmail/testbed';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { launchChromium } from '../e2e/chromium.ts';
import { serveApp } from '../e2e/serve-app.ts';
import { kb, lazySizes } from './bundle-sizes.ts';
import { FRAME_PAINT_PROBE } from './frame-paint.ts';
import { READER_FOLDER, READER_HELPERS, ReaderFixture, type ReaderKind } from './reader.ts';
import { HOSTILE_FOLDER, createHostileFolder, measureHostile } from './reader-hostile.ts';
import { stats, type Stats } from './stats.ts';

const webRoot = resolve(import.meta.dirname, '..');
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: 'string', default: '7' },
    size: { type: 'string', default: '100000' },
    reads: { type: 'string', default: '3' },
    only: { type: 'string' },
  },
});
if (values.only !== undefined && values.only !== 'reader') throw new Error('--only takes reader');
const READER_ONLY = values.only === 'reader';
const RUNS = Number(values.runs);
const SIZE = Number(values.size);
const READS = Number(values.reads);
const out = resolve(positionals[0] ?? resolve(webRoot, '../../bench-results/web.json'));

/** The issue's goals, for the summary line. */
const GOALS = {
  signInToFirstRows: 400,
  folderSwitch: 150,
  jumpToOldest: 150,
  openPlain: 80,
  openNewsletter: 150,
  initialLoadKb: 120,
  heapMb: 80,
};

const log = (text: string) => process.stderr.write(`${text}\n`);

log('building the app');
const built = await build({ root: webRoot, logLevel: 'warn' });

log(`starting Dovecot with a ${SIZE}-message Big folder`);
const dovecot = await startDovecot({ corpus: true, bigFolderSize: SIZE });
const user = dovecot.users[0];
if (!user) throw new Error('no test user');

/** A direct IMAP session as the test user, beside the app's. */
async function directImap(): Promise<RawImap> {
  const raw = await RawImap.connect({
    port: dovecot.imapsPort,
    tls: { ca: dovecot.caPem },
    timeoutMs: 600_000,
  });
  await raw.ok(`LOGIN ${user!.name} ${user!.password}`);
  return raw;
}

// A 100k INBOX too: Big's messages copied in (Maildir copies are hard links), then both indexes warmed.
{
  const raw = await directImap();
  await raw.ok('SELECT Big');
  log('copying Big into INBOX');
  await raw.ok('UID COPY 1:* INBOX');
  for (const folder of ['INBOX', 'Big']) {
    await raw.ok(`SELECT ${folder}`);
    await raw.ok('UID SORT (REVERSE DATE) UTF-8 ALL');
    await raw.ok('UID FETCH 1:* (FLAGS)');
  }
  await raw.ok('LOGOUT').catch(() => undefined);
}
const reading = await ReaderFixture.create(directImap);
{
  const raw = await directImap();
  await createHostileFolder(raw, dovecot, user.name);
  await raw.ok('LOGOUT').catch(() => undefined);
  raw.close();
}

const { appUrl, proxy } = await serveApp(dovecot, { log: () => undefined });

const browser = await launchChromium();

/** In-page helpers: wait for a DOM condition, resolving at the animation frame after it holds. */
const HELPERS = `
window.__bench = {
  until(predicate) {
    return new Promise((resolve) => {
      const done = () => requestAnimationFrame(() => resolve(performance.now()));
      if (predicate()) return done();
      const observer = new MutationObserver(() => {
        if (predicate()) { observer.disconnect(); done(); }
      });
      observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
    });
  },
  heading() { return document.querySelector('#message-pane-heading')?.textContent ?? ''; },
  firstRow() { return document.querySelector('[role="listbox"] [role="option"][data-uid]') !== null; },
};`;

async function signedInPage(): Promise<{ page: Page; signIn: number; requests: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.addInitScript(FRAME_PAINT_PROBE);
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(appUrl);
  await page.getByLabel('User name').fill(user!.name);
  await page.getByLabel('Password').fill(user!.password);
  const beforeSignIn = [...requests];
  // CDP evaluation, which the app's CSP (script-src 'self') does not govern
  await page.evaluate(HELPERS + READER_HELPERS);
  const signIn = await page.evaluate(async () => {
    const bench = (window as unknown as { __bench: BenchHelpers }).__bench;
    const start = performance.now();
    document.querySelector('form')?.requestSubmit();
    const end = await bench.until(() => bench.heading() === 'Inbox' && bench.firstRow());
    return end - start;
  });
  return { page, signIn, requests: beforeSignIn };
}

interface BenchHelpers {
  until(predicate: () => boolean): Promise<number>;
  heading(): string;
  firstRow(): boolean;
}

async function openFolder(page: Page, name: string): Promise<number> {
  return page.evaluate(async (folder) => {
    const bench = (window as unknown as { __bench: BenchHelpers }).__bench;
    const item = [...document.querySelectorAll<HTMLElement>('[role="treeitem"]')].find(
      (node) => node.dataset.path === folder,
    );
    if (!item) throw new Error(`no folder ${folder}`);
    const start = performance.now();
    item.click();
    const end = await bench.until(() => bench.heading() === folder && bench.firstRow());
    return end - start;
  }, name);
}

async function settled(page: Page): Promise<void> {
  await page.waitForFunction(
    () => document.querySelector('[role="listbox"]')?.getAttribute('aria-busy') === 'false',
  );
  await page.waitForTimeout(300);
}

async function jumpToOldest(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const bench = (window as unknown as { __bench: BenchHelpers }).__bench;
    const listbox = document.querySelector<HTMLElement>('[role="listbox"]');
    if (!listbox) throw new Error('no listbox');
    listbox.focus();
    const start = performance.now();
    listbox.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true, cancelable: true }));
    const end = await bench.until(() => {
      const id = listbox.getAttribute('aria-activedescendant');
      const row = id ? document.getElementById(id) : null;
      return (
        row !== null &&
        row.hasAttribute('data-uid') &&
        row.getAttribute('aria-posinset') === row.getAttribute('aria-setsize')
      );
    });
    return end - start;
  });
}

/** gzip size of what the page loaded before sign-in, from the built files. */
function initialLoad(requests: string[]): { files: Record<string, number>; totalGzipBytes: number } {
  const files: Record<string, number> = {};
  for (const url of requests) {
    const path = new URL(url).pathname;
    if (!/\.(js|css|woff2?|ttf|otf)$/.test(path) && path !== '/') continue;
    const file = resolve(webRoot, 'dist', path === '/' ? 'index.html' : path.slice(1));
    files[path] = gzipSync(readFileSync(file), { level: 9 }).length;
  }
  return { files, totalGzipBytes: Object.values(files).reduce((a, b) => a + b, 0) };
}

/** Scrolls the open list from top to bottom in steps, letting each step's rows arrive, then GCs and reads the heap. */
async function heapAfterScrolling(page: Page): Promise<{ usedBytes: number; steps: number }> {
  const steps = 60;
  for (let i = 0; i <= steps; i++) {
    await page.evaluate((fraction) => {
      const listbox = document.querySelector<HTMLElement>('[role="listbox"]');
      if (listbox) listbox.scrollTop = (listbox.scrollHeight - listbox.clientHeight) * fraction;
    }, i / steps);
    await page.waitForTimeout(40);
  }
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return { usedBytes: usedSize, steps };
}

const KINDS: readonly ReaderKind[] = ['plain', 'gbk', 'newsletter'];

/** Hostile mail, in a tab of its own. */
async function hostileMail(): Promise<Awaited<ReturnType<typeof measureHostile>>> {
  log('hostile mail');
  const tab = await signedInPage();
  await settled(tab.page);
  await openFolder(tab.page, HOSTILE_FOLDER);
  await settled(tab.page);
  const hostile = await measureHostile(tab.page);
  await tab.page.close();
  return hostile;
}

try {
  const signIn: number[] = [];
  const folderSwitch: number[] = [];
  const jump: number[] = [];
  const firstOpen = new Map<ReaderKind, number[]>(KINDS.map((kind) => [kind, []]));
  const warmOpen = new Map<ReaderKind, number[]>(KINDS.map((kind) => [kind, []]));
  let requests: string[] = [];
  let heap = { usedBytes: 0, steps: 0 };
  for (let run = 0; run <= RUNS; run++) {
    await reading.resetAll();
    const session = await signedInPage();
    await settled(session.page);
    let switchTime = NaN;
    let jumpTime = NaN;
    if (!READER_ONLY) {
      switchTime = await openFolder(session.page, 'Big');
      await settled(session.page);
      jumpTime = await jumpToOldest(session.page);
      await settled(session.page);
    }
    if (run === RUNS) {
      requests = session.requests;
      if (!READER_ONLY) {
        await openFolder(session.page, 'Big');
        await settled(session.page);
        heap = await heapAfterScrolling(session.page);
      }
    }
    await openFolder(session.page, READER_FOLDER);
    await settled(session.page);
    const read = await reading.measure(session.page, READS);
    // Run 0 warms Chromium's caches and Dovecot's; it is not counted.
    if (run > 0) {
      signIn.push(session.signIn);
      folderSwitch.push(switchTime);
      jump.push(jumpTime);
      for (const kind of KINDS) {
        firstOpen.get(kind)?.push(read.first[kind]);
        warmOpen.get(kind)?.push(...read.warm[kind]);
      }
      const ms = (n: number) => n.toFixed(1);
      const opens = KINDS.map(
        (kind) => `${kind} ${ms(read.first[kind])} first, ${read.warm[kind].map(ms).join('/')}`,
      ).join('; ');
      log(
        `run ${run}: sign-in ${ms(session.signIn)} ms, switch ${ms(switchTime)} ms, ` +
          `jump ${ms(jumpTime)} ms; open ${opens} ms`,
      );
    }
    await session.page.close();
  }
  const hostile = READER_ONLY ? null : await hostileMail();
  if (hostile)
    log(
      `hostile: ${Object.entries(hostile.opens)
        .map(
          ([id, open]) =>
            `${id} ${open.shownMs.toFixed(0)} ms (longest task ${open.longestTaskMs.toFixed(0)})`,
        )
        .join(
          ', ',
        )}; paint-heavy: ${hostile.paintHeavy.frames} frames in 5 s, longest task ${hostile.paintHeavy.longestTaskMs.toFixed(0)} ms`,
    );
  const load = initialLoad(requests);
  const byKind = (samples: Map<ReaderKind, number[]>): Record<ReaderKind, Stats> =>
    Object.fromEntries(KINDS.map((kind) => [kind, stats(samples.get(kind) ?? [])])) as Record<
      ReaderKind,
      Stats
    >;
  const result = {
    name: 'web',
    date: new Date().toISOString(),
    environment: {
      chromium: browser.version(),
      node: process.version,
      folderSize: SIZE,
      runs: RUNS,
      warmReadsPerRun: READS,
    },
    signInToFirstRowsMs: stats(signIn),
    folderSwitchMs: stats(folderSwitch),
    jumpToOldestMs: stats(jump),
    openPlainMs: stats(warmOpen.get('plain') ?? []),
    openGbkMs: stats(warmOpen.get('gbk') ?? []),
    openNewsletterMs: stats(warmOpen.get('newsletter') ?? []),
    firstOpenMs: byKind(firstOpen),
    initialLoad: { ...load, totalGzipKb: Math.round(load.totalGzipBytes / 102.4) / 10 },
    afterSignIn: lazySizes(built, webRoot),
    heapAfterScrollingMb: READER_ONLY ? null : Math.round(heap.usedBytes / 1e5) / 10,
    hostile,
    goals: GOALS,
  };
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  log(
    `sign-in to first rows ${result.signInToFirstRowsMs.median} ms (goal ${GOALS.signInToFirstRows}), ` +
      `folder switch ${result.folderSwitchMs.median} ms (${GOALS.folderSwitch}), ` +
      `jump to oldest ${result.jumpToOldestMs.median} ms (${GOALS.jumpToOldest}), ` +
      `open plain ${result.openPlainMs.median} ms (${GOALS.openPlain}), ` +
      `GBK ${result.openGbkMs.median} ms, ` +
      `newsletter ${result.openNewsletterMs.median} ms (${GOALS.openNewsletter}), ` +
      `first open ${result.firstOpenMs.plain.median} ms, ` +
      `initial load ${result.initialLoad.totalGzipKb} KB gzip (${GOALS.initialLoadKb}), ` +
      `reader chunks ${result.afterSignIn.readerChunksGzipKb} KB, ` +
      `worker ${result.afterSignIn.parserWorkerGzipKb} KB (+${result.afterSignIn.parserHtmlChunksGzipKb} KB for HTML), ` +
      `catalogs ${result.afterSignIn.catalogChunks.map((c) => `${c.module ?? c.file} ${kb(c.gzipBytes)} KB`).join(', ')}, ` +
      `heap ${result.heapAfterScrollingMb} MB (${GOALS.heapMb}) -> ${out}`,
  );
} finally {
  await reading.close();
  await browser.close();
  await proxy.close();
  await dovecot.stop();
}
