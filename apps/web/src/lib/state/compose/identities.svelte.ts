// The From addresses a user may send as, each with a display name and a signature:
//   - the login's own address: the login itself when it has an '@', else `<login>@<mailDomain>` (the operator's
//     mail domain from /api/upstreams);
//   - the operator's `identities` for the upstream (`{user}` stands for the login name);
//   - addresses the user added.
// What the user sets (added addresses, names and signatures, also for the first two kinds) is kept in this
// browser's localStorage under `webmail.identities.<upstream>.<login>`: never the password, nothing of the mail.
// Whether the submission server lets the login send as an added address is the server's to say (its refusal is
// shown when sending).

import { validateAddress, type AddressProblem } from './mime.ts';

export interface Identity {
  /** The address in lower case: one identity per address. */
  readonly id: string;
  readonly address: string;
  /** Display name, '' for none. */
  readonly name: string;
  /** Plain text, '' for none. */
  readonly signature: string;
  readonly origin: 'login' | 'operator' | 'user';
}

/** What the composer knows of the signed-in account (the session's account and its upstream's entry). */
export interface ComposeAccount {
  readonly user: string;
  readonly upstream: {
    readonly name: string;
    readonly canSend?: boolean;
    readonly mailDomain?: string;
    readonly savesSentCopy?: boolean;
    readonly identities?: readonly { readonly name?: string; readonly address: string }[];
  };
}

/** Where the user's identity settings live; localStorage in the app, a Map in tests. */
export interface IdentityStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

interface StoredEntry {
  readonly address: string;
  readonly name: string;
  readonly signature: string;
  /** Added by the user (else: settings for a login or operator address). */
  readonly added: boolean;
}

const STORAGE_VERSION = 1;
/** Bounds what a tampered or runaway store can make us hold. */
const MAX_STORED = 50;
const MAX_SIGNATURE = 10_000;

/** `<login>` when it is an address, else `<login>@<mailDomain>`, else null (nothing to send as yet). */
export function loginAddress(account: ComposeAccount): string | null {
  if (account.user.includes('@')) return account.user;
  const domain = account.upstream.mailDomain;
  return domain ? `${account.user}@${domain}` : null;
}

export class IdentityBook {
  #all = $state.raw<readonly Identity[]>([]);
  readonly #account: ComposeAccount;
  readonly #storage: IdentityStorage | null;
  readonly #key: string;
  #stored: StoredEntry[];

  constructor(account: ComposeAccount, storage: IdentityStorage | null = browserStorage()) {
    this.#account = account;
    this.#storage = storage;
    this.#key = `webmail.identities.${account.upstream.name}.${account.user}`;
    this.#stored = readStored(storage, this.#key);
    this.#all = this.#compute();
  }

  get all(): readonly Identity[] {
    return this.#all;
  }

  /** The login's own address when there is one, else the first identity, else null. */
  get defaultIdentity(): Identity | null {
    return this.#all.find((i) => i.origin === 'login') ?? this.#all[0] ?? null;
  }

  byAddress(address: string): Identity | null {
    const id = address.toLowerCase();
    return this.#all.find((i) => i.id === id) ?? null;
  }

  /** Every address the user sends as (for "reply all" to leave them out). */
  get addresses(): readonly string[] {
    return this.#all.map((i) => i.address);
  }

  /**
   * Adds an address, or changes the name and signature of a known one. Returns why the address is not usable,
   * or null when it was saved.
   */
  save(entry: { address: string; name: string; signature: string }): AddressProblem | null {
    const address = entry.address.trim();
    const problem = validateAddress(address);
    if (problem !== null) return problem;
    const id = address.toLowerCase();
    const known = this.#all.find((i) => i.id === id);
    const stored: StoredEntry = {
      address: known?.address ?? address,
      name: entry.name.trim(),
      signature: entry.signature.slice(0, MAX_SIGNATURE),
      added: known === undefined || known.origin === 'user',
    };
    this.#stored = [...this.#stored.filter((s) => s.address.toLowerCase() !== id), stored].slice(-MAX_STORED);
    this.#write();
    return null;
  }

  /** Removes an added address; for the login's and the operator's, forgets the name and signature set. */
  remove(address: string): void {
    const id = address.toLowerCase();
    this.#stored = this.#stored.filter((s) => s.address.toLowerCase() !== id);
    this.#write();
  }

  #write(): void {
    try {
      this.#storage?.setItem(this.#key, JSON.stringify({ version: STORAGE_VERSION, entries: this.#stored }));
    } catch {
      // Storage full or refused (private mode): the change still holds for this session.
    }
    this.#all = this.#compute();
  }

  #compute(): Identity[] {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local index, the result is a new array
    const byId = new Map<string, Identity>();
    const put = (address: string, name: string, origin: Identity['origin']): void => {
      const id = address.toLowerCase();
      if (!byId.has(id) && validateAddress(address) === null)
        byId.set(id, { id, address, name, signature: '', origin });
    };
    const own = loginAddress(this.#account);
    if (own !== null) put(own, '', 'login');
    for (const entry of this.#account.upstream.identities ?? [])
      put(entry.address.replaceAll('{user}', this.#account.user), entry.name ?? '', 'operator');
    for (const entry of this.#stored) {
      const id = entry.address.toLowerCase();
      const known = byId.get(id);
      if (known) byId.set(id, { ...known, name: entry.name || known.name, signature: entry.signature });
      else if (entry.added) {
        byId.set(id, {
          id,
          address: entry.address,
          name: entry.name,
          signature: entry.signature,
          origin: 'user',
        });
      }
    }
    return [...byId.values()];
  }
}

function readStored(storage: IdentityStorage | null, key: string): StoredEntry[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(storage?.getItem(key) ?? 'null');
  } catch {
    return [];
  }
  if (typeof parsed !== 'object' || parsed === null) return [];
  const { version, entries } = parsed as { version?: unknown; entries?: unknown };
  if (version !== STORAGE_VERSION || !Array.isArray(entries)) return [];
  const out: StoredEntry[] = [];
  for (const entry of entries.slice(0, MAX_STORED) as unknown[]) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { address, name, signature, added } = entry as Record<string, unknown>;
    if (typeof address !== 'string' || validateAddress(address) !== null) continue;
    out.push({
      address,
      name: typeof name === 'string' ? name : '',
      signature: typeof signature === 'string' ? signature.slice(0, MAX_SIGNATURE) : '',
      added: added === true,
    });
  }
  return out;
}

/** localStorage when the browser lets us use it. */
export function browserStorage(): IdentityStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
