import { CommandError, UsageError, ErrorCodes } from '@webmail/imap-core';
import type { SelectOptions, SelectResult } from '@webmail/imap-core';
import { describe, expect, it, vi } from 'vitest';
import type { MailClient } from '../mail-client.ts';
import { reselect } from './list-sync.ts';

const SELECTED = { uidValidity: 7, exists: 3 } as unknown as SelectResult;

/** A client offering QRESYNC whose first SELECT fails with `first`; later ones succeed. */
function client(first: unknown) {
  const select = vi.fn(async (_path: string, options: SelectOptions) => {
    if (options.qresync) throw first;
    return SELECTED;
  });
  return {
    select,
    client: { capabilities: new Set(['CONDSTORE', 'QRESYNC']), select } as unknown as MailClient,
  };
}

const OPTIONS = {
  uidValidity: 7,
  modseq: 90n,
  known: Uint32Array.of(10, 11, 12),
  plain: { condstore: true },
};

describe('reselect', () => {
  it.each([
    [
      'imap-core refused it before sending (QRESYNC not enabled)',
      new UsageError(ErrorCodes.UNSUPPORTED, 'no'),
    ],
    [
      'the server answered BAD (it refused the ENABLE QRESYNC the SELECT was pipelined behind)',
      new CommandError('SELECT', 'BAD', null, 'QRESYNC not enabled'),
    ],
  ])('falls back to a plain SELECT when the quick one fails: %s', async (_why, error) => {
    const { client: c, select } = client(error);
    await expect(reselect(c, 'INBOX', OPTIONS)).resolves.toEqual({ selected: SELECTED, quick: false });
    expect(select.mock.calls.map(([, options]) => options)).toEqual([
      { qresync: { uidValidity: 7, modseq: 90n, knownUids: [{ start: 10, end: 12 }] } },
      { condstore: true },
    ]);
  });

  it('passes on a NO (the folder is gone): a plain SELECT would fail the same', async () => {
    const { client: c, select } = client(new CommandError('SELECT', 'NO', null, 'no such mailbox'));
    await expect(reselect(c, 'INBOX', OPTIONS)).rejects.toMatchObject({ status: 'NO' });
    expect(select).toHaveBeenCalledTimes(1);
  });
});
