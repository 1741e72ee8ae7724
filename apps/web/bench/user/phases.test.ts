import { describe, expect, it } from 'vitest';
import { PAGE_PROBE, type ProbeFrame, type ProbeRecords, type Shown } from './page-probe.ts';
import { PHASES, phasesOf, roundTripsOf, webSocketBytes } from './phases.ts';

const frame = (t: number, dir: 'in' | 'out', text: string, socket = 1): ProbeFrame => ({
  socket,
  dir,
  t,
  bytes: text.length,
  text,
});

const records = (overrides: Partial<ProbeRecords> = {}): ProbeRecords => ({
  sockets: [],
  opened: [],
  frames: [],
  worker: [],
  parses: [],
  listBusy: [],
  resources: [],
  ...overrides,
});

const shown = (overrides: Partial<Shown> = {}): Shown => ({
  input: 100,
  listener: 101,
  seen: 180,
  raf: 185,
  painted: 190,
  origin: 0,
  frameInserted: null,
  ...overrides,
});

const sum = (phases: Record<string, number>) => Object.values(phases).reduce((a, b) => a + b, 0);

describe('roundTripsOf', () => {
  it('finds a completion whose line is cut across two frames, at the frame that ends it', () => {
    const trips = roundTripsOf([
      frame(10, 'out', 'A7 UID FETCH 5 (FLAGS)\r\n'),
      frame(12, 'in', '* 3 FETCH (UID 5 FLAGS ())\r\nA7 O'),
      frame(15, 'in', 'K Fetch completed.\r\n'),
    ]);
    expect(trips).toEqual([
      { socket: 1, command: 'UID FETCH', args: '5 (FLAGS)', sent: 10, done: 15, status: 'OK', server: NaN },
    ]);
  });

  it('finds every completion when several follow each other in one frame', () => {
    const trips = roundTripsOf([
      frame(10, 'out', 'A1 UID SORT (REVERSE DATE) UTF-8 ALL\r\nA2 LIST "" *\r\n'),
      frame(20, 'in', '* SORT 3 2 1\r\nA1 OK Sort completed.\r\nA2 NO [CANNOT] not now\r\n'),
    ]);
    expect(trips.map((t) => [t.command, t.done, t.status])).toEqual([
      ['UID SORT', 20, 'OK'],
      ['LIST', 20, 'NO'],
    ]);
  });

  it('keeps no credentials: LOGIN and AUTHENTICATE lose their arguments, other commands keep theirs', () => {
    const trips = roundTripsOf([
      frame(10, 'out', 'A1 AUTHENTICATE PLAIN AGRlbW8AZGVtby1wYXNzd29yZA==\r\nA2 LOGIN demo "secret"\r\n'),
      frame(11, 'out', 'A3 SELECT INBOX\r\n'),
      frame(20, 'in', 'A1 OK done\r\nA2 OK done\r\nA3 OK done\r\n'),
    ]);
    expect(trips.map((t) => [t.command, t.args])).toEqual([
      ['AUTHENTICATE', ''],
      ['LOGIN', ''],
      ['SELECT', 'INBOX'],
    ]);
  });

  it('counts IDLE until "+ idling" and DONE until the IDLE command completes', () => {
    const trips = roundTripsOf([
      frame(10, 'out', 'A3 IDLE\r\n'),
      frame(14, 'in', '+ idling\r\n'),
      frame(50, 'out', 'DONE\r\n'),
      frame(58, 'in', 'A3 OK Idle completed (0.001 + 0.000 + 40.000 secs).\r\n'),
    ]);
    expect(trips.map((t) => [t.command, t.sent, t.done, t.server])).toEqual([
      ['IDLE', 10, 14, NaN],
      ['DONE', 50, 58, NaN],
    ]);
  });

  it('reads the time Dovecot reports for a command from its tagged reply', () => {
    const trips = roundTripsOf([
      frame(0, 'out', 'A1 SELECT INBOX\r\nA2 UID SORT (DATE) UTF-8 ALL\r\nA3 NOOP\r\n'),
      frame(9, 'in', 'A1 OK [READ-WRITE] Select completed (0.004 + 0.000 + 0.003 secs).\r\n'),
      frame(30, 'in', 'A2 OK Sort completed (0.015 + 0.002 secs).\r\nA3 OK NOOP completed.\r\n'),
    ]);
    expect(trips.map((t) => t.server)).toEqual([4, 17, NaN]);
  });

  it('does not take a tag of another socket for the completion', () => {
    const trips = roundTripsOf([
      frame(10, 'out', 'A1 NOOP\r\n', 1),
      frame(11, 'out', 'A1 EXAMINE Big\r\n', 2),
      frame(12, 'in', 'A1 OK Examine completed.\r\n', 2),
      frame(30, 'in', 'A1 OK NOOP completed.\r\n', 1),
    ]);
    expect(trips.map((t) => [t.socket, t.command, t.done])).toEqual([
      [1, 'NOOP', 30],
      [2, 'EXAMINE', 12],
    ]);
  });
});

describe('phasesOf', () => {
  it('cuts the time from input to paint into phases that add up to it', () => {
    const result = phasesOf(
      shown(),
      records({
        frames: [
          frame(105, 'out', 'DONE\r\n'),
          frame(115, 'in', 'A9 OK Idle completed.\r\n'),
          frame(116, 'out', 'A10 UID FETCH 1:40 (FLAGS)\r\n'),
          frame(150, 'in', 'A10 OK Fetch completed.\r\n'),
        ],
        worker: [
          { dir: 'post', t: 152, kind: 'parse', id: 1 },
          { dir: 'reply', t: 160, kind: 'parse', id: 1 },
        ],
      }),
      190,
    );
    expect(result.phases.inputDelay).toBeCloseTo(1);
    expect(result.phases.imap).toBeCloseTo(10 + 34);
    expect(result.phases.worker).toBeCloseTo(8);
    expect(result.phases.render).toBeCloseTo(10);
    expect(result.phases.app).toBeCloseTo(79 - 10 - 34 - 8);
    expect(sum(result.phases)).toBeCloseTo(90);
    expect(Object.keys(result.phases)).toEqual([...PHASES]);
  });

  it('counts a STORE in flight while sanitizing as sanitizing, and the frame paint after the app', () => {
    const result = phasesOf(
      shown({ seen: 200, painted: 210, frameInserted: 180 }),
      records({
        frames: [
          frame(102, 'out', 'A1 UID FETCH 7 (BODY.PEEK[1])\r\n'),
          frame(120, 'in', 'A1 OK Fetch completed.\r\n'),
          frame(131, 'out', 'A2 UID STORE 7 +FLAGS (\\Seen)\r\n'),
          frame(195, 'in', 'A2 OK Store completed.\r\n'),
        ],
        worker: [
          { dir: 'post', t: 121, kind: 'parse', id: 4 },
          { dir: 'reply', t: 130, kind: 'parse', id: 4 },
        ],
        parses: [{ start: 132, end: 140, length: 100_000 }],
      }),
      225,
    );
    expect(result.phases.sanitize).toBeCloseTo(180 - 132);
    expect(result.phases.frameLoad).toBeCloseTo(200 - 180);
    expect(result.phases.imap).toBeCloseTo(18 + 1);
    expect(result.phases.framePaint).toBeCloseTo(15);
    expect(sum(result.phases)).toBeCloseTo(125);
  });

  it('does not count a command that completed after the result showed, nor one of an earlier action', () => {
    const result = phasesOf(
      shown(),
      records({
        frames: [
          frame(60, 'out', 'A4 UID SORT (REVERSE DATE) UTF-8 ALL\r\n'),
          frame(120, 'out', 'A5 UID STORE 9 +FLAGS.SILENT (\\Flagged)\r\n'),
          frame(150, 'in', 'A4 OK Sort completed.\r\n'),
          frame(250, 'in', 'A5 OK Store completed.\r\n'),
        ],
      }),
      190,
    );
    expect(result.phases.imap).toBeCloseTo(150 - 101);
    expect(result.phases.app).toBeCloseTo(180 - 150);
    expect(result.roundTrips.map((t) => [t.command, t.sent, t.done])).toEqual([
      ['UID SORT', -40, 50],
      ['UID STORE', 20, 150],
    ]);
  });

  it('lists a second connection’s commands without counting them as what the result waited for', () => {
    const result = phasesOf(
      shown(),
      records({
        frames: [frame(110, 'out', 'A1 UID SEARCH BODY x\r\n', 2), frame(170, 'in', 'A1 OK done\r\n', 2)],
        // (socket 2 would count if it were the session: it completes before the result shows)
      }),
      190,
    );
    expect(result.phases.imap).toBe(0);
    expect(result.roundTrips).toEqual([
      { command: 'UID SEARCH (socket 2)', sent: 10, done: 70, status: 'OK', server: NaN },
    ]);
  });

  it('counts a side connection’s sort, and its connect, when the list’s connection checks its order', () => {
    const result = phasesOf(
      shown({ seen: 300, raf: 305, painted: 310 }),
      records({
        sockets: [{ socket: 3, t: 105, path: '/imap/demo' }],
        opened: [{ socket: 3, t: 115 }],
        frames: [
          frame(102, 'out', 'A1 EXAMINE Big\r\n'),
          frame(110, 'in', 'A1 OK [READ-ONLY] Examine completed.\r\n'),
          frame(120, 'in', '* OK ready\r\n', 3),
          frame(121, 'out', 'B1 LOGIN u p\r\n', 3),
          frame(140, 'in', 'B1 OK Logged in\r\n', 3),
          frame(141, 'out', 'B2 EXAMINE Big\r\n', 3),
          frame(150, 'in', 'B2 OK Examine completed.\r\n', 3),
          frame(151, 'out', 'B3 UID SORT (REVERSE DATE) UTF-8 ALL\r\n', 3),
          frame(250, 'in', 'B3 OK Sort completed (0.090 + 0.000 secs).\r\n', 3),
          frame(252, 'out', 'A2 UID SEARCH RETURN (ALL) ALL\r\n'),
          frame(260, 'in', 'A2 OK Search completed (0.002 + 0.000 secs).\r\n'),
        ],
      }),
      310,
    );
    // 102-105 EXAMINE here, 105-115 the side's connect (first in the order of phases), 115-120 its greeting,
    // then its commands 121-140, 141-150, 151-250, then 252-260 the check here; the gaps are the app's.
    expect(result.phases.connect).toBeCloseTo(10);
    expect(result.phases.imap).toBeCloseTo(3 + 5 + 19 + 9 + 99 + 8);
    expect(result.phases.app).toBeCloseTo(1 + 1 + 1 + 1 + 2 + 40);
    expect(result.imapInDovecot).toBe(92);
    expect(result.roundTrips.map((t) => t.command)).toContain('UID SORT (socket 3)');
  });

  it('leaves a side connection’s sort as background work when nothing checks its order', () => {
    const result = phasesOf(
      shown(),
      records({
        frames: [
          frame(102, 'out', 'B3 UID SORT (REVERSE DATE) UTF-8 ALL\r\n', 3),
          frame(150, 'in', 'B3 OK Sort completed.\r\n', 3),
          frame(152, 'out', 'A2 UID SEARCH RETURN (ALL) SUBJECT x\r\n'),
          frame(160, 'in', 'A2 OK Search completed.\r\n'),
        ],
      }),
      190,
    );
    expect(result.phases.imap).toBeCloseTo(8);
  });

  it('puts the session’s connect and greeting first, and the HTTP requests on the input’s clock', () => {
    const result = phasesOf(
      shown(),
      records({
        sockets: [{ socket: 1, t: 110, path: '/imap/demo' }],
        opened: [{ socket: 1, t: 130 }],
        frames: [frame(140, 'in', '* OK ready\r\n')],
        resources: [
          {
            name: 'http://127.0.0.1:1/assets/a.js',
            start: 102,
            end: 125,
            transferSize: 1,
            initiator: 'script',
          },
        ],
      }),
      190,
    );
    expect(result.roundTrips.slice(0, 2).map((t) => [t.command, t.sent, t.done])).toEqual([
      ['connect', 10, 30],
      ['greeting', 30, 40],
    ]);
    expect(result.fetches).toEqual([{ path: '/assets/a.js', start: 2, end: 25 }]);
    expect(result.phases.connect).toBeCloseTo(20);
    expect(result.phases.http).toBeCloseTo(8);
    expect(result.phases.app).toBeCloseTo(1 + 40);
    expect(result.phases.imap).toBeCloseTo(10);
  });
});

describe('webSocketBytes', () => {
  it.each([
    [125, 2],
    [126, 4],
    [65_535, 4],
    [65_536, 10],
  ])('adds a header for a %i-byte payload (%i bytes in, 4 more for the masked way out)', (bytes, header) => {
    const frames = [
      { ...frame(0, 'in', ''), bytes },
      { ...frame(0, 'out', ''), bytes },
    ];
    expect(webSocketBytes(frames)).toEqual({ in: bytes + header, out: bytes + header + 4 });
  });
});

describe('PAGE_PROBE', () => {
  it('is a script the page can compile (its escapes survive the template string)', () => {
    expect(() => new Function(PAGE_PROBE)).not.toThrow();
  });
});
