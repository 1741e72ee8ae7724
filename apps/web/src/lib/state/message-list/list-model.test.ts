import type { SelectResult } from '@webmail/imap-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ListModel } from './list-model.svelte.ts';
import type { ListOpen } from './list-open.ts';
import { unreadableRow, withFlags } from './message-row.ts';
import type { MessageRow } from './message-row.ts';

/** What SELECT says of a folder of `exists` messages with UIDs 1..exists. */
const selectResult = (exists: number): SelectResult =>
  ({
    name: 'INBOX',
    access: 'read-write',
    exists,
    recent: 0,
    unseen: null,
    uidValidity: 7,
    uidNext: exists + 1,
    highestModseq: null,
    flags: [],
    permanentFlags: ['\\*'],
    knownUids: 0,
    vanished: [],
    changed: [],
  }) as SelectResult;

/** A model showing INBOX with UIDs 1..n, newest (highest) first, as after SELECT and UID SORT. */
function opened(n: number) {
  const counts: number[] = [];
  let gone = 0;
  const model = new ListModel({
    onCounts: (_path, update) => update.messages !== undefined && counts.push(update.messages),
    onOpenGone: () => gone++,
  });
  const open = model.begin('INBOX', 'inbox');
  model.selected(open, selectResult(n));
  model.orderingStarted(open);
  const ascending = Uint32Array.from({ length: n }, (_, i) => i + 1);
  model.adoptServerOrder(open, ascending.slice().reverse(), ascending, true);
  model.orderingDone(open);
  return { model, open, counts, openGone: () => gone };
}

const HOUR = 3_600_000;

/** A row of UID `uid` whose Date header is `hours` hours into 2024. */
const datedRow = (uid: number, hours: number): MessageRow =>
  withFlags(
    {
      uid,
      date: Date.UTC(2024, 0, 1) + hours * HOUR,
      size: 1,
      subject: '',
      from: '',
      fromEmail: '',
      to: '',
      hasAttachment: false,
    },
    [],
  );

/** Newest first by date, the later UID first on equal dates: UID SORT (DATE) read backwards. */
const byDate = (rows: readonly MessageRow[]): number[] =>
  [...rows].sort((a, b) => b.date - a.date || b.uid - a.uid).map((row) => row.uid);

type Operation =
  | { kind: 'cursor' | 'openRow' | 'click'; index: number }
  | { kind: 'expunge'; pick: number; bySeq: boolean }
  | { kind: 'vanish'; picks: number[] }
  | { kind: 'arrive'; n: number }
  | { kind: 'search'; picks: number[] }
  | { kind: 'showFolder' };

const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({ kind: fc.constantFrom('cursor', 'openRow', 'click'), index: fc.integer({ min: -3, max: 40 }) }),
  fc.record({ kind: fc.constant('expunge'), pick: fc.nat(), bySeq: fc.boolean() }),
  fc.record({ kind: fc.constant('vanish'), picks: fc.array(fc.nat(), { maxLength: 4 }) }),
  fc.record({ kind: fc.constant('arrive'), n: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('search'), picks: fc.array(fc.nat(), { maxLength: 6 }) }),
  fc.record({ kind: fc.constant('showFolder') }),
) as fc.Arbitrary<Operation>;

/** Applies `op` the way the list's parts would, on UIDs the model holds. */
function apply(model: ListModel, open: ListOpen, op: Operation): void {
  const folder = Array.from(model.sequence.toArray());
  const pick = (n: number): number => folder[n % Math.max(1, folder.length)] ?? 0;
  switch (op.kind) {
    case 'cursor':
      return model.moveCursor(op.index);
    case 'openRow':
      return void model.openAt(op.index);
    case 'click':
      return model.selection.click(op.index);
    case 'expunge': {
      const uid = pick(op.pick);
      if (uid === 0) return;
      const seq = folder.indexOf(uid) + 1;
      expect(model.expunge(seq, op.bySeq ? null : uid)).toBe(true);
      return model.flushGone();
    }
    case 'vanish':
      return model.vanished(new Set(op.picks.map(pick)));
    case 'arrive': {
      const from = model.uidNext;
      const rows = Array.from({ length: op.n }, (_, i) => unreadableRow(from + i, []));
      return model.arrived(open, rows, false);
    }
    case 'search': {
      const matches = [...new Set(op.picks.map(pick))].filter((uid) => uid !== 0).sort((a, b) => b - a);
      return model.showResults(open, { subject: 'x' }, Uint32Array.from(matches), model.uidNext);
    }
    case 'showFolder':
      return model.showResults(open, null, null, 0);
  }
}

describe('ListModel', () => {
  it('keeps its invariants whatever the server and the user do, in any order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 }), fc.array(operation, { maxLength: 40 }), (n, ops) => {
        const { model, open, counts } = opened(n);
        for (const op of ops) {
          apply(model, open, op);
          const shown = model.allUids();
          const folder = new Set(model.sequence.toArray());
          // count is the length of the order shown, and every UID shown is a message of the folder.
          expect(model.count).toBe(shown.length);
          expect(shown.every((uid) => folder.has(uid))).toBe(true);
          // The cursor is a row, or -1 exactly when there are none.
          if (model.count === 0) expect(model.cursor).toBe(-1);
          else expect(model.cursor).toBeGreaterThanOrEqual(0);
          expect(model.cursor).toBeLessThan(Math.max(1, model.count));
          // The open message and the selection name messages of the folder only.
          if (model.openUid !== null) expect(folder.has(model.openUid)).toBe(true);
          expect(Array.from(model.selection.uids()).every((uid) => folder.has(uid))).toBe(true);
          // Whoever shows the folder's size was told the last one.
          expect(counts.at(-1)).toBe(folder.size);
        }
      }),
    );
  });

  it('keeps the cursor and the open message on their messages while others come and go', () => {
    const { model, open, openGone } = opened(10);
    model.openAt(model.indexOfUid(6));
    model.moveCursor(model.indexOfUid(4));
    model.arrived(open, [unreadableRow(11, []), unreadableRow(12, [])], false);
    model.expunge(0, 9);
    model.vanished(new Set([2, 3]));
    model.flushGone();
    expect([model.uidAt(model.cursor), model.openUid, model.count]).toEqual([4, 6, 9]);
    model.expunge(0, 6);
    expect([model.openUid, openGone()]).toEqual([null, 1]);
  });

  it('acts on the first row when the order arrives without SORT under a cursor that was on it', () => {
    // SELECT answered, the order (UID SEARCH, then INTERNALDATE) not yet: the cursor is on a row of unknown UID.
    const model = new ListModel({});
    const open = model.begin('INBOX.Trash', 'trash');
    model.selected(open, selectResult(3));
    model.orderingStarted(open);
    expect(model.uidAt(model.cursor)).toBe(0);
    model.adoptServerOrder(open, Uint32Array.of(3, 2, 1), Uint32Array.of(1, 2, 3), true);
    expect(model.cursorLost).toBe(false);
    expect(model.selection.target()).toEqual({
      mailbox: 'INBOX.Trash',
      uidValidity: 7,
      uids: Uint32Array.of(3),
    });
  });

  it('changes nothing for work that finishes under an open that has ended', () => {
    const { model, open } = opened(5);
    const next = model.begin('Other', null);
    model.selected(next, selectResult(2));
    expect(model.selected(open, selectResult(9))).toBe(false);
    expect(model.keepRows(open, [unreadableRow(1, [])])).toBe(false);
    model.arrived(open, [unreadableRow(3, [])], false);
    model.showResults(open, { subject: 'x' }, Uint32Array.of(1), 0);
    model.adoptFolderOrder(open, Uint32Array.of(5, 4));
    model.orderProgress(open, 0.5);
    model.failed(open, { key: 'error.server.refused', values: {} } as never);
    expect([model.path, model.phase, model.count, model.progress, model.query]).toEqual([
      'Other',
      'ready',
      2,
      null,
      null,
    ]);
    expect([model.cachedRows, model.uidAt(0), open.current, next.current]).toEqual([0, 0, false, true]);
  });

  it('places arrivals by date among rows it holds exactly where a sort of the whole folder would', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 30 }),
        fc.array(fc.array(fc.integer({ min: -5, max: 40 }), { minLength: 1, maxLength: 4 }), {
          maxLength: 6,
        }),
        fc.nat(),
        (n, batches, cursorPick) => {
          const { model, open } = opened(n);
          const rows = Array.from({ length: n }, (_, i) => datedRow(i + 1, i));
          model.keepRows(open, rows);
          model.moveCursor(cursorPick % Math.max(1, n));
          const cursorUid = model.uidAt(model.cursor);
          for (const hours of batches) {
            const from = model.uidNext;
            const arrivals = hours.map((h, i) => datedRow(from + i, h));
            model.arrived(open, arrivals, false);
            rows.push(...arrivals);
          }
          expect(Array.from(model.folderUids())).toEqual(byDate(rows));
          expect(model.awaitsReorder).toBe(false);
          if (n > 0) expect(model.uidAt(model.cursor)).toBe(cursorUid);
        },
      ),
    );
  });

  it('lists an arrival it cannot place where it might belong until a re-order, adopted with the cursor kept', () => {
    const { model, open } = opened(10);
    // Rows held of UIDs 10..8 and 2..1 only (dated like their UIDs, an hour apart): 7..3 are not fetched.
    model.keepRows(
      open,
      [10, 9, 8, 2, 1].map((uid) => datedRow(uid, uid)),
    );
    model.moveCursor(model.indexOfUid(9));
    model.arrived(open, [datedRow(11, 4.5)], false);
    // Below UID 8, the last row held that is newer; where among 7..3 only the server can say.
    expect([model.indexOfUid(11), model.awaitsReorder]).toEqual([3, true]);
    // A second arrival dated below it cannot lean on that place, which is not known either: below UID 8 too.
    model.arrived(open, [datedRow(12, 3.5)], false);
    expect([model.indexOfUid(12), model.indexOfUid(11), model.awaitsReorder]).toEqual([3, 4, true]);
    // The device's mirror keeps no provisional order: a reload would show it as the folder's.
    expect(model.snapshot()).toBeNull();
    const sorted = Uint32Array.from([10, 9, 8, 7, 6, 5, 11, 4, 12, 3, 2, 1]);
    // An answer that lacks UID 12 (it arrived while the order was computed) is not taken.
    expect(
      model.reordered(
        open,
        sorted.filter((uid) => uid !== 12),
      ),
    ).toBe(false);
    expect(model.awaitsReorder).toBe(true);
    // One that holds a message expunged meanwhile (UID 13, unknown here) is taken without it.
    expect(model.reordered(open, Uint32Array.from([13, ...sorted]))).toBe(true);
    expect([Array.from(model.folderUids()), model.awaitsReorder]).toEqual([Array.from(sorted), false]);
    expect(model.uidAt(model.cursor)).toBe(9);
    expect(model.snapshot()?.order).toEqual(sorted);
  });

  it('awaits no re-order for an arrival it could not place once that message is expunged', () => {
    const { model, open } = opened(5);
    model.keepRows(open, [datedRow(5, 5)]);
    model.arrived(open, [datedRow(6, 1.5)], false);
    expect(model.awaitsReorder).toBe(true);
    model.expunge(6, 6);
    model.flushGone();
    expect([model.awaitsReorder, model.count]).toEqual([false, 5]);
  });
});
