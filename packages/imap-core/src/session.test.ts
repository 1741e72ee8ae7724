import { describe, expect, it } from 'vitest';
import { capabilityCommand } from './commands/capability.ts';
import { enableCommand } from './commands/enable.ts';
import { idleCommand } from './commands/idle.ts';
import { listCommand } from './commands/list.ts';
import { loginCommand } from './commands/login.ts';
import { logoutCommand } from './commands/logout.ts';
import { noopCommand } from './commands/noop.ts';
import { uidSearchCommand } from './commands/search.ts';
import { selectCommand } from './commands/select.ts';
import { statusCommand } from './commands/status.ts';
import { uidStoreCommand } from './commands/store.ts';
import { rawCommand } from './commands/raw.ts';
import { ConnectionError, ErrorCodes, UsageError } from './errors.ts';
import { Session } from './session.ts';
import type { SentEvent, SessionEvents } from './session.ts';
import { authenticatedHarness, createHarness, selectedHarness } from '../test/fixtures/harness.ts';

describe('Session', () => {
  it('gives every command a unique tag and pipelines commands that can share the wire', async () => {
    const h = await selectedHarness();
    const a = h.run(statusCommand('A'));
    const b = h.run(noopCommand());
    const c = h.run(uidSearchCommand({ all: true }));
    expect(h.takeSent()).toBe(
      'A4 STATUS A (MESSAGES UIDNEXT UIDVALIDITY UNSEEN)\r\nA5 NOOP\r\nA6 UID SEARCH ALL\r\n',
    );
    h.server('A6 OK\r\nA5 OK\r\n* STATUS A (MESSAGES 1)\r\nA4 OK\r\n');
    expect(await a).toEqual({ messages: 1 });
    await Promise.all([b, c]);
  });

  it('holds back a command that collects the same uncorrelated data as one in flight', async () => {
    const h = await selectedHarness();
    const first = h.run(uidSearchCommand({ all: true }));
    const second = h.run(uidSearchCommand({ flag: '\\Seen', set: true }));
    expect(h.takeSent()).toBe('A4 UID SEARCH ALL\r\n');
    h.server('* SEARCH 10 11\r\nA4 OK\r\n');
    expect(h.takeSent()).toBe('A5 UID SEARCH SEEN\r\n');
    h.server('* SEARCH 10\r\nA5 OK\r\n');
    expect(Array.from(await first)).toEqual([10, 11]);
    expect(Array.from(await second)).toEqual([10]);
  });

  it('sends a state-changing command only when nothing else is in flight, and nothing behind it', async () => {
    const h = await selectedHarness();
    const noop = h.run(noopCommand());
    const select = h.run(selectCommand('Other'));
    const list = h.run(listCommand());
    expect(h.takeSent()).toBe('A4 NOOP\r\n');
    h.server('A4 OK\r\n');
    expect(h.takeSent()).toBe('A5 SELECT Other\r\n');
    h.server('* 0 EXISTS\r\nA5 OK [READ-WRITE] ok\r\n');
    expect(h.takeSent()).toBe('A6 LIST "" *\r\n');
    h.server('A6 OK\r\n');
    await Promise.all([noop, select, list]);
  });

  it('sends a SELECT (QRESYNC) right behind ENABLE QRESYNC, before its answer, and nothing else behind them', async () => {
    const h = await authenticatedHarness('IMAP4rev1 ENABLE CONDSTORE QRESYNC');
    const enable = h.run(enableCommand(['QRESYNC']));
    const select = h.run(selectCommand('INBOX', { qresync: { uidValidity: 7, modseq: 90n } }));
    const noop = h.run(noopCommand());
    // RFC 9051 6.3.1: "it is possible to send ENABLE and then immediately SELECT".
    expect(h.takeSent()).toBe('A2 ENABLE QRESYNC\r\nA3 SELECT INBOX (QRESYNC (7 90))\r\n');
    h.server('* ENABLED QRESYNC\r\nA2 OK enabled\r\n');
    expect(await enable).toEqual(['QRESYNC']);
    expect(h.takeSent()).toBe('');
    h.server(
      '* 0 EXISTS\r\n* OK [UIDVALIDITY 7] ok\r\n* OK [HIGHESTMODSEQ 91] ok\r\nA3 OK [READ-WRITE] in\r\n',
    );
    expect((await select).uidValidity).toBe(7);
    expect(h.takeSent()).toBe('A4 NOOP\r\n');
    h.server('A4 OK\r\n');
    await noop;
  });

  it.each([
    ['a command other than SELECT', () => noopCommand(), ['QRESYNC'], 'A3 NOOP'],
    [
      'a SELECT behind an ENABLE of UTF-8 names',
      () => selectCommand('Входящие'),
      ['UTF8=ACCEPT'],
      'A3 SELECT "Входящие"',
    ],
  ])('holds %s until the ENABLE ahead of it is answered', async (_what, command, extensions, line) => {
    const h = await authenticatedHarness('IMAP4rev1 ENABLE CONDSTORE QRESYNC UTF8=ACCEPT');
    const enable = h.run(enableCommand(extensions));
    const next = h.run(command() as Parameters<typeof h.run>[0]);
    expect(h.takeSent()).toBe(`A2 ENABLE ${extensions.join(' ')}\r\n`);
    h.server(`* ENABLED ${extensions.join(' ')}\r\nA2 OK\r\n`);
    await enable;
    expect(h.takeSent()).toBe(`${line}\r\n`);
    h.server('* 0 EXISTS\r\nA3 OK done\r\n');
    await next;
  });

  it('refuses a SELECT (QRESYNC) with no ENABLE QRESYNC done or in flight, before sending it', async () => {
    const h = await authenticatedHarness('IMAP4rev1 ENABLE CONDSTORE QRESYNC');
    const enable = h.run(enableCommand(['CONDSTORE']));
    const select = h.run(selectCommand('INBOX', { qresync: { uidValidity: 7, modseq: 90n } }));
    await expect(select).rejects.toMatchObject({ code: ErrorCodes.UNSUPPORTED });
    expect(h.takeSent()).toBe('A2 ENABLE CONDSTORE\r\n');
    h.server('* ENABLED CONDSTORE\r\nA2 OK\r\n');
    await enable;
  });

  it('throws WRONG_STATE before sending a command the state forbids', () => {
    const h = createHarness();
    expect(() => h.session.execute(selectCommand('INBOX'))).toThrow(UsageError);
    expect(h.takeSent()).toBe('');
  });

  it('rejects, unsent, a queued command whose state was ruled out by the one before it', async () => {
    const h = createHarness();
    const login = h.run(loginCommand('a', 'b'));
    const select = h.run(selectCommand('INBOX'));
    h.server('A1 NO [AUTHENTICATIONFAILED] nope\r\n');
    await expect(login).rejects.toMatchObject({ code: ErrorCodes.NO });
    await expect(select).rejects.toMatchObject({ code: ErrorCodes.WRONG_STATE });
    expect(h.sent()).toBe('A1 LOGIN a b\r\n');
  });

  it('waits for the greeting before sending, and takes PREAUTH as authenticated', async () => {
    const h = createHarness({ greeting: null });
    const caps = h.run(capabilityCommand());
    expect(h.takeSent()).toBe('');
    h.server('* PREAUTH [CAPABILITY IMAP4rev1 IDLE] welcome\r\n');
    expect(h.session.state).toBe('authenticated');
    expect(h.takeSent()).toBe('A1 CAPABILITY\r\n');
    h.server('* CAPABILITY IMAP4rev1 IDLE\r\nA1 OK\r\n');
    await caps;
  });

  it('traces with the password redacted', () => {
    const session = new Session();
    const lines: string[] = [];
    session.events.on('trace', (e) => lines.push(`${e.direction}: ${e.text}`));
    session.receive(new TextEncoder().encode('* OK hi\r\n'));
    session.execute(loginCommand('alice', 'hunter2'));
    expect(lines).toEqual(['server: * OK hi', 'client: A1 LOGIN alice ***']);
  });

  it('takes the close after LOGOUT as clean, whatever the transport says about it', async () => {
    const h = await selectedHarness();
    const logout = h.run(logoutCommand());
    h.server('* BYE bye\r\nA4 OK done\r\n');
    await logout;
    h.session.close(
      new ConnectionError(ErrorCodes.CONNECTION_CLOSED, 'the mail server closed the connection'),
    );
    expect(h.closeError()).toBeNull();
  });

  it('reports an unsolicited BYE as the reason of the close that follows it', async () => {
    const h = await selectedHarness();
    h.server('* BYE Server shutting down.\r\n');
    h.session.close(
      new ConnectionError(ErrorCodes.CONNECTION_CLOSED, 'the mail server closed the connection'),
    );
    expect(h.closeError()).toMatchObject({
      code: ErrorCodes.BYE,
      message: expect.stringContaining('shutting down'),
    });
  });

  it('says which UIDs a UID command names when it goes out, and nothing of the kind for others', async () => {
    const h = await selectedHarness();
    const sent: SentEvent[] = [];
    h.session.events.on('sent', (event) => sent.push(event));
    const uids = [
      { start: 7, end: 9 },
      { start: 12, end: 12 },
    ];
    const store = h.run(uidStoreCommand(uids, { operation: 'add', flags: ['\\Seen'] }));
    const noop = h.run(noopCommand());
    h.server('A4 OK\r\nA5 OK\r\n');
    await Promise.all([store, noop]);
    expect(sent).toEqual([
      { tag: 'A4', name: 'UID STORE', text: 'A4 UID STORE 7:9,12 +FLAGS.SILENT (\\Seen)', uids },
      { tag: 'A5', name: 'NOOP', text: 'A5 NOOP' },
    ]);
  });

  it('refuses a tag prefix that could break the syntax', () => {
    expect(() => new Session({ tagPrefix: 'A B' })).toThrow(UsageError);
  });
});

describe('Session events for NOTIFY (RFC 5465)', () => {
  function record<K extends keyof SessionEvents>(h: { session: Session }, name: K): SessionEvents[K][] {
    const seen: SessionEvents[K][] = [];
    h.session.events.on(name, (event) => seen.push(event));
    return seen;
  }

  for (const chunk of [undefined, 1] as const) {
    const how = chunk === undefined ? 'whole' : 'one byte at a time';

    it(`reports every untagged STATUS with its name decoded; STATUS still answers its own (fed ${how})`, async () => {
      const h = await selectedHarness();
      const status = record(h, 'status');
      const answer = h.run(statusCommand('Sent', ['MESSAGES']));
      h.server(
        '* STATUS &XeVPXA- (UNSEEN 0 HIGHESTMODSEQ 4)\r\n* STATUS Sent (MESSAGES 4)\r\nA4 OK\r\n',
        chunk,
      );
      expect(await answer).toEqual({ messages: 4 });
      expect(status).toEqual([
        { mailbox: '工作', status: { unseen: 0, highestModseq: 4n } },
        { mailbox: 'Sent', status: { messages: 4 } },
      ]);
    });

    it(`reports a LIST no LIST command asked for, as Dovecot sends them during IDLE (fed ${how})`, async () => {
      const h = await selectedHarness();
      const lists = record(h, 'mailbox-list');
      const idle = idleCommand();
      const done = h.run(idle);
      h.server(
        '+ idling\r\n' +
          '* LIST () "/" Third2 ("OLDNAME" (&XeVPXA-))\r\n' +
          '* LIST (\\NonExistent) "/" Fourth\r\n' +
          '* LIST (\\Subscribed) "/" Other\r\n',
        chunk,
      );
      idle.done();
      h.server('A4 OK Idle completed\r\n', chunk);
      await done;
      expect(lists.map((e) => [e.mailbox.name, e.mailbox.attributes])).toEqual([
        ['Third2', []],
        ['Fourth', ['\\NonExistent']],
        ['Other', ['\\Subscribed']],
      ]);
      expect(lists[0]?.mailbox.extended?.get('OLDNAME')).toBe('工作');
    });
  }

  it('decodes names as UTF-8, not modified UTF-7, once UTF8=ACCEPT is enabled', async () => {
    const h = createHarness();
    const login = h.run(loginCommand('u', 'p'));
    const enable = h.run(enableCommand(['UTF8=ACCEPT']));
    h.server('A1 OK [CAPABILITY IMAP4rev1 ENABLE UTF8=ACCEPT] in\r\n* ENABLED UTF8=ACCEPT\r\nA2 OK\r\n');
    await Promise.all([login, enable]);
    const status = record(h, 'status');
    const lists = record(h, 'mailbox-list');
    h.server('* STATUS "工作" (MESSAGES 1)\r\n* LIST () "/" "项目"\r\n* STATUS "&XeVPXA-" (MESSAGES 2)\r\n');
    expect(status.map((e) => e.mailbox)).toEqual(['工作', '&XeVPXA-']);
    expect(lists[0]?.mailbox.name).toBe('项目');
  });

  it('leaves LIST answers to the LIST command in flight, raw or not', async () => {
    const h = await selectedHarness();
    const lists = record(h, 'mailbox-list');
    const list = h.run(listCommand());
    h.server('* LIST () "/" INBOX\r\nA4 OK\r\n');
    expect((await list).mailboxes.map((m) => m.name)).toEqual(['INBOX']);
    const raw = h.run(rawCommand('LIST "" %'));
    h.server('* LIST () "/" Sent\r\nA5 OK\r\n');
    expect((await raw).untagged).toHaveLength(1);
    expect(lists).toEqual([]);
    h.server('* LIST () "/" Later\r\n');
    expect(lists.map((e) => e.mailbox.name)).toEqual(['Later']);
  });

  it('reports NOTIFICATIONOVERFLOW: the server stopped sending events', async () => {
    const h = await selectedHarness();
    const overflow = record(h, 'notify-overflow');
    h.server('* OK [NOTIFICATIONOVERFLOW] Too many events\r\n');
    expect(overflow).toEqual([{ text: 'Too many events' }]);
  });
});
