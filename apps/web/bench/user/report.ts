// The user bench's summary: the goals, Roundcube's figures from the issue (#14) for the same actions,
// and a Markdown table of our medians in the layout, printed at the end of a run.

import type { RememberResult, RememberResults } from './measure-remember.ts';
import type { ActionResult } from './results.ts';

/** Issue #14's goals, ms (bytes in KB). */
export const GOALS = {
  signIn100kMs: 250,
  switch100kMs: 100,
  newsletterMs: 100,
  search100kMs: 350,
  search10kMs: 60,
  flagReadMovePaintMs: 16,
  firstVisitKb: 150,
  open100kFolderKb: 60,
  // Issue #17: the mirror.
  reloadFromMirror100kMs: 100,
  reconcile100kMs: 300,
  mirror10kRowsKb: 5 * 1024,
};

/** Roundcube 1.6 (Elastic, Apache + mod_php) in the side-by-side run: medians at 20 / 10k / 100k. */
export const ROUNDCUBE = {
  signInCold: ['595', '483', '805'],
  switch: ['74', '121', '338'],
  open: ['176-193', '193-202', '288-332'],
  newsletter: ['260', '273', '462'],
  scroll5000: ['n/a', '153', '331'],
  scrollOldest: ['n/a', '138', '347'],
  search: ['57', '157', '698'],
  flagPaint: ['13', '16', '18'],
  flagStored: ['35', '38', '162'],
};

export type SizeActions = Partial<Record<string, ActionResult | null>>;

const cell = (result: ActionResult | null | undefined, pick?: (r: ActionResult) => number): string => {
  if (!result) return 'n/a';
  if (pick) return fmt(pick(result));
  const s = result.inputToPaint;
  return `${fmt(s.median)} (${fmt(s.min)}-${fmt(s.max)})`;
};

const fmt = (n: number) => (Number.isFinite(n) ? (n >= 100 ? n.toFixed(0) : n.toFixed(1)) : 'n/a');
const kb = (bytes: number) => (bytes / 1024).toFixed(1);

/** The table: one row per action, one column per size; median (min-max) ms of inputToPaint. */
export function markdownTable(sizes: readonly number[], bySize: ReadonlyMap<number, SizeActions>): string {
  const label = (n: number) => (n >= 1000 ? `${n / 1000}k` : `${n}`);
  const rows: [string, (a: SizeActions) => string][] = [
    ['cold sign-in to first row', (a) => cell(a.signInCold)],
    ['warm sign-in to first row (HTTP cache warm)', (a) => cell(a.signInWarm)],
    ['switch folder to first rows', (a) => cell(a.switch)],
    ['open plain text', (a) => cell(a.openPlain)],
    ['open GBK', (a) => cell(a.openGbk)],
    ['open KOI8-R', (a) => cell(a.openKoi8r)],
    ['open with a 2 MB attachment', (a) => cell(a.openAttachment)],
    ['open the 100 KB HTML newsletter (painted in its frame)', (a) => cell(a.openNewsletter)],
    ['scroll to the 5,000th (wheel)', (a) => cell(a.scroll5000)],
    ['scroll to the oldest (End)', (a) => cell(a.scrollOldest)],
    ['quick search, a subject word (first results)', (a) => cell(a.search)],
    ['flag painted', (a) => cell(a.flag)],
    ['flag stored (UID STORE OK)', (a) => cell(a.flag, (r) => r.extra.stored?.median ?? NaN)],
    ['read mark painted', (a) => cell(a.read)],
    ['move painted', (a) => cell(a.move)],
    ['move stored (UID MOVE OK)', (a) => cell(a.move, (r) => r.extra.stored?.median ?? NaN)],
    ['cold Big: first rows', (a) => cell(a.coldSwitch)],
    ['cold Big: sorted', (a) => cell(a.coldSwitch, (r) => r.extra.sortDone?.median ?? NaN)],
    ['open a message during the cold sort', (a) => cell(a.openDuringColdSort)],
    ['back to INBOX during the cold sort', (a) => cell(a.backDuringColdSort)],
    ['open a message during a warm sort', (a) => cell(a.openDuringWarmSort)],
    ['back to INBOX during a warm sort', (a) => cell(a.backDuringWarmSort)],
  ];
  const lines = [`| action | ${sizes.map(label).join(' | ')} |`, `|---|${sizes.map(() => '---').join('|')}|`];
  for (const [name, pick] of rows) {
    const cells = sizes.map((n) => pick(bySize.get(n) ?? {}));
    if (cells.every((c) => c === 'n/a')) continue;
    lines.push(`| ${name} | ${cells.join(' | ')} |`);
  }
  lines.push('', `| bytes on the wire (KB, in / out, median) | ${sizes.map(label).join(' | ')} |`);
  lines.push(`|---|${sizes.map(() => '---').join('|')}|`);
  const byteRows: [string, string][] = [
    ['cold sign-in: HTTP after the click + WebSocket', 'signInCold'],
    ['switch folder (WebSocket, until quiet)', 'switch'],
    ['open plain text', 'openPlain'],
    ['open with a 2 MB attachment', 'openAttachment'],
    ['open the newsletter', 'openNewsletter'],
    ['scroll to the oldest', 'scrollOldest'],
    ['quick search', 'search'],
    ['flag', 'flag'],
    ['move', 'move'],
  ];
  for (const [name, key] of byteRows) {
    const cells = sizes.map((n) => {
      const result = bySize.get(n)?.[key];
      if (!result) return 'n/a';
      const { wsIn, wsOut, httpDown, httpUp } = result.bytes;
      return `${kb(wsIn + httpDown)} / ${kb(wsOut + httpUp)}`;
    });
    if (cells.every((c) => c === 'n/a')) continue;
    lines.push(`| ${name} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

const timed = (result: RememberResult | null | undefined): string => {
  if (!result) return 'n/a';
  const s = result.toPaint;
  return `${fmt(s.median)} (${fmt(s.min)}-${fmt(s.max)})`;
};

/** The mirror's table (measure-remember.ts): ms from navigation start, and the kept list's size. */
export function rememberTable(
  sizes: readonly number[],
  bySize: ReadonlyMap<number, RememberResults | null>,
): string {
  const label = (n: number) => (n >= 1000 ? `${n / 1000}k` : `${n}`);
  const rows: [string, (r: RememberResults) => string][] = [
    ['reload to the first rows from the mirror', (r) => timed(r.reloadToFirstRows)],
    ['reload: the list shows the server after 100 changes', (r) => timed(r.reconcile)],
    ['mirror: the list record kept (KB)', (r) => (r.mirrorSize ? kb(r.mirrorSize.listRecordBytes) : 'n/a')],
    ['mirror: 10,000 rows of it (KB)', (r) => (r.mirrorSize ? kb(r.mirrorSize.tenThousandRowsBytes) : 'n/a')],
  ];
  const lines = [
    `| the mirror | ${sizes.map(label).join(' | ')} |`,
    `|---|${sizes.map(() => '---').join('|')}|`,
  ];
  for (const [name, pick] of rows) {
    const cells = sizes.map((n) => {
      const result = bySize.get(n);
      return result ? pick(result) : 'n/a';
    });
    if (cells.every((c) => c === 'n/a')) continue;
    lines.push(`| ${name} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}
