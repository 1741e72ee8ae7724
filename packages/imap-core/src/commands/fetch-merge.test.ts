// A message's FETCH items spread over several responses of one command make one FetchedMessage: later
// responses update what they carry and never erase the rest (Dovecot's flags-only FETCH in the middle of a
// row FETCH, when another client changes a flag).

import { describe, expect, it } from 'vitest';
import type { SessionEvents } from '../session.ts';
import { asSeqNum, asUid } from '../types.ts';
import { selectedHarness } from '../../test/fixtures/harness.ts';
import { MessageCollector } from './fetch-merge.ts';
import { uidFetchCommand } from './fetch.ts';
import type { FetchedMessage, FetchItems } from './fetch.ts';
import { selectCommand } from './select.ts';
import { uidStoreCommand } from './store.ts';

const ENVELOPE =
  '("Mon, 1 Jan 2024 10:00:00 +0000" "Hello" (("Carol" NIL "carol" "example.org")) NIL NIL NIL NIL NIL NIL "<1@x>")';
const ROWS: FetchItems = { flags: true, envelope: true, modseq: false };

interface Case {
  readonly name: string;
  readonly request: { start: number; end: number };
  readonly items: FetchItems;
  readonly server: string;
  /** [uid, seq, subject or null, flags] of each message of the result, in order. */
  readonly expected: readonly [number, number, string | null, readonly string[] | undefined][];
}

const cases: Case[] = [
  {
    name: "Dovecot's flags-only FETCH after the row: the row keeps its envelope, the flags are the later ones",
    request: { start: 10, end: 12 },
    items: ROWS,
    server:
      `* 1 FETCH (UID 10 FLAGS () ENVELOPE ${ENVELOPE})\r\n` +
      `* 2 FETCH (UID 11 FLAGS () ENVELOPE ${ENVELOPE})\r\n` +
      '* 1 FETCH (UID 10 MODSEQ (45) FLAGS (\\Seen))\r\n' +
      'A4 OK\r\n',
    expected: [
      [10, 1, 'Hello', ['\\Seen']],
      [11, 2, 'Hello', []],
    ],
  },
  {
    name: 'a flags-only FETCH before the row: the row fills in the rest, its flags being the later ones',
    request: { start: 10, end: 11 },
    items: ROWS,
    server:
      '* 2 FETCH (UID 11 MODSEQ (45) FLAGS (\\Flagged))\r\n' +
      `* 1 FETCH (UID 10 FLAGS () ENVELOPE ${ENVELOPE})\r\n` +
      `* 2 FETCH (UID 11 FLAGS (\\Flagged \\Seen) ENVELOPE ${ENVELOPE})\r\n` +
      'A4 OK\r\n',
    expected: [
      [11, 2, 'Hello', ['\\Flagged', '\\Seen']],
      [10, 1, 'Hello', []],
    ],
  },
  {
    name: 'an expunge between two responses of one message: the later sequence number is kept',
    request: { start: 11, end: 12 },
    items: ROWS,
    server:
      `* 3 FETCH (UID 12 FLAGS () ENVELOPE ${ENVELOPE})\r\n` +
      '* 1 EXPUNGE\r\n' +
      '* 2 FETCH (UID 12 FLAGS (\\Answered))\r\n' +
      'A4 OK\r\n',
    expected: [[12, 2, 'Hello', ['\\Answered']]],
  },
  {
    name: 'a flags-only FETCH for a message outside the request is not part of the result',
    request: { start: 11, end: 11 },
    items: ROWS,
    server: `* 1 FETCH (UID 10 FLAGS (\\Seen))\r\n* 2 FETCH (UID 11 FLAGS () ENVELOPE ${ENVELOPE})\r\nA4 OK\r\n`,
    expected: [[11, 2, 'Hello', []]],
  },
  {
    name: 'sections spread over two responses: both are kept',
    request: { start: 10, end: 10 },
    items: { sections: [{ specifier: 'HEADER' }, { specifier: 'TEXT' }] },
    server:
      '* 1 FETCH (UID 10 BODY[HEADER] {4}\r\nH: x)\r\n' +
      '* 1 FETCH (UID 10 FLAGS (\\Seen) BODY[TEXT] {4}\r\nbody)\r\n' +
      'A4 OK\r\n',
    expected: [[10, 1, null, ['\\Seen']]],
  },
];

function summary(messages: readonly FetchedMessage[]) {
  return messages.map((m) => [m.uid, m.seq, m.attributes.envelope?.subject ?? null, m.attributes.flags]);
}

describe('UID FETCH with a message spread over several responses', () => {
  for (const chunk of [undefined, 1] as const) {
    const how = chunk === undefined ? 'whole' : 'one byte at a time';

    it.each(cases)(`collects $name (fed ${how})`, async (c) => {
      const h = await selectedHarness();
      const result = h.run(uidFetchCommand([c.request], c.items));
      h.server(c.server, chunk);
      expect(summary((await result).messages)).toEqual(c.expected);
    });

    it.each(cases)(`streams $name, the last call per message holding all of it (fed ${how})`, async (c) => {
      const h = await selectedHarness();
      const last = new Map<number, FetchedMessage>();
      const calls: number[] = [];
      const result = h.run(
        uidFetchCommand([c.request], c.items, {
          onMessage: (message) => {
            calls.push(message.uid);
            last.set(message.uid, { ...message, attributes: { ...message.attributes } });
          },
        }),
      );
      h.server(c.server, chunk);
      expect((await result).messages).toEqual([]);
      expect(summary([...last.values()])).toEqual(c.expected);
      expect(new Set(calls).size).toBe(c.expected.length);
    });
  }

  it('keeps both sections of a message whose sections came in two responses', async () => {
    const h = await selectedHarness();
    const result = h.run(uidFetchCommand([{ start: 10, end: 10 }], cases[4]!.items));
    h.server(cases[4]!.server);
    const sections = (await result).messages[0]?.attributes.sections;
    expect(sections?.map((s) => [s.section, new TextDecoder().decode(s.data ?? undefined)])).toEqual([
      ['HEADER', 'H: x'],
      ['TEXT', 'body'],
    ]);
  });

  it("still raises the 'flags' event for the flags-only response, after the result holds it", async () => {
    const h = await selectedHarness();
    const flags: SessionEvents['flags'][] = [];
    h.session.events.on('flags', (event) => flags.push(event));
    const result = h.run(uidFetchCommand([{ start: 10, end: 10 }], ROWS));
    h.server(cases[0]!.server.replace(/^\* 2 FETCH.*\r\n/m, ''));
    await result;
    expect(flags.map((e) => [e.uid, e.flags, e.modseq])).toEqual([
      [10, [], undefined],
      [10, ['\\Seen'], 45n],
    ]);
  });

  it('does not change the response the session handed to its untagged listeners', async () => {
    const h = await selectedHarness();
    const untagged: SessionEvents['untagged'][] = [];
    h.session.events.on('untagged', (response) => untagged.push(response));
    const result = h.run(uidFetchCommand([{ start: 10, end: 10 }], ROWS));
    h.server(
      `* 1 FETCH (UID 10 FLAGS () ENVELOPE ${ENVELOPE})\r\n* 1 FETCH (UID 10 FLAGS (\\Seen))\r\nA4 OK\r\n`,
    );
    await result;
    expect(untagged.map((r) => (r.kind === 'fetch' ? Object.keys(r.attributes) : r.kind))).toEqual([
      ['uid', 'flags', 'envelope'],
      ['uid', 'flags'],
    ]);
  });
});

describe('UID STORE echoing one message twice', () => {
  it('reports the message once, with the flags of the last echo', async () => {
    const h = await selectedHarness();
    const store = h.run(
      uidStoreCommand([{ start: 10, end: 11 }], { operation: 'add', flags: ['\\Seen'], silent: false }),
    );
    h.server(
      '* 1 FETCH (UID 10 FLAGS (\\Seen))\r\n* 2 FETCH (UID 11 FLAGS (\\Seen))\r\n' +
        '* 1 FETCH (UID 10 FLAGS (\\Seen \\Flagged))\r\nA4 OK\r\n',
    );
    expect((await store).updated).toEqual([
      { uid: 10, flags: ['\\Seen', '\\Flagged'] },
      { uid: 11, flags: ['\\Seen'] },
    ]);
  });
});

describe('SELECT (QRESYNC) reporting one message twice', () => {
  it('lists the message once among the changed, with its items merged', async () => {
    const h = await selectedHarness();
    h.server('* ENABLED QRESYNC\r\n');
    const select = h.run(selectCommand('INBOX', { qresync: { uidValidity: 7, modseq: 40n } }));
    h.server(
      '* 3 EXISTS\r\n* OK [UIDVALIDITY 7] v\r\n' +
        '* 1 FETCH (UID 10 MODSEQ (41) FLAGS ())\r\n* 2 FETCH (UID 11 MODSEQ (42) FLAGS (\\Seen))\r\n' +
        '* 1 FETCH (UID 10 MODSEQ (43) FLAGS (\\Seen))\r\nA4 OK [READ-WRITE] done\r\n',
    );
    const { changed } = await select;
    expect(changed.map((c) => [c.uid, c.attributes.flags, c.attributes.modseq])).toEqual([
      [10, ['\\Seen'], 43n],
      [11, ['\\Seen'], 42n],
    ]);
  });
});

describe('MessageCollector', () => {
  /** [seq, uid or null, a flag naming the response]: each response carries one flag, the merge keeps the last. */
  type Add = readonly [number, number | null, string];
  const ascending = (from: number, to: number): Add[] =>
    Array.from({ length: to - from + 1 }, (_, i) => [from + i, from + i, `\\r${from + i}`] as const);
  const collectorCases: {
    readonly name: string;
    readonly adds: readonly Add[];
    /** [uid, seq, flag] of each message, in the order of its first response. */
    readonly expected: readonly (readonly [number | null, number, string])[];
    /** Which adds started a message. */
    readonly firsts: readonly boolean[];
  }[] = [
    {
      name: 'ascending UIDs, each message once',
      adds: ascending(1, 3),
      expected: [
        [1, 1, '\\r1'],
        [2, 2, '\\r2'],
        [3, 3, '\\r3'],
      ],
      firsts: [true, true, true],
    },
    {
      name: 'a later response of a message far back in an ascending run merges into it',
      adds: [...ascending(1, 100), [1, 1, '\\again'], [57, 57, '\\again'], [101, 101, '\\r101']],
      expected: [
        [1, 1, '\\again'],
        ...ascending(2, 56).map(([seq, uid, flag]) => [uid, seq, flag] as const),
        [57, 57, '\\again'],
        ...ascending(58, 101).map(([seq, uid, flag]) => [uid, seq, flag] as const),
      ],
      firsts: [...Array<boolean>(100).fill(true), false, false, true],
    },
    {
      name: 'a new UID below the last, then earlier messages again: each is still one message',
      adds: [
        [2, 20, '\\a'],
        [3, 30, '\\b'],
        [1, 10, '\\c'],
        [2, 20, '\\d'],
        [1, 10, '\\e'],
        [4, 40, '\\f'],
        [3, 30, '\\g'],
      ],
      expected: [
        [20, 2, '\\d'],
        [30, 3, '\\g'],
        [10, 1, '\\e'],
        [40, 4, '\\f'],
      ],
      firsts: [true, true, true, false, false, true, false],
    },
    {
      name: 'responses without a UID are told apart by sequence number, beside those with one',
      adds: [
        [1, 10, '\\a'],
        [2, null, '\\b'],
        [2, null, '\\c'],
        [3, 30, '\\d'],
        [1, 10, '\\e'],
      ],
      expected: [
        [10, 1, '\\e'],
        [null, 2, '\\c'],
        [30, 3, '\\d'],
      ],
      firsts: [true, true, false, true, false],
    },
    {
      name: 'a message whose sequence number changed (an expunge between its responses) keeps the later one',
      adds: [
        [5, 50, '\\a'],
        [6, 60, '\\b'],
        [4, 50, '\\c'],
      ],
      expected: [
        [50, 4, '\\c'],
        [60, 6, '\\b'],
      ],
      firsts: [true, true, false],
    },
  ];

  it.each(collectorCases)('collects $name', ({ adds, expected, firsts }) => {
    const collector = new MessageCollector();
    const seen = adds.map(
      ([seq, uid, flag]) =>
        collector.add(asSeqNum(seq), uid === null ? null : asUid(uid), { flags: [flag] }).first,
    );
    expect(seen).toEqual(firsts);
    expect(collector.messages.map((m) => [m.uid, m.seq, m.attributes.flags?.[0]])).toEqual(expected);
  });
});
