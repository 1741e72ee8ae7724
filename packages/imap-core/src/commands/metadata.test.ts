import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../errors.ts';
import { authenticatedHarness } from '../../test/fixtures/harness.ts';
import { getMetadataCommand, setMetadataCommand } from './metadata.ts';

const METADATA = 'IMAP4rev1 METADATA';

describe('getMetadataCommand', () => {
  it('asks for entries of a mailbox and collects the values the server gives', async () => {
    const h = await authenticatedHarness(METADATA);
    const result = h.run(
      getMetadataCommand('INBOX.Отправленные', ['/private/specialuse', '/shared/comment']),
    );
    expect(h.takeSent()).toBe(
      'A2 GETMETADATA INBOX.&BB4EQgQ,BEAEMAQyBDsENQQ9BD0ESwQ1- (/private/specialuse /shared/comment)\r\n',
    );
    h.server(
      '* METADATA INBOX.&BB4EQgQ,BEAEMAQyBDsENQQ9BD0ESwQ1- (/private/specialuse {5}\r\n\\Sent /shared/comment NIL)\r\nA2 OK done\r\n',
      3,
    );
    expect(await result).toEqual({
      entries: new Map([
        ['/private/specialuse', '\\Sent'],
        ['/shared/comment', null],
      ]),
      longEntries: null,
    });
  });

  it('sends MAXSIZE and DEPTH, names the server as "", and reads [METADATA LONGENTRIES n]', async () => {
    const h = await authenticatedHarness(METADATA);
    const result = h.run(getMetadataCommand('', ['/shared'], { maxSize: 1024, depth: 'infinity' }));
    expect(h.takeSent()).toBe('A2 GETMETADATA (MAXSIZE 1024 DEPTH infinity) "" (/shared)\r\n');
    h.server(
      '* METADATA "" (/shared/comment "Shared comment")\r\nA2 OK [METADATA LONGENTRIES 2199] done\r\n',
    );
    expect(await result).toEqual({
      entries: new Map([['/shared/comment', 'Shared comment']]),
      longEntries: 2199,
    });
  });

  it('takes only the answers for its own mailbox, so GETMETADATA for several mailboxes can be pipelined', async () => {
    const h = await authenticatedHarness(METADATA);
    const a = h.run(getMetadataCommand('A', ['/private/specialuse']));
    const b = h.run(getMetadataCommand('B', ['/private/specialuse']));
    expect(h.takeSent()).toBe(
      'A2 GETMETADATA A (/private/specialuse)\r\nA3 GETMETADATA B (/private/specialuse)\r\n',
    );
    h.server(
      '* METADATA B (/private/specialuse "\\\\Junk")\r\n* METADATA A (/private/specialuse NIL)\r\n' +
        '* METADATA A /private/comment\r\nA2 OK done\r\nA3 OK done\r\n',
    );
    expect((await a).entries).toEqual(new Map([['/private/specialuse', null]]));
    expect((await b).entries).toEqual(new Map([['/private/specialuse', '\\Junk']]));
  });

  it.each([
    ['no entry', [] as string[]],
    ['an entry outside /private and /shared', ['/vendor/x']],
    ['a wildcard', ['/private/*']],
    ['an empty segment', ['/private//comment']],
    ['a trailing slash', ['/private/comment/']],
    ['non-ASCII', ['/private/коммент']],
    ['a line break', ['/private/a\r\nA9 DELETE INBOX']],
  ])('refuses %s before sending anything', async (_name, entries) => {
    const h = await authenticatedHarness(METADATA);
    await expect(h.run(getMetadataCommand('INBOX', entries))).rejects.toMatchObject({
      code: ErrorCodes.INVALID_ARGUMENT,
    });
    expect(h.takeSent()).toBe('');
  });

  it('needs METADATA for a mailbox, and METADATA-SERVER (or METADATA) for the server', async () => {
    const h = await authenticatedHarness('IMAP4rev1 METADATA-SERVER');
    await expect(h.run(getMetadataCommand('INBOX', ['/private/comment']))).rejects.toMatchObject({
      code: ErrorCodes.UNSUPPORTED,
    });
    const server = h.run(getMetadataCommand('', ['/shared/comment']));
    expect(h.takeSent()).toBe('A3 GETMETADATA "" (/shared/comment)\r\n');
    h.server('A3 OK done\r\n');
    expect((await server).entries.size).toBe(0);
  });
});

describe('setMetadataCommand', () => {
  it('sets and removes entries (NIL), values quoted or as literals', async () => {
    const h = await authenticatedHarness(`${METADATA} LITERAL+`);
    const result = h.run(
      setMetadataCommand(
        'INBOX/Deleted Items',
        new Map([
          ['/private/specialuse', '\\Trash'],
          ['/private/comment', null],
          ['/shared/comment', 'line 1\r\nline 2'],
        ]),
      ),
    );
    expect(h.takeSent()).toBe(
      'A2 SETMETADATA "INBOX/Deleted Items" (/private/specialuse "\\\\Trash" /private/comment NIL /shared/comment {14+}\r\nline 1\r\nline 2)\r\n',
    );
    h.server('A2 OK done\r\n');
    await expect(result).resolves.toBeUndefined();
  });

  it("rejects with the server's code when it refuses (Dovecot keeps /private/specialuse itself)", async () => {
    const h = await authenticatedHarness(METADATA);
    const result = h.run(setMetadataCommand('Sent', new Map([['/private/specialuse', '\\Trash']])));
    h.server('A2 NO [CANNOT] The /private/specialuse attribute cannot be changed\r\n');
    await expect(result).rejects.toMatchObject({ code: ErrorCodes.NO, responseCode: { name: 'CANNOT' } });
  });

  it('refuses an empty set and a bad entry before sending anything, and needs METADATA', async () => {
    const h = await authenticatedHarness(METADATA);
    await expect(h.run(setMetadataCommand('INBOX', new Map()))).rejects.toMatchObject({
      code: ErrorCodes.INVALID_ARGUMENT,
    });
    await expect(h.run(setMetadataCommand('INBOX', new Map([['private/x', '1']])))).rejects.toMatchObject({
      code: ErrorCodes.INVALID_ARGUMENT,
    });
    const plain = await authenticatedHarness('IMAP4rev1');
    await expect(
      plain.run(setMetadataCommand('INBOX', new Map([['/private/x', '1']]))),
    ).rejects.toMatchObject({ code: ErrorCodes.UNSUPPORTED });
    expect(h.takeSent() + plain.takeSent()).toBe('');
  });
});
