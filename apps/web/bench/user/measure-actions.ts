// Quick search and the list's one-key actions, each from the trusted key to its result painted.
//
//   search      a subject word typed into the search box as a person types it, then Enter (t0) -> every row
//               of the first screen a match with the word in its subject. The box's default field ('all':
//               sender, recipients, subject, then the text) shows the header matches first, which is what is
//               timed; `complete` is when the last command of the search (the full answer's sort or rows)
//               completed. Escape clears it between samples. Each sample searches a word not searched before
//               when the mailbox has enough; the first search of the session is `first` (Dovecot reads every
//               message for it).
//   flag        S with a message open -> its row's flag painted; `stored` is the UID STORE's tagged OK in the
//               page
//   read        U with a message open -> its row's unread mark painted (on and off in turn); `stored` likewise
//   move        Delete with a message open -> its row gone (painted); `stored` is the UID MOVE's OK. The
//               bench's session moves the message back from Trash after each sample.
// The keys act on the open message (or the selection), so the message is opened with a click first, as a
// person reading it would have it.

import type { BenchContext } from './context.ts';
import { MEASURE_TIMEOUT_MS, log, ms, openAt } from './context.ts';
import { roundTripsOf } from './phases.ts';
import { actionResult, sampleOf, type ActionResult, type Sample } from './results.ts';
import type { Measured, Tab } from './tab.ts';

/** Display index of the row the one-key actions work on: below the bench's opened messages, a generated one. */
const ACTION_ROW = 7;

/** The UIDs of the messages the open measures use: never flagged, marked or moved here. */
function benchMessages(ctx: BenchContext): Set<number> {
  return new Set([...ctx.mailbox.targets.values()].map((target) => target.uid));
}

/** ms from the input to the completion of the first `command` the page sent (NaN if none). */
function completed(measured: Measured, command: string): number {
  const trip = roundTripsOf(measured.records.frames).find((t) => t.command === command);
  return trip ? trip.done - measured.shown.input : NaN;
}

/** ms from the input to the last completion of a command sent after it (the action's last round trip). */
function lastCompletion(measured: Measured): number {
  const trips = roundTripsOf(measured.records.frames).filter(
    (t) => t.sent >= measured.shown.input && t.command !== 'IDLE' && t.command !== 'DONE',
  );
  const last = trips.reduce((latest, t) => Math.max(latest, t.done - measured.shown.input), -Infinity);
  return Number.isFinite(last) ? last : NaN;
}

export async function search(ctx: BenchContext, tab: Tab): Promise<ActionResult> {
  const page = tab.page;
  const words = await ctx.mailbox.searchWords(ctx.inbox.path);
  if (words.length === 0) throw new Error('no search word finds anything');
  const rows = await page.evaluate(() => {
    const box = document.querySelector<HTMLElement>('[role="listbox"]');
    const row = box?.querySelector('[role="option"]');
    if (!box || !row) throw new Error('no list rows to measure');
    return Math.max(1, Math.floor(box.clientHeight / row.getBoundingClientRect().height));
  });
  const box = page.getByRole('searchbox');
  let first: Sample | null = null;
  const samples: Sample[] = [];
  for (let i = 0; i <= ctx.samples; i++) {
    const { word, matches } = words[i % words.length] ?? { word: '', matches: 0 };
    await box.click();
    await page.keyboard.type(word);
    const measured = await tab.measure(
      {
        input: 'keydown',
        key: 'Enter',
        until: { kind: 'search', word, rows },
        timeoutMs: MEASURE_TIMEOUT_MS,
      },
      () => page.keyboard.press('Enter'),
    );
    // The full answer (subject, sender, recipients or text) holds at least the subject matches.
    const shown = await page.evaluate(() =>
      Number(document.getElementById('message-row-0')?.getAttribute('aria-setsize') ?? 0),
    );
    if (shown < matches)
      throw new Error(`"${word}" lists ${shown} messages; the server has ${matches} by subject`);
    const sample = sampleOf(measured, { complete: lastCompletion(measured) });
    if (i === 0) first = sample;
    else samples.push(sample);
    log(`  search "${word}" ${i === 0 ? '(first)' : i}: ${ms(sample.inputToPaint)} ms, ${shown} listed`);
    await box.press('Escape');
    await page.waitForFunction(
      ({ uid, count }) => {
        const row = document.getElementById('message-row-0');
        return (
          row?.getAttribute('data-uid') === String(uid) && row.getAttribute('aria-setsize') === String(count)
        );
      },
      { uid: ctx.inbox.order[0], count: ctx.inbox.order.length },
      { timeout: 60_000 },
    );
    await tab.settled();
  }
  return actionResult(samples, first);
}

/** S (flag) or U (read) with a message open, on and off in turn; checked on the server at the end. */
export async function toggle(ctx: BenchContext, tab: Tab, what: 'flag' | 'read'): Promise<ActionResult> {
  const page = tab.page;
  const uid = await openAt(tab, ACTION_ROW, benchMessages(ctx));
  const key = what === 'flag' ? 's' : 'u';
  const flag = what === 'flag' ? '\\Flagged' : '\\Seen';
  let on = (await ctx.mailbox.flagsOf(ctx.inbox.path, uid)).includes(flag);
  let first: Sample | null = null;
  const samples: Sample[] = [];
  for (let i = 0; i <= ctx.samples; i++) {
    on = !on;
    const until =
      what === 'flag' ? ({ kind: 'flag', uid, on } as const) : ({ kind: 'read', uid, seen: on } as const);
    const measured = await tab.measure({ input: 'keydown', key, until, timeoutMs: MEASURE_TIMEOUT_MS }, () =>
      page.keyboard.press(key),
    );
    const sample = sampleOf(measured, { stored: completed(measured, 'UID STORE') });
    if (i === 0) first = sample;
    else samples.push(sample);
    log(
      `  ${what} ${on ? 'on' : 'off'} ${i === 0 ? '(first)' : i}: painted ${ms(sample.inputToPaint)} ms, ` +
        `stored ${ms(sample.extra.stored ?? NaN)} ms`,
    );
  }
  const stored = (await ctx.mailbox.flagsOf(ctx.inbox.path, uid)).includes(flag);
  if (stored !== on)
    throw new Error(`the server has ${flag} ${stored ? 'set' : 'unset'} on ${uid}, the app showed ${on}`);
  return actionResult(samples, first);
}

/** Delete with a message open (a move to Trash), then the message moved back behind the app's back. */
export async function move(ctx: BenchContext, tab: Tab): Promise<ActionResult> {
  const page = tab.page;
  let first: Sample | null = null;
  const samples: Sample[] = [];
  for (let i = 0; i <= ctx.samples; i++) {
    const uid = await openAt(tab, ACTION_ROW, benchMessages(ctx));
    const trashNext = await ctx.mailbox.uidNext('Trash');
    const measured = await tab.measure(
      { input: 'keydown', key: 'Delete', until: { kind: 'gone', uid }, timeoutMs: MEASURE_TIMEOUT_MS },
      () => page.keyboard.press('Delete'),
    );
    const sample = sampleOf(measured, { stored: completed(measured, 'UID MOVE') });
    if (i === 0) first = sample;
    else samples.push(sample);
    log(
      `  move ${i === 0 ? '(first)' : i}: painted ${ms(sample.inputToPaint)} ms, ` +
        `stored ${ms(sample.extra.stored ?? NaN)} ms`,
    );
    const moved = await ctx.mailbox.moveBack('Trash', trashNext, ctx.inbox.path);
    if (moved !== 1) throw new Error(`Trash got ${moved} messages from one Delete`);
    await page.waitForFunction(
      (count) => document.getElementById('message-row-0')?.getAttribute('aria-setsize') === String(count),
      ctx.inbox.order.length,
      { timeout: 30_000 },
    );
    await tab.settled();
  }
  return actionResult(samples, first);
}
