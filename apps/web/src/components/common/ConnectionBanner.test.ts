import { ConnectionError, ErrorCodes } from '@webmail/imap-core';
import { flushSync } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MailConnection } from '../../lib/state/connection.svelte.ts';
import { FakeImapServer } from '../../lib/state/testing/fake-imap.ts';
import { mountInBody, unmountAll } from '../../testing/dom.ts';
import ConnectionBanner from './ConnectionBanner.svelte';

beforeEach(() => {
  // Timers and the clock only: the fake server answers in microtasks, which keep running.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
});
afterEach(() => {
  unmountAll();
  vi.useRealTimers();
});

function dropped(): ConnectionError {
  return new ConnectionError(
    ErrorCodes.CONNECTION_CLOSED,
    'the connection to the mail server was reset',
    4014,
  );
}

async function render() {
  const net = { down: false, password: 'secret' };
  let server = new FakeImapServer();
  const connection = new MailConnection('demo', 'secret', {
    openTransport: async () => {
      if (net.down) throw new ConnectionError(ErrorCodes.TRANSPORT, 'refused', 1006);
      server = new FakeImapServer({ password: net.password });
      return server.transport();
    },
    random: () => 0.5,
    page: { onOnline: () => () => {}, onVisible: () => () => {} },
  });
  await connection.connect();
  const onSignInAgain = vi.fn();
  mountInBody(ConnectionBanner, { connection, onSignInAgain });
  flushSync();
  return { connection, net, onSignInAgain, drop: () => server.close(dropped()) };
}

/** The sentence a sighted user reads (the countdown is hidden from screen readers). */
function shown(): string | undefined {
  return document.querySelector('[data-connection] .text [aria-hidden="true"]')?.textContent ?? undefined;
}

function button(name: string): HTMLButtonElement {
  const found = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === name);
  if (!found) throw new Error(`no button ${name}`);
  return found;
}

describe('ConnectionBanner', () => {
  it('shows nothing while the connection works', async () => {
    await render();
    expect(document.querySelector('[data-connection]')).toBeNull();
    expect(document.querySelector('[role="status"]')?.textContent?.trim()).toBe('');
  });

  it('counts down to the next attempt, politely, in a live region that was there before', async () => {
    const { connection, net, drop } = await render();
    const live = document.querySelector('[role="status"]');
    expect(live?.getAttribute('aria-live')).toBe('polite');
    net.down = true;
    drop();
    flushSync();
    expect(shown()).toBe('Connection lost. Reconnecting in 1 s…');
    expect(document.querySelector('[role="status"]')).toBe(live);
    expect(live?.querySelector('.visually-hidden')?.textContent).toBe('Connection lost. Reconnecting…');

    await vi.advanceTimersByTimeAsync(1000); // attempt 1 fails; attempt 2 waits 2 s
    expect(connection.attempt).toBe(2);
    flushSync();
    expect(shown()).toBe('Connection lost. Reconnecting in 2 s…');
    await vi.advanceTimersByTimeAsync(1250);
    flushSync();
    expect(shown()).toBe('Connection lost. Reconnecting in 1 s…');
  });

  it('retries at once on "Retry now", then says "Reconnected" for a moment', async () => {
    const { connection, drop } = await render();
    drop();
    flushSync();
    button('Retry now').click();
    await vi.waitFor(() => expect(connection.status).toBe('online'));
    flushSync();
    expect(document.querySelector('[data-connection="reconnected"]')?.textContent).toContain('Reconnected');
    await vi.advanceTimersByTimeAsync(3000);
    flushSync();
    expect(document.querySelector('[data-connection]')).toBeNull();
  });

  it('offers to sign in again when the password no longer works', async () => {
    const { connection, net, drop, onSignInAgain } = await render();
    net.password = 'changed';
    drop();
    await vi.advanceTimersByTimeAsync(1000);
    await vi.waitFor(() => expect(connection.status).toBe('offline'));
    flushSync();
    const alert = document.querySelector('[role="alert"][data-connection="offline"]');
    expect(alert?.textContent).toContain('could not be restored');
    expect(alert?.textContent).toContain('Authentication failed.');
    button('Sign in again').click();
    expect(onSignInAgain).toHaveBeenCalledOnce();
  });
});
