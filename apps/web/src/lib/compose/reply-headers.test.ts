import { describe, expect, it } from 'vitest';
import {
  forwardSubject,
  MAX_REFERENCES,
  pickIdentity,
  referencesFor,
  replyRecipients,
  replySubject,
  type OriginalMessage,
} from './reply-headers.ts';

const me = ['me@example.com', 'Me.Alias@Example.COM'];
const original: OriginalMessage = {
  from: [{ name: 'Ann', address: 'ann@example.org' }],
  to: [
    { name: 'Me', address: 'me@example.com' },
    { name: 'Bob', address: 'bob@example.org' },
  ],
  cc: [
    { name: '', address: 'carol@example.org' },
    { name: 'Bob again', address: 'bob@EXAMPLE.org' },
    { name: 'Me too', address: 'ME.alias@example.com' },
  ],
};

describe('replyRecipients', () => {
  it('replies to From', () => {
    expect(replyRecipients(original, me, 'reply')).toEqual({
      to: [{ name: 'Ann', address: 'ann@example.org' }],
      cc: [],
    });
  });

  it('replies to Reply-To when there is one', () => {
    const withReplyTo = { ...original, replyTo: [{ name: 'List', address: 'list@example.org' }] };
    expect(replyRecipients(withReplyTo, me, 'reply').to).toEqual([
      { name: 'List', address: 'list@example.org' },
    ]);
  });

  it('replies to all: From and To in To, Cc in Cc, without me and without duplicates (domain case-insensitive)', () => {
    expect(replyRecipients(original, me, 'all')).toEqual({
      to: [
        { name: 'Ann', address: 'ann@example.org' },
        { name: 'Bob', address: 'bob@example.org' },
      ],
      cc: [{ address: 'carol@example.org' }],
    });
  });

  it('keeps local parts that differ in case apart (RFC 5321 2.4), but never keeps me', () => {
    const o = {
      ...original,
      to: [{ address: 'Dave@example.org' }],
      cc: [{ address: 'dave@example.org' }, { address: 'ME@example.com' }],
    };
    expect(replyRecipients(o, me, 'all')).toEqual({
      to: [{ name: 'Ann', address: 'ann@example.org' }, { address: 'Dave@example.org' }],
      cc: [{ address: 'dave@example.org' }],
    });
  });

  it('matches IDN domains by their A-labels', () => {
    const o: OriginalMessage = {
      from: [{ address: 'ivan@пример.рф' }],
      to: [{ address: 'ivan@xn--e1afmkfd.xn--p1ai' }, { address: 'me@example.com' }],
      cc: [],
    };
    expect(replyRecipients(o, me, 'all')).toEqual({ to: [{ address: 'ivan@пример.рф' }], cc: [] });
  });

  it('sends reply all to Mail-Followup-To when the author set it', () => {
    const o = { ...original, mailFollowupTo: [{ address: 'list@lists.example.org' }] };
    expect(replyRecipients(o, me, 'all')).toEqual({ to: [{ address: 'list@lists.example.org' }], cc: [] });
    expect(replyRecipients(o, me, 'reply').to).toEqual([{ name: 'Ann', address: 'ann@example.org' }]);
  });

  it('replies to my own sent message by writing to its recipients', () => {
    const sent: OriginalMessage = {
      from: [{ address: 'me@example.com' }],
      to: [{ address: 'bob@example.org' }],
      cc: [{ address: 'carol@example.org' }],
    };
    expect(replyRecipients(sent, me, 'reply')).toEqual({ to: [{ address: 'bob@example.org' }], cc: [] });
    expect(replyRecipients(sent, me, 'all')).toEqual({
      to: [{ address: 'bob@example.org' }],
      cc: [{ address: 'carol@example.org' }],
    });
  });

  it('keeps me when I wrote only to myself', () => {
    const note: OriginalMessage = {
      from: [{ address: 'me@example.com' }],
      to: [{ address: 'me@example.com' }],
      cc: [],
    };
    expect(replyRecipients(note, me, 'all')).toEqual({ to: [{ address: 'me@example.com' }], cc: [] });
  });

  it('drops group markers and junk a hostile header carries, and cleans names', () => {
    const o: OriginalMessage = {
      from: [{ name: 'Ann\r\nBcc: x@evil.example', address: 'ann@example.org' }],
      to: [{ name: 'Team', address: '' }, { address: 'not an address' }, { address: 'bob@example.org' }],
      cc: [],
    };
    expect(replyRecipients(o, me, 'all')).toEqual({
      to: [{ name: 'Ann Bcc: x@evil.example', address: 'ann@example.org' }, { address: 'bob@example.org' }],
      cc: [],
    });
  });
});

describe('replySubject and forwardSubject', () => {
  it.each([
    ['Hello', 'Re: Hello'],
    ['Re: Hello', 'Re: Hello'],
    ['Re: Re: RE: re: Hello', 'Re: Hello'],
    ['RE[2]: Hello', 'Re: Hello'],
    ['Re(3): Hello', 'Re: Hello'],
    ['Re^2: Hello', 'Re: Hello'],
    ['AW: Hallo', 'Re: Hallo'],
    ['SV: Hej', 'Re: Hej'],
    ['Antw: Hallo', 'Re: Hallo'],
    ['Ответ: Привет', 'Re: Привет'],
    ['Отв: Привет', 'Re: Привет'],
    ['回复：你好', 'Re: 你好'],
    ['答复: 你好', 'Re: 你好'],
    ['Re : Bonjour', 'Re: Bonjour'],
    ['Re: Fwd: News', 'Re: Fwd: News'],
    ['Reunion', 'Re: Reunion'],
    ['Return policy: 30 days', 'Re: Return policy: 30 days'],
    ['', 'Re:'],
    ['  Re:  spaced  ', 'Re: spaced'],
  ])('replySubject(%j) = %j', (subject, expected) => {
    expect(replySubject(subject)).toBe(expected);
  });

  it.each([
    ['Hello', 'Fwd: Hello'],
    ['Fwd: Hello', 'Fwd: Hello'],
    ['FW: Fwd: Hello', 'Fwd: Hello'],
    ['WG: Hallo', 'Fwd: Hallo'],
    ['TR: Bonjour', 'Fwd: Bonjour'],
    ['Пересл: Привет', 'Fwd: Привет'],
    ['转发：你好', 'Fwd: 你好'],
    ['Re: Hello', 'Fwd: Re: Hello'],
    ['Fwdx', 'Fwd: Fwdx'],
  ])('forwardSubject(%j) = %j', (subject, expected) => {
    expect(forwardSubject(subject)).toBe(expected);
  });
});

describe('referencesFor', () => {
  it('is the References chain plus the Message-ID', () => {
    expect(
      referencesFor({ ...original, messageId: '<c@x>', inReplyTo: '<b@x>', references: '<a@x>\r\n <b@x>' }),
    ).toEqual({ inReplyTo: '<c@x>', references: ['<a@x>', '<b@x>', '<c@x>'] });
  });

  it('uses In-Reply-To when there are no References and it names one message', () => {
    expect(referencesFor({ ...original, messageId: '<c@x>', inReplyTo: '<b@x>' })).toEqual({
      inReplyTo: '<c@x>',
      references: ['<b@x>', '<c@x>'],
    });
    expect(referencesFor({ ...original, messageId: '<c@x>', inReplyTo: '<a@x> <b@x>' }).references).toEqual([
      '<c@x>',
    ]);
  });

  it('reads ids leniently: comments, commas, no brackets from a parser, no duplicates', () => {
    expect(
      referencesFor({
        ...original,
        messageId: 'c@x',
        references: '<a@x> (root), <b@x>,<a@x> <old-id-without-at>',
      }),
    ).toEqual({ inReplyTo: '<c@x>', references: ['<a@x>', '<b@x>', '<old-id-without-at>', '<c@x>'] });
  });

  it('drops what is no msg-id, so nothing hostile reaches a header', () => {
    expect(
      referencesFor({ ...original, messageId: '<a b@x>', references: '<x@y>\r\nBcc: evil@example.org' }),
    ).toEqual({
      references: ['<x@y>'],
    });
  });

  it(`keeps the first and the last ${MAX_REFERENCES - 1} of a long chain`, () => {
    const chain = Array.from({ length: 50 }, (_, i) => `<${i}@x>`);
    const { references } = referencesFor({ ...original, messageId: '<50@x>', references: chain.join(' ') });
    expect(references).toHaveLength(MAX_REFERENCES);
    expect(references[0]).toBe('<0@x>');
    expect(references.slice(1)).toEqual([...chain.slice(-(MAX_REFERENCES - 2)), '<50@x>']);
  });

  it('has no In-Reply-To when the original has no Message-ID', () => {
    expect(referencesFor(original)).toEqual({ references: [] });
  });
});

describe('pickIdentity', () => {
  const identities = [
    { address: 'me@example.com', name: 'Me' },
    { address: 'sales@example.com', name: 'Sales' },
    { address: 'ivan@пример.рф', name: 'Иван' },
  ];
  const msg = (fields: Partial<OriginalMessage>): OriginalMessage => ({
    from: [{ address: 'x@example.org' }],
    to: [],
    cc: [],
    ...fields,
  });

  it.each([
    ['To', msg({ to: [{ address: 'SALES@example.com' }] }), 'sales@example.com'],
    [
      'To before Cc',
      msg({ to: [{ address: 'sales@example.com' }], cc: [{ address: 'me@example.com' }] }),
      'sales@example.com',
    ],
    [
      'Cc',
      msg({ to: [{ address: 'list@example.org' }], cc: [{ address: 'me@example.com' }] }),
      'me@example.com',
    ],
    [
      'Delivered-To (Bcc)',
      msg({ to: [{ address: 'list@example.org' }], deliveredTo: ['sales@example.com'] }),
      'sales@example.com',
    ],
    [
      'an IDN in its A-label form',
      msg({ to: [{ address: 'ivan@xn--e1afmkfd.xn--p1ai' }] }),
      'ivan@пример.рф',
    ],
    ['a +detail', msg({ to: [{ address: 'me+lists@example.com' }] }), 'me@example.com'],
    [
      'From, for my own message',
      msg({ from: [{ address: 'sales@example.com' }], to: [{ address: 'x@example.org' }] }),
      'sales@example.com',
    ],
  ])('finds the identity by %s', (_name, message, expected) => {
    expect(pickIdentity(message, identities)?.address).toBe(expected);
  });

  it('is null when the message was not addressed to any identity', () => {
    expect(pickIdentity(msg({ to: [{ address: 'other@example.org' }] }), identities)).toBeNull();
  });
});
