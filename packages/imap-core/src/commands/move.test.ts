import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../errors.ts';
import { MoveIncompleteError, moveMessages } from './move.ts';
import type { Command } from './command.ts';
import { selectedHarness } from '../../test/fixtures/harness.ts';

describe('moveMessages', () => {
  it.each([
    ['MOVE', ['MOVE', 'UIDPLUS'], ['A4 UID MOVE 10:11 Trash'], 'MOVE'],
    [
      'UIDPLUS without MOVE',
      ['UIDPLUS'],
      ['A4 UID COPY 10:11 Trash', 'A5 UID STORE 10 +FLAGS.SILENT (\\Deleted)', 'A6 UID EXPUNGE 10'],
      'COPY+EXPUNGE',
    ],
    [
      'neither',
      [],
      ['A4 UID COPY 10:11 Trash', 'A5 UID STORE 10:11 +FLAGS.SILENT (\\Deleted)'],
      'COPY+DELETED',
    ],
  ])('with %s sends exactly the planned commands', async (_name, caps, lines, method) => {
    const h = await selectedHarness();
    const sent: string[] = [];
    const run = async <R>(command: Command<R>): Promise<R> => {
      const result = h.run(command);
      const line = h.takeSent().trim();
      sent.push(line);
      const tag = line.split(' ')[0];
      // The UIDPLUS server copied only UID 10 (11 vanished meanwhile): COPYUID says so.
      h.server(
        line.includes('COPY') && caps.includes('UIDPLUS')
          ? `${tag} OK [COPYUID 3 10 50] ok\r\n`
          : `${tag} OK\r\n`,
      );
      return result;
    };
    const result = await moveMessages(run, new Set(caps), [{ start: 10, end: 11 }], 'Trash');
    expect(sent).toEqual(lines);
    expect(result.method).toBe(method);
    expect(result.sourceRemoved).toBe(method !== 'COPY+DELETED');
  });

  it('does nothing more when the copy fails', async () => {
    const h = await selectedHarness();
    const run = async <R>(command: Command<R>): Promise<R> => {
      const result = h.run(command);
      const tag = h.takeSent().split(' ')[0];
      h.server(`${tag} NO [TRYCREATE] no such mailbox\r\n`);
      return result;
    };
    await expect(
      moveMessages(run, new Set(['UIDPLUS']), [{ start: 10, end: 10 }], 'Nope'),
    ).rejects.toMatchObject({ code: ErrorCodes.NO });
    expect(h.takeSent()).toBe('');
  });

  it.each([
    ['the \\Deleted mark', 'STORE', 'flag'],
    ['the UID EXPUNGE', 'EXPUNGE', 'expunge'],
  ])('says how far it got when %s is refused after the copy', async (_name, refused, stage) => {
    const h = await selectedHarness();
    const run = async <R>(command: Command<R>): Promise<R> => {
      const result = h.run(command);
      const line = h.takeSent().trim();
      const tag = line.split(' ')[0];
      if (line.includes(refused)) h.server(`${tag} NO [SERVERBUG] no\r\n`);
      else h.server(line.includes('COPY') ? `${tag} OK [COPYUID 3 10 50] ok\r\n` : `${tag} OK\r\n`);
      return result;
    };
    const error = await moveMessages(run, new Set(['UIDPLUS']), [{ start: 10, end: 10 }], 'Trash').catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MoveIncompleteError);
    expect(error).toMatchObject({ code: ErrorCodes.MOVE_INCOMPLETE, stage });
    expect((error as MoveIncompleteError).copyUid?.destination).toEqual([{ start: 50, end: 50 }]);
  });

  it('refuses "*" in a fallback move, where it could name different messages in each step', async () => {
    const run = (): Promise<never> => Promise.reject(new Error('nothing may be sent'));
    await expect(moveMessages(run, new Set(), [{ start: 10, end: Infinity }], 'Trash')).rejects.toMatchObject(
      {
        code: ErrorCodes.INVALID_ARGUMENT,
      },
    );
  });
});
