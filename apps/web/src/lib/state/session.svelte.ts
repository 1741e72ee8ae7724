// One signed-in IMAP session in the browser: the proxy's list of mail servers, sign-in, staying signed in
// across reloads, the server's [ALERT] texts, a connection lost for good, and sign-out, which ends the IMAP
// session with LOGOUT and forgets everything this device kept. The connection itself (connection.svelte.ts)
// stays open for the whole session, as pipelining on a warm connection is what makes the app fast, and comes
// back by itself after a drop; `lost` is set only when it cannot (the password was changed meanwhile).
//
// Staying signed in (lib/vault): after sign-in the session is sealed into the tab's storage (and with "Keep me
// signed in" into the device's), so a reload, a discarded tab restored, or a new tab of this browser
// (tab-handoff.ts) comes back without the sign-in form: restore(). It shows what the mirror kept (lib/mirror) at
// once and connects meanwhile; with the server out of reach it stays on the kept mail, offline, and keeps
// trying. The password is kept in clear only inside the connection, for its logins.

import { ImapClient, connectWebSocket, imapWebSocketUrl } from '@webmail/imap-core';
import type { ClientOptions, Transport } from '@webmail/imap-core';
import { i18n } from '../i18n/i18n.svelte.ts';
import { MirrorSetting } from '../mirror/mirror-setting.svelte.ts';
import { fetchUpstreams } from '../upstreams.ts';
import type { Upstream } from '../upstreams.ts';
import { CredentialVault } from '../vault/credential-vault.ts';
import type { RememberScope } from '../vault/credential-vault.ts';
import { TabHandoff } from '../vault/tab-handoff.ts';
import { EarlyConnection } from './early-connection.ts';
import { LOGOUT_TIMEOUT_MS, MailConnection } from './connection.svelte.ts';
import type { MailConnectionOptions } from './connection.svelte.ts';
import { describeError } from './user-message.ts';
import type { UserMessage } from './user-message.ts';
import type { KeptWorkspace, Workspace, WorkspaceOptions } from './workspace.svelte.ts';
import type * as MirrorIndex from '../mirror/index.ts';

export type SessionPhase = 'restoring' | 'signed-out' | 'signing-in' | 'signed-in' | 'signing-out';

type MirrorModule = typeof MirrorIndex;
type MirrorSync = InstanceType<MirrorModule['MirrorSync']>;

export interface MailSessionOptions {
  /** Default: GET /api/upstreams. */
  readonly fetchUpstreams?: () => Promise<Upstream[]>;
  /** Default: the proxy's WebSocket at /imap/<name> on this page's origin. */
  readonly openTransport?: (upstream: string) => Promise<Transport>;
  readonly clientOptions?: ClientOptions;
  readonly workspace?: WorkspaceOptions;
  /** Reconnect timers, clock, jitter and page signals (tests drive them). */
  readonly connection?: Pick<MailConnectionOptions, 'timers' | 'random' | 'page'>;
  /** Where the session is sealed between reloads (default: this tab's and this device's); null keeps nothing. */
  readonly vault?: CredentialVault | null;
  /** How tabs of this browser share the session and a sign-out; null: not at all. */
  readonly handoff?: TabHandoff | null;
  /** "Keep mail on this device" (default: read from this device's storage). */
  readonly mirrorSetting?: MirrorSetting;
  /** The mirror's budget, and PBKDF2's cost (tests lower it). */
  readonly mirror?: MirrorIndex.OpenMirrorOptions;
  /** When the mirror is written (tests shorten the delay). */
  readonly mirrorSync?: MirrorIndex.MirrorSyncOptions;
}

export interface SignInOptions {
  /** "Keep me signed in on this device". Default false: until the tab is closed. */
  readonly keep?: boolean;
  /** The folder to open first (the address the app was opened at). Default INBOX. */
  readonly folder?: string;
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
  /** Another tab signed out, and this one with it. */
  signedOutElsewhere = $state(false);
  /** restore() holds or found a session and is signing it in (the shell may be fetched). */
  resuming = $state(false);
  /** The user is filling in the sign-in form: the signed-in part of the app may be fetched. */
  preparing = $state(false);
  readonly mirrorSetting: MirrorSetting;

  readonly #options: MailSessionOptions;
  readonly #vault: CredentialVault | null;
  readonly #handoff: TabHandoff | null;
  #sync: MirrorSync | null = null;
  /** The session being sealed and the mirror opened after a sign-in: sign-out waits for it. */
  #keeping: Promise<void> = Promise.resolve();
  /** The connection opened while the user fills in the form (early-connection.ts). */
  #early: EarlyConnection | null = null;

  constructor(options: MailSessionOptions = {}) {
    this.#options = options;
    this.#vault = options.vault === undefined ? new CredentialVault() : options.vault;
    this.#handoff = options.handoff === undefined ? new TabHandoff() : options.handoff;
    this.mirrorSetting = options.mirrorSetting ?? new MirrorSetting();
    this.#handoff?.onSignedOut(() => {
      if (this.phase !== 'signed-in') return;
      this.signedOutElsewhere = true;
      void this.signOut({ elsewhere: true });
    });
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

  /**
   * The user is filling in the sign-in form for `upstream` (each keystroke calls this): what signing in will
   * need is made ready meanwhile, so that "Sign in" waits only for the server's answers. The signed-in part of
   * the app is fetched and compiled, the runtime's date and collation data loaded, and a connection to the
   * server opened and greeted, on which nothing is sent until the user signs in.
   */
  prepare(upstream: Upstream): void {
    if (this.phase !== 'signed-out') return;
    if (!this.preparing) {
      this.preparing = true;
      signedInModules()
        .then(({ warmIntl }) => warmIntl(i18n.locale))
        .catch(() => undefined);
    }
    const now = Date.now();
    if (this.#early?.fresh(upstream.name, now)) return;
    this.#early?.close();
    const open = async () =>
      ImapClient.connect(await this.#openTransport(upstream.name), this.#clientOptions());
    this.#early = new EarlyConnection(upstream.name, open, now);
  }

  /** Connects, signs in and opens the folder (INBOX). Resolves false (with `error` set) when sign-in failed. */
  async signIn(
    upstream: Upstream,
    user: string,
    password: string,
    options: SignInOptions = {},
  ): Promise<boolean> {
    if (this.phase !== 'signed-out') return false;
    this.phase = 'signing-in';
    this.#clearMessages();
    const connection = this.#newConnection(upstream, user, password);
    const early = this.#takeEarly(upstream);
    // The signed-in part of the app (folders, list, actions, search, mirror) is a chunk of its own, fetched
    // while the connection signs in (or since the form was filled in), so that the page before sign-in loads
    // only what it shows.
    const modules = signedInModules();
    let loaded: Awaited<typeof modules>;
    try {
      [loaded] = await Promise.all([modules, connection.connect(early)]);
    } catch (error) {
      this.error = connection.lastError ?? describeError(error);
      connection.dispose();
      this.phase = 'signed-out';
      return false;
    }
    const sync = new loaded.mirror.MirrorSync(this.#options.mirrorSync);
    const workspace = this.#begin(connection, { user, upstream }, loaded, sync, null);
    void workspace.start(options.folder === undefined ? {} : { folder: options.folder });
    this.#keeping = this.#keep(
      loaded.mirror,
      sync,
      upstream,
      user,
      password,
      options.keep ? 'device' : 'tab',
    );
    return true;
  }

  /**
   * A reload (or a new tab): the session this tab or this device kept, or one another tab hands over, is
   * signed in again; what the mirror kept of `folder` shows at once, before the server answers. Resolves
   * false, on the sign-in form, when there is none (or the server refused its password: `error` says so).
   */
  async restore(options: { folder?: string } = {}): Promise<boolean> {
    const vault = this.#vault;
    if (this.phase !== 'signed-out' || vault === null) return false;
    this.phase = 'restoring';
    // A tab that holds a sealed session is a reload, almost surely coming back: the signed-in part of the app
    // and its shell are fetched while the vault opens, not after it.
    this.resuming = vault.sealedSession() !== null;
    if (this.resuming) signedInModules().catch(() => undefined);
    try {
      let kept = await vault.recall().catch(() => null);
      if (kept === null && this.#handoff && (await vault.hasDeviceKey())) {
        const handed = await this.#handoff.ask();
        if (handed !== null) kept = await vault.adopt(handed);
      }
      if (kept === null || this.phase !== 'restoring') {
        if (this.phase === 'restoring') this.phase = 'signed-out';
        return false;
      }
      const { upstream, user, password, secret } = kept;
      this.resuming = true;
      return await this.#resume(vault, upstream, user, password, secret, options.folder ?? 'INBOX');
    } finally {
      this.resuming = false;
    }
  }

  async #resume(
    vault: CredentialVault,
    upstream: Upstream,
    user: string,
    password: string,
    secret: Uint8Array<ArrayBuffer> | null,
    folder: string,
  ): Promise<boolean> {
    const connection = this.#newConnection(upstream, user, password);
    const online = connection.connectOrKeepTrying();
    online.catch(() => undefined); // answered below, once the kept mail shows
    let loaded: Awaited<ReturnType<typeof signedInModules>>;
    try {
      loaded = await signedInModules();
    } catch (error) {
      connection.dispose();
      this.error = describeError(error);
      this.phase = 'signed-out';
      return false;
    }
    const sync = new loaded.mirror.MirrorSync(this.#options.mirrorSync);
    let shown: KeptWorkspace = { folders: null, list: null };
    if (secret !== null && this.mirrorSetting.enabled) {
      try {
        const account = await loaded.mirror.accountId(upstream.name, user);
        sync.use(await loaded.mirror.openMirrorWithSecret(account, secret, this.#options.mirror));
        shown = await sync.readStart(folder);
      } catch {
        // The mirror does not open: the app starts from the server, as after a sign-in.
      }
    }
    const workspace = this.#begin(connection, { user, upstream }, loaded, sync, shown);
    try {
      if ((await online) === 'online') void workspace.start({ folder });
      // Otherwise the first reconnect starts it (Workspace.#resume).
    } catch (error) {
      // The password was refused: this device's copy of it is stale.
      await vault.forgetTab();
      this.#tearDown();
      this.error = connection.lastError ?? describeError(error);
      this.phase = 'signed-out';
      return false;
    }
    this.#handoff?.offer(() => vault.sealedSession());
    return true;
  }

  /**
   * LOGOUT (bounded by LOGOUT_TIMEOUT_MS), then every piece of session state is dropped and everything this
   * device kept is deleted: the sealed session, the device key, the mirror. The other tabs of this browser are
   * told (`elsewhere`: this tab is the one told).
   */
  async signOut(options: { elsewhere?: boolean } = {}): Promise<void> {
    if (this.phase !== 'signed-in') return;
    this.phase = 'signing-out';
    this.#handoff?.offer(null);
    this.#sync?.dispose();
    this.workspace?.dispose();
    await this.#keeping;
    await this.connection?.logout(LOGOUT_TIMEOUT_MS);
    await this.#vault?.forget().catch(() => undefined);
    if (!options.elsewhere) this.#handoff?.announceSignOut();
    this.#wipe();
  }

  /** Turns the mirror on or off. Off deletes what it kept now; on keeps from now (the password's cost once). */
  async setMirror(enabled: boolean): Promise<void> {
    this.mirrorSetting.set(enabled);
    const connection = this.connection;
    const account = this.account;
    const sync = this.#sync;
    if (this.phase !== 'signed-in' || connection === null || account === null || sync === null) return;
    const mirror = await import('../mirror/index.ts');
    const id = await mirror.accountId(account.upstream.name, account.user);
    if (!enabled) {
      sync.use(null);
      await mirror.deleteMirror(id).catch(() => undefined);
    }
    const scope = (await this.#vault?.recall().catch(() => null))?.scope ?? 'tab';
    this.#keeping = connection.withCredentials(({ password }) =>
      this.#keep(mirror, sync, account.upstream, account.user, password, scope),
    );
    await this.#keeping;
  }

  /** The server's capabilities after sign-in (upper-cased); empty when signed out. */
  get capabilities(): ReadonlySet<string> {
    return this.connection?.client.capabilities ?? NO_CAPABILITIES;
  }

  dismissAlert(index: number): void {
    this.alerts = this.alerts.filter((_, i) => i !== index);
  }

  /** The connection the form opened, when it is for `upstream` and still fresh; any other is closed. */
  #takeEarly(upstream: Upstream): EarlyConnection | null {
    const early = this.#early;
    this.#early = null;
    if (early?.fresh(upstream.name, Date.now())) return early;
    early?.close();
    return null;
  }

  #clientOptions(): ClientOptions {
    return { compress: true, ...this.#options.clientOptions };
  }

  #newConnection(upstream: Upstream, user: string, password: string): MailConnection {
    const connection = new MailConnection(user, password, {
      ...this.#options.connection,
      openTransport: () => this.#openTransport(upstream.name),
      clientOptions: this.#clientOptions(),
    });
    connection.client.on('alert', ({ text }) => {
      // A reconnect signs in again, and the server may repeat what it already said.
      if (!this.alerts.includes(text)) this.alerts = [...this.alerts, text];
    });
    return connection;
  }

  /** The session is signed in on `connection`: its workspace, shown from `kept` when the device kept it. */
  #begin(
    connection: MailConnection,
    account: Account,
    loaded: Awaited<ReturnType<typeof signedInModules>>,
    sync: MirrorSync,
    kept: KeptWorkspace | null,
  ): Workspace {
    connection.onStatusChange((status) => {
      if (status !== 'offline' || this.connection !== connection) return;
      this.lost = connection.lastError;
      // The password was refused on a reconnect: the copy this device keeps is as stale.
      void this.#vault?.forgetTab();
    });
    this.connection = connection;
    this.account = account;
    const workspace = new loaded.Workspace(connection.client, {
      ...this.#options.workspace,
      connection,
      account,
      bodies: sync,
      keptList: (path) => sync.readList(path),
    });
    if (kept) workspace.restore(kept);
    sync.watch(workspace, connection.client);
    this.#sync = sync;
    this.workspace = workspace;
    this.phase = 'signed-in';
    return workspace;
  }

  /**
   * After a sign-in: the mirror opened with the password (PBKDF2 runs beside the first rows), then the session
   * sealed with the mirror's secret, and offered to tabs that ask. Stops when the session ended meanwhile.
   */
  async #keep(
    mirror: MirrorModule,
    sync: MirrorSync,
    upstream: Upstream,
    user: string,
    password: string,
    scope: RememberScope,
  ): Promise<void> {
    const vault = this.#vault;
    if (vault === null) return;
    // Tabs opened while the session is sealed wait for it (tab-handoff.ts).
    this.#handoff?.hold();
    let secret: Uint8Array<ArrayBuffer> | null = null;
    if (this.mirrorSetting.enabled) {
      try {
        const account = await mirror.accountId(upstream.name, user);
        const opened = await mirror.openMirrorWithPassword(account, password, this.#options.mirror);
        if (this.#sync !== sync) return opened.mirror.close();
        sync.use(opened.mirror);
        secret = opened.secret;
      } catch {
        // No mirror on this device (storage refused): the session is still kept.
      }
    }
    if (this.#sync !== sync) return;
    try {
      await vault.remember({ upstream, user, password, secret, scope });
      this.#handoff?.offer(() => vault.sealedSession());
    } catch {
      // Storage refused (private mode, quota): this tab stays signed in until it is reloaded, and has nothing
      // to hand other tabs.
      this.#handoff?.offer(null);
    }
  }

  #openTransport(upstream: string): Promise<Transport> {
    if (this.#options.openTransport) return this.#options.openTransport(upstream);
    return connectWebSocket(imapWebSocketUrl(location.origin, upstream));
  }

  #clearMessages(): void {
    this.error = null;
    this.lost = null;
    this.alerts = [];
    this.signedOutElsewhere = false;
  }

  #tearDown(): void {
    this.#sync?.dispose();
    this.workspace?.dispose();
    this.connection?.dispose();
    this.#sync = null;
    this.connection = null;
    this.workspace = null;
    this.account = null;
  }

  #wipe(): void {
    this.#sync = null;
    this.connection = null;
    this.workspace = null;
    this.account = null;
    this.alerts = [];
    this.lost = null;
    this.error = null;
    this.phase = 'signed-out';
  }
}

/** The signed-in part of the app, fetched once a session begins. */
async function signedInModules() {
  const [{ Workspace }, mirror, { warmIntl }] = await Promise.all([
    import('./workspace.svelte.ts'),
    import('../mirror/index.ts'),
    import('../format/warm-intl.ts'),
  ]);
  return { Workspace, mirror, warmIntl };
}
