import { describe, expect, it } from 'vitest';
import type { ListSnapshot } from './list-snapshot.ts';
import { ShownLists } from './shown-lists.ts';

const snapshot = (path: string, uidNext = 10): ListSnapshot => ({
  path,
  role: null,
  uidValidity: 7,
  uidNext,
  highestModseq: null,
  order: Uint32Array.of(3, 2, 1),
  rows: [],
  keywords: { flags: [], permanentFlags: null },
});

describe('ShownLists', () => {
  it('hands a kept list out once, the latest kept of its folder', () => {
    const lists = new ShownLists();
    lists.keep(snapshot('INBOX', 10));
    lists.keep(snapshot('INBOX', 11));
    expect(lists.take('INBOX')?.uidNext).toBe(11);
    expect(lists.take('INBOX')).toBeNull();
  });

  it('keeps the most recently left folders only', () => {
    const lists = new ShownLists(2);
    lists.keep(snapshot('A'));
    lists.keep(snapshot('B'));
    lists.keep(snapshot('A')); // left again: the most recent now
    lists.keep(snapshot('C'));
    expect(lists.take('B')).toBeNull();
    expect(lists.take('A')?.path).toBe('A');
  });
});
