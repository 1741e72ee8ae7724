import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SelectedMailbox } from './mailbox.ts';
import type { MailboxEvents } from './mailbox.ts';
import { asUid } from './types.ts';

function open(exists: number, uids: (number | 0)[] = []) {
  const events: { name: keyof MailboxEvents; event: unknown }[] = [];
  const mailbox = new SelectedMailbox('INBOX', 'read-write', {
    emit: (name, event) => events.push({ name, event }),
    warn: () => undefined,
  });
  mailbox.applyExists(exists);
  uids.forEach((uid, i) => uid !== 0 && mailbox.applyFetch(i + 1, { uid: asUid(uid) }));
  mailbox.opened();
  return { mailbox, events };
}

const map = (m: SelectedMailbox): (number | null)[] =>
  Array.from({ length: m.exists }, (_, i) => m.uidOf(i + 1));

describe('SelectedMailbox', () => {
  it('renumbers the messages after an EXPUNGE and reports the expunged UID', () => {
    const { mailbox, events } = open(4, [10, 20, 30, 40]);
    mailbox.applyExpunge(2);
    expect(map(mailbox)).toEqual([10, 30, 40]);
    expect(mailbox.seqOf(40)).toBe(3);
    expect(events.at(-1)).toEqual({ name: 'expunge', event: { mailbox: 'INBOX', seq: 2, uid: 20 } });
  });

  it.each([
    ['known UIDs', [10, 20, 30, 40, 50], '20,40', [10, 30, 50]],
    ['a range over known and unknown UIDs', [10, 0, 0, 40, 50], '11:45', [10, 50]],
    ['a UID sitting among unknown slots', [10, 0, 0, 40], '25', [10, null, 40]],
    ['a UID between adjacent known UIDs (never seen)', [10, 20], '15', [10, 20]],
    ['everything', [10, 0, 30], '1:*', []],
  ])('applies VANISHED of %s', (_name, uids, set, expected) => {
    const { mailbox } = open(uids.length, uids);
    const ranges = set.split(',').map((r) => {
      const [a, b] = r.split(':');
      return { start: Number(a), end: b === undefined ? Number(a) : b === '*' ? Infinity : Number(b) };
    });
    mailbox.applyVanished(ranges, false);
    expect(map(mailbox)).toEqual(expected);
  });

  it('emits expunge events in descending order, each seq valid when emitted', () => {
    const { mailbox, events } = open(3, [1, 2, 3]);
    mailbox.applyVanished([{ start: 1, end: 3 }], false);
    expect(events.filter((e) => e.name === 'expunge').map((e) => (e.event as { seq: number }).seq)).toEqual([
      3, 2, 1,
    ]);
  });

  it('names the UIDs VANISHED removed from a run of messages whose UIDs the session never learned', () => {
    const { mailbox, events } = open(5, [10, 0, 0, 0, 50]);
    mailbox.applyVanished(
      [20, 40].map((uid) => ({ start: uid, end: uid })),
      false,
    );
    expect(map(mailbox)).toEqual([10, null, 50]);
    expect(events.filter((e) => e.name === 'expunge').map((e) => e.event)).toEqual([
      { mailbox: 'INBOX', seq: 4, uid: 40 },
      { mailbox: 'INBOX', seq: 3, uid: 20 },
    ]);
  });

  it('does not believe a VANISHED listing more UIDs than a run of unmapped messages holds', () => {
    const { mailbox, events } = open(3, [10, 0, 50]);
    mailbox.applyVanished([{ start: 11, end: 49 }], false);
    expect(map(mailbox)).toEqual([10, 50]);
    expect(events.at(-1)).toEqual({ name: 'expunge', event: { mailbox: 'INBOX', seq: 2, uid: null } });
  });

  it('does not change EXISTS for VANISHED (EARLIER)', () => {
    const { mailbox, events } = open(2, [5, 6]);
    mailbox.applyVanished([{ start: 1, end: 4 }], true);
    expect(mailbox.exists).toBe(2);
    expect(events.at(-1)?.name).toBe('vanished');
  });

  it('holds 100,000 messages in typed arrays and expunges from the middle', () => {
    const { mailbox } = open(0);
    mailbox.applyExists(100_000);
    for (let seq = 1; seq <= 100_000; seq++) mailbox.applyFetch(seq, { uid: asUid(seq * 2) });
    mailbox.applyExpunge(50_000);
    mailbox.applyVanished([{ start: 2, end: 20_000 }], false);
    expect(mailbox.exists).toBe(100_000 - 1 - 10_000);
    expect(mailbox.uidOf(1)).toBe(20_002);
    expect(mailbox.seqOf(200_000)).toBe(mailbox.exists);
  });

  it('fills 100,000 slots in ascending order with the newest UIDs known, checking each against its neighbours', () => {
    // The list's first rows teach the newest UIDs, then UID FETCH 1:* answers in ascending order.
    const { mailbox } = open(0);
    mailbox.applyExists(100_000);
    for (let seq = 99_961; seq <= 100_000; seq++) mailbox.applyFetch(seq, { uid: asUid(seq * 2) });
    for (let seq = 1; seq <= 99_960; seq++) mailbox.applyFetch(seq, { uid: asUid(seq * 2) });
    expect(mailbox.knownUidCount()).toBe(100_000);
    expect(mailbox.seqOf(150_000)).toBe(75_000);
  });

  // Each case opens a mailbox of EXISTS messages, learns UIDs (seq:uid) and changes the map, and ends with a
  // FETCH checked against the neighbours the map has at that moment, not those it had when it last learned one.
  it.each([
    [
      'above the next known UID in an ascending fill',
      ['5', '1:10', '5:50', '2:20', '3:60'],
      'not below UID 50 of message 5',
    ],
    [
      'below the previous known UID in a descending fill',
      ['5', '1:10', '5:50', '4:40', '3:5'],
      'not above UID 10 of message 1',
    ],
    [
      'above a UID learned between the last one and its neighbour',
      ['6', '1:10', '3:30', '5:50', '2:40'],
      'not below UID 30 of message 3',
    ],
    [
      'after an EXPUNGE moved the neighbours',
      ['5', '1:10', '4:40', 'expunge 1', '2:50'],
      'not below UID 40 of message 3',
    ],
    [
      'after VANISHED moved the neighbours',
      ['6', '1:10', '6:60', 'vanished 10', '3:70'],
      'not below UID 60 of message 5',
    ],
    ['after a UIDVALIDITY change', ['3', 'uidvalidity 1', '1:10', '3:30', 'uidvalidity 2', '2:40'], null],
    ['after EXISTS grew past the last one', ['2', '1:10', 'exists 4', '2:20'], null],
    [
      'after EXISTS grew, against one learned beyond the old end',
      ['2', '1:10', 'exists 4', '4:40', '2:45'],
      'not below UID 40 of message 4',
    ],
  ])('checks a UID %s', (_name, steps, refusal) => {
    const [exists, ...rest] = steps as [string, ...string[]];
    const { mailbox } = open(Number(exists));
    const run = (step: string) => {
      const [verb, argument] = step.split(' ');
      const n = Number(argument);
      if (verb === 'expunge') mailbox.applyExpunge(n);
      else if (verb === 'exists') mailbox.applyExists(n);
      else if (verb === 'vanished') mailbox.applyVanished([{ start: n, end: n }], false);
      else if (verb === 'uidvalidity') mailbox.applyCode({ name: 'UIDVALIDITY', value: n });
      else {
        const [seq, uid] = step.split(':').map(Number) as [number, number];
        mailbox.applyFetch(seq, { uid: asUid(uid) });
      }
    };
    const last = rest.pop() as string;
    rest.forEach(run);
    if (refusal === null) {
      run(last);
      expect(mailbox.seqOf(Number(last.split(':')[1]))).toBe(Number(last.split(':')[0]));
    } else expect(() => run(last)).toThrow(`of message ${last.split(':')[0]} is ${refusal}`);
  });

  it('accepts and refuses the UIDs a scan of the whole map would, whatever changed it in between', () => {
    type Step =
      | { kind: 'fetch'; seq: number; uid: number }
      | { kind: 'expunge' | 'exists' | 'vanished'; n: number }
      | { kind: 'uidvalidity' };
    const step: fc.Arbitrary<Step> = fc.oneof(
      {
        weight: 6,
        arbitrary: fc.record({
          kind: fc.constant('fetch' as const),
          seq: fc.integer({ min: 1, max: 12 }),
          uid: fc.integer({ min: 1, max: 40 }),
        }),
      },
      fc.record({
        kind: fc.constantFrom('expunge' as const, 'exists' as const, 'vanished' as const),
        n: fc.integer({ min: 1, max: 40 }),
      }),
      fc.constant({ kind: 'uidvalidity' as const }),
    );
    /** What the UID at `seq` must be between, by scanning the map as it is now. */
    const scanned = (mailbox: SelectedMailbox, seq: number): { above: number; below: number } => {
      let above = 0;
      for (let s = seq - 1; s >= 1 && above === 0; s--) above = mailbox.uidOf(s) ?? 0;
      let below = Infinity;
      for (let s = seq + 1; s <= mailbox.exists && below === Infinity; s++)
        below = mailbox.uidOf(s) ?? Infinity;
      return { above, below };
    };
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.array(step, { maxLength: 40 }), (exists, steps) => {
        const { mailbox } = open(exists);
        let validity = 1;
        mailbox.applyCode({ name: 'UIDVALIDITY', value: validity });
        for (const s of steps) {
          if (s.kind === 'fetch') {
            if (s.seq > mailbox.exists) continue;
            const known = mailbox.uidOf(s.seq);
            const { above, below } = scanned(mailbox, s.seq);
            const valid = known === null ? above < s.uid && s.uid < below : known === s.uid;
            if (!valid) {
              expect(() => mailbox.applyFetch(s.seq, { uid: asUid(s.uid) })).toThrow();
              return;
            }
            mailbox.applyFetch(s.seq, { uid: asUid(s.uid) });
            expect(mailbox.uidOf(s.seq)).toBe(s.uid);
          } else if (s.kind === 'expunge') {
            if (s.n <= mailbox.exists) mailbox.applyExpunge(s.n);
          } else if (s.kind === 'exists') mailbox.applyExists(mailbox.exists + (s.n % 3));
          else if (s.kind === 'vanished') mailbox.applyVanished([{ start: s.n, end: s.n }], false);
          else mailbox.applyCode({ name: 'UIDVALIDITY', value: ++validity });
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('announces a UIDVALIDITY change and forgets the UIDs', () => {
    const { mailbox, events } = open(2, [5, 6]);
    mailbox.applyCode({ name: 'UIDVALIDITY', value: 1 });
    mailbox.applyCode({ name: 'UIDVALIDITY', value: 2 });
    expect(map(mailbox)).toEqual([null, null]);
    expect(events.at(-1)).toEqual({
      name: 'uidvalidity',
      event: { mailbox: 'INBOX', previous: 1, current: 2 },
    });
  });
});
