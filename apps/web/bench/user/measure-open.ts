// Opening a message: pointerdown on its row -> its body painted. Plain text, GBK, KOI8-R and the one with a 2 MB
// attachment end when their text body shows the expected (decoded) text; the 100 KB newsletter ends inside its
// mail frame.
//
// The end of an HTML open is the mail frame's first paint of the body (../frame-paint.ts: its first contentful
// paint for a new document; Element Timing of the body's text for the reading pane's kept frame, whose next
// body is posted to the document already there), a presentation time put on the app's clock through both
// documents' performance.timeOrigin; or the app's own painted frame (the article shown, its frame given the
// body), if that is later.

// Round 0 is each kind's first open in the tab (`first`): the message is unread, so the app also sends its
// UID STORE +FLAGS (\Seen) (after the body is shown: in the bytes and round trips, not the time), and the plain
// one, the tab's first open, starts the parser worker. The warm samples open the same messages again, read: the
// bench does not take \Seen off behind the app's back, because in a Maildir of 100,000 messages that rename makes
// the app's next FETCH of the body wait 0.6-1.2 s for Dovecot to find the file again (it reads cur/ anew), a cost
// of the bench, not of opening mail. Each open fetches the message afresh (the reader keeps no cache).

import type { Page } from 'playwright-core';
import { framePaintSince } from '../frame-paint.ts';
import type { BenchContext } from './context.ts';
import { MEASURE_TIMEOUT_MS, clickRow, log, ms } from './context.ts';
import type { OpenKind, OpenTarget } from './mailbox.ts';
import { actionResult, sampleOf, type ActionResult, type Sample } from './results.ts';
import type { Tab } from './tab.ts';

export const OPEN_KINDS: readonly OpenKind[] = ['plain', 'gbk', 'koi8r', 'attachment', 'newsletter'];

const READY = 'section[aria-label="Message"] .reader[data-status="ready"]';
/** How long the frame's paint timing is waited for: a hang guard. */
const FRAME_PAINT_TIMEOUT_MS = 5_000;

/** The page time of the mail frame's first paint of the body after `since` (page time), and the text it shows. */
async function framePaint(
  page: Page,
  uid: number,
  origin: number,
  since: number,
): Promise<{ t: number; text: string }> {
  const element = await page
    .locator(`${READY} article.message[data-uid="${uid}"] iframe.mail-frame`)
    .elementHandle();
  const frame = await element?.contentFrame();
  if (!frame) throw new Error(`no mail frame for ${uid}`);
  for (
    const deadline = Date.now() + FRAME_PAINT_TIMEOUT_MS;
    Date.now() < deadline;
    await page.waitForTimeout(20)
  ) {
    const painted = await framePaintSince(frame, origin + since);
    if (painted !== null) return { t: painted.at - origin, text: await frame.locator('body').innerText() };
  }
  throw new Error(`the mail frame of ${uid} never painted`);
}

/** Resolves once the app shows `uid`'s row read. */
async function rowRead(tab: Tab, uid: number): Promise<void> {
  await tab.page.waitForFunction(
    (uid) =>
      document
        .querySelector(`[role="listbox"] [role="option"][data-uid="${uid}"]`)
        ?.classList.contains('unread') === false,
    uid,
    { timeout: 30_000 },
  );
}

async function openOnce(tab: Tab, target: OpenTarget): Promise<Sample> {
  const until =
    target.body === 'frame'
      ? ({ kind: 'frame', uid: target.uid } as const)
      : ({ kind: 'text', uid: target.uid, snippet: target.snippet } as const);
  const measured = await tab.measure({ input: 'pointerdown', until, timeoutMs: MEASURE_TIMEOUT_MS }, () =>
    clickRow(tab, target.uid),
  );
  if (target.body === 'text') return sampleOf(measured);
  const paint = await framePaint(tab.page, target.uid, measured.shown.origin, measured.shown.input);
  if (!paint.text.includes(target.snippet)) throw new Error(`the mail frame shows no "${target.snippet}"`);
  return sampleOf(measured, { appPainted: measured.shown.painted - measured.shown.input }, paint.t);
}

/** Each kind opened `samples` + 1 times, in turn; the first round is `first`. */
export async function openMessages(ctx: BenchContext, tab: Tab): Promise<Map<OpenKind, ActionResult>> {
  const first = new Map<OpenKind, Sample>();
  const warm = new Map<OpenKind, Sample[]>(OPEN_KINDS.map((kind) => [kind, []]));
  for (let round = 0; round <= ctx.samples; round++) {
    for (const kind of OPEN_KINDS) {
      const target = ctx.mailbox.targets.get(kind);
      if (!target) throw new Error(`no ${kind} message`);
      const sample = await openOnce(tab, target);
      // The app's own \Seen (its STORE's echo) has landed.
      await rowRead(tab, target.uid);
      if (round === 0) first.set(kind, sample);
      else warm.get(kind)?.push(sample);
      log(`  open ${kind} ${round === 0 ? '(first)' : round}: ${ms(sample.inputToPaint)} ms`);
    }
  }
  return new Map(
    OPEN_KINDS.map((kind) => [kind, actionResult(warm.get(kind) ?? [], first.get(kind) ?? null)]),
  );
}
