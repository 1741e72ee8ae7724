// Hostile and broken servers. Each case ends in a typed error with a stable code, or in a consistent state;
// never in a hang: every script is fed synchronously and each command's outcome is checked to be settled.

import { describe, expect, it } from 'vitest';
import { authenticatePlainCommand } from '../../src/commands/authenticate.ts';
import type { Command } from '../../src/commands/command.ts';
import { uidFetchCommand } from '../../src/commands/fetch.ts';
import { idleCommand } from '../../src/commands/idle.ts';
import { listCommand } from '../../src/commands/list.ts';
import { loginCommand } from '../../src/commands/login.ts';
import { noopCommand } from '../../src/commands/noop.ts';
import { selectCommand } from '../../src/commands/select.ts';
import { starttlsCommand } from '../../src/commands/starttls.ts';
import { uidStoreCommand } from '../../src/commands/store.ts';
import { ErrorCodes } from '../../src/errors.ts';
import type { ErrorCode } from '../../src/errors.ts';
import { bytes, createHarness, selectedHarness } from '../fixtures/harness.ts';

/** Resolves to the outcome of a promise that must already be settled (no hang). */
async function settled<T>(
  promise: Promise<T>,
): Promise<{ value?: T; error?: { code?: ErrorCode; message: string } }> {
  const pending = Symbol('pending');
  const outcome = await Promise.race([
    promise.then(
      (value) => ({ value }),
      (error: { code?: ErrorCode; message: string }) => ({ error }),
    ),
    new Promise<typeof pending>((resolve) => setImmediate(() => resolve(pending))),
  ]);
  if (outcome === pending) throw new Error('the command is still pending: the session would hang');
  return outcome;
}

interface FatalCase {
  readonly name: string;
  readonly server: string | Uint8Array;
  readonly code: ErrorCode;
  readonly command?: () => Command<unknown>;
  readonly frameLimits?: { maxLineLength?: number };
}

const NOOP = (): Command<unknown> => noopCommand();

/**
 * Cases that must close the session with a ProtocolError of the given code, rejecting the pending command. (A
 * FETCH that is framed but does not parse is not among them: see unreadable.test.ts.)
 */
const fatal: FatalCase[] = [
  {
    name: 'an oversized literal',
    server: '* 1 FETCH (BODY[] {999999999}\r\n',
    code: ErrorCodes.LITERAL_TOO_LARGE,
  },
  {
    name: 'a literal with absurdly many digits',
    server: '* 1 FETCH (BODY[] {12345678901234567890}\r\n',
    code: ErrorCodes.BAD_LITERAL,
  },
  { name: 'a negative literal', server: '* 1 FETCH (BODY[] {-5}\r\nabc)\r\n', code: ErrorCodes.BAD_LITERAL },
  { name: 'a NUL byte in a line', server: bytes('* 1 FETCH (FLAGS (\\Se\0en))\r\n'), code: ErrorCodes.PARSE },
  {
    name: 'a line longer than the limit',
    server: `* OK ${'x'.repeat(300)}\r\n`,
    code: ErrorCodes.LINE_TOO_LONG,
    frameLimits: { maxLineLength: 120 },
  },
  { name: 'a tagged response to an unknown tag', server: 'Z99 OK what\r\n', code: ErrorCodes.UNKNOWN_TAG },
  { name: 'garbage instead of a response', server: 'hello there\r\n', code: ErrorCodes.PARSE },
  { name: 'a status other than OK/NO/BAD after a tag', server: 'A4 MAYBE\r\n', code: ErrorCodes.PARSE },
  {
    name: 'a continuation request when none is expected',
    server: '+ send more\r\n',
    code: ErrorCodes.UNEXPECTED_CONTINUATION,
  },
  { name: 'EXISTS going backwards', server: '* 2 EXISTS\r\n', code: ErrorCodes.INCONSISTENT },
  { name: 'an absurd EXISTS', server: '* 4294967295 EXISTS\r\n', code: ErrorCodes.INCONSISTENT },
  { name: 'EXPUNGE beyond EXISTS', server: '* 9 EXPUNGE\r\n', code: ErrorCodes.INCONSISTENT },
  { name: 'EXPUNGE of message 0', server: '* 0 EXPUNGE\r\n', code: ErrorCodes.PARSE },
  {
    name: 'a FETCH that changes a known UID',
    server: '* 2 FETCH (UID 99)\r\n',
    code: ErrorCodes.INCONSISTENT,
  },
  {
    name: 'UIDs that do not ascend',
    server: '* 4 EXISTS\r\n* 4 FETCH (UID 5)\r\n',
    code: ErrorCodes.INCONSISTENT,
  },
];

describe('hostile server: fatal protocol violations close the session with a typed error', () => {
  it.each(fatal)('$name', async (c) => {
    const h = await selectedHarness(c.frameLimits ? { frameLimits: c.frameLimits } : {});
    const pending = h.run((c.command ?? NOOP)());
    h.server(c.server);
    const outcome = await settled(pending);
    expect(outcome.error?.code).toBe(c.code);
    expect(h.closeError()?.code).toBe(c.code);
    expect(h.session.state).toBe('logout');
    expect(() => h.session.execute(noopCommand())).toThrow();
  });
});

describe('hostile server: connection-level behaviours', () => {
  it('BYE in the middle of a command rejects every pending command with the server reason', async () => {
    const h = await selectedHarness();
    const first = h.run(uidFetchCommand([{ start: 1, end: Infinity }], { flags: true }));
    const second = h.run(noopCommand());
    h.server('* 1 FETCH (UID 10 FLAGS ())\r\n* BYE [UNAVAILABLE] maintenance in 1 minute\r\n');
    for (const p of [first, second] as Promise<unknown>[]) {
      const outcome = await settled(p);
      expect(outcome.error?.code).toBe(ErrorCodes.BYE);
      expect(outcome.error?.message).toContain('maintenance in 1 minute');
    }
    expect(h.session.state).toBe('logout');
  });

  it('a BYE greeting refuses the connection', async () => {
    const h = createHarness({ greeting: '* BYE too many connections\r\n' });
    expect(h.closeError()?.code).toBe(ErrorCodes.BYE);
    expect(h.closeError()?.message).toContain('too many connections');
  });

  it('a greeting that is not OK/PREAUTH/BYE is a BAD_GREETING', async () => {
    const h = createHarness({ greeting: 'A1 OK hello\r\n' });
    expect(h.closeError()?.code).toBe(ErrorCodes.BAD_GREETING);
  });

  it('STARTTLS OK followed by injected bytes in the same read is refused', async () => {
    const h = createHarness({ greeting: '* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] hi\r\n' });
    const tls = h.run(starttlsCommand());
    h.server('A1 OK begin TLS\r\n* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] injected\r\n');
    await settled(tls);
    expect(h.closeError()?.code).toBe(ErrorCodes.TLS);
    expect(h.session.capabilities.has('AUTH=PLAIN')).toBe(false);
  });

  it('plaintext arriving after STARTTLS OK but before the handshake is refused', async () => {
    const h = createHarness({ greeting: '* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] hi\r\n' });
    const tls = h.run(starttlsCommand());
    h.server('A1 OK begin TLS\r\n');
    expect((await settled(tls)).error).toBeUndefined();
    h.server('* OK [CAPABILITY IMAP4rev1] injected later\r\n');
    expect(h.closeError()?.code).toBe(ErrorCodes.TLS);
  });

  it('a second tagged response for a completed tag closes the session', async () => {
    const h = await selectedHarness();
    const noop = h.run(noopCommand());
    h.server('A4 OK one\r\nA4 OK two\r\n');
    expect((await settled(noop)).error).toBeUndefined();
    expect(h.closeError()?.code).toBe(ErrorCodes.UNKNOWN_TAG);
  });

  it('the transport closing mid-literal rejects the pending command', async () => {
    const h = await selectedHarness();
    const fetch = h.run(uidFetchCommand([{ start: 10, end: 10 }], { sections: [{}] }));
    h.server('* 1 FETCH (UID 10 BODY[] {100}\r\nonly part of it');
    h.session.close();
    expect((await settled(fetch)).error?.code).toBe(ErrorCodes.CONNECTION_CLOSED);
  });

  it('data after the LOGOUT BYE is ignored', async () => {
    const h = createHarness({ greeting: '* PREAUTH ready\r\n' });
    const { logoutCommand } = await import('../../src/commands/logout.ts');
    const logout = h.run(logoutCommand());
    h.server('* BYE bye\r\nA1 OK done\r\n* 5 EXISTS\r\n');
    expect((await settled(logout)).error).toBeUndefined();
  });
});

describe('hostile server: tolerated mistakes leave a consistent state', () => {
  it('EXPUNGE during FETCH renumbers the messages after it', async () => {
    const h = await selectedHarness();
    const fetch = h.run(uidFetchCommand([{ start: 10, end: 12 }], { flags: true }));
    h.server('* 1 FETCH (UID 10 FLAGS ())\r\n* 1 EXPUNGE\r\n* 2 FETCH (UID 12 FLAGS ())\r\nA4 OK\r\n');
    const result = (await settled(fetch)).value;
    expect(result?.messages.map((m) => [m.seq, m.uid])).toEqual([
      [1, 10],
      [2, 12],
    ]);
    expect([h.session.mailbox?.uidOf(1), h.session.mailbox?.uidOf(2), h.session.mailbox?.exists]).toEqual([
      11, 12, 2,
    ]);
  });

  it('a FETCH for a message beyond EXISTS is ignored with a warning', async () => {
    const h = await selectedHarness();
    const noop = h.run(noopCommand());
    h.server('* 7 FETCH (FLAGS (\\Seen))\r\nA4 OK\r\n');
    expect((await settled(noop)).error).toBeUndefined();
    expect(h.warnings).toEqual(['FETCH for message 7 ignored: the mailbox has 3 messages']);
    expect(h.session.mailbox?.exists).toBe(3);
  });

  it('a UIDVALIDITY change forgets every UID and refuses mutations made with the old value', async () => {
    const h = await selectedHarness();
    const changes: number[] = [];
    h.session.events.on('uidvalidity', (e) => changes.push(e.current));
    const noop = h.run(noopCommand());
    h.server('* OK [UIDVALIDITY 8] reset\r\nA4 OK\r\n');
    await settled(noop);
    h.takeSent();
    expect(changes).toEqual([8]);
    expect(h.session.mailbox?.uidOf(1)).toBeNull();
    const store = h.run(
      uidStoreCommand([{ start: 10, end: 10 }], {
        operation: 'add',
        flags: ['\\Seen'],
        expectedUidValidity: 7,
      }),
    );
    expect((await settled(store)).error?.code).toBe(ErrorCodes.UIDVALIDITY_CHANGED);
    expect(h.takeSent()).toBe('');
  });

  it('a malformed modified UTF-7 mailbox name is kept as sent, not fatal', async () => {
    const h = await selectedHarness();
    const list = h.run(listCommand());
    h.server('* LIST () "/" "Bad&Jjo"\r\n* LIST () "/" "&AGE-"\r\nA4 OK\r\n');
    const mailboxes = (await settled(list)).value?.mailboxes ?? [];
    expect(mailboxes.map((m) => m.wireName)).toEqual(['Bad&Jjo', '&AGE-']);
    expect(h.closeError()).toBeUndefined();
  });

  it('VANISHED of the whole UID space terminates and empties the mailbox', async () => {
    const h = await selectedHarness();
    const noop = h.run(noopCommand());
    h.server('* VANISHED 1:4294967295\r\nA4 OK\r\n');
    await settled(noop);
    expect(h.session.mailbox?.exists).toBe(0);
  });

  it('VANISHED of UIDs this session never saw changes nothing', async () => {
    const h = await selectedHarness();
    const noop = h.run(noopCommand());
    h.server('* VANISHED 11:11,500\r\nA4 OK\r\n');
    await settled(noop);
    expect(h.session.mailbox?.exists).toBe(2);
    expect([h.session.mailbox?.uidOf(1), h.session.mailbox?.uidOf(2)]).toEqual([10, 12]);
  });

  it('unknown untagged responses and response codes are kept, not fatal', async () => {
    const h = await selectedHarness();
    const noop = h.run(noopCommand());
    h.server('* XYZZY 1 2 (3)\r\n* OK [XYZZY frob] odd\r\nA4 OK [ZORK] fine\r\n');
    expect((await settled(noop)).error).toBeUndefined();
    expect(h.closeError()).toBeUndefined();
  });

  it('a NO to a synchronizing literal rejects that command and the session goes on', async () => {
    const h = createHarness({ greeting: '* OK ready\r\n' });
    const login = h.run(loginCommand('alice', 'pass\nword'));
    expect(h.takeSent()).toBe('A1 LOGIN alice {9}\r\n');
    h.server('A1 NO [AUTHENTICATIONFAILED] no literals today\r\n');
    expect((await settled(login)).error?.code).toBe(ErrorCodes.NO);
    expect(h.takeSent()).toBe('');
    const next = h.run(noopCommand());
    h.server('A2 OK\r\n');
    expect((await settled(next)).error).toBeUndefined();
  });

  it('a second continuation during IDLE is a protocol error', async () => {
    const h = await selectedHarness();
    const idle = h.run(idleCommand());
    h.server('+ idling\r\n+ again\r\n');
    expect((await settled(idle)).error?.code).toBe(ErrorCodes.UNEXPECTED_CONTINUATION);
  });

  it('a second challenge during AUTHENTICATE PLAIN is cancelled with "*"', async () => {
    const h = createHarness({ greeting: '* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] hi\r\n' });
    const auth = h.run(authenticatePlainCommand('alice', 'pw'));
    h.server('+ \r\n');
    h.server('+ more?\r\n');
    expect(h.takeSent()).toBe('A1 AUTHENTICATE PLAIN\r\nAGFsaWNlAHB3\r\n*\r\n');
    h.server('A1 BAD cancelled\r\n');
    expect((await settled(auth)).error?.code).toBe(ErrorCodes.BAD);
  });

  it('a SELECT that fails leaves no mailbox selected', async () => {
    const h = await selectedHarness();
    const select = h.run(selectCommand('Nope'));
    h.server('A4 NO [NONEXISTENT] no such mailbox\r\n');
    expect((await settled(select)).error?.code).toBe(ErrorCodes.NO);
    expect(h.session.state).toBe('authenticated');
    expect(h.session.mailbox).toBeNull();
  });
});
