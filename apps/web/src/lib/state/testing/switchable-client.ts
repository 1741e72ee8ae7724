// Test helper: a MailClient that outlives connections, as the session's relay does (connection.svelte.ts): calls
// go to the current ImapClient, listeners move to each new one. `reconnect()` cuts the connection and signs a
// new one in (to the same FakeImapServer, or whatever `connect` reaches), so a test can drive
// MessageList.resync(). Only for tests: nothing in the app imports it.

import { ImapClient } from '@webmail/imap-core';
import type { SessionEvents } from '@webmail/imap-core';
import type { MailClient } from '../mail-client.ts';
import { FakeImapServer } from './fake-imap.ts';
import type { FakeServerOptions } from './fake-imap.ts';

type AnyListener = (event: never) => void;

export interface SwitchableClient {
  client: MailClient;
  /** The ImapClient calls go to now. */
  current(): ImapClient;
  /** Cuts the connection and signs in again; `enable` is sent before anything else (e.g. ['QRESYNC']). */
  reconnect(enable?: readonly string[]): Promise<void>;
}

export interface SwitchableSession extends SwitchableClient {
  server: FakeImapServer;
}

/** A relayed client over `connect` (a signed-in ImapClient each call). */
export async function switchableClient(
  connect: () => Promise<ImapClient>,
  enable: readonly string[] = [],
): Promise<SwitchableClient> {
  const signIn = async (extensions: readonly string[]): Promise<ImapClient> => {
    const client = await connect();
    if (extensions.length > 0) await client.enable(extensions);
    return client;
  };
  const listeners: { name: keyof SessionEvents; listener: AnyListener; off: () => void }[] = [];
  let current = await signIn(enable);
  const on = ((name: keyof SessionEvents, listener: AnyListener) => {
    const entry = { name, listener, off: current.on(name, listener as never) };
    listeners.push(entry);
    return () => {
      entry.off();
      listeners.splice(listeners.indexOf(entry), 1);
    };
  }) as MailClient['on'];
  const client = new Proxy({} as MailClient, {
    get(_target, property) {
      if (property === 'on') return on;
      const value = Reflect.get(current, property) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(current) : value;
    },
  });
  return {
    client,
    current: () => current,
    async reconnect(again = enable) {
      current.close();
      const next = await signIn(again);
      for (const entry of listeners) {
        entry.off();
        entry.off = next.on(entry.name, entry.listener as never);
      }
      current = next;
    },
  };
}

/** A relayed client signed in to a new FakeImapServer (ENABLE answered when `enable` names something). */
export async function switchableSession(
  options: FakeServerOptions = {},
  enable: readonly string[] = [],
): Promise<SwitchableSession> {
  const server = new FakeImapServer({ ...options, enable: options.enable ?? enable.length > 0 });
  const connect = async (): Promise<ImapClient> => {
    const client = await ImapClient.connect(server.transport());
    await client.login(options.user ?? 'demo', options.password ?? 'secret');
    return client;
  };
  return { server, ...(await switchableClient(connect, enable)) };
}
