import { flushSync } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FolderTree as FolderTreeState } from '../../lib/state/folders.svelte.ts';
import { signedIn } from '../../lib/state/testing/connect.ts';
import { generatedMessages } from '../../lib/state/testing/fake-imap.ts';
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
