// The command after an IDLE goes out right behind DONE (RFC 2177 3), not a round trip later, and what the
// server still says about the old mailbox before it answers the IDLE is not taken for the new one's.

import { describe, expect, it } from 'vitest';
import { idleCommand } from './commands/idle.ts';
import { noopCommand } from './commands/noop.ts';
import { selectCommand } from './commands/select.ts';
import { selectedHarness } from '../test/fixtures/harness.ts';

describe('after DONE', () => {
  it('sends the SELECT behind DONE, and applies the IDLE’s last EXPUNGE to the mailbox it was about', async () => {
    const h = await selectedHarness();
    const expunged: { mailbox: string; seq: number }[] = [];
    h.session.events.on('expunge', (e) => expunged.push({ mailbox: e.mailbox, seq: e.seq }));
    const idle = idleCommand();
    const idling = h.run(idle);
    expect(h.takeSent()).toBe('A4 IDLE\r\n');
    h.server('+ idling\r\n');
    idle.done();
    const select = h.run(selectCommand('Other'));
    // Both on the wire before the server has answered the IDLE.
    expect(h.takeSent()).toBe('DONE\r\nA5 SELECT Other\r\n');
    h.server('* 2 EXPUNGE\r\n');
    expect(h.session.mailbox?.name).toBe('INBOX');
    expect(h.session.mailbox?.exists).toBe(2);
    h.server(
      'A4 OK idle done\r\n* 5 EXISTS\r\n* OK [UIDVALIDITY 9] v\r\n* OK [UIDNEXT 6] n\r\nA5 OK [READ-WRITE] in\r\n',
    );
    await idling;
    expect((await select).exists).toBe(5);
    expect(h.session.mailbox?.name).toBe('Other');
    expect(h.session.mailbox?.exists).toBe(5);
    expect(expunged).toEqual([{ mailbox: 'INBOX', seq: 2 }]);
  });

  it('sends nothing behind an IDLE the server has not accepted yet: DONE waits, and so does the rest', async () => {
    const h = await selectedHarness();
    const idle = idleCommand();
    const idling = h.run(idle);
    h.takeSent();
    idle.done();
    const noop = h.run(noopCommand());
    expect(h.takeSent()).toBe('');
    h.server('+ idling\r\n');
    expect(h.takeSent()).toBe('DONE\r\nA5 NOOP\r\n');
    h.server('A4 OK idle done\r\nA5 OK\r\n');
    await Promise.all([idling, noop]);
  });
});
