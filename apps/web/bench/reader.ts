// The reader part of the web bench: opening a plain text message, a GBK message and the ~100 KB HTML
// newsletter, each timed inside the page from the click on its row to the animation frame in which its body is
// on screen (the text body in the DOM; for HTML, the mail frame's document loaded and painted: see openTimed).
//
// Every sample opens an unread message, as a person opening new mail does (the open sends its UID STORE
// +FLAGS (\Seen), whose FETCH echo re-renders the row). The messages are UID COPYs of the corpus messages into
// a folder of the bench's own; between samples the bench's own IMAP connection takes \Seen off again, and the
// app learns of it from the untagged FETCH that comes with its next command (opening a read "spacer" message),
// so the row is bold again before the next click. The first open of each kind in a fresh tab is kept apart
// from the warm ones: the very first (the plain message) includes starting the parser worker (fetching and
// compiling postal-mime), the first GBK message its first non-UTF-8 decode, the first newsletter the
// sanitizer's first run.

import { buildCorpus, encodeMailboxName, quoted, type CorpusMessage, type RawImap } from '@webmail/testbed';
import type { Page } from 'playwright-core';
import { framePaintSince } from './frame-paint.ts';

/** The bench's folder of copies. */
export const READER_FOLDER = 'BenchReader';

export type ReaderKind = 'plain' | 'gbk' | 'newsletter';

/** What is opened: corpus ids, and how its body shows. */
const TARGETS: readonly { kind: ReaderKind; id: string; body: 'text' | 'frame' }[] = [
  { kind: 'plain', id: 'today-standup', body: 'text' },
  // Foxmail's raw 8-bit GBK Subject and From, an 8bit GBK body.
  { kind: 'gbk', id: 'gbk-raw-8bit-subject', body: 'text' },
  { kind: 'newsletter', id: 'newsletter-100kb', body: 'frame' },
];
/** A read text message opened between samples. */
const SPACER_ID = 'thread-03';
/** Quiet time before each click. */
const SETTLE_MS = 150;

interface Copy {
  readonly corpus: CorpusMessage;
  readonly uid: number;
  readonly body: 'text' | 'frame';
}

export interface ReaderSession {
  /** The first open of each kind in a fresh tab (plain: the first open of all, with the worker's start). */
  readonly first: Record<ReaderKind, number>;
  /** Later opens, each of an unread message, with everything warm. */
  readonly warm: Record<ReaderKind, number[]>;
}

const corpus = buildCorpus();

function corpusMessage(id: string): CorpusMessage {
  const message = corpus.find((m) => m.id === id);
  if (!message) throw new Error(`no corpus message ${id}`);
  return message;
}

/** The copies and the IMAP connection that resets their \Seen flag. */
export class ReaderFixture {
  readonly #imap: RawImap;
  readonly #copies: ReadonlyMap<ReaderKind, Copy>;
  readonly #spacer: number;

  private constructor(imap: RawImap, copies: ReadonlyMap<ReaderKind, Copy>, spacer: number) {
    this.#imap = imap;
    this.#copies = copies;
    this.#spacer = spacer;
  }

  /** Creates READER_FOLDER with copies of the targets (unread) and the spacer (read); before sign-in. */
  static async create(connect: () => Promise<RawImap>): Promise<ReaderFixture> {
    const imap = await connect();
    await imap.ok(`CREATE ${quoted(READER_FOLDER)}`);
    // The app's folder tree shows subscribed folders, as a mail client that created it would have it.
    await imap.ok(`SUBSCRIBE ${quoted(READER_FOLDER)}`);
    const copyOf = async (message: CorpusMessage): Promise<number> => {
      await imap.ok(`SELECT ${quoted(encodeMailboxName(message.folder))}`);
      const { completion } = await imap.ok(`UID COPY ${message.uid} ${quoted(READER_FOLDER)}`);
      // RFC 4315 3: [COPYUID uidvalidity source-uids destination-uids]
      const uid = /\[COPYUID \d+ \d+ (\d+)\]/.exec(completion)?.[1];
      if (uid === undefined) throw new Error(`no COPYUID in ${completion}`);
      return Number(uid);
    };
    const copies = new Map<ReaderKind, Copy>();
    for (const target of TARGETS) {
      const message = corpusMessage(target.id);
      if (message.flags.includes('\\Seen')) throw new Error(`corpus message ${target.id} is not unread`);
      copies.set(target.kind, { corpus: message, uid: await copyOf(message), body: target.body });
    }
    const spacer = corpusMessage(SPACER_ID);
    if (!spacer.flags.includes('\\Seen')) throw new Error(`corpus message ${SPACER_ID} is not read`);
    const spacerUid = await copyOf(spacer);
    await imap.ok(`SELECT ${quoted(READER_FOLDER)}`);
    return new ReaderFixture(imap, copies, spacerUid);
  }

  /** Takes \Seen off every target (before a tab opens the folder, so its rows come unread). */
  async resetAll(): Promise<void> {
    const uids = [...this.#copies.values()].map((copy) => copy.uid).join(',');
    await this.#imap.ok(`UID STORE ${uids} -FLAGS.SILENT (\\Seen)`);
  }

  /**
   * Measures one tab whose READER_FOLDER is open and nothing opened yet: the first open of each kind, then
   * `rounds` rounds of warm opens.
   */
  async measure(page: Page, rounds: number): Promise<ReaderSession> {
    const first = {} as Record<ReaderKind, number>;
    const warm: Record<ReaderKind, number[]> = { plain: [], gbk: [], newsletter: [] };
    let previous: Copy | null = null;
    for (let round = 0; round <= rounds; round++) {
      for (const [kind, copy] of this.#copies) {
        // The last open's STORE echo must not fall into this sample (nor, below, land after the reset).
        if (previous) await this.#seenByApp(page, previous);
        // Round 0 finds its rows unread (resetAll before the tab opened the folder); later ones are reset.
        if (round > 0) await this.#makeUnread(page, copy);
        else await page.waitForTimeout(SETTLE_MS);
        const ms = await openTimed(page, copy.uid, copy.body);
        await this.#check(page, copy);
        if (round === 0) first[kind] = ms;
        else warm[kind].push(ms);
        previous = copy;
      }
    }
    // The last STORE lands before the tab closes, so that the next resetAll() comes after it.
    if (previous) await this.#seenByApp(page, previous);
    return { first, warm };
  }

  async close(): Promise<void> {
    await this.#imap.ok('LOGOUT').catch(() => undefined);
    this.#imap.close();
  }

  /** Takes \Seen off `copy` behind the app's back and opens the spacer, which brings the app the change. */
  async #makeUnread(page: Page, copy: Copy): Promise<void> {
    await this.#imap.ok(`UID STORE ${copy.uid} -FLAGS.SILENT (\\Seen)`);
    await page.evaluate((uid) => rowOf(uid)?.click(), this.#spacer);
    await page.waitForFunction(
      ({ spacer, target, ready }) =>
        document.querySelector(`${ready} article.message[data-uid="${spacer}"]`) !== null &&
        rowOf(target)?.classList.contains('unread') === true,
      { spacer: this.#spacer, target: copy.uid, ready: READY },
      { timeout: 10_000 },
    );
    // Let the spacer paint and the app go idle before the click.
    await page.waitForTimeout(SETTLE_MS);
  }

  /** Resolves once the app's row of `copy` shows it read (the echo of the app's STORE arrived). */
  async #seenByApp(page: Page, copy: Copy): Promise<void> {
    await page.waitForFunction((uid) => rowOf(uid)?.classList.contains('unread') === false, copy.uid, {
      timeout: 10_000,
    });
  }

  /** The body shown is the message's, decoded: a sample of a wrong rendering is worth nothing. */
  async #check(page: Page, copy: Copy): Promise<void> {
    const snippet = copy.corpus.expect.textIncludes?.[0] ?? '';
    const article = page.locator(`${READY} article.message[data-uid="${copy.uid}"]`);
    const text =
      copy.body === 'text'
        ? await article.locator('[data-testid="text-body"]').innerText()
        : await article.frameLocator('iframe.mail-frame').locator('body').innerText();
    if (!text.includes(snippet)) throw new Error(`${copy.corpus.id} shows no "${snippet}"`);
  }
}

const READY = 'section[aria-label="Message"] .reader[data-status="ready"]';

/** What openRow measured: page times (performance.now()) and the page's time origin. */
interface PageTiming {
  readonly start: number;
  readonly end: number;
  readonly origin: number;
}

/** In the page (defined by READER_HELPERS; declared here for the type checker). */
declare function rowOf(uid: number): HTMLElement | null;
declare function openRow(uid: number, body: 'text' | 'frame', ready: string): Promise<PageTiming>;

/**
 * Page helpers, installed with page.evaluate like run.ts's (a string: tsx would wrap named functions of a
 * callback in a helper the page does not have).
 *
 * openRow clicks the row of the unread message `uid` and resolves at the animation frame after its body is in
 * the page: the text body in the DOM, or the mail frame given this body (a new frame, or the reading pane's
 * kept frame, whose body is posted in the same update that shows the article); the frame's own paint is read
 * from the frame afterwards (frame-paint.ts).
 */
export const READER_HELPERS = `
window.rowOf = (uid) => document.querySelector('[role="listbox"] [role="option"][data-uid="' + uid + '"]');
window.openRow = (uid, body, ready) => {
  const row = rowOf(uid);
  if (!row || !row.classList.contains('unread')) throw new Error('row ' + uid + ' is not an unread row');
  return new Promise((resolve) => {
    let done = false;
    const shown = () => {
      const article = document.querySelector(ready + ' article.message[data-uid="' + uid + '"]');
      if (!article) return false;
      if (body === 'text') return Boolean(article.querySelector('[data-testid="text-body"]')?.textContent);
      return article.querySelector('iframe.mail-frame') !== null;
    };
    const check = () => {
      if (done || !shown()) return;
      done = true;
      observer.disconnect();
      requestAnimationFrame(() => resolve({ start, end: performance.now(), origin: performance.timeOrigin }));
    };
    const observer = new MutationObserver(check);
    observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
    const start = performance.now();
    row.click();
    check();
  });
};`;

/** How long after the app's side is done the frame's own paint timing is read (it is buffered there). */
const FRAME_PAINT_WAIT_MS = 250;

/**
 * Opens `uid` and returns milliseconds from the click to its body on screen. A text body: the page's animation
 * frame after it is in the DOM. A mail frame: its document lives in a process of its own (Chromium isolates
 * sandboxed frames) that paints on its own schedule, often after the page's next frame; so the end is the
 * later of that frame and the frame's first paint of the body (frame-paint.ts: a presentation time, put on the
 * page's clock through both documents' performance.timeOrigin; the page needs FRAME_PAINT_PROBE).
 */
async function openTimed(page: Page, uid: number, body: 'text' | 'frame'): Promise<number> {
  const timing = await page.evaluate(({ uid, body, ready }) => openRow(uid, body, ready), {
    uid,
    body,
    ready: READY,
  });
  const shown = timing.end - timing.start;
  if (body === 'text') return shown;
  const frame = await page
    .locator(`${READY} article.message[data-uid="${uid}"] iframe.mail-frame`)
    .elementHandle()
    .then((element) => element?.contentFrame());
  if (!frame) throw new Error(`no mail frame for ${uid}`);
  await page.waitForTimeout(FRAME_PAINT_WAIT_MS);
  const clicked = timing.origin + timing.start;
  for (const deadline = Date.now() + 5_000; Date.now() < deadline; await page.waitForTimeout(10)) {
    const painted = await framePaintSince(frame, clicked);
    if (painted !== null) return Math.max(shown, painted.at - clicked);
  }
  throw new Error(`the mail frame of ${uid} never painted`);
}
