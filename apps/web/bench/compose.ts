// The composer's benchmark, in Debian's Chromium against the real proxy, the testbed's Postfix and Dovecot on
// loopback, written as JSON to bench-results/web-compose.json (or the path given as the first argument). Every
// time is `inputToPaint`: from the trusted input event (keydown or pointerdown, captured in the page before the
// app's handlers) to the animation frame after the result is in the DOM (compose-page.ts). Median, min and max
// of every sample (never asserted anywhere):
//
//   composeOpenFirst   C on the list in a fresh tab -> the composer's editor on screen: the first one loads the
//                      composer's chunk (state, tiptap, components), which nothing fetches before
//   composeOpen        C again in the same tab (the chunk loaded)
//   replyOpenFirst     R on the ~100 KB HTML newsletter open in the reader -> the editor with its quote on screen,
//                      the first reply in the tab (it starts from the reader's parse of the message)
//   replyOpen          the same, warm
//   typing             a key in that reply's editor (the 100 KB original quoted) -> the frame that paints it
//   sendToInbox        the click on Send (undo window set to 0) -> the message's row painted in the recipient's
//                      INBOX in another tab; split on one clock (performance.timeOrigin of both pages, Node's
//                      Date.now()): the sender's app (Drafts save, SMTP through the relay) to the final dot
//                      written; Postfix (queue, LMTP) to the file in the recipient's Maildir; Dovecot to the
//                      EXISTS in the recipient's tab (its IDLE notify delay); the recipient's app to the paint
//   bundle             the composer's chunks (gzip), loaded only once it opens; the page before sign-in (gzip)
//
//   pnpm exec tsx apps/web/bench/compose.ts [out.json] [--runs N] [--samples N] [--reply-only] [--profile]
//
// --reply-only measures the reply opens alone (no send, no warm composer opens); --profile records a CPU profile
// (Chromium's sampling profiler, over CDP) of every warm reply open and writes the functions with the most self
// time to `replyOpenProfile` (where the time of a reply open goes, for whoever makes it faster).

import { mkdirSync, readFileSync, watch, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { DEMO_USER, appendMessage, buildCorpus, startDovecot } from '@webmail/testbed';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { launchChromium } from '../e2e/chromium.ts';
import { serveApp } from '../e2e/serve-app.ts';
import { lazySizes } from './bundle-sizes.ts';
import { ProfileTotals, startProfile } from './cpu-profile.ts';
import { COMPOSE_HELPERS, type ComposePage, type InputToPaint } from './compose-page.ts';
import { ORGANIZE_HELPERS, type OrganizePage } from './organize-page.ts';
import { stats } from './stats.ts';
import { WS_TAP, readTap, startTap, stopTap, type TapFrame } from './ws-tap.ts';

const webRoot = resolve(import.meta.dirname, '..');
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: 'string', default: '5' },
    samples: { type: 'string', default: '10' },
    'reply-only': { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
  },
});
const REPLY_ONLY = values['reply-only'];
const PROFILE = values.profile;
const RUNS = Number(values.runs);
const SAMPLES = Number(values.samples);
const out = resolve(positionals[0] ?? resolve(webRoot, '../../bench-results/web-compose.json'));
const GOALS = { composeOpen: 50, replyOpen: 150, typing: 16, sendToInbox: 1000, signInGrowthKb: 2 };
const BOB = { name: 'bob', password: 'bob-Secret-1' };
const SETTLE_MS = 300;

const log = (text: string) => process.stderr.write(`${text}\n`);
const ms = (n: number) => n.toFixed(1);
const paint = (shown: InputToPaint) => shown.frame - shown.start;

log('building the app');
// Profiled: unminified, so that the profile names the app's functions.
const built = await build({
  root: webRoot,
  logLevel: 'warn',
  ...(PROFILE ? { build: { minify: false } } : {}),
});
log('starting Dovecot and Postfix');
const dovecot = await startDovecot({ corpus: true, users: [DEMO_USER, BOB], smtp: true });
const newsletter = buildCorpus().find((m) => m.id === 'newsletter-100kb');
if (!newsletter) throw new Error('no newsletter in the corpus');
const { uid: newsUid } = await appendMessage(dovecot, 'demo', 'INBOX', newsletter.raw, ['\\Seen']);
const { appUrl, proxy } = await serveApp(dovecot);
const browser = await launchChromium();

const compose = (page: Page) => ({
  arm: (type: 'keydown' | 'pointerdown', shown: string, timeoutMs = 30_000) =>
    page.evaluate(([t, s, n]) => (window as unknown as { __compose: ComposePage }).__compose.arm(t, s, n), [
      type,
      shown,
      timeoutMs,
    ] as const),
  armKey: () =>
    page.evaluate(() => (window as unknown as { __compose: ComposePage }).__compose.armKey(10_000)),
  result: () => page.evaluate(() => (window as unknown as { __compose: ComposePage }).__compose.result()),
});

/** A tab signed in as `user`, INBOX shown, the tap and the helpers installed; `requests` lists what it loaded. */
async function signedIn(user: { name: string; password: string }) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('pageerror', (error) => log(`page error: ${error.message}`));
  const requests: string[] = [];
  page.on('request', (request) => void requests.push(request.url()));
  await page.addInitScript(WS_TAP);
  // Not in the reader's sandboxed mail frames (an opaque origin has no localStorage).
  await page.addInitScript(() => {
    if (window === window.top)
      localStorage.setItem('webmail.compose', JSON.stringify({ undoSeconds: 0, format: 'html' }));
  });
  await page.goto(appUrl);
  await page.getByLabel('User name').fill(user.name);
  await page.getByLabel('Password').fill(user.password);
  const beforeSignIn = [...requests];
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page
    .locator('[role="listbox"] [role="option"][data-uid]')
    .first()
    .or(page.locator('.empty[role="status"]'))
    .waitFor();
  await page.getByRole('tree', { name: 'Folders' }).getByRole('treeitem').first().waitFor();
  await page.evaluate(COMPOSE_HELPERS);
  await page.evaluate(ORGANIZE_HELPERS);
  await page.waitForTimeout(SETTLE_MS);
  return { page, requests, beforeSignIn };
}

async function openComposer(page: Page): Promise<number> {
  await compose(page).arm('keydown', 'section.window .editor-text');
  await page.getByRole('listbox').focus();
  await page.keyboard.press('c');
  return paint(await compose(page).result());
}

async function closeComposer(page: Page): Promise<void> {
  await page.locator('section.window').getByRole('button', { name: 'Save and close' }).click();
  await page.locator('section.window').waitFor({ state: 'detached' });
}

async function discard(page: Page): Promise<void> {
  await page.locator('section.window').getByRole('button', { name: 'Discard' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Discard' }).click();
  await page.locator('section.window').waitFor({ state: 'detached' });
}

const profileTotals = new ProfileTotals();

async function replyToNewsletter(page: Page, profiled = false): Promise<{ open: number; typing: number[] }> {
  await page.locator(`[role="option"][data-uid="${newsUid}"]`).click();
  await page.locator(`.reader[data-status="ready"] article[data-uid="${newsUid}"]`).waitFor();
  await page.waitForTimeout(SETTLE_MS);
  await compose(page).arm('keydown', 'section.window .editor-text blockquote');
  await page.getByRole('listbox').focus();
  const profile = profiled ? await startProfile(page) : null;
  await page.keyboard.press('r');
  const open = paint(await compose(page).result());
  if (profile) profileTotals.add(await profile.stop());
  await page.waitForTimeout(SETTLE_MS);
  const typing: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    await compose(page).armKey();
    await page.keyboard.press(String.fromCharCode(97 + (i % 26)));
    typing.push(paint(await compose(page).result()));
  }
  await discard(page);
  return { open, typing };
}

/** The page's clock as Unix ms. */
const origin = (page: Page) => page.evaluate(() => performance.timeOrigin);

/**
 * When the page wrote the message's final dot on its SMTP WebSocket (the one whose first frame out is EHLO),
 * and when the 250 for it came back.
 */
function finalDot(frames: readonly TapFrame[]): { sent: number; accepted: number } {
  const smtp = frames.find((f) => f.dir === 'out' && /^EHLO /.test(f.text))?.socket;
  const dot = frames.findIndex((f) => f.socket === smtp && f.dir === 'out' && f.text.endsWith('\r\n.\r\n'));
  const reply = frames
    .slice(dot + 1)
    .find((f) => f.socket === smtp && f.dir === 'in' && /^250[ -]/.test(f.text));
  if (dot < 0 || !reply) throw new Error('no 250 after the final dot on the SMTP socket');
  return { sent: frames[dot]!.t, accepted: reply.t };
}

function existsAt(frames: readonly TapFrame[]): number {
  const frame = frames.find((f) => f.dir === 'in' && / EXISTS\r\n/.test(f.text));
  if (!frame) throw new Error('no EXISTS reached the recipient');
  return frame.t;
}

try {
  const composeFirst: number[] = [];
  const composeWarm: number[] = [];
  const replyFirst: number[] = [];
  const replyWarm: number[] = [];
  const typing: number[] = [];
  let chunkBeforeOpen = true;
  let composerChunks: string[] = [];
  let signInFiles: string[] = [];
  for (let run = 0; run <= RUNS; run++) {
    const { page, requests, beforeSignIn } = await signedIn(DEMO_USER);
    const loaded = requests.length;
    const first = await openComposer(page);
    const composerRequests = requests
      .slice(loaded)
      .filter((url) => url.endsWith('.js') || url.endsWith('.css'));
    await closeComposer(page);
    const warm: number[] = [];
    for (let i = 0; i < (REPLY_ONLY ? 0 : 3); i++) {
      await page.waitForTimeout(SETTLE_MS);
      warm.push(await openComposer(page));
      await closeComposer(page);
    }
    const replies = [];
    for (let i = 0; i < 3; i++) replies.push(await replyToNewsletter(page, PROFILE && run > 0 && i > 0));
    if (run > 0) {
      composeFirst.push(first);
      composeWarm.push(...warm);
      replyFirst.push(replies[0]!.open);
      replyWarm.push(...replies.slice(1).map((r) => r.open));
      typing.push(...replies.flatMap((r) => r.typing));
      log(
        `run ${run}: compose ${ms(first)} first, ${warm.map(ms).join('/')}; reply ${replies.map((r) => ms(r.open)).join('/')} ms`,
      );
    } else {
      chunkBeforeOpen = requests.slice(0, loaded).some((url) => /compose-bundle/.test(url));
      composerChunks = composerRequests.map((url) => new URL(url).pathname);
      signInFiles = beforeSignIn.map((url) => new URL(url).pathname).filter((p) => /\.(js|css)$/.test(p));
    }
    await page.close();
  }

  log('send to an open INBOX in another tab');
  const recipient = await signedIn(BOB);
  const sender = await signedIn(DEMO_USER);
  const newFiles = join(dovecot.maildir('bob'), 'new');
  const split = {
    sender: [] as number[],
    accepted: [] as number[],
    postfix: [] as number[],
    dovecot: [] as number[],
    recipient: [] as number[],
  };
  const sendToInbox: number[] = [];
  for (let i = 0; i <= (REPLY_ONLY ? -1 : SAMPLES); i++) {
    const subject = `Bench ${i} ${Date.now().toString(36)}`;
    await sender.page.getByRole('listbox').focus();
    await sender.page.keyboard.press('c');
    const composerWindow = sender.page.locator('section.window');
    await composerWindow.waitFor();
    await composerWindow
      .getByRole('combobox', { name: 'To', exact: true })
      .fill(`bob@${dovecot.smtp!.domain}`);
    await composerWindow.getByRole('combobox', { name: 'To', exact: true }).press('Enter');
    await composerWindow.getByLabel('Subject').fill(subject);
    await sender.page.waitForTimeout(SETTLE_MS);
    let delivered = NaN;
    const watcher = watch(newFiles, () => {
      if (Number.isNaN(delivered)) delivered = Date.now();
    });
    await recipient.page.evaluate(
      ([s]) => (window as unknown as { __organize: OrganizePage }).__organize.watchArrival(s, 30_000),
      [subject] as const,
    );
    await startTap(sender.page);
    await startTap(recipient.page);
    await compose(sender.page).arm('pointerdown', '.dock .notice[role="status"]');
    await composerWindow.getByRole('button', { name: 'Send', exact: true }).click();
    const shown = await recipient.page.evaluate(() =>
      (window as unknown as { __organize: OrganizePage }).__organize.arrived(),
    );
    const clicked = await compose(sender.page).result();
    watcher.close();
    const [senderFrames, recipientFrames] = [await stopTap(sender.page), await stopTap(recipient.page)];
    const [a, b] = [await origin(sender.page), await origin(recipient.page)];
    const t0 = a + clicked.start;
    const dot = finalDot(senderFrames);
    const dotSent = a + dot.sent;
    const exists = b + existsAt(recipientFrames);
    const painted = b + shown.frame;
    if (i > 0) {
      sendToInbox.push(painted - t0);
      split.sender.push(dotSent - t0);
      split.postfix.push(delivered - dotSent);
      split.accepted.push(dot.accepted - dot.sent);
      split.dovecot.push(exists - delivered);
      split.recipient.push(painted - exists);
      log(
        `send ${i}: ${ms(painted - t0)} ms (app ${ms(dotSent - t0)}, postfix ${ms(delivered - dotSent)}, ` +
          `dovecot ${ms(exists - delivered)}, app ${ms(painted - exists)})`,
      );
    }
    void readTap;
  }

  const gzipKb = (paths: readonly string[]) =>
    Math.round(
      paths.reduce(
        (sum, path) =>
          sum + gzipSync(readFileSync(resolve(webRoot, 'dist', path.slice(1))), { level: 9 }).length,
        0,
      ) / 102.4,
    ) / 10;
  const result = {
    name: 'web-compose',
    date: new Date().toISOString(),
    environment: { chromium: browser.version(), node: process.version, runs: RUNS, samples: SAMPLES },
    inputToPaint: {
      composeOpenFirstMs: stats(composeFirst),
      composeOpenMs: stats(composeWarm),
      replyOpenFirstMs: stats(replyFirst),
      replyOpenMs: stats(replyWarm),
      typingMs: stats(typing),
      sendToInboxMs: stats(sendToInbox),
    },
    sendToInboxSplitMs: {
      /** Click -> the final dot written: the Drafts save, connecting through the relay, EHLO, AUTH, the data. */
      senderApp: stats(split.sender),
      /** The final dot -> its 250 back in the page (Postfix queued it; the relay both ways). */
      finalDotToAccepted: stats(split.accepted),
      /** The final dot -> the file in the recipient's Maildir (Postfix's queue and LMTP into Dovecot). */
      postfix: stats(split.postfix),
      dovecot: stats(split.dovecot),
      recipientApp: stats(split.recipient),
    },
    bundle: {
      composerLoadedBeforeFirstOpen: chunkBeforeOpen,
      /** What the first C fetched. */
      fetchedOnFirstOpen: composerChunks,
      /** The build's composer chunks (bundle-sizes.ts). */
      composerChunksGzipKb: lazySizes(built, webRoot).composerChunksGzipKb,
      signInFiles,
      signInGzipKb: gzipKb(signInFiles),
    },
    goals: GOALS,
    ...(PROFILE
      ? { replyOpenProfile: { bySelf: profileTotals.top(25), byTotal: profileTotals.top(40, 'total') } }
      : {}),
  };
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  const r = result.inputToPaint;
  if (PROFILE)
    for (const entry of [...profileTotals.top(25), ...profileTotals.top(40, 'total')])
      log(
        `  ${entry.selfMsPerOpen.toFixed(1).padStart(6)} self ${entry.totalMsPerOpen.toFixed(1).padStart(6)} total  ${entry.name}  ${entry.where}`,
      );
  log(
    `compose ${r.composeOpenMs.median} ms (first ${r.composeOpenFirstMs.median}; goal ${GOALS.composeOpen}), ` +
      `reply ${r.replyOpenMs.median} ms (first ${r.replyOpenFirstMs.median}; goal ${GOALS.replyOpen}), ` +
      `typing ${r.typingMs.median} ms (${GOALS.typing}), send to inbox ${r.sendToInboxMs.median} ms (${GOALS.sendToInbox}); ` +
      `composer ${result.bundle.composerChunksGzipKb} KB gzip, sign-in ${result.bundle.signInGzipKb} KB gzip -> ${out}`,
  );
} finally {
  await browser.close();
  await proxy.close();
  await dovecot.stop();
}
