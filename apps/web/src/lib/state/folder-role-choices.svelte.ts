// The roles the user gave folders in the settings view, wherever they are kept (folder-role-store.ts): those
// read from the server's METADATA and those kept in this browser. A choice made in the browser is newer than
// what the server held when it was made (the server refused to keep it), so it wins over the server's.
// FolderTree reads `chosen` into the tree; only this class writes the choices.

import {
  NO_CHOICES,
  canStoreRolesOnServer,
  mergedChoices,
  readServerRoles,
  withChoice,
  writeServerRole,
} from './folder-role-store.ts';
import type { BrowserRoleStore, RoleChoices } from './folder-role-store.ts';
import type { AssignableRole } from './folder-roles.ts';
import type { MailClient } from './mail-client.ts';

export type RoleStorage = 'server' | 'browser';

export class FolderRoleChoices {
  #server = $state.raw<RoleChoices>(NO_CHOICES);
  #browser = $state.raw<RoleChoices>(NO_CHOICES);
  readonly #client: MailClient;
  readonly #store: BrowserRoleStore | null;

  constructor(client: MailClient, store: BrowserRoleStore | null) {
    this.#client = client;
    this.#store = store;
    this.#browser = store?.load() ?? NO_CHOICES;
  }

  /** Every choice, role -> path: the browser's over the server's. */
  get chosen(): RoleChoices {
    return mergedChoices(this.#server, this.#browser);
  }

  /** Where a role's choice is kept, or null when the user has not chosen one. */
  storageOf(role: AssignableRole): RoleStorage | null {
    if (this.#browser.has(role)) return 'browser';
    return this.#server.has(role) ? 'server' : null;
  }

  /** Reads the choices the server keeps for `paths` (one pipelined GETMETADATA each), when it has METADATA. */
  async loadFromServer(paths: readonly string[]): Promise<void> {
    if (!canStoreRolesOnServer(this.#client) || paths.length === 0) return;
    this.#server = await readServerRoles(this.#client, paths);
  }

  /**
   * Gives `role` to `path` (null: no choice, the server's attribute or the name decides again). Kept on the
   * server when it accepts the entry, else in this browser; resolves with where. A folder holds one role: a
   * choice that named it for another role is dropped.
   */
  async choose(role: AssignableRole, path: string | null): Promise<RoleStorage> {
    const previous = this.#server.get(role);
    if (path !== null && canStoreRolesOnServer(this.#client)) {
      try {
        await writeServerRole(this.#client, path, role);
        this.#server = withChoice(this.#server, role, path);
        this.#setBrowser(withChoice(this.#browser, role, null, path));
        if (previous !== undefined && previous !== path) await this.#clearOnServer(previous);
        return 'server';
      } catch {
        // Refused (Dovecot keeps /private/specialuse itself: NO [CANNOT]): this browser keeps it.
      }
    }
    if (path === null && previous !== undefined && (await this.#clearOnServer(previous))) {
      this.#server = withChoice(this.#server, role, null);
    }
    this.#setBrowser(withChoice(this.#browser, role, path));
    return 'browser';
  }

  async #clearOnServer(path: string): Promise<boolean> {
    try {
      await writeServerRole(this.#client, path, null);
      return true;
    } catch {
      return false;
    }
  }

  #setBrowser(choices: RoleChoices): void {
    this.#browser = choices;
    this.#store?.save(choices);
  }
}
