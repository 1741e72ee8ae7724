// One signed-in IMAP session in the browser: the proxy's list of mail servers, sign-in, the server's [ALERT]
// texts, a connection lost for good, and sign-out, which ends the IMAP session with LOGOUT and drops every
// piece of mail state. The connection itself (connection.svelte.ts) stays open for the whole session, as
// pipelining on a warm connection is what makes the app fast, and comes back by itself after a drop; `lost`
// is set only when it cannot (the password was changed meanwhile). The password is kept only inside that
// connection, for its re-logins: nothing is written to storage.

import { connectWebSocket, imapWebSocketUrl } from '@webmail/imap-core';
import type { ClientOptions, Transport } from '@webmail/imap-core';
import { fetchUpstreams } from '../upstreams.ts';
import type { Upstream } from '../upstreams.ts';
import { LOGOUT_TIMEOUT_MS, MailConnection } from './connection.svelte.ts';
import type { MailConnectionOptions } from './connection.svelte.ts';
import { describeError } from './user-message.ts';
import type { UserMessage } from './user-message.ts';
import type { Workspace, WorkspaceOptions } from './workspace.svelte.ts';

export type SessionPhase = 'signed-out' | 'signing-in' | 'signed-in' | 'signing-out';

export interface MailSessionOptions {
  /** Default: GET /api/upstreams. */
  readonly fetchUpstreams?: () => Promise<Upstream[]>;
  /** Default: the proxy's WebSocket at /imap/<name> on this page's origin. */
  readonly openTransport?: (upstream: string) => Promise<Transport>;
  readonly clientOptions?: ClientOptions;
  readonly workspace?: WorkspaceOptions;
  /** Reconnect timers, clock, jitter and page signals (tests drive them). */
  readonly connection?: Pick<MailConnectionOptions, 'timers' | 'random' | 'page'>;
}

const NO_CAPABILITIES: ReadonlySet<string> = new Set();

export interface Account {
  readonly user: string;
  readonly upstream: Upstream;
}

export class MailSession {
  servers = $state<'loading' | 'ready' | 'error'>('loading');
  upstreams = $state.raw<readonly Upstream[]>([]);
  phase = $state<SessionPhase>('signed-out');
  /** Why the last sign-in failed. */
  error = $state.raw<UserMessage | null>(null);
  /** [ALERT] texts from the server (RFC 9051 7.1: must be shown to the user). */
  alerts = $state.raw<readonly string[]>([]);
  /** Set when the connection ended for good while signed in (a drop being retried does not count). */
  lost = $state.raw<UserMessage | null>(null);
  account = $state.raw<Account | null>(null);
  workspace = $state.raw<Workspace | null>(null);
  /** The connection of the signed-in session: its status, reconnect countdown, retry. */
  connection = $state.raw<MailConnection | null>(null);

  readonly #options: MailSessionOptions;

  constructor(options: MailSessionOptions = {}) {
    this.#options = options;
  }

  async loadServers(): Promise<void> {
    this.servers = 'loading';
    try {
      this.upstreams = await (this.#options.fetchUpstreams ?? fetchUpstreams)();
      this.servers = 'ready';
    } catch {
      this.servers = 'error';
    }
  }

  /** Connects, signs in and opens INBOX. Resolves false (with `error` set) when sign-in failed. */
  async signIn(upstream: Upstream, user: string, password: string): Promise<boolean> {
    if (this.phase !== 'signed-out') return false;
    this.phase = 'signing-in';
    this.error = null;
    this.lost = null;
    this.alerts = [];
    const connection = new MailConnection(user, password, {
      ...this.#options.connection,
      openTransport: () => this.#openTransport(upstream.name),
      clientOptions: { compress: true, ...this.#options.clientOptions },
    });
    connection.client.on('alert', ({ text }) => {
      // A reconnect signs in again, and the server may repeat what it already said.
      if (!this.alerts.includes(text)) this.alerts = [...this.alerts, text];
    });
    // The signed-in part of the app (folders, list, actions, search) is a chunk of its own, fetched while the
    // connection signs in, so that the page before sign-in loads only what it shows.
    const workspaceModule = import('./workspace.svelte.ts');
    let WorkspaceClass: typeof Workspace;
    try {
      [{ Workspace: WorkspaceClass }] = await Promise.all([workspaceModule, connection.connect()]);
    } catch (error) {
      this.error = connection.lastError ?? describeError(error);
      connection.dispose();
      this.phase = 'signed-out';
      return false;
    }
    connection.onStatusChange((status) => {
      if (status === 'offline' && this.connection === connection) this.lost = connection.lastError;
    });
    this.connection = connection;
    this.account = { user, upstream };
    const workspace = new WorkspaceClass(connection.client, {
      ...this.#options.workspace,
      connection,
      account: { user, upstream },
    });
    this.workspace = workspace;
    this.phase = 'signed-in';
    void workspace.start();
    return true;
  }

  /** LOGOUT (bounded by LOGOUT_TIMEOUT_MS), then every piece of session state is dropped. */
  async signOut(): Promise<void> {
    if (this.phase !== 'signed-in') return;
    this.phase = 'signing-out';
    this.workspace?.dispose();
    await this.connection?.logout(LOGOUT_TIMEOUT_MS);
    this.#wipe();
  }

  /** The server's capabilities after sign-in (upper-cased); empty when signed out. */
  get capabilities(): ReadonlySet<string> {
    return this.connection?.client.capabilities ?? NO_CAPABILITIES;
  }

  dismissAlert(index: number): void {
    this.alerts = this.alerts.filter((_, i) => i !== index);
  }

  #openTransport(upstream: string): Promise<Transport> {
    if (this.#options.openTransport) return this.#options.openTransport(upstream);
    return connectWebSocket(imapWebSocketUrl(location.origin, upstream));
  }

  #wipe(): void {
    this.connection = null;
    this.workspace = null;
    this.account = null;
    this.alerts = [];
    this.lost = null;
    this.error = null;
    this.phase = 'signed-out';
  }
}
