import { flushSync } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FolderTree as FolderTreeState } from '../../lib/state/folders.svelte.ts';
import { signedIn } from '../../lib/state/testing/connect.ts';
import { generatedMessages } from '../../lib/state/testing/fake-imap.ts';
import { signedInForFolderAdmin } from '../../lib/state/testing/folder-admin.ts';
import FolderTree from './FolderTree.svelte';
import { mountInBody, unmountAll } from '../../testing/dom.ts';

afterEach(unmountAll);

async function render() {
  const { client } = await signedIn({
    folders: [
      { name: 'INBOX', messages: generatedMessages(4) },
      { name: 'Sent Items', attributes: ['\\Sent'] },
      { name: 'Lists', attributes: ['\\Noselect', '\\HasChildren'] },
      { name: 'Lists/dovecot' },
      { name: 'Работа' },
    ],
  });
  const tree = new FolderTreeState(client);
  await tree.load();
  const onSelect = vi.fn();
  mountInBody(FolderTree, { tree, selected: 'INBOX', onSelect });
  flushSync();
  return { tree, onSelect };
}

/** The tree with folder menus and drops, on a server where Работа is not subscribed. */
async function renderWithActions() {
  const { client } = await signedInForFolderAdmin({
    folders: [
      { name: 'INBOX', messages: generatedMessages(4) },
      { name: 'Sent Items', attributes: ['\\Sent'] },
      { name: 'Lists', attributes: ['\\Noselect', '\\HasChildren'] },
      { name: 'Lists/dovecot' },
      { name: 'Работа' },
    ],
    unsubscribed: ['Работа'],
  });
  const tree = new FolderTreeState(client);
  await tree.load();
  tree.showUnsubscribed = true;
  const onSelect = vi.fn();
  const onAction = vi.fn();
  const onDropMessages = vi.fn();
  mountInBody(FolderTree, { tree, selected: 'INBOX', onSelect, onAction, onDropMessages });
  flushSync();
  return { tree, onSelect, onAction, onDropMessages };
}

const item = (path: string) => items().find((element) => element.dataset.path === path);
const menuItems = () => [...document.querySelectorAll<HTMLElement>('[role="menu"] [role="menuitem"]')];

/** A drag event as a browser sends it; jsdom has no DragEvent. */
function drag(type: string, target: Element, types: string[], keys: { ctrlKey?: boolean } = {}): Event {
  const event = new Event(type, { bubbles: true, cancelable: true });
  const dataTransfer = { types, dropEffect: 'none', getData: () => '' };
  Object.defineProperties(event, {
    dataTransfer: { value: dataTransfer },
    ctrlKey: { value: keys.ctrlKey ?? false },
    altKey: { value: false },
    relatedTarget: { value: null },
  });
  target.dispatchEvent(event);
  flushSync();
  return event;
}

const items = () => [...document.querySelectorAll<HTMLElement>('[role="treeitem"]')];
const press = (key: string) => {
  document.activeElement?.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
  flushSync();
};

describe('FolderTree', () => {
  it('is a tree of treeitems with levels, localized special-use names and unread counts', async () => {
    await render();
    expect(document.querySelector('[role="tree"]')?.getAttribute('aria-label')).toBe('Folders');
    expect(
      items().map((item) => [item.querySelector('.name')?.textContent, item.getAttribute('aria-level')]),
    ).toEqual([
      ['Inbox', '1'],
      ['Sent', '1'],
      ['Lists', '1'],
      ['dovecot', '2'],
      ['Работа', '1'],
    ]);
    const inbox = items()[0];
    expect(inbox?.getAttribute('aria-selected')).toBe('true');
    expect(inbox?.textContent).toContain('2 unread messages');
    expect(items()[2]?.getAttribute('aria-disabled')).toBe('true');
    expect(items()[2]?.getAttribute('aria-expanded')).toBe('true');
  });

  it('has one tab stop and moves with the arrow keys, Home and End', async () => {
    await render();
    expect(items().filter((item) => item.tabIndex === 0)).toHaveLength(1);
    items()[0]?.focus();
    press('ArrowDown');
    await vi.waitFor(() => expect(document.activeElement?.getAttribute('data-path')).toBe('Sent Items'));
    press('End');
    await vi.waitFor(() => expect(document.activeElement?.getAttribute('data-path')).toBe('Работа'));
    press('Home');
    await vi.waitFor(() => expect(document.activeElement?.getAttribute('data-path')).toBe('INBOX'));
  });

  it('collapses with Left, expands with Right, and goes to the parent with Left', async () => {
    await render();
    items()[2]?.focus();
    press('ArrowLeft');
    expect(items().map((item) => item.dataset.path)).not.toContain('Lists/dovecot');
    press('ArrowRight');
    press('ArrowRight');
    await vi.waitFor(() => expect(document.activeElement?.getAttribute('data-path')).toBe('Lists/dovecot'));
    press('ArrowLeft');
    await vi.waitFor(() => expect(document.activeElement?.getAttribute('data-path')).toBe('Lists'));
  });

  it('opens a folder with Enter or a click, but never a folder that cannot be selected', async () => {
    const { onSelect } = await render();
    items()[1]?.focus();
    press('Enter');
    expect(onSelect).toHaveBeenLastCalledWith('Sent Items');
    items()[2]?.click();
    items()[4]?.click();
    expect(onSelect.mock.calls.map(([path]) => path)).toEqual(['Sent Items', 'Работа']);
  });
});

describe('FolderTree menus', () => {
  it('gives each folder a menu button and offers only what the folder allows', async () => {
    await renderWithActions();
    const button = item('Работа')?.querySelector<HTMLButtonElement>('button.more');
    expect(button?.getAttribute('aria-haspopup')).toBe('menu');
    expect(button?.getAttribute('aria-label')).toBe('Actions for Работа');
    expect(button?.tabIndex).toBe(-1);
    button?.click();
    flushSync();
    expect(button?.getAttribute('aria-expanded')).toBe('true');
    expect(document.querySelector('[role="menu"]')?.getAttribute('aria-label')).toBe('Actions for Работа');
    expect(menuItems().map((m) => m.textContent?.trim())).toEqual([
      'New subfolder',
      'Rename or move',
      'Delete',
      'Subscribe',
    ]);
    item('INBOX')?.querySelector<HTMLButtonElement>('button.more')?.click();
    flushSync();
    expect(menuItems().map((m) => m.textContent?.trim())).toEqual(['New subfolder']);
    item('Sent Items')?.querySelector<HTMLButtonElement>('button.more')?.click();
    flushSync();
    expect(menuItems().map((m) => m.textContent?.trim())).toEqual([
      'New subfolder',
      'Rename or move',
      'Unsubscribe',
    ]);
  });

  it('opens from the context menu key on the first item, moves with the arrows, and Escape gives the focus back', async () => {
    const { onAction } = await renderWithActions();
    item('Работа')?.focus();
    press('ContextMenu');
    await vi.waitFor(() => expect(document.activeElement?.textContent?.trim()).toBe('New subfolder'));
    press('ArrowDown');
    expect(document.activeElement?.textContent?.trim()).toBe('Rename or move');
    press('Escape');
    await vi.waitFor(() => expect(document.activeElement?.getAttribute('data-path')).toBe('Работа'));
    expect(document.querySelector('[role="menu"]')).toBeNull();
    press('F10');
    expect(document.querySelector('[role="menu"]')).toBeNull();
    document.activeElement?.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'F10', shiftKey: true, bubbles: true }),
    );
    flushSync();
    press('End');
    press('Enter');
    expect(onAction).toHaveBeenCalledWith('subscribe', 'Работа');
    expect(document.querySelector('[role="menu"]')).toBeNull();
  });

  it('opens on a right click and chooses with a click', async () => {
    const { onAction, onSelect } = await renderWithActions();
    item('Lists/dovecot')?.dispatchEvent(new MouseEvent('contextmenu', { bubbles: true, cancelable: true }));
    flushSync();
    menuItems()[1]?.click();
    expect(onAction).toHaveBeenCalledWith('rename', 'Lists/dovecot');
    expect(onSelect).not.toHaveBeenCalled();
  });

  it('dims unsubscribed folders when they are shown, and says so', async () => {
    const { tree } = await renderWithActions();
    expect(item('Работа')?.classList.contains('unsubscribed')).toBe(true);
    expect(item('Работа')?.textContent).toContain('not subscribed');
    expect(item('Lists/dovecot')?.classList.contains('unsubscribed')).toBe(false);
    tree.showUnsubscribed = false;
    flushSync();
    expect(item('Работа')).toBeUndefined();
  });
});

describe('FolderTree as a drop target', () => {
  const UIDS = 'application/x-webmail-uids';

  it('takes message drags on selectable folders other than the open one, moving or (with Ctrl) copying', async () => {
    const { onDropMessages } = await renderWithActions();
    const target = item('Lists/dovecot') as HTMLElement;
    expect(drag('dragover', target, [UIDS]).defaultPrevented).toBe(true);
    expect(target.classList.contains('drop-target')).toBe(true);
    drag('drop', target, [UIDS]);
    expect(target.classList.contains('drop-target')).toBe(false);
    drag('drop', item('Работа') as HTMLElement, [UIDS], { ctrlKey: true });
    expect(onDropMessages.mock.calls.map(([path, copy]) => [path, copy])).toEqual([
      ['Lists/dovecot', false],
      ['Работа', true],
    ]);
  });

  it('refuses other drags, folders that cannot be selected and the open folder', async () => {
    const { onDropMessages } = await renderWithActions();
    expect(drag('dragover', item('Работа') as HTMLElement, ['text/plain']).defaultPrevented).toBe(false);
    expect(drag('dragover', item('Lists') as HTMLElement, [UIDS]).defaultPrevented).toBe(false);
    expect(drag('dragover', item('INBOX') as HTMLElement, [UIDS]).defaultPrevented).toBe(false);
    drag('drop', item('Lists') as HTMLElement, [UIDS]);
    expect(onDropMessages).not.toHaveBeenCalled();
  });

  it('drops the highlight when the drag leaves the folder', async () => {
    await renderWithActions();
    const target = item('Работа') as HTMLElement;
    drag('dragover', target, [UIDS]);
    drag('dragleave', target, [UIDS]);
    expect(target.classList.contains('drop-target')).toBe(false);
  });
});
