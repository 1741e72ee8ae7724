import { ConnectionError, ErrorCodes } from '@webmail/imap-core';
import type { TraceEvent, Transport } from '@webmail/imap-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MailConnection, STABLE_CONNECTION_MS, reconnectDelay } from './connection.svelte.ts';
import type { PageSignals, ReconnectTimers } from './connection.svelte.ts';
import { FULL_CAPABILITIES, FakeImapServer, generatedMessages } from './testing/fake-imap.ts';
import type { FakeServerOptions } from './testing/fake-imap.ts';

const PASSWORD = 'correct horse battery staple';

/** Timers that only fire when the test says so, on a clock the test moves. */
class ManualTimers implements ReconnectTimers {
  time = 1_000_000;
  /** Every delay ever asked for, in order. */
  readonly delays: number[] = [];
  readonly #pending = new Map<number, { at: number; callback: () => void }>();
  #next = 1;

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.#next++;
    this.delays.push(ms);
    this.#pending.set(id, { at: this.time + ms, callback });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.#pending.delete(handle as number);
  }
  now(): number {
    return this.time;
  }
  get pending(): number {
    return this.#pending.size;
  }
  /** Moves the clock to the earliest timer and runs it. */
  fireNext(): void {
    const [id, timer] = [...this.#pending].sort((a, b) => a[1].at - b[1].at)[0] ?? [];
    if (id === undefined || timer === undefined) throw new Error('no timer is pending');
    this.#pending.delete(id);
    this.time = timer.at;
    timer.callback();
  }
}

/** 'online' and 'page shown' signals the test raises. */
function manualPage() {
  const online = new Set<() => void>();
  const visible = new Set<() => void>();
  const page: PageSignals = {
    onOnline: (listener) => (online.add(listener), () => online.delete(listener)),
    onVisible: (listener) => (visible.add(listener), () => visible.delete(listener)),
  };
  return {
    page,
    goOnline: () => online.forEach((listener) => listener()),
    show: () => visible.forEach((listener) => listener()),
    listeners: () => online.size + visible.size,
  };
}

function dropped(): ConnectionError {
  return new ConnectionError(
    ErrorCodes.CONNECTION_CLOSED,
    'the connection to the mail server was reset',
    4014,
  );
}

/**
 * A MailConnection whose every transport goes to a fresh FakeImapServer (a reconnect reaches a new server
 * process, as after a restart), unless the network is `down`.
 */
function setup(options: FakeServerOptions = {}) {
  const servers: FakeImapServer[] = [];
  const trace: TraceEvent[] = [];
  const timers = new ManualTimers();
  const signals = manualPage();
  const net = { down: false, serverOptions: { password: PASSWORD, ...options } };
  const openTransport = vi.fn(async (): Promise<Transport> => {
    if (net.down)
      throw new ConnectionError(ErrorCodes.TRANSPORT, 'the WebSocket closed with code 1006', 1006);
    const server = new FakeImapServer({
      folders: [{ name: 'INBOX', messages: generatedMessages(3) }],
      ...net.serverOptions,
    });
    servers.push(server);
    return server.transport();
  });
  const connection = new MailConnection('demo', PASSWORD, {
    openTransport,
    clientOptions: { trace: (event) => trace.push(event) },
    timers,
    random: () => 0.5,
    page: signals.page,
  });
  const server = (): FakeImapServer => {
    const last = servers.at(-1);
    if (!last) throw new Error('no server yet');
    return last;
  };
  return { connection, servers, server, trace, timers, signals, net, openTransport };
}

async function connected(options: FakeServerOptions = {}) {
  const context = setup(options);
  await context.connection.connect();
  return context;
}

const connections: MailConnection[] = [];
afterEach(() => {
  for (const connection of connections.splice(0)) connection.dispose();
});

describe('MailConnection', () => {
  it.each([
    [1, 0.5, 1_000],
    [2, 0.5, 2_000],
    [5, 0.5, 16_000],
    [6, 0.5, 30_000],
    [40, 0.5, 30_000],
    [1, 0, 900],
    [2, 0.75, 2_100],
  ])('waits before attempt %i (random %f) %i ms', (attempt, random, ms) => {
    expect(reconnectDelay(attempt, random)).toBe(ms);
  });

  it('signs in and is online; without ENABLE on offer it sends none', async () => {
    const { connection, server } = await connected();
    connections.push(connection);
    expect(connection.status).toBe('online');
    expect(server().lines(/AUTHENTICATE|LOGIN|ENABLE/)).toEqual(['A2 AUTHENTICATE PLAIN ***']);
    expect([connection.qresync, connection.condstore]).toEqual([false, false]);
    await connection.client.select('INBOX');
    expect(connection.client.mailbox?.exists).toBe(3);
    expect(connection.client.capabilities.has('IDLE')).toBe(true);
  });

  it('asks for QRESYNC when offered, and carries on without it when the server refuses', async () => {
    const { connection, server } = await connected({
      capabilities: [...FULL_CAPABILITIES, 'CONDSTORE', 'QRESYNC'],
    });
    connections.push(connection);
    // The fake server answers BAD to ENABLE: a refusal costs only the quick resync.
    expect(server().lines(/ENABLE/)).toEqual(['A3 ENABLE QRESYNC']);
    expect([connection.status, connection.qresync]).toEqual(['online', false]);
  });

  it('after a reload is online as soon as ENABLE QRESYNC is sent, and has QRESYNC once it is answered', async () => {
    const context = setup({
      capabilities: [...FULL_CAPABILITIES, 'CONDSTORE', 'QRESYNC'],
      enable: true,
      delays: [{ match: /ENABLE/, ms: 20 }],
    });
    const { connection, server } = context;
    connections.push(connection);
    await expect(connection.connectOrKeepTrying()).resolves.toBe('online');
    // Sent, not answered: the kept folder's SELECT (QRESYNC) may go right behind it.
    expect(server().lines(/ENABLE/)).toEqual(['A3 ENABLE QRESYNC']);
    expect(server().log.some((line) => /^S: A3 /.test(line))).toBe(false);
    expect(connection.qresync).toBe(false);
    await vi.waitFor(() => expect([connection.qresync, connection.condstore]).toEqual([true, true]));
  });

  it('at a first sign-in is online as soon as ENABLE QRESYNC is sent, as after a reload', async () => {
    const { connection, server } = setup({
      capabilities: [...FULL_CAPABILITIES, 'CONDSTORE', 'QRESYNC'],
      enable: true,
      delays: [{ match: /ENABLE/, ms: 20 }],
    });
    connections.push(connection);
    await connection.connect();
    // Sent, not answered: the first folder's SELECT goes right behind it, a round trip sooner.
    expect(connection.status).toBe('online');
    expect(server().lines(/ENABLE/)).toEqual(['A3 ENABLE QRESYNC']);
    expect(server().log.some((line) => /^S: A3 /.test(line))).toBe(false);
    await vi.waitFor(() => expect([connection.qresync, connection.condstore]).toEqual([true, true]));
  });

  it('rejects the first sign-in with the server words, and leaves nothing running', async () => {
    const context = setup({ password: 'other' });
    await expect(context.connection.connect()).rejects.toMatchObject({ code: ErrorCodes.NO });
    expect(context.connection.lastError).toMatchObject({ key: 'error.auth.failed' });
    expect(context.server().closed).toBe(true);
    expect([context.signals.listeners(), context.timers.pending]).toEqual([0, 0]);
  });

  it('retries after 1, 2, 4, 8, 16, 30, 30 s while the server cannot be reached', async () => {
    const { connection, server, timers, net, openTransport } = await connected();
    connections.push(connection);
    net.down = true;
    const start = timers.now();
    server().close(dropped());
    expect(connection.status).toBe('reconnecting');
    expect(connection.lastError?.key).toBe('error.connection.closed');
    expect([connection.attempt, connection.retryAt]).toEqual([1, start + 1_000]);
    for (let attempt = 1; attempt <= 7; attempt++) {
      timers.fireNext();
      expect(connection.retryAt).toBeNull();
      await vi.waitFor(() => expect(timers.pending).toBe(1));
      expect(connection.attempt).toBe(attempt + 1);
      expect(connection.lastError?.key).toBe('error.proxy.refused');
    }
    expect(timers.delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
    expect(openTransport).toHaveBeenCalledTimes(8);
    expect(connection.status).toBe('reconnecting');
  });

  it('keeps backing off while every new connection drops again within seconds of signing in', async () => {
    const { connection, server, timers } = await connected();
    connections.push(connection);
    server().close(dropped());
    for (let round = 0; round < 4; round++) {
      timers.fireNext();
      await vi.waitFor(() => expect(connection.status).toBe('online'));
      timers.time += 2_000; // the folder opens, something in it breaks the session
      server().close(dropped());
    }
    expect(timers.delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000]);
    expect(connection.attempt).toBe(5);
  });

  it.each([
    [STABLE_CONNECTION_MS - 1, 2_000],
    [STABLE_CONNECTION_MS, 1_000],
  ])('after a connection that stayed up %i ms, waits %i ms before the next attempt', async (up, delay) => {
    const { connection, server, timers } = await connected();
    connections.push(connection);
    server().close(dropped());
    timers.fireNext();
    await vi.waitFor(() => expect(connection.status).toBe('online'));
    timers.time += up;
    server().close(dropped());
    expect(timers.delays).toEqual([1_000, delay]);
  });

  it('comes back by itself, then runs the reconnect listeners with commands working again', async () => {
    const { connection, server, servers, timers } = await connected();
    connections.push(connection);
    const statuses: string[] = [];
    connection.onStatusChange((status) => statuses.push(status));
    const resynced = vi.fn(async () => {
      expect(connection.status).toBe('online');
      await connection.client.select('INBOX');
    });
    connection.onReconnected(resynced);
    server().close(dropped());
    timers.fireNext();
    await vi.waitFor(() => expect(resynced).toHaveBeenCalledOnce());
    expect(servers).toHaveLength(2);
    expect(statuses).toEqual(['reconnecting', 'online']);
    expect([connection.attempt, connection.retryAt, connection.lastError]).toEqual([0, null, null]);
    await expect(connection.client.noop()).resolves.toBeUndefined();
    expect(servers[1]?.lines(/SELECT|NOOP/)).toEqual(['A3 SELECT INBOX', 'A4 NOOP']);
  });

  it('does not take up a connection that closed just as its login succeeded', async () => {
    const { connection, server, servers, timers, openTransport } = await connected();
    connections.push(connection);
    // The next transport delivers the login's OK and closes in the same breath.
    openTransport.mockImplementationOnce(async () => {
      const next = new FakeImapServer({ password: PASSWORD });
      servers.push(next);
      const inner = next.transport();
      return {
        ...inner,
        open: (handlers) =>
          inner.open({
            close: (error) => handlers.close(error),
            data: (bytes) => {
              handlers.data(bytes);
              if (/^A\d+ OK \[CAPABILITY/m.test(new TextDecoder().decode(bytes))) next.close(dropped());
            },
          }),
      };
    });
    server().close(dropped());
    timers.fireNext();
    await vi.waitFor(() => expect(timers.pending).toBe(1));
    expect([connection.status, connection.attempt]).toEqual(['reconnecting', 2]);
    timers.fireNext();
    await vi.waitFor(() => expect(connection.status).toBe('online'));
    await expect(connection.client.noop()).resolves.toBeUndefined();
  });

  it('rejects calls at once while the connection is down, and in-flight ones when it drops', async () => {
    const { connection, server } = await connected({ delays: [{ match: /NOOP/, ms: 50 }] });
    connections.push(connection);
    const inFlight = connection.client.noop();
    server().close(dropped());
    await expect(inFlight).rejects.toBeInstanceOf(ConnectionError);
    const sent = server().log.length;
    await expect(connection.client.list()).rejects.toMatchObject({ code: ErrorCodes.CONNECTION_CLOSED });
    await expect(connection.client.select('INBOX')).rejects.toBeInstanceOf(ConnectionError);
    await expect(connection.client.idle()).rejects.toBeInstanceOf(ConnectionError);
    expect(server().log).toHaveLength(sent);
    expect(connection.client.mailbox).toBeNull();
    // What the server could do is still known while away.
    expect(connection.client.capabilities.has('MOVE')).toBe(true);
  });

  it('keeps event listeners across reconnects, and their unsubscribe works on the new connection', async () => {
    const { connection, server, timers } = await connected();
    connections.push(connection);
    const kept = vi.fn();
    const dropped1 = vi.fn();
    connection.client.on('exists', kept);
    const off = connection.client.on('exists', dropped1);
    await connection.client.select('INBOX');
    server().push('* 4 EXISTS\r\n');
    expect([kept.mock.calls.length, dropped1.mock.calls.length]).toEqual([1, 1]);

    server().close(dropped());
    const addedWhileDown = vi.fn();
    connection.client.on('exists', addedWhileDown);
    off();
    timers.fireNext();
    await vi.waitFor(() => expect(connection.status).toBe('online'));
    await connection.client.select('INBOX');
    server().push('* 5 EXISTS\r\n');
    expect(kept).toHaveBeenCalledTimes(2);
    expect(kept).toHaveBeenLastCalledWith({ mailbox: 'INBOX', count: 5, previous: 3 });
    expect(dropped1).toHaveBeenCalledTimes(1);
    expect(addedWhileDown).toHaveBeenCalledTimes(1);
  });

  it('tells the listeners of a drop through the close event', async () => {
    const { connection, server } = await connected();
    connections.push(connection);
    const closed = vi.fn();
    connection.client.on('close', closed);
    server().close(dropped());
    expect(closed).toHaveBeenCalledWith({ error: expect.objectContaining({ transportCode: 4014 }) });
  });

  it('gives up when the password was changed meanwhile, and says why', async () => {
    const { connection, server, timers, net, signals } = await connected();
    connections.push(connection);
    net.serverOptions.password = 'changed elsewhere';
    server().close(dropped());
    timers.fireNext();
    await vi.waitFor(() => expect(connection.status).toBe('offline'));
    expect(connection.lastError).toMatchObject({
      key: 'error.auth.failed',
      values: { text: 'Authentication failed.' },
    });
    expect([timers.pending, connection.retryAt]).toEqual([0, null]);
    connection.retryNow();
    signals.goOnline();
    expect(timers.pending).toBe(0);
    await expect(connection.client.noop()).rejects.toBeInstanceOf(ConnectionError);
  });

  it.each([
    ['the browser is back online', 'goOnline'],
    ['the page is shown again', 'show'],
  ] as const)('tries at once when %s', async (_, signal) => {
    const context = await connected();
    const { connection, server, timers, signals, openTransport } = context;
    connections.push(connection);
    server().close(dropped());
    expect(timers.pending).toBe(1);
    signals[signal]();
    await vi.waitFor(() => expect(connection.status).toBe('online'));
    expect(timers.pending).toBe(0);
    expect(openTransport).toHaveBeenCalledTimes(2);
  });

  it('tries at once on retryNow, once while an attempt is under way', async () => {
    const { connection, server, timers, openTransport } = await connected();
    connections.push(connection);
    server().close(dropped());
    connection.retryNow();
    connection.retryNow();
    await vi.waitFor(() => expect(connection.status).toBe('online'));
    expect(openTransport).toHaveBeenCalledTimes(2);
    expect(timers.pending).toBe(0);
  });

  it('listens to the real window and document by default', async () => {
    const server = () => new FakeImapServer({ password: PASSWORD });
    let current = server();
    const connection = new MailConnection('demo', PASSWORD, {
      openTransport: async () => (current = server()).transport(),
      random: () => 0.5,
    });
    connections.push(connection);
    await connection.connect();
    current.close(dropped());
    window.dispatchEvent(new Event('online'));
    await vi.waitFor(() => expect(connection.status).toBe('online'));

    current.close(dropped());
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
    await vi.waitFor(() => expect(connection.status).toBe('online'));
    connection.dispose();
    current.close(dropped());
    window.dispatchEvent(new Event('online'));
    expect(connection.status).toBe('offline');
  });

  it('probes a connection that looks open when the network comes back', async () => {
    const { connection, server, signals } = await connected();
    connections.push(connection);
    signals.goOnline();
    await vi.waitFor(() => expect(server().lines(/NOOP/)).toHaveLength(1));
  });

  it('opens a second signed-in connection with the same credentials', async () => {
    const { connection, servers } = await connected();
    connections.push(connection);
    const secondary = await connection.openSecondary();
    expect(secondary.state).toBe('authenticated');
    expect(servers).toHaveLength(2);
    expect(servers[1]?.lines(/AUTHENTICATE/)).toEqual(['A2 AUTHENTICATE PLAIN ***']);
    await secondary.logout();
    expect(connection.status).toBe('online');
  });

  it('logs out, then neither reconnects nor listens any more', async () => {
    const { connection, server, timers, signals } = await connected();
    const closed = vi.fn();
    connection.client.on('close', closed);
    await connection.logout();
    expect(server().lines(/LOGOUT/)).toHaveLength(1);
    expect(server().closed).toBe(true);
    expect([timers.pending, signals.listeners()]).toEqual([0, 0]);
    // The clean end is the last thing the listeners hear.
    expect(closed.mock.calls).toEqual([[{ error: null }]]);
    await expect(connection.client.noop()).rejects.toBeInstanceOf(ConnectionError);
    await expect(connection.openSecondary()).rejects.toMatchObject({ code: ErrorCodes.ABORTED });
  });

  it('stops retrying when disposed, and drops an attempt that succeeds afterwards', async () => {
    const { connection, server, servers, timers } = await connected({
      delays: [{ match: /AUTHENTICATE/, ms: 20 }],
    });
    server().close(dropped());
    timers.fireNext();
    await vi.waitFor(() => expect(servers).toHaveLength(2));
    connection.dispose();
    await vi.waitFor(() => expect(servers[1]?.closed).toBe(true));
    expect(connection.status).toBe('offline');
    expect(timers.pending).toBe(0);
  });

  it('keeps the password out of traces and web storage', async () => {
    localStorage.clear();
    sessionStorage.clear();
    const { connection, server, timers, trace } = await connected();
    connections.push(connection);
    server().close(dropped());
    timers.fireNext();
    await vi.waitFor(() => expect(connection.status).toBe('online'));
    const secondary = await connection.openSecondary();
    await secondary.logout();
    const plain = btoa(`\0demo\0${PASSWORD}`);
    const text = trace.map((event) => event.text).join('\n');
    expect(trace.filter((event) => /AUTHENTICATE/.test(event.text))).toHaveLength(3);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(plain);
    expect([localStorage.length, sessionStorage.length]).toEqual([0, 0]);
    expect(JSON.stringify(connection)).not.toContain(PASSWORD);
    expect(Object.values(connection).some((value) => String(value).includes(PASSWORD))).toBe(false);
  });
});

describe('MailConnection.connectOrKeepTrying (a session kept on the device)', () => {
  it('is online at once when the server answers', async () => {
    const { connection } = setup();
    connections.push(connection);
    await expect(connection.connectOrKeepTrying()).resolves.toBe('online');
    expect(connection.status).toBe('online');
  });

  it('keeps trying while the proxy cannot be reached, and runs the reconnect listeners once it can', async () => {
    const { connection, timers, net } = setup();
    connections.push(connection);
    net.down = true;
    await expect(connection.connectOrKeepTrying()).resolves.toBe('retrying');
    expect(connection.status).toBe('reconnecting');
    expect(connection.lastError?.key).toBe('error.proxy.refused');
    expect(timers.delays).toEqual([1_000]);
    const reconnected = vi.fn();
    connection.onReconnected(reconnected);
    timers.fireNext();
    await vi.waitFor(() => expect(timers.pending).toBe(1));
    net.down = false;
    timers.fireNext();
    await vi.waitFor(() => expect(reconnected).toHaveBeenCalledOnce());
    expect(connection.status).toBe('online');
    expect(timers.delays).toEqual([1_000, 2_000]);
  });

  it('gives up at once when the password is refused, leaving nothing running', async () => {
    const context = setup({ password: 'changed meanwhile' });
    await expect(context.connection.connectOrKeepTrying()).rejects.toMatchObject({ code: ErrorCodes.NO });
    expect(context.connection.lastError).toMatchObject({ key: 'error.auth.failed' });
    expect([context.signals.listeners(), context.timers.pending]).toEqual([0, 0]);
  });
});
