// Sign-in, folder switch and scrolling, each from the trusted input to its first rows painted.
//
//   signInCold   a freshly started Chromium (cold HTTP cache, nothing compiled): the app is loaded, the form
//                filled, then pointerdown on "Sign in" -> INBOX's first row (the newest message by the server's
//                sort) painted. The visit before it gives the first visit's HTTP bytes.
//   signInWarm   the same in one Chromium, each time in a new tab (HTTP cache and compiled code warm).
//   switch       pointerdown on a folder in the tree -> its first row painted, INBOX and Big in turn (both of
//                the mailbox's size). The first switch of the tab (to Big, never opened in it) is `first`.
//   scroll5000   a wheel turn over the list that brings the 5,000th message into view -> its row painted
//   scrollOldest End on the list -> the oldest message's row painted. Both start from a folder just reopened,
//                so that the rows are not in the app's cache (as for a user who never scrolled there).

import type { BenchContext } from './context.ts';
import { MEASURE_TIMEOUT_MS, firstRowOf, labelOf, log, ms, openFolder } from './context.ts';
import { actionResult, sampleOf, type ActionResult, type Sample } from './results.ts';
import { Tab, type HttpBytes } from './tab.ts';
import type { Measured } from './tab.ts';
import { stats, type Stats } from '../stats.ts';
import { roundTripsOf } from './phases.ts';

export interface FirstVisit {
  readonly httpDown: Stats;
  readonly httpUp: Stats;
  readonly requests: number;
  /** Bytes down per file of the last visit. */
  readonly files: readonly { path: string; down: number }[];
  /** The sign-in page's first contentful paint and load event, ms from navigation start. */
  readonly firstPaint: Stats;
  readonly load: Stats;
}

/**
 * ms from the input to the completion of the first UID SORT the page sent (without SORT: of its UID FETCH of
 * every INTERNALDATE), the folder's order known.
 */
function sortReply(measured: Measured): number {
  // Without SORT (--variant courier) the order comes from every message's INTERNALDATE instead.
  const sort = roundTripsOf(measured.records.frames).find(
    (trip) =>
      trip.command === 'UID SORT' || (trip.command === 'UID FETCH' && trip.args === '1:* (UID INTERNALDATE)'),
  );
  return sort ? sort.done - measured.shown.input : NaN;
}

/**
 * ms from the input to the list's aria-busy going off for the last time before the app was quiet: the folder
 * open and its whole order known (without SORT, every date read and ordered on the client). NaN if the list
 * was not busy after the input (a folder shown again from the list kept for it).
 */
function ordered(measured: Measured): number {
  // At sign-in the list is made busy: its first recorded change is the one to not busy.
  const last = measured.records.listBusy.filter((change) => change.t >= measured.shown.input).at(-1);
  return last !== undefined && !last.busy ? last.t - measured.shown.input : NaN;
}

async function signIn(ctx: BenchContext, tab: Tab): Promise<Measured> {
  await tab.fillCredentials(ctx.mailbox.user);
  return tab.measure(
    { input: 'pointerdown', until: firstRowOf(ctx.inbox), timeoutMs: MEASURE_TIMEOUT_MS },
    () => tab.page.getByRole('button', { name: 'Sign in' }).click(),
  );
}

export async function signInCold(
  ctx: BenchContext,
): Promise<{ result: ActionResult; firstVisit: FirstVisit }> {
  const samples: Sample[] = [];
  const visits: { http: HttpBytes; firstPaint: number; load: number }[] = [];
  // The first Chromium of the run also warms the machine's file cache for Chromium itself: not counted.
  for (let i = 0; i <= ctx.samples; i++) {
    const tab = await Tab.launch(ctx.appUrl);
    try {
      const visit = await tab.visit();
      const measured = await signIn(ctx, tab);
      if (i === 0) continue;
      visits.push(visit);
      const sample = sampleOf(measured, { sortReply: sortReply(measured), ordered: ordered(measured) });
      samples.push(sample);
      log(
        `  cold sign-in ${i}: ${ms(sample.inputToPaint)} ms; first visit ${visit.http.down} B down, ` +
          `${visit.http.requests} requests`,
      );
    } finally {
      await tab.close();
    }
  }
  const firstVisit: FirstVisit = {
    httpDown: stats(visits.map((v) => v.http.down)),
    httpUp: stats(visits.map((v) => v.http.up)),
    requests: visits[0]?.http.requests ?? 0,
    files: visits[visits.length - 1]?.http.files ?? [],
    firstPaint: stats(visits.map((v) => v.firstPaint)),
    load: stats(visits.map((v) => v.load)),
  };
  return { result: actionResult(samples), firstVisit };
}

export async function signInWarm(ctx: BenchContext): Promise<ActionResult> {
  const tab = await Tab.launch(ctx.appUrl);
  const samples: Sample[] = [];
  try {
    for (let i = 0; i <= ctx.samples; i++) {
      // Sample 0 fills the HTTP cache: the cold case, measured apart.
      if (i > 0) await tab.newPage();
      await tab.visit();
      const measured = await signIn(ctx, tab);
      if (i === 0) continue;
      const sample = sampleOf(measured, { sortReply: sortReply(measured), ordered: ordered(measured) });
      samples.push(sample);
      log(`  warm sign-in ${i}: ${ms(sample.inputToPaint)} ms`);
    }
  } finally {
    await tab.close();
  }
  return actionResult(samples);
}

/** A tab of a freshly started Chromium, signed in, INBOX shown and the app quiet. */
export async function signedInTab(ctx: BenchContext): Promise<Tab> {
  const tab = await Tab.launch(ctx.appUrl);
  await tab.visit();
  await signIn(ctx, tab);
  return tab;
}

export async function switchFolder(ctx: BenchContext, tab: Tab): Promise<ActionResult> {
  let first: Sample | null = null;
  const samples: Sample[] = [];
  for (let i = 0; i <= ctx.samples; i++) {
    const folder = i % 2 === 0 ? ctx.big : ctx.inbox;
    const measured = await tab.measure(
      { input: 'pointerdown', until: firstRowOf(folder), timeoutMs: MEASURE_TIMEOUT_MS },
      () => tab.page.locator(`[role="treeitem"][data-path="${folder.path}"]`).click(),
    );
    const sample = sampleOf(measured, { sortReply: sortReply(measured), ordered: ordered(measured) });
    if (i === 0) first = sample;
    else samples.push(sample);
    log(`  switch to ${labelOf(folder.path)} ${i === 0 ? '(first)' : i}: ${ms(sample.inputToPaint)} ms`);
  }
  // The rest of the measures start in INBOX.
  if (ctx.samples % 2 === 0) await openFolder(tab, ctx.inbox);
  return actionResult(samples, first);
}

/** Pixels of one row and of the list's view. */
async function listGeometry(tab: Tab): Promise<{ row: number; view: number }> {
  return tab.page.evaluate(() => {
    const box = document.querySelector<HTMLElement>('[role="listbox"]');
    const row = document.getElementById('message-row-0');
    return { row: row?.getBoundingClientRect().height ?? 0, view: box?.clientHeight ?? 0 };
  });
}

export async function scroll(
  ctx: BenchContext,
  tab: Tab,
): Promise<{ to5000: ActionResult | null; oldest: ActionResult }> {
  const page = tab.page;
  const { order } = ctx.inbox;
  const oldestUid = order[order.length - 1];
  const uid5000 = order[4999];
  if (oldestUid === undefined) throw new Error('INBOX is empty');
  const firsts: { to5000: Sample | null; oldest: Sample | null } = { to5000: null, oldest: null };
  const to5000: Sample[] = [];
  const oldest: Sample[] = [];
  for (let i = 0; i <= ctx.samples; i++) {
    // Reopened: the rows down there are not in the app's cache.
    await openFolder(tab, ctx.big);
    await openFolder(tab, ctx.inbox);
    if (uid5000 !== undefined) {
      const { row, view } = await listGeometry(tab);
      const box = await page.getByRole('listbox').boundingBox();
      if (!box || row === 0) throw new Error('no list to scroll');
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      // One wheel turn that puts row 5,000 in the middle of the view (Chromium scrolls it at once here).
      const delta = Math.round(4999 * row - view / 2 + row / 2);
      const measured = await tab.measure(
        { input: 'wheel', until: { kind: 'row', index: 4999, uid: uid5000 }, timeoutMs: MEASURE_TIMEOUT_MS },
        () => page.mouse.wheel(0, delta),
      );
      const sample = sampleOf(measured);
      if (i === 0) firsts.to5000 = sample;
      else to5000.push(sample);
      log(`  scroll to the 5,000th ${i === 0 ? '(first)' : i}: ${ms(sample.inputToPaint)} ms`);
    }
    await page.getByRole('listbox').focus();
    const measured = await tab.measure(
      {
        input: 'keydown',
        key: 'End',
        until: { kind: 'row', index: order.length - 1, uid: oldestUid },
        timeoutMs: MEASURE_TIMEOUT_MS,
      },
      () => page.keyboard.press('End'),
    );
    const sample = sampleOf(measured);
    if (i === 0) firsts.oldest = sample;
    else oldest.push(sample);
    log(`  End to the oldest ${i === 0 ? '(first)' : i}: ${ms(sample.inputToPaint)} ms`);
  }
  // Back at the top for what follows.
  await page.keyboard.press('Home');
  await tab.settled();
  return {
    to5000: uid5000 === undefined ? null : actionResult(to5000, firsts.to5000),
    oldest: actionResult(oldest, firsts.oldest),
  };
}
