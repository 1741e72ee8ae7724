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
