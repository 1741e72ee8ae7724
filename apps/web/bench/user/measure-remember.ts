// What the app's mirror promises (issue 17), in one freshly started Chromium signed in on INBOX (mirror on, as
// by default):
//
//   mirrorSize        (10,000 messages and more) the bytes IndexedDB holds for INBOX's list once the user has
//                     looked at its first MAX_KEPT_ROWS rows (the most the mirror keeps of one folder): the
//                     sealed record's size as the mirror counts it (its usage entry) and the origin's IndexedDB
//                     usage (navigator.storage.estimate()); and from the bytes per row, the size of 10,000 rows
//   reloadToFirstRows page.reload() of the signed-in tab -> the frame that paints INBOX's first row from the
//                     mirror. t0 is the new document's navigation start (a reload has no input event in the
//                     page). Phases: boot (to the app's first read of its sealed session), unseal (the vault's
//                     decrypt), mirrorOpen (the signed-in chunk, the mirror's keys), idbRead (IndexedDB reads
//                     and the records' decrypt), render (decode, list, frame). extra.fromMirror is 1 when the
//                     row was painted before the server had answered the folder's SELECT
//   reconcile         (10,000 messages and more) another IMAP session changes 100 messages of INBOX while the
//                     tab is away (55 flags flipped and 40 messages expunged among the first rows, on screen
//                     and below it, never the kept first row; 5 new messages delivered, which the server's
//                     order puts on top); the tab comes back (navigation start of its address) -> the frame
//                     in which the first CHECKED_ROWS rows (UIDs, flags, read marks) and the count are the
//                     server's. extra.mirrorPaint: the kept rows' paint in the same sample;
//                     extra.topChanges: how often the message at the top of the view changed from that paint
//                     to the server's state (1: once, to the newest arrival; more: the list went through
//                     states in between). Away means on about:blank: a tab left open would hear the changes
//                     (NOTIFY) and keep them in its mirror before the reload.
//
// New messages are delivered dated after everything on purpose: the app lists every arrival on top
// (list-arrivals.ts) until the folder is ordered again, so a message copied in with an old date shows on top
// while the server sorts it far below (seen here with 30 copies from Big: they stayed on top for good).
//
// The first reload of each kind is reported apart (`first`); the mirror is written back after every sample
// (waited for) so that each reload starts from what the previous one left, as a user's would.

import type { Page } from 'playwright-core';
import { MAX_KEPT_ROWS } from '../../src/lib/mirror/kept-rows.ts';
import { stats, type Stats } from '../stats.ts';
import type { BenchContext } from './context.ts';
import { MEASURE_TIMEOUT_MS, log, ms } from './context.ts';
import { signedInTab } from './measure-list.ts';
import { OtherClient, type ChangePlan } from './other-client.ts';
import {
  REMEMBER_EXPECT_KEY,
  REMEMBER_PROBE,
  type RememberExpect,
  type RememberRecords,
} from './page-remember.ts';
import type { ProbeRecords } from './page-probe.ts';
import { roundTripsOf, webSocketBytes } from './phases.ts';
import type { Tab } from './tab.ts';

/** Rows checked against the server after a reconcile: the first screen (the DOM holds 19 at VIEWPORT). */
const CHECKED_ROWS = 16;
/** New messages delivered in each reconcile sample (on top: the rest of the first screen shows the others). */
const ARRIVALS = 5;
/** Longest wait for the mirror to be written after a change: a hang guard, never a timing. */
const KEPT_TIMEOUT_MS = 10_000;

export interface RememberSample {
  /** ms from navigation start to the end of the frame that paints the result. */
  readonly toPaint: number;
  readonly phases: Record<string, number>;
  readonly extra: Record<string, number>;
  readonly roundTrips: readonly { command: string; sent: number; done: number; server: number }[];
  readonly ws: { in: number; out: number };
}

export interface RememberResult {
  /** t0: navigation start of the reloaded document. */
  readonly toPaint: Stats;
  readonly first: RememberSample | null;
  readonly phases: Record<string, Stats>;
  readonly extra: Record<string, Stats>;
  readonly bytes: { readonly wsIn: number; readonly wsOut: number };
  /** The IMAP commands of the sample closest to the median, ms from navigation start. */
  readonly roundTrips: RememberSample['roundTrips'];
  readonly detail: readonly RememberSample[];
}

export interface MirrorSize {
  readonly folderMessages: number;
  /** Rows of the folder the mirror holds (its most). */
  readonly keptRows: number;
  /** The folder's sealed list record as the mirror counts it (usage entry): order, rows, header, GCM tag. */
  readonly listRecordBytes: number;
  /** The origin's IndexedDB usage as the browser reports it (every record: tree, list, vault). */
  readonly indexedDbUsage: number | null;
  readonly bytesPerRow: number;
  /** The folder's order plus 10,000 rows at bytesPerRow. */
  readonly tenThousandRowsBytes: number;
}

export interface RememberResults {
  readonly mirrorSize: MirrorSize | null;
  readonly reloadToFirstRows: RememberResult;
  readonly reconcile: RememberResult | null;
}

export async function remember(ctx: BenchContext): Promise<RememberResults> {
  const tab = await signedInTab(ctx);
  const other = await OtherClient.connect(ctx.mailbox.server);
  try {
    // Only this page's reloads (the bench's expectation in its sessionStorage) are watched.
    await tab.page.addInitScript(REMEMBER_PROBE);
    await tab.page.waitForFunction(() => sessionStorage.getItem('webmail.session') !== null, undefined, {
      timeout: MEASURE_TIMEOUT_MS,
    });
    await keptSince(tab.page, 0);
    const big = ctx.inbox.order.length >= 10_000;
    let mirrorSize: MirrorSize | null = null;
    if (big) {
      log('mirror size');
      mirrorSize = await sizeOfKeptList(ctx, tab);
      log(
        `  ${mirrorSize.keptRows} rows of ${mirrorSize.folderMessages}: ${mirrorSize.listRecordBytes} B, ` +
          `${mirrorSize.bytesPerRow.toFixed(0)} B a row; 10,000 rows ${mirrorSize.tenThousandRowsBytes} B`,
      );
    }
    log('reload to the first rows from the mirror');
    const reloads: RememberSample[] = [];
    for (let i = 0; i <= ctx.samples; i++) {
      const sample = await reloadSample(ctx, tab, null);
      reloads.push(sample);
      log(
        `  reload ${i === 0 ? '(first)' : i}: ${ms(sample.toPaint)} ms` +
          (sample.extra.fromMirror === 1 ? ' (from the mirror)' : ' (NOT before the server answered)'),
      );
    }
    let reconcile: RememberResult | null = null;
    if (big) {
      log('reconcile after 100 changes on the server');
      const samples: RememberSample[] = [];
      for (let i = 0; i <= ctx.samples; i++) {
        const sample = await reloadSample(ctx, tab, { other, round: i });
        samples.push(sample);
        log(
          `  reconcile ${i === 0 ? '(first)' : i}: ${ms(sample.toPaint)} ms (kept rows at ` +
            `${ms(sample.extra.mirrorPaint ?? NaN)} ms; the top row changed ${sample.extra.topChanges} times)`,
        );
      }
      reconcile = resultOf(samples);
    }
    return { mirrorSize, reloadToFirstRows: resultOf(reloads), reconcile };
  } finally {
    await other.close();
    await tab.close();
  }
}

/** One reload, measured; with `changes`, after 100 changes by the other client, measured to the server's state. */
async function reloadSample(
  ctx: BenchContext,
  tab: Tab,
  changes: { other: OtherClient; round: number } | null,
): Promise<RememberSample> {
  const page = tab.page;
  const first = ctx.inbox.order[0];
  if (first === undefined) throw new Error('INBOX is empty');
  const planned = changes ? await planChanges(ctx, changes.other, changes.round) : null;
  const expect: RememberExpect = planned?.expect ?? { first };
  await page.evaluate(({ key, value }) => sessionStorage.setItem(key, value), {
    key: REMEMBER_EXPECT_KEY,
    value: JSON.stringify(expect),
  });
  if (changes && planned) {
    // The changes are made while the tab is away (as a discarded tab, or a closed laptop's): the open app would
    // hear them at once (NOTIFY) and keep them in its mirror before the reload. The tab's sessionStorage (its
    // sealed session, the expectation) stays with it; the way back is a navigation to the same address.
    const address = page.url();
    await page.goto('about:blank');
    await applyChanges(changes.other, planned);
    await page.goto(address, { waitUntil: 'commit' });
  } else {
    await page.reload({ waitUntil: 'commit' });
  }
  const done = changes ? 'server' : 'mirror';
  try {
    await page.waitForFunction((key) => (window as unknown as Remembered).__remember?.[key] != null, done, {
      timeout: MEASURE_TIMEOUT_MS,
      polling: 50,
    });
  } catch (error) {
    const shown = await shownRows(page, CHECKED_ROWS).catch(() => null);
    throw new Error(`the ${done} state was not shown: ${JSON.stringify({ expect, shown })}`, {
      cause: error,
    });
  }
  await tab.settled();
  const { records, probe, origin } = await page.evaluate(() => {
    const w = window as unknown as Remembered & { __user: { collect(keep: boolean): ProbeRecords } };
    return { records: w.__remember, probe: w.__user.collect(false), origin: performance.timeOrigin };
  });
  await page.evaluate((key) => sessionStorage.removeItem(key), REMEMBER_EXPECT_KEY);
  // The app writes its mirror a moment after the list settles: the next reload starts from that.
  const painted = (changes ? records.server : records.mirror) ?? records.mirror;
  await keptSince(page, origin + (painted?.painted ?? 0) + (changes ? 0 : 500));
  return changes ? reconcileSample(records, probe) : reloadOnlySample(records, probe);
}

/** What the list shows: its count and its first rows (for a failure's message). */
function shownRows(page: Page, n: number): Promise<unknown> {
  return page.evaluate((n) => {
    const rows = [];
    for (let i = 0; i < n; i++) {
      const el = document.getElementById(`message-row-${i}`);
      rows.push({
        uid: Number(el?.getAttribute('data-uid')),
        flagged: el?.querySelector('.flag-toggle.on') != null,
        seen: el ? !el.classList.contains('unread') : null,
      });
    }
    const count = document.getElementById('message-row-0')?.getAttribute('aria-setsize');
    const seen = (window as unknown as Partial<Remembered>).__remember;
    const probe = seen ? { mirror: seen.mirror, server: seen.server, visible: seen.visible } : null;
    return { count, heading: document.querySelector('#message-pane-heading')?.textContent, rows, probe };
  }, n);
}

/** When the first SELECT (or EXAMINE) of the session completed, ms from navigation start. */
function selectDone(probe: ProbeRecords): number {
  const select = roundTripsOf(probe.frames).find((t) => t.command === 'SELECT' || t.command === 'EXAMINE');
  return select?.done ?? Infinity;
}

function tripsOf(probe: ProbeRecords): RememberSample['roundTrips'] {
  return roundTripsOf(probe.frames).map((t) => ({
    command: `${t.command} ${t.args}`.trim().slice(0, 60),
    sent: round(t.sent),
    done: round(t.done),
    server: round(t.server),
  }));
}

function reloadOnlySample(r: RememberRecords, probe: ProbeRecords): RememberSample {
  if (r.mirror === null) throw new Error('the first rows were not painted');
  const end = r.mirror.painted;
  // Phase boundaries, each clamped between the one before and the end, so that the phases add up to toPaint.
  const vaultDecrypt = r.decrypts.find((d) => r.sessionRead !== null && d.start >= r.sessionRead);
  const firstRecord = r.idb.find((g) => g.store === 'records');
  const recordDecrypts = r.decrypts.filter(
    (d) => firstRecord !== undefined && d.start >= firstRecord.start && d.end <= r.mirror!.seen,
  );
  const marks = [
    r.sessionRead ?? 0,
    vaultDecrypt?.end ?? r.sessionRead ?? 0,
    firstRecord?.start ?? vaultDecrypt?.end ?? 0,
    Math.max(firstRecord?.end ?? 0, ...recordDecrypts.map((d) => d.end)),
  ];
  const bounds: number[] = [0];
  for (const mark of marks) bounds.push(Math.min(end, Math.max(bounds[bounds.length - 1] ?? 0, mark)));
  bounds.push(end);
  const names = ['boot', 'unseal', 'mirrorOpen', 'idbRead', 'render'];
  const phases = Object.fromEntries(names.map((name, i) => [name, (bounds[i + 1] ?? 0) - (bounds[i] ?? 0)]));
  const select = selectDone(probe);
  return {
    toPaint: end,
    phases,
    extra: {
      fromMirror: r.mirror.seen < select ? 1 : 0,
      selectDone: Number.isFinite(select) ? select : NaN,
      recordReads: r.idb.filter((g) => g.store === 'records').length,
    },
    roundTrips: tripsOf(probe),
    ws: webSocketBytes(probe.frames),
  };
}

function reconcileSample(r: RememberRecords, probe: ProbeRecords): RememberSample {
  if (r.mirror === null || r.server === null) throw new Error('the list did not come to the server state');
  const select = selectDone(probe);
  return {
    toPaint: r.server.painted,
    phases: {
      mirror: r.mirror.painted,
      reconcile: r.server.painted - r.mirror.painted,
    },
    extra: {
      mirrorPaint: r.mirror.painted,
      fromMirror: r.mirror.seen < select ? 1 : 0,
      selectDone: Number.isFinite(select) ? select : NaN,
      topChanges: Math.max(0, r.visible.length - 1),
    },
    roundTrips: tripsOf(probe),
    ws: webSocketBytes(probe.frames),
  };
}

/**
 * 100 changes to INBOX for the other client to make, none to its first row (what the mirror shows first) nor
 * to the bench's own messages: 55 flags flipped and 40 messages expunged among the first 150 rows (on screen
 * and below it), ARRIVALS new messages delivered (dated after everything: on top, the last one first). With
 * what the mirror shows first and the server's state the changes will make (applyChanges checks it).
 */
async function planChanges(
  ctx: BenchContext,
  other: OtherClient,
  round: number,
): Promise<{ plan: ChangePlan; expect: Required<RememberExpect> }> {
  const targets = new Set([...ctx.mailbox.targets.values()].map((t) => t.uid));
  const order = await other.order('INBOX');
  const first = order[0];
  if (first === undefined) throw new Error('INBOX is empty');
  const near = order.slice(1, 160).filter((uid) => !targets.has(uid));
  const expunged = (k: number) => k % 5 === 2 || (k >= 100 && k % 5 === 4);
  const plan: ChangePlan = {
    flip: near
      .filter((_, k) => !expunged(k))
      .slice(0, 55)
      .map((uid, k) => ({ uid, flag: k % 2 === 0 ? '\\Flagged' : '\\Seen' })),
    expunge: near.filter((_, k) => expunged(k)).slice(0, 40),
    append: Array.from({ length: ARRIVALS }, (_, k) => arrival(round, k)),
  };
  if (plan.flip.length + plan.expunge.length + plan.append.length !== 100) {
    throw new Error(
      `the changes are not 100: ${plan.flip.length}, ${plan.expunge.length}, ${plan.append.length}`,
    );
  }
  // The server's order after them: the arrivals (UIDs from UIDNEXT on, RFC 9051 2.3.1.1) newest first, then
  // what was there minus the expunged; the flags flipped.
  const uidNext = await other.uidNext('INBOX');
  const gone = new Set(plan.expunge);
  const arrivals = plan.append.map((_, k) => uidNext + k).reverse();
  const after = [...arrivals, ...order.filter((uid) => !gone.has(uid))];
  const top = after.slice(0, CHECKED_ROWS);
  const known = new Map(
    (
      await other.rows(
        'INBOX',
        top.filter((uid) => uid < uidNext),
      )
    ).map((r) => [r.uid, r]),
  );
  const flipped = new Map(plan.flip.map((f) => [f.uid, f.flag]));
  const rows = top.map((uid) => {
    const row = known.get(uid) ?? { uid, flagged: false, seen: false };
    const flag = flipped.get(uid);
    if (flag === '\\Flagged') return { ...row, flagged: !row.flagged };
    if (flag === '\\Seen') return { ...row, seen: !row.seen };
    return row;
  });
  return { plan, expect: { first, server: { count: after.length, rows } } };
}

/** Makes the planned changes, and checks that the server's state is the one expected. */
async function applyChanges(
  other: OtherClient,
  { plan, expect }: { plan: ChangePlan; expect: Required<RememberExpect> },
): Promise<void> {
  await other.change('INBOX', plan);
  const order = await other.order('INBOX');
  const rows = await other.rows('INBOX', order.slice(0, CHECKED_ROWS));
  if (order.length !== expect.server.count || JSON.stringify(rows) !== JSON.stringify(expect.server.rows)) {
    throw new Error(
      `the server's state is not the planned one: ${JSON.stringify({ expect, order: order.length, rows })}`,
    );
  }
}

/** A new message of reconcile round `round`, dated after every message of the mailbox (and the rounds before). */
function arrival(round: number, k: number): Buffer {
  const date = new Date(Date.UTC(2100, 0, 1) + (round * ARRIVALS + k) * 60_000);
  const id = `remember-${round}-${k}`;
  return Buffer.from(
    `Date: ${date.toUTCString().replace('GMT', '+0000')}\r\nFrom: Ana Lima <ana.lima@example.org>\r\n` +
      `To: Demo User <demo@testbed.example>\r\nSubject: Arrived while the tab was away (${id})\r\n` +
      `Message-ID: <${id}@example.org>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `\r\nDelivered by another client between two reloads.\r\n`,
  );
}

/**
 * Scrolls INBOX's list through its first MAX_KEPT_ROWS rows (each screen's rows fetched) so that the mirror
 * keeps its most, waiting for the mirror to be written every few hundred rows (the list lets rows far from the
 * view go), then reads what IndexedDB holds.
 */
async function sizeOfKeptList(ctx: BenchContext, tab: Tab): Promise<MirrorSize> {
  const page = tab.page;
  const total = ctx.inbox.order.length;
  const rows = Math.min(MAX_KEPT_ROWS, total);
  const { row, view } = await page.evaluate(() => ({
    row: document.getElementById('message-row-0')?.getBoundingClientRect().height ?? 0,
    view: document.querySelector('[role="listbox"]')?.clientHeight ?? 0,
  }));
  if (row === 0) throw new Error('no list rows');
  const perScreen = Math.max(1, Math.floor(view / row) - 1);
  let sinceKept = 0;
  for (let top = 0; top < rows; top += perScreen) {
    await page.evaluate(
      ({ top, row }) => document.querySelector('[role="listbox"]')?.scrollTo(0, top * row),
      { top, row },
    );
    const last = Math.min(rows, top + perScreen) - 1;
    await page.waitForFunction(
      ({ from, to }) => {
        for (let i = from; i <= to; i++) {
          const el = document.getElementById(`message-row-${i}`);
          if (!el?.hasAttribute('data-uid') || (el.querySelector('.subject')?.textContent ?? '') === '') {
            return false;
          }
        }
        return true;
      },
      { from: top, to: last },
      { timeout: MEASURE_TIMEOUT_MS, polling: 'raf' },
    );
    sinceKept += perScreen;
    if (sinceKept >= 300 || last === rows - 1) {
      await keptSince(page, await page.evaluate(() => Date.now()));
      sinceKept = 0;
    }
  }
  await page.evaluate(() => document.querySelector('[role="listbox"]')?.scrollTo(0, 0));
  await tab.settled();
  const lists = await keptLists(page);
  const listRecordBytes = Math.max(...lists.map((l) => l.size));
  const indexedDbUsage = await page.evaluate(async () => {
    const estimate = (await navigator.storage.estimate()) as StorageEstimate & {
      usageDetails?: { indexedDB?: number };
    };
    return estimate.usageDetails?.indexedDB ?? null;
  });
  // The order is 4 bytes a message; the rest (a small header, the GCM tag) is counted with the rows.
  const bytesPerRow = (listRecordBytes - 4 * total) / rows;
  return {
    folderMessages: total,
    keptRows: rows,
    listRecordBytes,
    indexedDbUsage,
    bytesPerRow,
    tenThousandRowsBytes: Math.round(4 * total + 10_000 * bytesPerRow),
  };
}

/** The mirror's list records (sizes and last use, from its usage entries; the records themselves are sealed). */
function keptLists(page: Page): Promise<{ size: number; usedAt: number }[]> {
  return page.evaluate(
    () =>
      new Promise<{ size: number; usedAt: number }[]>((resolve, reject) => {
        // Opened without a version: the app made the database at sign-in (this never creates it).
        const open = indexedDB.open('webmail');
        open.onerror = () => reject(open.error ?? new Error('webmail does not open'));
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('usage')) {
            db.close();
            resolve([]);
            return;
          }
          const request = db.transaction('usage').objectStore('usage').getAll();
          request.onerror = () => {
            db.close();
            reject(request.error ?? new Error('usage does not read'));
          };
          request.onsuccess = () => {
            db.close();
            const entries = request.result as { kind: string; size: number; usedAt: number }[];
            resolve(
              entries.filter((e) => e.kind === 'list').map((e) => ({ size: e.size, usedAt: e.usedAt })),
            );
          };
        };
      }),
  );
}

/** Resolves once a list record was written (or read) at `since` (epoch ms) or later; a hang guard, no timing. */
async function keptSince(page: Page, since: number): Promise<void> {
  const deadline = Date.now() + KEPT_TIMEOUT_MS;
  for (;;) {
    const lists = await keptLists(page);
    if (lists.some((l) => l.usedAt >= since)) return;
    if (Date.now() > deadline) {
      log(`  (no list written in ${KEPT_TIMEOUT_MS} ms: going on with what the mirror holds)`);
      return;
    }
    await page.waitForTimeout(100);
  }
}

const round = (n: number) => Math.round(n * 10) / 10;

/** The JSON of one measure: the first sample apart, then median, min and max of the others. */
function resultOf(all: readonly RememberSample[]): RememberResult {
  const [first = null, ...samples] = all;
  const names = (pick: (s: RememberSample) => Record<string, number>) => [
    ...new Set(samples.flatMap((s) => Object.keys(pick(s)))),
  ];
  const of = (pick: (s: RememberSample) => Record<string, number>) =>
    Object.fromEntries(names(pick).map((name) => [name, stats(samples.map((s) => pick(s)[name] ?? NaN))]));
  const toPaint = stats(samples.map((s) => s.toPaint));
  const typical = [...samples].sort(
    (a, b) => Math.abs(a.toPaint - toPaint.median) - Math.abs(b.toPaint - toPaint.median),
  )[0];
  return {
    toPaint,
    first,
    phases: of((s) => s.phases),
    extra: of((s) => s.extra),
    bytes: {
      wsIn: stats(samples.map((s) => s.ws.in)).median,
      wsOut: stats(samples.map((s) => s.ws.out)).median,
    },
    roundTrips: typical?.roundTrips ?? [],
    detail: samples,
  };
}

interface Remembered {
  __remember: RememberRecords & Record<string, unknown>;
}
