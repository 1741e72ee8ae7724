import { describe, expect, it } from 'vitest';
import { FlagOverlay, UNCONFIRMED_TTL_MS } from './flag-overlay.ts';

describe('FlagOverlay', () => {
  it('puts unconfirmed changes on top of what the server reports, until a STORE of the UID completes', () => {
    const overlay = new FlagOverlay();
    overlay.record(new Set([1, 2, 3]), ['\\Seen'], []);
    overlay.record(new Set([3]), ['Work'], ['\\Flagged']);
    expect(overlay.flagsFor(3, ['\\Flagged'])).toEqual(['\\Seen', 'Work']);
    expect(overlay.flagsFor(4, ['\\Flagged'])).toEqual(['\\Flagged']);
    expect(overlay.stored([{ start: 1, end: 3 }])).toEqual([1, 2, 3]);
    expect(overlay.flagsFor(3, ['\\Flagged'])).toEqual(['\\Flagged']);
  });

  it('says which UIDs are clear only when no other change still waits for them', () => {
    const overlay = new FlagOverlay();
    overlay.record(new Set([1, 2]), ['\\Seen'], []);
    overlay.record(new Set([2]), ['\\Flagged'], []);
    expect(overlay.stored([{ start: 1, end: 2 }])).toEqual([1, 2]);
    overlay.record(new Set([5, 6]), ['\\Seen'], []);
    overlay.record(new Set([6]), ['\\Flagged'], []);
    // Only the first change's batch is stored: 6 still waits for the second.
    expect(overlay.stored([{ start: 5, end: 5 }])).toEqual([5]);
    expect(overlay.covers(6)).toBe(true);
  });

  it('forgets a dropped change at once', () => {
    const overlay = new FlagOverlay();
    const change = overlay.record(new Set([1]), ['\\Seen'], []);
    overlay.drop(change);
    expect(overlay.flagsFor(1, [])).toEqual([]);
  });

  it('gives up on changes no STORE confirms for a while', () => {
    let now = 0;
    const overlay = new FlagOverlay(() => now);
    overlay.record(new Set([1]), ['\\Seen'], []);
    now = UNCONFIRMED_TTL_MS - 1;
    overlay.extend(); // a UID STORE went out: still working through them
    now = UNCONFIRMED_TTL_MS + 10;
    expect(overlay.covers(1)).toBe(true);
    now = 2 * UNCONFIRMED_TTL_MS;
    expect(overlay.flagsFor(1, [])).toEqual([]);
  });
});
