// The capability-dependent forms of CREATE, APPEND and SELECT: sent only when the server advertised (or the
// session ENABLEd) what they need, refused before any byte otherwise.

import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../errors.ts';
import { authenticatedHarness } from '../../test/fixtures/harness.ts';
import { appendCommand } from './append.ts';
import { createCommand } from './create.ts';
import { selectCommand } from './select.ts';

const MESSAGE_WITH_NUL = Uint8Array.of(0x61, 0x00, 0x62);

describe('capability-dependent commands', () => {
  it('APPEND of a message holding NUL waits for "+" before its literal8 without LITERAL+', async () => {
    const h = await authenticatedHarness('IMAP4rev1 BINARY UIDPLUS');
    const result = h.run(appendCommand('INBOX', MESSAGE_WITH_NUL));
    expect(h.takeSent()).toBe('A2 APPEND INBOX ~{3}\r\n');
    h.server('+ go ahead\r\n');
    expect(h.takeSent()).toBe('a\0b\r\n');
    h.server('A2 OK [APPENDUID 3 9] done\r\n');
    expect(await result).toEqual({ uidValidity: 3, uids: [{ start: 9, end: 9 }], appendUidProblem: null });
  });

  it('APPEND of a message holding NUL is refused before any byte when BINARY is not advertised', async () => {
    const h = await authenticatedHarness('IMAP4rev1 LITERAL+');
    await expect(h.run(appendCommand('INBOX', MESSAGE_WITH_NUL))).rejects.toMatchObject({
      code: ErrorCodes.UNSUPPORTED,
    });
    expect(h.takeSent()).toBe('');
  });

  it('CREATE with a special use is refused before any byte without CREATE-SPECIAL-USE', async () => {
    const h = await authenticatedHarness('IMAP4rev1 SPECIAL-USE');
    await expect(h.run(createCommand('Sent', { specialUse: '\\Sent' }))).rejects.toMatchObject({
      code: ErrorCodes.UNSUPPORTED,
    });
    expect(h.takeSent()).toBe('');
  });

  it('CREATE answered NO [USEATTR] is a CommandError naming the code', async () => {
    const h = await authenticatedHarness('IMAP4rev1 CREATE-SPECIAL-USE');
    const result = h.run(createCommand('Junk', { specialUse: '\\Junk' }));
    expect(h.takeSent()).toBe('A2 CREATE Junk (USE (\\Junk))\r\n');
    h.server('A2 NO [USEATTR] \\Junk is not supported here\r\n');
    await expect(result).rejects.toMatchObject({ code: ErrorCodes.NO, responseCode: { name: 'USEATTR' } });
  });

  it('SELECT with QRESYNC is refused before any byte until ENABLE QRESYNC succeeded', async () => {
    const h = await authenticatedHarness('IMAP4rev1 ENABLE CONDSTORE QRESYNC');
    const qresync = { uidValidity: 1, modseq: 5n };
    await expect(h.run(selectCommand('INBOX', { qresync }))).rejects.toMatchObject({
      code: ErrorCodes.UNSUPPORTED,
    });
    expect(h.takeSent()).toBe('');
  });

  it('SELECT with CONDSTORE is refused before any byte when CONDSTORE is not advertised', async () => {
    const h = await authenticatedHarness('IMAP4rev1');
    await expect(h.run(selectCommand('INBOX', { condstore: true }))).rejects.toMatchObject({
      code: ErrorCodes.UNSUPPORTED,
    });
    expect(h.takeSent()).toBe('');
  });
});
