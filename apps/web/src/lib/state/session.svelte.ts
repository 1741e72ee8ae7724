// One signed-in IMAP session in the browser: the proxy's list of mail servers, sign-in over one WebSocket
// (kept open for the whole session: pipelining on a warm connection is what makes the app fast), the server's
// [ALERT] texts, a lost connection, and sign-out, which ends the IMAP session with LOGOUT and drops every
// piece of mail state. The password lives only in signIn's arguments: nothing is written to storage.

import { ImapClient, connectWebSocket, imapWebSocketUrl } from '@webmail/imap-core';
import type { ClientOptions, Transport } from '@webmail/imap-core';
import { fetchUpstreams } from '../upstreams.ts';
import type { Upstream } from '../upstreams.ts';
import { describeError } from './user-message.ts';
import type { UserMessage } from './user-message.ts';
import { Workspace } from './workspace.svelte.ts';
import type { WorkspaceOptions } from './workspace.svelte.ts';

export type SessionPhase = 'signed-out' | 'signing-in' | 'signed-in' | 'signing-out';

export interface MailSessionOptions {
  /** Default: GET /api/upstreams. */
  readonly fetchUpstreams?: () => Promise<Upstream[]>;
  /** Default: the proxy's WebSocket at /imap/<name> on this page's origin. */
  readonly openTransport?: (upstream: string) => Promise<Transport>;
  readonly clientOptions?: ClientOptions;
  readonly workspace?: WorkspaceOptions;
}

const NO_CAPABILITIES: ReadonlySet<string> = new Set();

/** LOGOUT is polite, not required: a server that does not answer in this time is cut off. */
export const LOGOUT_TIMEOUT_MS = 3000;

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
  /** Set when the connection ended while signed in. */
  lost = $state.raw<UserMessage | null>(null);
  account = $state.raw<Account | null>(null);
  workspace = $state.raw<Workspace | null>(null);

  readonly #options: MailSessionOptions;
  #client: ImapClient | null = null;
  #unwatch: (() => void)[] = [];

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
    let client: ImapClient | null = null;
    const bye = { text: null as string | null };
    try {
      const transport = await this.#openTransport(upstream.name);
      client = await ImapClient.connect(transport, this.#options.clientOptions);
      this.#watch(client, bye);
      await client.login(user, password);
    } catch (error) {
      this.error = describeError(error, { byeText: bye.text });
      this.#stopWatching();
      client?.close();
      this.phase = 'signed-out';
      return false;
    }
    this.#client = client;
    this.account = { user, upstream };
    const workspace = new Workspace(client, this.#options.workspace);
    this.workspace = workspace;
    this.phase = 'signed-in';
    void workspace.start();
    return true;
  }

  /** LOGOUT (bounded by LOGOUT_TIMEOUT_MS), then every piece of session state is dropped. */
  async signOut(): Promise<void> {
    if (this.phase !== 'signed-in') return;
    this.phase = 'signing-out';
    const client = this.#client;
    this.workspace?.dispose();
    this.#stopWatching();
    if (client && !this.lost) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, LOGOUT_TIMEOUT_MS)));
      await Promise.race([client.logout().catch(() => undefined), timeout]);
      clearTimeout(timer);
    }
    client?.close();
    this.#wipe();
  }

  /** The server's capabilities after sign-in (upper-cased); empty when signed out. */
  get capabilities(): ReadonlySet<string> {
    return this.#client?.capabilities ?? NO_CAPABILITIES;
  }

  dismissAlert(index: number): void {
    this.alerts = this.alerts.filter((_, i) => i !== index);
  }

  #openTransport(upstream: string): Promise<Transport> {
    if (this.#options.openTransport) return this.#options.openTransport(upstream);
    return connectWebSocket(imapWebSocketUrl(location.origin, upstream));
  }

  #watch(client: ImapClient, bye: { text: string | null }): void {
    this.#unwatch = [
      client.on('alert', ({ text }) => {
        this.alerts = [...this.alerts, text];
      }),
      client.on('untagged', (response) => {
        if (response.kind === 'status' && response.status === 'BYE') bye.text = response.text;
      }),
      client.on('close', ({ error }) => {
        if (this.#client !== client || this.phase !== 'signed-in') return;
        this.lost = describeError(error ?? new Error('closed'), { byeText: bye.text });
      }),
    ];
  }

  #stopWatching(): void {
    for (const off of this.#unwatch) off();
    this.#unwatch = [];
  }

  #wipe(): void {
    this.#client = null;
    this.workspace = null;
    this.account = null;
    this.alerts = [];
    this.lost = null;
    this.error = null;
    this.phase = 'signed-out';
  }
}
