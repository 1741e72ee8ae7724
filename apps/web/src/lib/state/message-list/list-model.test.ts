import type { SelectResult } from '@webmail/imap-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ListModel } from './list-model.svelte.ts';
import type { ListOpen } from './list-open.ts';
import { unreadableRow } from './message-row.ts';

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
      return model.arrived(open, rows);
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
    model.arrived(open, [unreadableRow(11, []), unreadableRow(12, [])]);
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
    model.arrived(open, [unreadableRow(3, [])]);
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
});
