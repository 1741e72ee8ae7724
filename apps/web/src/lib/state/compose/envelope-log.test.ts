import type { Envelope, UntaggedResponse } from '@webmail/imap-core';
import { describe, expect, it } from 'vitest';
import { AddressBook } from './address-book.ts';
import { EnvelopeLog } from './envelope-log.ts';
import { testAddress, testEnvelope } from './testing.ts';

const NOW = Date.parse('2026-12-04T12:00:00Z');
const DAY = 86_400_000;

const person = testAddress;
const envelope = (parts: Parameters<typeof testEnvelope>[1]): Envelope => testEnvelope(NOW, parts);

/** A client raising FETCH responses with `mailbox` selected. */
function fetching() {
  const listeners: ((response: UntaggedResponse) => void)[] = [];
  const client = {
    mailbox: { name: 'INBOX' } as { name: string } | null,
    on: (_: 'untagged', listener: (response: UntaggedResponse) => void) => {
      listeners.push(listener);
      return () => listeners.splice(listeners.indexOf(listener), 1);
    },
  };
  const fetched = (mailbox: string, ...envelopes: Envelope[]) => {
    client.mailbox = { name: mailbox };
    for (const envelope of envelopes)
      for (const l of listeners) l({ kind: 'fetch', seq: 1 as never, attributes: { envelope } });
  };
  return { client, fetched };
}

describe('EnvelopeLog', () => {
  it('keeps each person once per mailbox and role, with how often and the newest date and name', () => {
    const { client, fetched } = fetching();
    const log = new EnvelopeLog(client);
    fetched(
      'INBOX',
      envelope({
        from: [person('Zhang@Example.cn', 'Old name')],
        to: [person('me@example.org')],
        daysAgo: 9,
      }),
      envelope({ from: [person('zhang@example.cn', '张伟')], to: [person('me@example.org')], daysAgo: 1 }),
      envelope({ from: [person('zhang@example.cn', 'Older still')], daysAgo: 20 }),
    );
    fetched('Sent', envelope({ from: [person('me@example.org')], to: [person('zhang@example.cn')] }));
    const people = log.take();
    expect(
      people
        .map((p) => [p.mailbox, p.role, `${p.address.mailbox}@${p.address.host}`, p.seen, p.address.name])
        .sort(),
    ).toEqual([
      ['INBOX', 'from', 'zhang@example.cn', 3, '张伟'],
      ['INBOX', 'to', 'me@example.org', 2, null],
      ['Sent', 'from', 'me@example.org', 1, null],
      ['Sent', 'to', 'zhang@example.cn', 1, null],
    ]);
    expect(people.find((p) => p.address.host === 'example.cn' && p.role === 'from')?.last).toBe(NOW - DAY);
    expect(log.take()).toEqual([]);
  });

  it('holds at most its limit of people, dropping the one noted longest ago', () => {
    const { client, fetched } = fetching();
    const log = new EnvelopeLog(client, 2);
    fetched(
      'INBOX',
      envelope({ from: [person('a@example.org')] }),
      envelope({ from: [person('b@example.org')] }),
    );
    fetched(
      'INBOX',
      envelope({ from: [person('a@example.org')] }),
      envelope({ from: [person('c@example.org')] }),
    );
    expect(log.take().map((p) => p.address.mailbox)).toEqual(['a', 'c']);
  });

  it('gives the address book the same suggestions as the envelopes themselves', () => {
    const envelopes: [string, Envelope][] = [
      ['INBOX', envelope({ from: [person('anna@example.org', 'Anna Smirnova')], daysAgo: 3 })],
      ['INBOX', envelope({ from: [person('anna@example.org', 'Анна Смирнова')], daysAgo: 1 })],
      ['INBOX', envelope({ from: [person('andrei@example.ru', 'Andrei')], daysAgo: 100 })],
      [
        'Work',
        envelope({ from: [person('anton@example.org')], cc: [person('ana@example.org')], daysAgo: 2 }),
      ],
      ['Sent', envelope({ to: [person('andrei@example.ru', 'Andrei K.')], daysAgo: 50 })],
      ['Sent', envelope({ to: [person('ann@example.org')], cc: [person('anna@example.org')], daysAgo: 5 })],
    ];
    const direct = new AddressBook({ now: () => NOW });
    for (const [mailbox, e] of envelopes) direct.addEnvelope(e, mailbox === 'Sent');
    const { client, fetched } = fetching();
    const log = new EnvelopeLog(client);
    for (const [mailbox, e] of envelopes) fetched(mailbox, e);
    const logged = new AddressBook({ now: () => NOW });
    for (const p of log.take()) logged.addLogged(p, 'Sent');
    expect(logged.size).toBe(direct.size);
    for (const query of ['a', 'an', 'anna', 'анна', 'andrei', 'ann@']) {
      expect(logged.suggest(query), query).toEqual(direct.suggest(query));
    }
  });
});
