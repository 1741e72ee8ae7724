// One malformed message must not take down a folder. When a FETCH response arrives whole (its framing is
// intact) but its content does not parse, that message is reported as unreadable, with its UID and the start of
// the response as evidence; the session stays open, the command goes on with the other messages, and the
// message can still be read raw (View source fetches BODY[] only).

import { describe, expect, it } from 'vitest';
import { uidFetchCommand } from '../../src/commands/fetch.ts';
import { noopCommand } from '../../src/commands/noop.ts';
import { ErrorCodes } from '../../src/errors.ts';
import type { ErrorCode } from '../../src/errors.ts';
import type { UnreadableEvent } from '../../src/session.ts';
import { selectedHarness } from '../fixtures/harness.ts';

const ENVELOPE = '(NIL "fine" NIL NIL NIL NIL NIL NIL NIL NIL)';
const TEXT_PART = '("text" "plain" NIL NIL NIL "7bit" 12 1)';

interface Case {
  readonly name: string;
  /** The broken response for message 2 (UID 11). */
  readonly broken: string;
  readonly code: ErrorCode;
  /** Whether the UID came through before the fault; else the session's map supplies it. */
  readonly uidSent: boolean;
}

const cases: Case[] = [
  {
    name: 'a BODYSTRUCTURE with an impossible size (the report)',
    broken: `* 2 FETCH (UID 11 ENVELOPE ${ENVELOPE} BODYSTRUCTURE ("text" "plain" NIL NIL NIL "7bit" 99999999999 1))`,
    code: ErrorCodes.PARSE,
    uidSent: true,
  },
  {
    name: 'a BODYSTRUCTURE nested deeper than the limit',
    broken: `* 2 FETCH (UID 11 BODYSTRUCTURE ${'('.repeat(200)}${')'.repeat(200)})`,
    code: ErrorCodes.NESTING_TOO_DEEP,
    uidSent: true,
  },
  {
    name: 'an envelope with a field missing',
    broken: '* 2 FETCH (UID 11 ENVELOPE (NIL "short" NIL NIL) BODYSTRUCTURE ' + TEXT_PART + ')',
    code: ErrorCodes.PARSE,
    uidSent: true,
  },
  {
    name: 'an impossible INTERNALDATE before the UID',
    broken: `* 2 FETCH (INTERNALDATE "31-Foo-2024 99:00:00 +0000" UID 11 ENVELOPE ${ENVELOPE})`,
    code: ErrorCodes.PARSE,
    uidSent: false,
  },
  {
    name: 'a UID of 0',
    broken: `* 2 FETCH (UID 0 ENVELOPE ${ENVELOPE})`,
    code: ErrorCodes.PARSE,
    uidSent: false,
  },
  {
    name: 'a literal subject followed by garbage inside the envelope',
    broken: '* 2 FETCH (UID 11 ENVELOPE (NIL {5}\r\nHello ?!? NIL NIL NIL NIL NIL NIL NIL NIL))',
    code: ErrorCodes.PARSE,
    uidSent: true,
  },
  {
    name: 'trailing bytes after the closing parenthesis',
    broken: `* 2 FETCH (UID 11 ENVELOPE ${ENVELOPE}) extra`,
    code: ErrorCodes.PARSE,
    uidSent: true,
  },
];

function good(seq: number, uid: number): string {
  return `* ${seq} FETCH (UID ${uid} ENVELOPE ${ENVELOPE} BODYSTRUCTURE ${TEXT_PART})\r\n`;
}

describe('a FETCH response that is framed but does not parse', () => {
  for (const chunk of [undefined, 1] as const) {
    const how = chunk === undefined ? 'whole' : 'one byte at a time';

    it.each(cases)(`makes only that message unreadable: $name (fed ${how})`, async (c) => {
      const h = await selectedHarness();
      const events: UnreadableEvent[] = [];
      h.session.events.on('unreadable', (event) => events.push(event));
      const fetch = h.run(uidFetchCommand([{ start: 10, end: 12 }], { envelope: true, bodyStructure: true }));
      h.server(`${good(1, 10)}${c.broken}\r\n${good(3, 12)}A4 OK\r\n`, chunk);
      const result = await fetch;
      expect(result.messages.map((m) => m.uid)).toEqual([10, 12]);
      expect(result.unreadable).toHaveLength(1);
      const [unreadable] = result.unreadable;
      expect(unreadable).toMatchObject({ seq: 2, uid: 11, error: { code: c.code } });
      expect(unreadable?.evidence.startsWith(c.broken.slice(0, 16).replace('\r\n', '\\r\\n'))).toBe(true);
      expect(unreadable?.evidence.length).toBeLessThanOrEqual(201);
      expect(unreadable?.evidence).not.toMatch(/[\r\n\0]/);
      // Asked for by the command: not also an unsolicited event.
      expect(events).toEqual([]);
      expect(h.closeError()).toBeUndefined();
      expect(h.session.mailbox?.uidOf(2)).toBe(11);
      expect(c.uidSent || unreadable?.uid === h.session.mailbox?.uidOf(2)).toBe(true);
      // View source: the raw message of the same UID still reads.
      const raw = h.run(uidFetchCommand([{ start: 11, end: 11 }], { sections: [{}] }));
      h.takeSent();
      h.server('* 2 FETCH (UID 11 BODY[] {9}\r\nSubject: )\r\nA5 OK\r\n');
      expect((await raw).messages[0]?.attributes.sections?.[0]?.data).toEqual(
        new TextEncoder().encode('Subject: '),
      );
    });

    it.each(cases)(
      `raises the 'unreadable' event when nothing asked for it: $name (fed ${how})`,
      async (c) => {
        const h = await selectedHarness();
        const events: UnreadableEvent[] = [];
        h.session.events.on('unreadable', (event) => events.push(event));
        const noop = h.run(noopCommand());
        h.server(`${c.broken}\r\nA4 OK\r\n`, chunk);
        await noop;
        expect(events).toMatchObject([{ mailbox: 'INBOX', seq: 2, uid: 11, error: { code: c.code } }]);
        expect(h.closeError()).toBeUndefined();
      },
    );
  }

  it('reports nothing unreadable for a message the server also sent readably in the same command', async () => {
    const h = await selectedHarness();
    const fetch = h.run(uidFetchCommand([{ start: 11, end: 11 }], { envelope: true }));
    h.server(`* 2 FETCH (UID 11 ENVELOPE ${ENVELOPE})\r\n${cases[3]?.broken}\r\nA4 OK\r\n`);
    const result = await fetch;
    expect(result.messages.map((m) => m.uid)).toEqual([11]);
    expect(result.unreadable).toEqual([]);
  });

  it('reports, when streaming, only the unreadable messages the server did not also send readably', async () => {
    const h = await selectedHarness();
    const streamed: number[] = [];
    const fetch = h.run(
      uidFetchCommand(
        [{ start: 10, end: 12 }],
        { envelope: true },
        { onMessage: (m) => streamed.push(m.uid) },
      ),
    );
    const broken = (seq: number, uid: number) =>
      `* ${seq} FETCH (UID ${uid} ENVELOPE (NIL "short" NIL NIL))\r\n`;
    h.server(
      `* 1 FETCH (UID 10 ENVELOPE ${ENVELOPE})\r\n${broken(2, 11)}` +
        `* 2 FETCH (UID 11 ENVELOPE ${ENVELOPE})\r\n${broken(3, 12)}A4 OK\r\n`,
    );
    const result = await fetch;
    expect(streamed).toEqual([10, 11]);
    expect(result.messages).toEqual([]);
    expect(result.unreadable.map((m) => m.uid)).toEqual([12]);
  });

  it('escapes every byte of the evidence that is not printable ASCII and keeps it short', async () => {
    const h = await selectedHarness();
    const events: UnreadableEvent[] = [];
    h.session.events.on('unreadable', (event) => events.push(event));
    h.server(`* 2 FETCH (UID 11 X-JUNK \x1b[31m\\ {3}\r\n\xff\x00\x7f ${'z'.repeat(400)} (\r\n`);
    expect(events[0]?.evidence).toMatch(
      /^\* 2 FETCH \(UID 11 X-JUNK \\x1B\[31m\\\\ \{3\}\\r\\n\\xC3\\xBF\\x00\\x7F z+…$/,
    );
    expect(events[0]?.evidence.length).toBeLessThan(205);
  });

  it('still closes the session when the framing itself breaks', async () => {
    const h = await selectedHarness();
    const noop = h.run(noopCommand());
    h.server('* 2 FETCH (UID 11 BODY[] {-5}\r\nabc)\r\n');
    await expect(noop).rejects.toMatchObject({ code: ErrorCodes.BAD_LITERAL });
    expect(h.closeError()?.code).toBe(ErrorCodes.BAD_LITERAL);
  });
});
