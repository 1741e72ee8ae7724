import { webSocketCloseError } from '@webmail/imap-core';
import { describe, expect, it, vi } from 'vitest';
import { MailSession } from './session.svelte.ts';
import { FakeImapServer, generatedMessages } from './testing/fake-imap.ts';
import type { FakeServerOptions } from './testing/fake-imap.ts';

const upstream = { name: 'demo', label: 'Demo mail' };

function sessionWith(options: FakeServerOptions = {}) {
  const server = new FakeImapServer({
    folders: [
      { name: 'INBOX', messages: generatedMessages(3) },
      { name: 'Sent', attributes: ['\\Sent'] },
    ],
    ...options,
  });
  const reader = { open: vi.fn(), clear: vi.fn(), dispose: vi.fn() };
  const session = new MailSession({
    fetchUpstreams: async () => [upstream],
    openTransport: async () => server.transport(),
    workspace: {
      // The real reader loads a worker; these tests are about the shell's side of the contract.
      loadReader: async () => ({ reader, ReaderPane: (() => {}) as never }) as never,
    },
  });
  return { server, session, reader };
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
    expect(server.lines(/SELECT|LIST/).map((line) => line.replace(/^\S+ /, ''))).toEqual([
      'SELECT INBOX',
      'LIST "" * RETURN (SPECIAL-USE STATUS (MESSAGES UNSEEN))',
    ]);
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

  it('says so when the connection is lost while signed in', async () => {
    const { server, session } = sessionWith();
    await session.signIn(upstream, 'demo', 'secret');
    server.close(webSocketCloseError(4014, 'upstream reset'));
    expect(session.lost?.key).toBe('error.connection.closed');
    await session.signOut();
    expect(session.phase).toBe('signed-out');
  });
});
