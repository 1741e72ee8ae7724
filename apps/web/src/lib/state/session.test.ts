import { webSocketCloseError } from '@webmail/imap-core';
import { describe, expect, it, vi } from 'vitest';
import { MailSession } from './session.svelte.ts';
import { FULL_CAPABILITIES, FakeImapServer, generatedMessages } from './testing/fake-imap.ts';
import type { FakeServerOptions } from './testing/fake-imap.ts';

const upstream = { name: 'demo', label: 'Demo mail', canSend: false };

function sessionWith(options: FakeServerOptions = {}) {
  const serverOptions: FakeServerOptions = {
    folders: [
      { name: 'INBOX', messages: generatedMessages(3) },
      { name: 'Sent', attributes: ['\\Sent'] },
    ],
    ...options,
  };
  // The first connection's server; each reconnect reaches a new one, as after a server restart.
  const server = new FakeImapServer(serverOptions);
  const servers: FakeImapServer[] = [];
  const reader = { open: vi.fn(), clear: vi.fn(), dispose: vi.fn() };
  const timers = { setTimeout: vi.fn(() => 0), clearTimeout: vi.fn(), now: () => 0 };
  const session = new MailSession({
    fetchUpstreams: async () => [upstream],
    openTransport: async () => {
      const next = servers.length === 0 ? server : new FakeImapServer(serverOptions);
      servers.push(next);
      return next.transport();
    },
    workspace: {
      // The real reader loads a worker; these tests are about the shell's side of the contract.
      loadReader: async () => ({ reader, ReaderPane: (() => {}) as never }) as never,
    },
    // Reconnects happen when a test calls retryNow().
    connection: { timers },
  });
  return { server, servers, serverOptions, session, reader, timers };
}

describe('MailSession', () => {
  it('loads the mail servers the proxy offers', async () => {
    const { session } = sessionWith();
    await session.loadServers();
    expect([session.servers, session.upstreams]).toEqual(['ready', [upstream]]);
  });

  it('signs in, opens INBOX and lists the folders', async () => {
    const { server, session } = sessionWith();
    expect(await session.signIn(upstream, 'demo', 'secret')).toBe(true);
    expect(session.phase).toBe('signed-in');
    expect(session.account).toEqual({ user: 'demo', upstream });
    const workspace = session.workspace;
    await vi.waitFor(() => expect(workspace?.messages.count).toBe(3));
    await vi.waitFor(() => expect(workspace?.folders.phase).toBe('ready'));
    // INBOX's rows first, then the folder list (what comes after that is the folder tree's business).
    expect(
      server
        .lines(/SELECT|LIST/)
        .map((line) => line.replace(/^\S+ /, ''))
        .slice(0, 2),
    ).toEqual(['SELECT INBOX', 'LIST "" * RETURN (SUBSCRIBED SPECIAL-USE STATUS (MESSAGES UNSEEN))']);
  });

  it("says why a wrong password was refused, in the server's words, and stays signed out", async () => {
    const { server, session } = sessionWith();
    expect(await session.signIn(upstream, 'demo', 'wrong')).toBe(false);
    expect(session.phase).toBe('signed-out');
    expect(session.workspace).toBeNull();
    expect(session.error).toMatchObject({
      key: 'error.auth.failed',
      values: { text: 'Authentication failed.' },
    });
    expect(server.closed).toBe(true);
  });

  it.each([
    [4010, 'error.connect.refused'],
    [4020, 'error.tls.verify'],
    [1006, 'error.proxy.refused'],
  ])('explains a connection the proxy ended with %i', async (code, key) => {
    const session = new MailSession({
      openTransport: () => Promise.reject(webSocketCloseError(code, '')),
    });
    expect(await session.signIn(upstream, 'demo', 'secret')).toBe(false);
    expect(session.error?.key).toBe(key);
  });

  it('shows [ALERT] texts and lets the user dismiss them', async () => {
    const { session } = sessionWith({ loginAlert: 'Maintenance tonight at 22:00' });
    await session.signIn(upstream, 'demo', 'secret');
    expect(session.alerts).toEqual(['Maintenance tonight at 22:00']);
    session.dismissAlert(0);
    expect(session.alerts).toEqual([]);
  });

  it('signs out with LOGOUT and forgets everything', async () => {
    const { server, session, reader } = sessionWith();
    await session.signIn(upstream, 'demo', 'secret');
    await vi.waitFor(() => expect(session.workspace?.readerStatus).toBe('ready'));
    await session.signOut();
    expect(server.lines(/LOGOUT/)).toHaveLength(1);
    expect(server.closed).toBe(true);
    expect([session.phase, session.workspace, session.account, session.alerts]).toEqual([
      'signed-out',
      null,
      null,
      [],
    ]);
    expect(reader.dispose).toHaveBeenCalled();
  });

  it('keeps nothing in web storage', async () => {
    localStorage.clear();
    sessionStorage.clear();
    const { session } = sessionWith();
    await session.signIn(upstream, 'demo', 'secret');
    await vi.waitFor(() => expect(session.workspace?.messages.count).toBe(3));
    expect([localStorage.length, sessionStorage.length]).toEqual([0, 0]);
  });

  it('retries a dropped connection instead of calling it lost, and comes back on the same workspace', async () => {
    const { server, servers, session } = sessionWith();
    await session.signIn(upstream, 'demo', 'secret');
    const workspace = session.workspace;
    server.close(webSocketCloseError(4014, 'upstream reset'));
    expect(session.connection?.status).toBe('reconnecting');
    expect(session.connection?.lastError?.key).toBe('error.connection.closed');
    expect(session.lost).toBeNull();
    session.connection?.retryNow();
    await vi.waitFor(() => expect(session.connection?.status).toBe('online'));
    expect([session.workspace, session.phase, session.lost]).toEqual([workspace, 'signed-in', null]);
    expect(servers).toHaveLength(2);
    await session.signOut();
    expect(servers[1]?.lines(/LOGOUT/)).toHaveLength(1);
  });

  it('says the connection is lost when the password no longer works', async () => {
    const { server, serverOptions, session } = sessionWith();
    await session.signIn(upstream, 'demo', 'secret');
    serverOptions.password = 'changed';
    server.close(webSocketCloseError(4014, 'upstream reset'));
    session.connection?.retryNow();
    await vi.waitFor(() => expect(session.lost).not.toBeNull());
    expect(session.lost).toMatchObject({
      key: 'error.auth.failed',
      values: { text: 'Authentication failed.' },
    });
    expect(session.connection?.status).toBe('offline');
    await session.signOut();
    expect(session.phase).toBe('signed-out');
  });

  it('signs out while reconnecting without LOGOUT and without trying again', async () => {
    const { server, servers, session, timers } = sessionWith();
    await session.signIn(upstream, 'demo', 'secret');
    server.close(webSocketCloseError(4014, 'upstream reset'));
    const connection = session.connection;
    await session.signOut();
    expect([session.phase, session.connection]).toEqual(['signed-out', null]);
    expect(timers.clearTimeout).toHaveBeenCalled();
    connection?.retryNow();
    window.dispatchEvent(new Event('online'));
    await Promise.resolve();
    expect(servers).toHaveLength(1);
    expect(server.lines(/LOGOUT/)).toHaveLength(0);
  });

  it('shows an [ALERT] repeated at a reconnect once', async () => {
    const { server, session } = sessionWith({ loginAlert: 'Maintenance tonight at 22:00' });
    await session.signIn(upstream, 'demo', 'secret');
    server.close(webSocketCloseError(4014, 'upstream reset'));
    session.connection?.retryNow();
    await vi.waitFor(() => expect(session.connection?.status).toBe('online'));
    expect(session.alerts).toEqual(['Maintenance tonight at 22:00']);
  });

  it('exposes the connection while signed in and enables QRESYNC at sign-in when offered', async () => {
    const { server, session } = sessionWith({ capabilities: [...FULL_CAPABILITIES, 'QRESYNC', 'CONDSTORE'] });
    expect(session.connection).toBeNull();
    await session.signIn(upstream, 'demo', 'secret');
    expect(session.connection?.status).toBe('online');
    expect(server.lines(/ENABLE/)).toEqual(['A3 ENABLE QRESYNC']);
    expect(session.capabilities.has('QRESYNC')).toBe(true);
  });
});

describe('MailSession.prepare (the sign-in form being filled in)', () => {
  const signInLines = /AUTHENTICATE|LOGIN/;

  it('opens and greets one connection meanwhile, sends nothing of the user on it, and signs in on it', async () => {
    const { server, servers, session } = sessionWith();
    session.prepare(upstream);
    session.prepare(upstream); // each keystroke
    await vi.waitFor(() => expect(server.lines(/CAPABILITY/)).toHaveLength(1));
    expect([servers.length, server.lines(signInLines)]).toEqual([1, []]);
    expect(session.preparing).toBe(true);

    expect(await session.signIn(upstream, 'demo', 'secret')).toBe(true);
    expect(servers).toHaveLength(1);
    expect(server.lines(signInLines)).toEqual(['A2 AUTHENTICATE PLAIN ***']);
    await vi.waitFor(() => expect(session.workspace?.messages.count).toBe(3));
  });

  it('signs in on a new connection when the early one was closed by the server meanwhile', async () => {
    const { server, servers, session } = sessionWith();
    session.prepare(upstream);
    await vi.waitFor(() => expect(server.lines(/CAPABILITY/)).toHaveLength(1));
    server.close(null);

    expect(await session.signIn(upstream, 'demo', 'secret')).toBe(true);
    expect(servers).toHaveLength(2);
    expect(servers[1]?.lines(signInLines)).toHaveLength(1);
    expect(server.lines(signInLines)).toEqual([]);
  });

  it('signs in on a new connection when the early one is lost as its sign-in begins', async () => {
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const { server, servers, session } = sessionWith({ holds: [{ match: /AUTHENTICATE/, until: held }] });
    session.prepare(upstream);
    await vi.waitFor(() => expect(server.lines(/CAPABILITY/)).toHaveLength(1));
    const signedIn = session.signIn(upstream, 'demo', 'secret');
    await vi.waitFor(() => expect(server.lines(signInLines)).toHaveLength(1));
    server.close(webSocketCloseError(1006, ''));
    release();

    expect(await signedIn).toBe(true);
    expect(servers).toHaveLength(2);
    expect(session.connection?.status).toBe('online');
  });

  it('refuses a wrong password on the early connection without trying another one', async () => {
    const { server, servers, session } = sessionWith();
    session.prepare(upstream);
    expect(await session.signIn(upstream, 'demo', 'wrong')).toBe(false);
    expect(session.error).toMatchObject({ key: 'error.auth.failed' });
    expect([servers.length, server.closed]).toEqual([1, true]);
  });

  it('does not sign in on one opened 20 s before, nor on one to another server', async () => {
    const now = vi.spyOn(Date, 'now').mockReturnValue(1_000_000);
    try {
      const { server, servers, session } = sessionWith();
      session.prepare(upstream);
      await vi.waitFor(() => expect(server.lines(/CAPABILITY/)).toHaveLength(1));
      now.mockReturnValue(1_020_000);
      expect(await session.signIn(upstream, 'demo', 'secret')).toBe(true);
      expect(servers).toHaveLength(2);
      expect(server.closed).toBe(true);
      expect(server.lines(signInLines)).toEqual([]);

      const other = sessionWith();
      other.session.prepare({ ...upstream, name: 'other' });
      await vi.waitFor(() => expect(other.server.lines(/CAPABILITY/)).toHaveLength(1));
      expect(await other.session.signIn(upstream, 'demo', 'secret')).toBe(true);
      expect(other.servers).toHaveLength(2);
      expect(other.server.closed).toBe(true);
    } finally {
      now.mockRestore();
    }
  });

  it('does nothing once signed in', async () => {
    const { servers, session } = sessionWith();
    await session.signIn(upstream, 'demo', 'secret');
    session.prepare(upstream);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(servers).toHaveLength(1);
  });
});
