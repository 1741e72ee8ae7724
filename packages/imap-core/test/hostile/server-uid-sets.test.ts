// Server-supplied UID sets are checked against the request before anyone relies on them (or expands them): a
// COPYUID whose destination covers the whole UID space froze the app for seconds and filled 300 MB, and one
// whose destination was larger than its source made Undo move messages the action had never moved. A set that
// does not fit makes that result unknown (no undo by UID), said on the 'warning' event and in the result.
// Mutations take explicit UIDs only: "61:*" names the highest message even when it is below 61.

import { describe, expect, it } from 'vitest';
import { appendCommand } from '../../src/commands/append.ts';
import type { Command } from '../../src/commands/command.ts';
import { uidCopyCommand } from '../../src/commands/copy.ts';
import { uidExpungeCommand } from '../../src/commands/expunge.ts';
import { uidFetchCommand } from '../../src/commands/fetch.ts';
import { moveMessages, uidMoveCommand } from '../../src/commands/move.ts';
import { uidEsearchCommand } from '../../src/commands/search.ts';
import { selectCommand } from '../../src/commands/select.ts';
import { uidSortCommand } from '../../src/commands/sort.ts';
import { uidStoreCommand } from '../../src/commands/store.ts';
import { ErrorCodes } from '../../src/errors.ts';
import type { NumberRange } from '../../src/types.ts';
import { selectedHarness } from '../fixtures/harness.ts';

const UIDS_10_11: NumberRange[] = [{ start: 10, end: 11 }];

describe('COPYUID that does not fit the copy', () => {
  const refused: [string, string, RegExp][] = [
    ['a destination covering the whole UID space', '5 10:11 1:4294967295', /2 source UIDs to 4294967295/],
    ['a destination larger than the source', '5 10:11 1:3', /2 source UIDs to 3 destination/],
    ['a source the copy did not name', '5 10,99 1:2', /not all among those copied/],
    ['a source covering the whole UID space', '5 1:4294967295 1:4294967295', /not all among those copied/],
    ['a UID named twice', '5 10,10 1:2', /names a UID twice/],
    ['a destination named twice', '5 10:11 7,7', /names a UID twice/],
  ];

  it.each(refused)('is not used: %s', async (_name, code, problem) => {
    const h = await selectedHarness();
    const warnings: string[] = [];
    h.session.events.on('warning', (w) => warnings.push(`${w.code} ${w.message}`));
    const copy = h.run(uidCopyCommand(UIDS_10_11, 'Archive'));
    h.server(`A4 OK [COPYUID ${code}] done\r\n`);
    const result = await copy;
    expect(result.copyUid).toBeNull();
    expect(result.copyUidProblem).toMatch(problem);
    expect(warnings).toEqual([`${ErrorCodes.UNTRUSTED_RESULT} ${result.copyUidProblem}`]);
  });

  it.each(refused)('is not used by MOVE either, untagged or tagged: %s', async (_name, code, problem) => {
    for (const server of [`* OK [COPYUID ${code}] m\r\nA4 OK\r\n`, `A4 OK [COPYUID ${code}] m\r\n`]) {
      const h = await selectedHarness();
      const move = h.run(uidMoveCommand(UIDS_10_11, 'Trash'));
      h.server(server);
      const result = await move;
      expect(result.copyUid).toBeNull();
      expect(result.copyUidProblem).toMatch(problem);
    }
  });

  it.each([
    ['exactly the copied UIDs', '5 10:11 7:8', [{ start: 7, end: 8 }]],
    ['fewer UIDs, one having vanished meanwhile (RFC 4315 3)', '5 11 7', [{ start: 7, end: 7 }]],
    [
      'UIDs listed in another order',
      '5 11,10 8,7',
      [
        { start: 8, end: 8 },
        { start: 7, end: 7 },
      ],
    ],
  ])('is used when it fits: %s', async (_name, code, destination) => {
    const h = await selectedHarness();
    const copy = h.run(uidCopyCommand(UIDS_10_11, 'Archive'));
    h.server(`A4 OK [COPYUID ${code}] done\r\n`);
    expect(await copy).toMatchObject({ copyUid: { uidValidity: 5, destination }, copyUidProblem: null });
  });

  it('flags and expunges exactly the requested UIDs in a fallback move whose COPYUID does not fit', async () => {
    const h = await selectedHarness();
    const sent: string[] = [];
    const run = async <R>(command: Command<R>): Promise<R> => {
      const result = h.run(command);
      const line = h.takeSent().trim();
      sent.push(line);
      const tag = line.split(' ')[0];
      h.server(
        line.includes('COPY') ? `${tag} OK [COPYUID 5 1:4294967295 1:4294967295] ok\r\n` : `${tag} OK\r\n`,
      );
      return result;
    };
    const result = await moveMessages(run, new Set(['UIDPLUS']), UIDS_10_11, 'Trash');
    expect(sent).toEqual([
      'A4 UID COPY 10:11 Trash',
      'A5 UID STORE 10:11 +FLAGS.SILENT (\\Deleted)',
      'A6 UID EXPUNGE 10:11',
    ]);
    expect(result).toMatchObject({ method: 'COPY+EXPUNGE', copyUid: null, sourceRemoved: true });
    expect(result.copyUidProblem).toMatch(/not all among those copied/);
  });
});

describe('APPENDUID that does not fit the append', () => {
  it.each([
    ['a range of UIDs for one message', '9 1:4294967295', null],
    ['two UIDs for one message', '9 5,6', null],
    ['one UID', '9 5', [{ start: 5, end: 5 }]],
  ])('%s', async (_name, code, uids) => {
    const h = await selectedHarness();
    const append = h.run(appendCommand('Drafts', 'Subject: x\r\n\r\nbody\r\n'));
    expect(h.takeSent()).toMatch(/^A4 APPEND Drafts \{\d+\+\}/); // LITERAL+: no continuation needed
    h.server(`A4 OK [APPENDUID ${code}] done\r\n`);
    const result = await append;
    if (uids === null) {
      expect(result).toMatchObject({ uidValidity: null, uids: [] });
      expect(result.appendUidProblem).toMatch(/one appended message/);
    } else {
      expect(result).toEqual({ uidValidity: 9, uids, appendUidProblem: null });
    }
  });
});

describe('ESEARCH that does not fit the mailbox', () => {
  it.each([
    ['ALL covering the whole UID space', 'ALL 1:4294967295', /ALL names 4294967295 UIDs/],
    ['ALL naming more UIDs than messages', 'ALL 10:12,20', /ALL names 4 UIDs/],
    ['ALL naming a UID twice', 'ALL 10,10', /twice/],
    ['COUNT disagreeing with ALL', 'COUNT 1 ALL 10:11', /COUNT 1 disagrees/],
    ['COUNT above the messages', 'COUNT 9', /COUNT 9 exceeds/],
    ['MIN not the lowest of ALL', 'MIN 11 ALL 10:11', /MIN 11/],
    ['MAX not the highest of ALL', 'MAX 10 ALL 10:11', /MAX 10/],
  ])('fails the search and keeps the session: %s', async (_name, data, problem) => {
    const h = await selectedHarness();
    const search = h.run(uidEsearchCommand({ all: true }, ['MIN', 'MAX', 'COUNT', 'ALL']));
    h.server(`* ESEARCH (TAG "A4") UID ${data}\r\nA4 OK\r\n`);
    await expect(search).rejects.toMatchObject({
      code: ErrorCodes.UNTRUSTED_RESULT,
      message: expect.stringMatching(problem),
    });
    expect(h.closeError()).toBeUndefined();
  });

  it('passes a result that fits', async () => {
    const h = await selectedHarness();
    const search = h.run(uidEsearchCommand({ all: true }, ['MIN', 'MAX', 'COUNT', 'ALL']));
    h.server('* ESEARCH (TAG "A4") UID MIN 10 MAX 12 COUNT 2 ALL 10,12\r\nA4 OK\r\n');
    expect(await search).toEqual({
      min: 10,
      max: 12,
      count: 2,
      all: [
        { start: 10, end: 10 },
        { start: 12, end: 12 },
      ],
    });
  });
});

describe('ESORT ALL that does not fit the mailbox', () => {
  it.each([
    ['a run covering the whole UID space, downwards', 'ALL 4294967295:1', /ALL names 4294967295 UIDs/],
    ['more UIDs than messages', 'ALL 12:10,20', /ALL names 4 UIDs/],
    ['a UID twice, inside a run', 'ALL 12:11,11', /twice/],
    ['a UID twice, as two runs', 'ALL 10,10', /twice/],
  ])('fails the sort before expanding it, and keeps the session: %s', async (_name, data, problem) => {
    const h = await selectedHarness();
    const sort = h.run(uidSortCommand([{ key: 'DATE' }], { all: true }, { compact: true }));
    h.server(`* ESEARCH (TAG "A4") UID ${data}\r\nA4 OK\r\n`);
    await expect(sort).rejects.toMatchObject({
      code: ErrorCodes.UNTRUSTED_RESULT,
      message: expect.stringMatching(problem),
    });
    expect(h.closeError()).toBeUndefined();
  });

  it('passes an order that fits, in the order written', async () => {
    const h = await selectedHarness();
    const sort = h.run(uidSortCommand([{ key: 'DATE' }], { all: true }, { compact: true }));
    h.server('* ESEARCH (TAG "A4") UID ALL 12,10:11\r\nA4 OK\r\n');
    expect(await sort).toEqual(Uint32Array.of(12, 10, 11));
  });
});

describe('VANISHED and MODIFIED sets larger than the request', () => {
  it('keeps only requested UIDs below the mailbox bound in a FETCH ... VANISHED result', async () => {
    const h = await selectedHarness();
    h.server('* ENABLED QRESYNC\r\n');
    const fetch = h.run(
      uidFetchCommand([{ start: 5, end: 11 }], { flags: true }, { changedSince: 1n, vanished: true }),
    );
    h.server('* VANISHED (EARLIER) 1:4294967295\r\nA4 OK\r\n');
    expect((await fetch).vanished).toEqual([{ start: 5, end: 11 }]);
    const open = h.run(
      uidFetchCommand([{ start: 1, end: Infinity }], {}, { changedSince: 1n, vanished: true }),
    );
    h.server('* VANISHED (EARLIER) 1:4294967295\r\nA5 OK\r\n');
    // UIDNEXT is 13: no message of this mailbox has a UID above 12.
    expect((await open).vanished).toEqual([{ start: 1, end: 12 }]);
  });

  it('keeps only the known UIDs in a SELECT (QRESYNC) result', async () => {
    const h = await selectedHarness();
    h.server('* ENABLED QRESYNC\r\n');
    const known = [{ start: 10, end: 12 }];
    const select = h.run(
      selectCommand('INBOX', { qresync: { uidValidity: 7, modseq: 3n, knownUids: known } }),
    );
    h.server('* OK [UIDVALIDITY 7] v\r\n* VANISHED (EARLIER) 1:4294967295\r\n* 1 EXISTS\r\nA4 OK\r\n');
    expect((await select).vanished).toEqual(known);
  });

  it('keeps only requested UIDs in a STORE MODIFIED set, and only their echoes', async () => {
    const h = await selectedHarness();
    const store = h.run(
      uidStoreCommand([{ start: 11, end: 11 }], { operation: 'add', flags: ['\\Seen'], unchangedSince: 5n }),
    );
    h.server('* 1 FETCH (UID 10 FLAGS (\\Flagged))\r\nA4 OK [MODIFIED 1:4294967295] x\r\n');
    expect(await store).toEqual({ updated: [], modified: [{ start: 11, end: 11 }] });
  });
});

describe('mutations on an open range', () => {
  const open: NumberRange[] = [{ start: 61, end: Infinity }];
  it.each<[string, () => Command<unknown>]>([
    ['UID STORE', () => uidStoreCommand(open, { operation: 'add', flags: ['\\Seen'] })],
    ['UID COPY', () => uidCopyCommand(open, 'Archive')],
    ['UID MOVE', () => uidMoveCommand(open, 'Archive')],
    ['UID EXPUNGE', () => uidExpungeCommand(open)],
    [
      'UID STORE with "*" alone',
      () => uidStoreCommand([{ start: Infinity, end: Infinity }], { operation: 'add', flags: ['\\Seen'] }),
    ],
  ])('%s is refused before any byte is sent', async (_name, command) => {
    const h = await selectedHarness();
    await expect(h.run(command())).rejects.toMatchObject({ code: ErrorCodes.INVALID_ARGUMENT });
    expect(h.takeSent()).toBe('');
  });

  it('a move of an open range is refused before anything is run', async () => {
    const run = (): Promise<never> => Promise.reject(new Error('nothing may be run'));
    for (const caps of [['MOVE'], ['UIDPLUS'], []]) {
      await expect(moveMessages(run, new Set(caps), open, 'Trash')).rejects.toMatchObject({
        code: ErrorCodes.INVALID_ARGUMENT,
      });
    }
  });

  it('a read (UID FETCH 61:*) is still allowed, and the message below 61 that "*" names is not in its result', async () => {
    const h = await selectedHarness();
    const fetch = h.run(uidFetchCommand(open, { flags: true }));
    expect(h.takeSent()).toBe('A4 UID FETCH 61:* (UID FLAGS)\r\n');
    h.server('* 3 FETCH (UID 12 FLAGS ())\r\nA4 OK\r\n');
    expect((await fetch).messages).toEqual([]);
  });
});
