// The organize bench's four measures, each a loop of user actions in one signed-in tab (organize.ts says what
// each one times). Every sample is timed in the page (organize-page.ts) and split by the page's IMAP traffic
// (ws-tap.ts); what the app showed is checked on the server afterwards (organize-fixture.ts).

import { randomUUID } from 'node:crypto';
import type { RawImap } from '@webmail/testbed';
import type { Page } from 'playwright-core';
import { SETTLE_MS, inPage, log, ms, openFolder, pageClock } from './organize-app.ts';
import type { OrganizeFixture, OrganizeFolders } from './organize-fixture.ts';
import { arrivalOf, commandsSent, completionOf, describeTraffic, readTap, roundTrip } from './ws-tap.ts';
import { startTap, stopTap } from './ws-tap.ts';

export interface MeasureContext {
  readonly page: Page;
  /** Measured samples of each kind (after a warm-up where there is one). */
  readonly runs: number;
  readonly folders: OrganizeFolders;
  readonly fixture: OrganizeFixture;
  /** Drops a message into INBOX as an MTA does (the testbed's deliver()). */
  readonly deliver: (raw: Buffer) => Promise<void>;
  /** A new IMAP session as the user, beside the app's. */
  readonly connect: () => Promise<RawImap>;
  /** Log each search's IMAP traffic (ORGANIZE_TRACE=1). */
  readonly trace: boolean;
}

/** SearchState's DEBOUNCE_MS (search.svelte.ts). */
export const DEBOUNCE_MS = 250;

// --- new mail ----------------------------------------------------------------------------------------------

export interface ArrivalSamples {
  /** Delivery started (Node) -> the frame with its row (page). */
  shown: number[];
  /** Delivery started -> the frame bringing the EXISTS to the page. */
  existsInPage: number[];
  /** The most the shared clock could be off (half the page read's round trip). */
  clockErrorMax: number;
}

function arrivalMessage(subject: string): Buffer {
  return Buffer.from(
    `Date: ${new Date().toUTCString().replace('GMT', '+0000')}\r\n` +
      `From: Bench <bench@example.org>\r\nTo: Demo User <demo@testbed.example>\r\n` +
      `Subject: ${subject}\r\nMessage-ID: <${randomUUID()}@bench.example>\r\n` +
      `MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nA new message.\r\n`,
  );
}

/** INBOX is open (IDLE running): runs + 1 deliveries the given way, the first not counted. */
export async function newMail(context: MeasureContext, via: 'deliver' | 'append'): Promise<ArrivalSamples> {
  const { page } = context;
  const appender = via === 'append' ? await context.connect() : null;
  const samples: ArrivalSamples = { shown: [], existsInPage: [], clockErrorMax: 0 };
  for (let run = 0; run <= context.runs; run++) {
    const subject = `Bench arrival ${via} ${run} ${randomUUID().slice(0, 8)}`;
    const raw = arrivalMessage(subject);
    await inPage(page).watchArrival(subject, 30_000);
    await startTap(page);
    const clock = await pageClock(page);
    const sent = performance.now();
    // LITERAL+ (RFC 7888): the message follows the command at once.
    if (appender)
      await appender.ok(Buffer.concat([Buffer.from(`APPEND INBOX () {${raw.length}+}\r\n`), raw]));
    else await context.deliver(raw);
    const shown = await inPage(page).arrived();
    const frames = await stopTap(page);
    const sentOnPage = clock.toPage(sent);
    const exists = frames.find((f) => f.dir === 'in' && f.t >= sentOnPage && / EXISTS\r\n/.test(f.text));
    const existsAt = exists ? exists.t - sentOnPage : NaN;
    if (run > 0) {
      samples.shown.push(shown.frame - sentOnPage);
      samples.existsInPage.push(existsAt);
      samples.clockErrorMax = Math.max(samples.clockErrorMax, clock.error);
      log(`new mail (${via}) ${run}: row ${ms(shown.frame - sentOnPage)} ms, EXISTS ${ms(existsAt)} ms`);
    }
    await page.waitForTimeout(SETTLE_MS);
  }
  if (appender) {
    await appender.ok('LOGOUT').catch(() => undefined);
    appender.close();
  }
  return samples;
}

// --- flag round trip ---------------------------------------------------------------------------------------

export interface FlagSamples {
  uid: number;
  /** S -> the frame painting the row's flag. */
  paint: number[];
  /** S -> the DOM showing it (the app's own work, before the frame). */
  dom: number[];
  /** S -> the UID STORE's tagged OK in the page. */
  confirm: number[];
  /** S -> IDLE's tagged OK (after the app's DONE): the STORE waits for it. */
  idleExit: number[];
  /** S -> the UID STORE sent. */
  storeSent: number[];
  /** UID STORE sent -> its tagged OK. */
  storeServer: number[];
  /** The server has the flag as the row showed it last. */
  verified: boolean;
}

/** Resolves once the page's traffic has the tagged completion of its first UID STORE (10 s at most). */
async function storeCompleted(page: Page): Promise<void> {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await page.waitForTimeout(20)) {
    const frames = await readTap(page);
    const store = commandsSent(frames, 'UID STORE')[0];
    if (store && completionOf(frames, store)) return;
  }
}

/** S on the cursor row (row 0) of `folder`: flag, unflag, and so on; the first pair warms up. */
export async function flagRoundTrip(context: MeasureContext, folder: string): Promise<FlagSamples> {
  const { page } = context;
  await openFolder(page, folder);
  const uid = await page.evaluate(() => Number(document.getElementById('message-row-0')?.dataset.uid ?? 0));
  let flagged = await page.evaluate(
    () => document.querySelector('#message-row-0 .flag-toggle')?.classList.contains('on') === true,
  );
  const samples: FlagSamples = {
    uid,
    paint: [],
    dom: [],
    confirm: [],
    idleExit: [],
    storeSent: [],
    storeServer: [],
    verified: false,
  };
  for (let i = 0; i < 2 * (context.runs + 1); i++) {
    const want = !flagged;
    await startTap(page);
    const shown = await inPage(page).flag(uid, want);
    await storeCompleted(page);
    const frames = await stopTap(page);
    const store = roundTrip(frames, 'UID STORE');
    const socket = commandsSent(frames, 'UID STORE')[0]?.socket ?? 0;
    const idleOk = arrivalOf(frames, socket, /\S+ OK Idle/i, shown.start);
    flagged = want;
    if (i >= 2) {
      samples.paint.push(shown.frame - shown.start);
      samples.dom.push(shown.seen - shown.start);
      samples.confirm.push(store.done - shown.start);
      samples.idleExit.push(idleOk ? idleOk.t - shown.start : NaN);
      samples.storeSent.push(store.sent - shown.start);
      samples.storeServer.push(store.done - store.sent);
      log(
        `${folder}: flag ${want ? 'on' : 'off'} painted ${ms(shown.frame - shown.start)} ms, ` +
          `confirmed ${ms(store.done - shown.start)} ms (UID STORE sent at ${ms(store.sent - shown.start)})`,
      );
    }
    await page.waitForTimeout(SETTLE_MS);
  }
  samples.verified = (await context.fixture.flaggedOnServer(folder, uid)) === flagged;
  return samples;
}

// --- search ------------------------------------------------------------------------------------------------

export interface SearchSample {
  /** Enter (or the input event) -> the frame with the first screen of matches. */
  total: number;
  /** Enter (or the input event) -> the UID SORT with the word sent. */
  beforeSort: number;
  /** UID SORT sent -> its tagged OK: the server's search. */
  sortServer: number;
  /** The first UID FETCH of rows after the SORT, sent -> OK (0 when every row shown was cached). */
  rowsServer: number;
  /**
   * The SORT's OK -> that UID FETCH sent (0 when none). The app goes back into IDLE as soon as the SORT is
   * answered, so the FETCH waits for Dovecot's "+ idling" before it can send DONE, and then for IDLE's OK.
   */
  rowsSentAfterSort: number;
  /** The SORT's OK -> Dovecot's "+ idling" for the IDLE the app sent right after it (NaN when none). */
  idlingAfterSort: number;
  /** The SORT's OK -> the frame. */
  afterSort: number;
}

export interface SearchSamples {
  first: SearchSample & { word: string };
  newWord: SearchSample[];
  repeat: SearchSample[];
  fromInput: SearchSample[];
  /** Matches of each word as the list counted them (aria-setsize). */
  matches: Record<string, number>;
  /** Each count is the server's. */
  verified: boolean;
}

/** The Subject field in the search options (the options panel stays open for the rest of the tab). */
async function chooseSubjectField(page: Page): Promise<void> {
  const options = page.locator('[role="search"] button[aria-label="Search options"]');
  if ((await options.getAttribute('aria-expanded')) !== 'true') await options.click();
  await page.locator('[role="search"] select').selectOption('subject');
  await page.waitForTimeout(DEBOUNCE_MS + SETTLE_MS);
}

/**
 * In `folder` (`count` messages), with `words` (each finding messages of its own): the folder's first search
 * (Dovecot has not read its subjects yet); then words not searched before (Dovecot has every subject in its
 * cache now, but the matches' rows are new to the app, and their envelopes and structures may be new to
 * Dovecot's cache); then words searched before (their rows cached by the app); then the same from the input
 * event alone, the debounce included.
 */
export async function searchFolder(
  context: MeasureContext,
  folder: string,
  count: number,
  words: readonly string[],
): Promise<SearchSamples> {
  const { page, runs } = context;
  await openFolder(page, folder);
  await chooseSubjectField(page);
  const matches: Record<string, number> = {};
  const once = async (word: string, trigger: 'enter' | 'input'): Promise<SearchSample> => {
    await startTap(page);
    const shown = await inPage(page).search(word, trigger, 300_000);
    const frames = await stopTap(page);
    if (context.trace)
      log(`${describeTraffic(frames, shown.start)}\n${ms(shown.frame - shown.start).padStart(8)} frame`);
    const sort = roundTrip(frames, 'UID SORT');
    const rows = commandsSent(frames, 'UID FETCH').find((command) => command.t >= sort.done);
    const rowsDone = rows ? completionOf(frames, rows) : null;
    const socket = commandsSent(frames, 'UID SORT')[0]?.socket ?? 0;
    const idling = arrivalOf(frames, socket, /\+ idling/, sort.done);
    matches[word] = shown.matches;
    await inPage(page).clearSearch(count);
    await page.waitForTimeout(SETTLE_MS);
    return {
      total: shown.frame - shown.start,
      beforeSort: sort.sent - shown.start,
      sortServer: sort.done - sort.sent,
      rowsServer: rows && rowsDone ? rowsDone.t - rows.t : 0,
      rowsSentAfterSort: rows ? rows.t - sort.done : 0,
      idlingAfterSort: idling ? idling.t - sort.done : NaN,
      afterSort: shown.frame - sort.done,
    };
  };
  const line = (sample: SearchSample) =>
    `${ms(sample.total)} ms (SORT ${ms(sample.sortServer)}, rows ${ms(sample.rowsServer)})`;
  const [firstWord = 'audit', ...newWords] = words;
  const first = { word: firstWord, ...(await once(firstWord, 'enter')) };
  log(`${folder}: first search ${line(first)}`);
  const samples: SearchSamples = { first, newWord: [], repeat: [], fromInput: [], matches, verified: false };
  for (const word of newWords.slice(0, runs)) samples.newWord.push(await once(word, 'enter'));
  log(`${folder}: new words ${samples.newWord.map(line).join(', ')}`);
  const searched = Object.keys(matches);
  const again = (run: number) => searched[run % searched.length] ?? firstWord;
  for (let run = 0; run < runs; run++) samples.repeat.push(await once(again(run), 'enter'));
  log(`${folder}: again ${samples.repeat.map(line).join(', ')}`);
  for (let run = 0; run < runs; run++) samples.fromInput.push(await once(again(run), 'input'));
  log(`${folder}: from the input event ${samples.fromInput.map(line).join(', ')}`);
  let verified = true;
  for (const word of searched)
    verified &&= (await context.fixture.subjectMatches(folder, word)) === matches[word];
  samples.verified = verified;
  return samples;
}

// --- bulk move ---------------------------------------------------------------------------------------------

export interface MoveSamples {
  /** The click on the Move menu's item -> the frame with the list empty and the bulk bar gone. */
  total: number[];
  /** Click -> the first UID MOVE sent. */
  beforeFirstCommand: number[];
  /** Each UID MOVE sent -> its tagged OK, summed. */
  server: number[];
  /** Each tagged OK -> the next UID MOVE sent, summed: the app taking in a batch's EXPUNGEs. */
  betweenBatches: number[];
  /** The last tagged OK -> the frame. */
  afterLastOk: number[];
  /** Click -> the bulk progress bar in the DOM. */
  progressShown: number[];
  /** Click -> the list first shorter (the first batch's EXPUNGEs taken in). */
  firstRowsGone: number[];
  batches: number;
  /** Every move's messages are in the destination and none in the source. */
  verified: boolean;
}

/** In each source folder: Ctrl+A, the Move menu, the destination's item; the first run warms up. */
export async function bulkMove(context: MeasureContext): Promise<MoveSamples> {
  const { page, folders, fixture } = context;
  const samples: MoveSamples = {
    total: [],
    beforeFirstCommand: [],
    server: [],
    betweenBatches: [],
    afterLastOk: [],
    progressShown: [],
    firstRowsGone: [],
    batches: 0,
    verified: true,
  };
  for (const [run, source] of folders.bulkFrom.entries()) {
    await openFolder(page, source);
    await page.evaluate(() => {
      const box = document.querySelector<HTMLElement>('[role="listbox"]');
      box?.focus();
      box?.dispatchEvent(
        new KeyboardEvent('keydown', { key: 'a', ctrlKey: true, bubbles: true, cancelable: true }),
      );
    });
    await page.waitForFunction(
      () => document.querySelector<HTMLInputElement>('[role="toolbar"] .select-all input')?.checked === true,
    );
    await page.locator('[role="toolbar"] button[aria-label="Move to…"]').click();
    await page.locator(`[role="menu"] [role="menuitem"][title="${folders.bulkTo}"]`).waitFor();
    await startTap(page);
    const shown = await inPage(page).move(folders.bulkTo, 300_000);
    const frames = await stopTap(page);
    const moves = commandsSent(frames, 'UID MOVE').map((_, i) => roundTrip(frames, 'UID MOVE', i));
    const first = moves[0];
    const last = moves[moves.length - 1];
    if (!first || !last) throw new Error('no UID MOVE in the page traffic');
    const server = moves.reduce((sum, move) => sum + (move.done - move.sent), 0);
    const gaps = moves
      .slice(1)
      .reduce((sum, move, i) => sum + (move.sent - (moves[i]?.done ?? move.sent)), 0);
    const moved =
      (await fixture.messagesIn(folders.bulkTo)) === folders.bulkSize &&
      (await fixture.messagesIn(source)) === 0;
    samples.verified &&= moved;
    samples.batches = moves.length;
    if (run > 0) {
      samples.total.push(shown.frame - shown.start);
      samples.beforeFirstCommand.push(first.sent - shown.start);
      samples.server.push(server);
      samples.betweenBatches.push(gaps);
      samples.afterLastOk.push(shown.frame - last.done);
      samples.progressShown.push(shown.progress === null ? NaN : shown.progress - shown.start);
      samples.firstRowsGone.push(shown.firstGone === null ? NaN : shown.firstGone - shown.start);
    }
    log(
      `move ${folders.bulkSize} (${run === 0 ? 'warm-up' : `run ${run}`}): ${ms(shown.frame - shown.start)} ms, ` +
        `${moves.length} UID MOVEs, server ${ms(server)} ms, gaps ${ms(gaps)} ms, first sent at ` +
        `${ms(first.sent - shown.start)}, after the last OK ${ms(shown.frame - last.done)} ms` +
        (moved ? '' : ' (NOT all moved on the server)'),
    );
    await fixture.empty(folders.bulkTo);
    await page.waitForTimeout(SETTLE_MS);
  }
  return samples;
}
