import { encodeModifiedUtf7 } from '@webmail/imap-core';
import { flushSync } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AssignableRole } from '../../lib/state/folder-model.ts';
import { browserRoleStore } from '../../lib/state/folder-role-store.ts';
import { FolderTree } from '../../lib/state/folders.svelte.ts';
import { FULL_CAPABILITIES, generatedMessages } from '../../lib/state/testing/fake-imap.ts';
import { signedInForFolderAdmin } from '../../lib/state/testing/folder-admin.ts';
import type { FolderAdminOptions } from '../../lib/state/testing/folder-admin.ts';
import { fill, mountInBody, unmountAll } from '../../testing/dom.ts';
import FolderPane from './FolderPane.svelte';

afterEach(unmountAll);

async function render(selected = 'INBOX', options: FolderAdminOptions = {}) {
  const session = await signedInForFolderAdmin({
    folders: [
      { name: 'INBOX', messages: generatedMessages(4) },
      { name: 'Sent', attributes: ['\\Sent'] },
      { name: '工作', messages: generatedMessages(2) },
      { name: '工作/项目' },
      { name: 'Работа', messages: generatedMessages(3) },
    ],
    ...options,
  });
  const tree = new FolderTree(session.client);
  await tree.load();
  const onSelect = vi.fn();
  mountInBody(FolderPane, { tree, selected, onSelect });
  flushSync();
  session.server.log.length = 0;
  return { ...session, tree, onSelect };
}

const sent = (server: { lines(match: RegExp): string[] }, match: RegExp) =>
  server.lines(match).map((line) => line.slice(line.indexOf(' ') + 1));
const dialog = () => document.querySelector('dialog');
const button = (text: string, within: ParentNode = document) =>
  [...within.querySelectorAll('button')].find((b) => b.textContent?.trim() === text);
const submit = () => {
  dialog()
    ?.querySelector('form')
    ?.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  flushSync();
};
const item = (path: string) =>
  [...document.querySelectorAll<HTMLElement>('[role="treeitem"]')].find((e) => e.dataset.path === path);
function choose(path: string, action: string): void {
  item(path)?.querySelector<HTMLButtonElement>('button.more')?.click();
  flushSync();
  button(action, document.querySelector('[role="menu"]') as HTMLElement)?.click();
  flushSync();
}

describe('FolderPane', () => {
  it('creates a top-level folder from "New folder", checking the name as it is typed', async () => {
    const { server, tree } = await render();
    button('New folder')?.click();
    flushSync();
    expect(dialog()?.hasAttribute('open')).toBe(true);
    expect(dialog()?.querySelector('h2')?.textContent).toBe('New folder');
    expect(document.activeElement).toBe(dialog()?.querySelector('input'));
    fill('Name', 'a/b');
    flushSync();
    const input = dialog()?.querySelector('input');
    expect(input?.getAttribute('aria-invalid')).toBe('true');
    expect(dialog()?.textContent).toContain('cannot contain “/”');
    submit();
    expect(sent(server, /CREATE/)).toEqual([]);
    fill('Name', 'Отчёты');
    flushSync();
    expect(input?.getAttribute('aria-invalid')).toBe('false');
    submit();
    await vi.waitFor(() => expect(dialog()).toBeNull());
    expect(sent(server, /CREATE/)).toEqual([`CREATE ${encodeModifiedUtf7('Отчёты')}`]);
    expect(tree.get('Отчёты')).toBeDefined();
    expect(document.querySelector('[role="status"]')?.textContent).toBe('Folder Отчёты created.');
  });

  it('creates a subfolder from a folder menu, and shows the server refusal inside the dialog', async () => {
    const { server } = await render();
    choose('工作', 'New subfolder');
    expect(dialog()?.querySelector('h2')?.textContent).toBe('New folder in 工作');
    fill('Name', '项目');
    submit();
    await vi.waitFor(() => expect(dialog()?.querySelector('[role="alert"]')?.textContent).toBeTruthy());
    expect(dialog()?.querySelector('[role="alert"]')?.textContent).toContain(
      'already a folder called “项目”',
    );
    expect(sent(server, /CREATE/)).toEqual([]);
    button('Cancel', dialog() as HTMLElement)?.click();
    flushSync();
    expect(dialog()).toBeNull();
  });

  it('renames and moves the open folder under another parent, then opens it under its new name', async () => {
    const { server, onSelect } = await render('Работа');
    choose('Работа', 'Rename or move');
    const select = dialog()?.querySelector('select') as HTMLSelectElement;
    expect([...select.options].map((o) => o.value)).toEqual(['', 'INBOX', 'Sent', '工作', '工作/项目']);
    expect(select.value).toBe('');
    expect(dialog()?.querySelector('input')?.value).toBe('Работа');
    select.value = '工作';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    fill('Name', 'Архив');
    submit();
    await vi.waitFor(() => expect(dialog()).toBeNull());
    expect(sent(server, /RENAME/)).toEqual([
      `RENAME ${encodeModifiedUtf7('Работа')} ${encodeModifiedUtf7('工作/Архив')}`,
    ]);
    expect(onSelect).toHaveBeenCalledWith('工作/Архив');
  });

  it('does not list a folder or its subfolders as its own new parent', async () => {
    await render();
    choose('工作', 'Rename or move');
    const select = dialog()?.querySelector('select') as HTMLSelectElement;
    expect([...select.options].map((o) => o.value)).toEqual(['', 'INBOX', 'Sent', 'Работа']);
  });

  it('asks before deleting, with Cancel focused, and opens the Inbox when the open folder goes', async () => {
    const { server, onSelect } = await render('Работа');
    choose('Работа', 'Delete');
    expect(dialog()?.querySelector('h2')?.textContent).toBe('Delete Работа?');
    expect(dialog()?.textContent).toContain('its 3 messages are deleted for good');
    expect(document.activeElement?.textContent?.trim()).toBe('Cancel');
    button('Delete folder', dialog() as HTMLElement)?.click();
    await vi.waitFor(() => expect(dialog()).toBeNull());
    expect(sent(server, /DELETE/)).toEqual([`DELETE ${encodeModifiedUtf7('Работа')}`]);
    expect(onSelect).toHaveBeenCalledWith('INBOX');
    expect(item('Работа')).toBeUndefined();
  });

  it('shows the server’s words when it refuses a delete, and keeps the folder', async () => {
    await render('INBOX', { refuseNonEmptyDelete: true });
    choose('Работа', 'Delete');
    submit();
    await vi.waitFor(() =>
      expect(dialog()?.querySelector('[role="alert"]')?.textContent).toBe(
        'The mail server refused: Mailbox is not empty',
      ),
    );
    expect(item('Работа')).toBeDefined();
  });

  it('closes a dialog on Escape without doing anything', async () => {
    const { server } = await render();
    choose('Работа', 'Delete');
    dialog()?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }));
    flushSync();
    expect(dialog()).toBeNull();
    expect(sent(server, /DELETE/)).toEqual([]);
  });

  it('unsubscribes from the menu, and "Show unsubscribed folders" brings the folder back', async () => {
    const { server } = await render();
    choose('Работа', 'Unsubscribe');
    await vi.waitFor(() => expect(item('Работа')).toBeUndefined());
    expect(sent(server, /SUBSCRIBE /)).toEqual([`UNSUBSCRIBE ${encodeModifiedUtf7('Работа')}`]);
    const toggle = [...document.querySelectorAll('label')]
      .find((l) => l.textContent?.includes('Show unsubscribed folders'))
      ?.querySelector('input') as HTMLInputElement;
    toggle.click();
    flushSync();
    expect(item('Работа')?.classList.contains('unsubscribed')).toBe(true);
  });
});

describe('FolderPane: special folders (the settings view)', () => {
  /** A Cyrus-like account: folders under INBOX/, no SPECIAL-USE, no METADATA; choices kept in `storage`. */
  async function renderCyrus() {
    const session = await signedInForFolderAdmin({
      capabilities: FULL_CAPABILITIES.filter((c) => c !== 'SPECIAL-USE').concat('NAMESPACE'),
      personalPrefix: 'INBOX/',
      folders: [
        { name: 'INBOX', messages: generatedMessages(1) },
        { name: 'INBOX/Sent Items' },
        { name: 'INBOX/Deleted Items' },
        { name: 'INBOX/Мусор' },
      ],
    });
    const storage = new MemoryStorage();
    const tree = new FolderTree(session.client, {
      roleStore: browserRoleStore({ upstream: 'mail', user: 'demo' }, storage),
    });
    await tree.load();
    mountInBody(FolderPane, {
      tree,
      selected: 'INBOX',
      onSelect: vi.fn(),
      onSetRole: (role: AssignableRole, path: string | null) => tree.setRole(role, path),
    });
    flushSync();
    return { ...session, tree, storage };
  }

  it('shows each role with what the app found, and keeps a choice in the browser when the server cannot', async () => {
    const { tree, storage } = await renderCyrus();
    expect(tree.withRole('trash')?.path).toBe('INBOX/Deleted Items');
    document.querySelector<HTMLButtonElement>('button[aria-label="Special folders"]')?.click();
    flushSync();
    const rows = [...(dialog()?.querySelectorAll('label') ?? [])].map((label) => {
      const select = dialog()?.querySelector<HTMLSelectElement>(`#${label.htmlFor}`);
      return `${label.textContent} = ${select?.selectedOptions[0]?.textContent?.trim()}`;
    });
    expect(rows).toEqual([
      'Drafts = Automatic: none yet',
      'Sent = Automatic: Sent Items',
      'Junk = Automatic: none yet',
      'Trash = Automatic: Deleted Items',
      'Archive = Automatic: none yet',
    ]);
    const trash = dialog()?.querySelector<HTMLSelectElement>('#role-trash');
    // In the tree's order, by the names the server gives them.
    expect([...(trash?.options ?? [])].map((option) => option.textContent?.trim()).slice(1)).toEqual([
      'Sent Items',
      'Deleted Items',
      'Мусор',
    ]);
    trash!.value = 'INBOX/Мусор';
    trash!.dispatchEvent(new Event('change', { bubbles: true }));
    submit();
    await vi.waitFor(() => expect(dialog()).toBeNull());
    expect(tree.withRole('trash')?.path).toBe('INBOX/Мусор');
    expect(tree.get('INBOX/Deleted Items')?.role).toBeNull();
    expect(document.body.textContent).toContain('Saved in this browser only');
    expect(Object.values(JSON.parse(storage.getItem('webmail.folderRoles') ?? '{}'))).toEqual([
      { trash: 'INBOX/Мусор' },
    ]);
    // The user name is not written out.
    expect(storage.getItem('webmail.folderRoles')).not.toContain('demo');
  });
});

/** A Storage in memory (the browser's, for one test). */
class MemoryStorage implements Storage {
  readonly #items = new Map<string, string>();
  get length(): number {
    return this.#items.size;
  }
  clear(): void {
    this.#items.clear();
  }
  getItem(key: string): string | null {
    return this.#items.get(key) ?? null;
  }
  key(index: number): string | null {
    return [...this.#items.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.#items.delete(key);
  }
  setItem(key: string, value: string): void {
    this.#items.set(key, value);
  }
}
