import { flushSync } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ComposeRequest } from '../../lib/state/compose/desk.svelte.ts';
import { FolderTree } from '../../lib/state/folders.svelte.ts';
import { MessageList } from '../../lib/state/message-list/message-list.svelte.ts';
import { signedIn } from '../../lib/state/testing/connect.ts';
import { generatedMessages } from '../../lib/state/testing/fake-imap.ts';
import type { FakeFolder } from '../../lib/state/testing/fake-imap.ts';
import { mountInBody, stubResizeObserver, unmountAll } from '../../testing/dom.ts';
import MessagePane from './MessagePane.svelte';
import { FakeActions } from './testing/fake-pane.svelte.ts';

stubResizeObserver();
afterEach(unmountAll);

interface Setup {
  readonly open?: string;
  readonly role?: 'trash' | 'junk' | null;
  readonly folders?: FakeFolder[];
  readonly withFolders?: boolean;
  readonly onCompose?: (request: ComposeRequest) => void;
}

function defaultFolders(): FakeFolder[] {
  const messages = generatedMessages(10);
  messages[9] = { ...messages[9]!, flags: ['$label1'] };
  messages[8] = { ...messages[8]!, flags: ['\\Seen', '\\Flagged', '$Junk', 'Project_X'] };
  return [
    { name: 'INBOX', messages },
    { name: 'Archive', attributes: ['\\Archive'] },
    { name: 'Trash', attributes: ['\\Trash'], messages: generatedMessages(3) },
    { name: 'Projects', attributes: ['\\Noselect', '\\HasChildren'] },
    { name: 'Projects/Работа' },
  ];
}

async function render(setup: Setup = {}) {
  const { client } = await signedIn({ folders: setup.folders ?? defaultFolders() });
  const list = new MessageList(client);
  const folders = new FolderTree(client);
  await folders.load();
  await list.open(setup.open ?? 'INBOX', setup.role ?? null);
  const actions = new FakeActions();
  const onOpen = vi.fn();
  mountInBody(MessagePane, {
    list,
    folderLabel: setup.open ?? 'Inbox',
    counts: undefined,
    onOpen,
    onRetry: () => {},
    actions,
    ...(setup.withFolders === false ? {} : { folders }),
    ...(setup.onCompose ? { onCompose: setup.onCompose } : {}),
  });
  flushSync();
  await vi.waitFor(() => {
    flushSync();
    expect(document.querySelector('[role="option"][data-uid]')).not.toBeNull();
  });
  return { list, actions, onOpen, uidValidity: list.uidValidity };
}

const $ = <T extends Element = HTMLElement>(selector: string) => document.querySelector<T>(selector);
const $$ = <T extends Element = HTMLElement>(selector: string) => [...document.querySelectorAll<T>(selector)];
const byName = (name: string) => {
  const found = $$('button, input').find((element) => element.getAttribute('aria-label') === name);
  if (!found) throw new Error(`no control named ${name}`);
  return found;
};
const menuButton = (title: string) => {
  const found = $$('[aria-haspopup="menu"]').find((element) => element.title === title);
  if (!found) throw new Error(`no menu button ${title}`);
  return found;
};
const menuItems = () => $$('[role="menu"] [role^="menuitem"]');
const options = () => $$('[role="option"]');
const listbox = () => $('[role="listbox"]')!;

const click = (target: Element, init: MouseEventInit = {}) => {
  target.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, ...init }));
  flushSync();
};
const press = (target: Element, key: string, init: KeyboardEventInit = {}) => {
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init }));
  flushSync();
};
const settle = async () => {
  await Promise.resolve();
  await Promise.resolve();
  flushSync();
};

describe('MessagePane toolbar', () => {
  it('is a named toolbar whose buttons have names and tooltips', async () => {
    await render();
    const toolbar = $('[role="toolbar"]')!;
    expect(toolbar.getAttribute('aria-label')).toBe('Message actions');
    for (const button of toolbar.querySelectorAll('button')) {
      expect(button.getAttribute('aria-label') ?? button.textContent?.trim()).toBeTruthy();
      expect(button.title).toBeTruthy();
    }
    expect(menuButton('Labels').getAttribute('aria-expanded')).toBe('false');
  });

  it('selects every message with the select-all box, shows a mixed box for part of them, and clears', async () => {
    const { list } = await render();
    const box = byName('Select all messages in Inbox') as HTMLInputElement;
    click(box);
    expect(list.selection.size).toBe(10);
    expect(box.checked).toBe(true);
    expect($('.toolbar .count')?.textContent?.trim()).toBe('All 10 messages selected');
    click(box);
    expect(list.selection.size).toBe(0);

    click(options()[1]!);
    click(options()[2]!, { ctrlKey: true });
    expect(box.indeterminate).toBe(true);
    expect(box.checked).toBe(false);
    expect($('.toolbar .count')?.textContent?.trim()).toBe('2 selected');
    click(box);
    expect(list.selection.size).toBe(0);
    expect(box.indeterminate).toBe(false);
  });

  it('marks the selection read or unread and flags it, by the state of the row under the cursor', async () => {
    const { actions, uidValidity } = await render();
    click(options()[1]!);
    click(options()[0]!, { shiftKey: true }); // the cursor on UID 10: unread, not flagged
    expect(byName('Mark as read').title).toBe('Mark as read (U)');
    click(byName('Mark as read'));
    click(byName('Flag'));
    const target = { mailbox: 'INBOX', uidValidity, uids: [9, 10] };
    expect(actions.calls).toEqual([
      ['setFlag', target, '\\Seen', true],
      ['setFlag', target, '\\Flagged', true],
    ]);
    click(options()[1]!, { ctrlKey: true }); // the cursor on UID 9 (read and flagged), out of the selection
    expect(byName('Mark as read')).toBeTruthy();
    click(options()[1]!, { ctrlKey: true }); // and back in
    expect(byName('Mark as unread')).toBeTruthy();
    expect(byName('Remove the flag').getAttribute('aria-pressed')).toBe('true');
  });

  it('opens the Junk menu from the keyboard, moves with the arrows and closes with Escape', async () => {
    const { actions, uidValidity } = await render();
    click(options()[3]!);
    const button = menuButton('Junk (J marks as junk)');
    press(button, 'ArrowDown');
    const menu = $('[role="menu"]')!;
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(button.getAttribute('aria-controls')).toBe(menu.id);
    expect(menuItems().map((item) => item.textContent?.trim())).toEqual([
      'Mark as junk',
      'Not junk',
      'Move to Junk',
    ]);
    expect(document.activeElement).toBe(menuItems()[0]);
    press(menu, 'ArrowDown');
    expect(document.activeElement).toBe(menuItems()[1]);
    press(menu, 'ArrowUp');
    press(menu, 'ArrowUp');
    expect(document.activeElement).toBe(menuItems()[2]);
    press(menu, 'Escape');
    expect($('[role="menu"]')).toBeNull();
    expect(document.activeElement).toBe(button);

    press(button, 'ArrowUp');
    press($('[role="menu"]')!, 'Enter');
    expect(actions.calls).toEqual([
      ['markJunk', { mailbox: 'INBOX', uidValidity, uids: [7] }, true, { move: true }],
    ]);
    expect($('[role="menu"]')).toBeNull();
  });

  it('inside Junk offers "Not junk" first (back to the Inbox) and nothing that moves to Junk', async () => {
    const { actions, uidValidity } = await render({ open: 'Trash', role: 'junk' });
    click(options()[0]!);
    click(menuButton('Junk (J marks as junk)'));
    expect(menuItems().map((item) => item.textContent?.trim())).toEqual([
      'Not junk: move to Inbox',
      'Not junk',
      'Mark as junk',
    ]);
    click(menuItems()[0]!);
    expect(actions.calls).toEqual([
      ['markJunk', { mailbox: 'Trash', uidValidity, uids: [3] }, false, { move: true }],
    ]);
  });

  it('lists labels with their colors and whether the row has them, toggles one, and creates a new one', async () => {
    const { actions, uidValidity } = await render();
    click(options()[0]!); // UID 10 has $label1
    click(menuButton('Labels'));
    const items = menuItems();
    expect(
      items.map((item) => [item.querySelector('.text')?.textContent, item.getAttribute('aria-checked')]),
    ).toEqual([
      ['Important', 'true'],
      ['Project X', 'false'],
      ['New label…', null],
    ]);
    expect(items[0]?.querySelector<HTMLElement>('.swatch')?.style.background).toBeTruthy();
    click(items[1]!);
    const target = { mailbox: 'INBOX', uidValidity, uids: [10] };
    expect(actions.calls).toEqual([['setKeyword', target, 'Project_X', true]]);

    click(menuButton('Labels'));
    click(menuItems()[2]!);
    const dialog = $('dialog')!;
    expect(dialog.textContent).toContain('New label');
    const field = dialog.querySelector<HTMLInputElement>('input')!;
    field.value = 'Работа';
    field.dispatchEvent(new Event('input', { bubbles: true }));
    flushSync();
    dialog.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await settle();
    expect(actions.calls[1]).toEqual(['setKeyword', target, '&BCAEMAQxBD4EQgQw-', true]);
    await vi.waitFor(() => expect($('dialog')).toBeNull());
  });

  it('has no Labels menu where the server allows no new keywords', async () => {
    const folders = defaultFolders();
    folders[0] = { ...folders[0]!, permanentFlags: ['\\Seen', '\\Flagged', '\\Deleted'] };
    await render({ folders });
    expect($$('[aria-haspopup="menu"]').map((button) => button.title)).not.toContain('Labels');
  });

  it('moves to a folder chosen from every other folder, by localized name and nesting', async () => {
    const { actions, uidValidity } = await render();
    click(options()[2]!);
    click(menuButton('Move to…'));
    const items = menuItems();
    expect(items.map((item) => [item.textContent?.trim(), item.style.getPropertyValue('--indent')])).toEqual([
      ['Trash', '0'],
      ['Archive', '0'],
      ['Projects', '0'],
      ['Работа', '1'],
    ]);
    expect(items[2]?.getAttribute('aria-disabled')).toBe('true');
    press($('[role="menu"]')!, 'р');
    expect(document.activeElement).toBe(items[3]);
    click(items[3]!);
    expect(actions.calls).toEqual([
      ['move', { mailbox: 'INBOX', uidValidity, uids: [8] }, 'Projects/Работа'],
    ]);
  });

  it('copies to a folder chosen from the Copy menu, leaving the message where it is', async () => {
    const { actions, uidValidity } = await render();
    click(options()[2]!);
    click(menuButton('Copy to…'));
    const items = menuItems();
    expect(items.map((item) => item.textContent?.trim())).toEqual(['Trash', 'Archive', 'Projects', 'Работа']);
    click(items[1]!);
    expect(actions.calls).toEqual([['copy', { mailbox: 'INBOX', uidValidity, uids: [8] }, 'Archive']]);
  });

  it('deletes to Trash with the button or Delete, and permanently with Shift only after a confirmation', async () => {
    const { actions, uidValidity } = await render();
    click(options()[0]!);
    click(byName('Delete'));
    press(listbox(), 'Delete');
    const first = { mailbox: 'INBOX', uidValidity, uids: [10] };
    expect(actions.calls).toEqual([
      ['delete', first],
      ['delete', first],
    ]);

    click(options()[1]!, { ctrlKey: true });
    click(byName('Delete'), { shiftKey: true });
    expect(actions.calls).toHaveLength(2);
    const dialog = $('dialog')!;
    expect(dialog.textContent).toContain('2 messages will be deleted for good');
    // What was selected when Delete was pressed is what goes, whatever the selection is by now.
    click(options()[5]!);
    dialog.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await settle();
    expect(actions.calls[2]).toEqual([
      'delete',
      { mailbox: 'INBOX', uidValidity, uids: [9, 10] },
      { permanent: true },
    ]);

    press(listbox(), 'Delete', { shiftKey: true });
    const cancel = [...$('dialog')!.querySelectorAll('button')].find((b) => b.textContent === 'Cancel')!;
    click(cancel);
    await settle();
    expect($('dialog')).toBeNull();
    expect(actions.calls).toHaveLength(3);
  });

  it('runs the letter shortcuts and undo through the same commands', async () => {
    const { actions, uidValidity } = await render();
    click(options()[1]!); // UID 9: read, flagged, junk
    for (const key of ['u', 's', 'j']) press(listbox(), key);
    press(listbox(), 'z', { ctrlKey: true });
    actions.canUndo = true;
    press(listbox(), 'z', { ctrlKey: true });
    const target = { mailbox: 'INBOX', uidValidity, uids: [9] };
    expect(actions.calls).toEqual([
      ['setFlag', target, '\\Seen', false],
      ['setFlag', target, '\\Flagged', false],
      ['markJunk', target, false, { move: false }],
      ['undo'],
    ]);
  });

  it("toggles one row's read state and flag from the row, whatever is selected", async () => {
    const { actions, uidValidity } = await render();
    click(options()[0]!);
    click(options()[3]!.querySelector('.read-toggle')!);
    click(options()[3]!.querySelector('.flag-toggle')!);
    const row = { mailbox: 'INBOX', uidValidity, uids: [7] };
    expect(actions.calls).toEqual([
      ['setFlag', row, '\\Seen', true],
      ['setFlag', row, '\\Flagged', true],
    ]);
    expect(document.activeElement).toBe(listbox());
  });

  it('offers to empty Trash, naming how many messages are listed, and deletes there for good', async () => {
    const { actions, uidValidity } = await render({ open: 'Trash', role: 'trash' });
    const empty = $$('.toolbar button').find((button) => button.textContent?.trim() === 'Empty Trash')!;
    click(empty);
    const dialog = $('dialog')!;
    expect(dialog.textContent).toContain('Empty Trash?');
    expect(dialog.textContent).toContain('The 3 messages listed in Trash will be deleted for good.');
    dialog.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await settle();
    // What was listed when the user asked, captured before the dialog.
    expect(actions.calls).toEqual([['emptyFolder', 'Trash', [3, 2, 1]]]);

    click(options()[0]!);
    expect(byName('Delete permanently').title).toBe('Delete permanently (Del)');
    press(listbox(), 'Delete');
    expect($('dialog')?.textContent).toContain('1 message will be deleted for good');
    $('dialog form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await settle();
    expect(actions.calls[1]).toEqual([
      'delete',
      { mailbox: 'Trash', uidValidity, uids: [3] },
      { permanent: true },
    ]);
  });

  it('asks before a Delete that found nowhere to put the messages, and erases only when the user agrees', async () => {
    const { actions, uidValidity } = await render();
    const target = { mailbox: 'INBOX', uidValidity, uids: Uint32Array.of(8, 9) };
    actions.eraseRequest = {
      target,
      reason: 'noTrash',
      detail: { key: 'actions.delete.refused', values: { text: 'Permission denied' }, detail: '' },
    };
    await settle();
    const dialog = $('dialog')!;
    expect(dialog.textContent).toContain('No Trash folder');
    expect(dialog.textContent).toContain('to move the 2 messages to, and none could be created');
    expect(dialog.textContent).toContain('Permission denied');
    click([...dialog.querySelectorAll('button')].find((b) => b.textContent === 'Keep')!);
    await settle();
    expect($('dialog')).toBeNull();
    expect(actions.calls).toEqual([['dismissErase']]);

    actions.eraseRequest = { target, reason: 'inTrash', detail: null };
    await settle();
    expect($('dialog')!.textContent).toContain('These 2 messages are in the Trash already');
    $('dialog form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await settle();
    expect(actions.calls[1]).toEqual(['confirmErase', { mailbox: 'INBOX', uidValidity, uids: [8, 9] }]);
    expect($('dialog')).toBeNull();
  });

  it('has no Move menu without folders and no Empty button outside Trash and Junk', async () => {
    await render({ withFolders: false });
    expect($$('[aria-haspopup="menu"]').map((button) => button.title)).not.toContain('Move to…');
    expect($$('.toolbar button').some((b) => b.textContent?.includes('Empty'))).toBe(false);
  });
});

describe('MessagePane progress and notices', () => {
  it('shows a bulk action as "Moving 1,200 of 5,000…" with a bar and a Stop button', async () => {
    const { actions } = await render();
    actions.progress = { action: 'move', done: 1200, total: 5000 };
    flushSync();
    expect($('.bulk [role="status"]')?.textContent).toBe('Moving 1,200 of 5,000…');
    expect($('.bulk [role="progressbar"]')?.getAttribute('aria-valuenow')).toBe('24');
    click($$('.bulk button').find((button) => button.textContent === 'Cancel')!);
    expect(actions.calls).toEqual([['cancel']]);
    actions.progress = null;
    flushSync();
    expect($('.bulk')).toBeNull();
  });

  it('shows the outcome with Undo while it can be undone, and lets it be dismissed', async () => {
    const { actions } = await render();
    actions.notice = {
      tone: 'info',
      message: { key: 'actions.move.done', values: { count: 3, folder: 'Archive' }, detail: '' },
      undoable: true,
    };
    flushSync();
    const notice = $('.notice')!;
    expect(notice.getAttribute('role')).toBe('status');
    expect(notice.textContent).toContain('3 messages moved to Archive.');
    expect(notice.textContent).not.toContain('Undo');
    actions.canUndo = true;
    flushSync();
    click($$('.notice button').find((button) => button.textContent === 'Undo')!);
    click(byName('Dismiss'));
    expect(actions.calls).toEqual([['undo'], ['dismissNotice']]);
    expect($('.notice')).toBeNull();
  });

  it('announces a failure at once', async () => {
    const { actions } = await render();
    actions.notice = {
      tone: 'error',
      message: { key: 'actions.move.refused', values: { folder: 'Archive', text: 'Over quota' }, detail: '' },
      undoable: false,
    };
    flushSync();
    expect($('.notice')?.getAttribute('role')).toBe('alert');
    expect($('.notice')?.textContent).toContain('Nothing was moved to Archive. The server says: Over quota');
  });
});

describe('MessagePane row menu', () => {
  const rightClick = (target: Element) =>
    target.dispatchEvent(
      new MouseEvent('contextmenu', { bubbles: true, cancelable: true, clientX: 40, clientY: 60 }),
    );

  it("offers Reply, Reply all, Forward and Forward as attachment on a right-clicked row, for that row's message", async () => {
    const onCompose = vi.fn();
    const { list, uidValidity } = await render({ onCompose });
    click(options()[0]!);
    const row = options()[2]!;
    const uid = Number(row.dataset['uid']);
    expect(uid).not.toBe(list.openUid);

    expect(rightClick(row)).toBe(false);
    flushSync();
    expect($('[role="menu"]')?.getAttribute('aria-label')).toBe('Reply or forward');
    expect(menuItems().map((item) => item.textContent?.trim())).toEqual([
      'Reply',
      'Reply all',
      'Forward',
      'Forward as attachment',
    ]);
    click(menuItems()[1]!);

    expect(onCompose).toHaveBeenCalledExactlyOnceWith({
      kind: 'replyAll',
      message: { mailbox: 'INBOX', uidValidity, uid },
    });
    expect(menuItems()).toEqual([]);
  });

  it("opens the cursor row's menu with Shift+F10 or the menu key, and Escape gives the focus back to the list", async () => {
    const onCompose = vi.fn();
    const { list, uidValidity } = await render({ onCompose });
    listbox().focus();
    press(listbox(), 'ArrowDown');
    press(listbox(), 'ArrowDown');
    const uid = list.uidAt(list.cursor);

    press(listbox(), 'F10', { shiftKey: true });
    expect(document.activeElement?.textContent?.trim()).toBe('Reply');
    press(document.activeElement!, 'Escape');
    expect(menuItems()).toEqual([]);
    expect(document.activeElement).toBe(listbox());

    press(listbox(), 'ContextMenu');
    press(document.activeElement!, 'ArrowDown');
    press(document.activeElement!, 'ArrowDown');
    press(document.activeElement!, 'Enter');
    expect(onCompose).toHaveBeenCalledExactlyOnceWith({
      kind: 'forward',
      message: { mailbox: 'INBOX', uidValidity, uid },
    });
  });

  it("leaves the browser's own menu alone where nothing can be written", async () => {
    await render();
    expect(rightClick(options()[1]!)).toBe(true);
    flushSync();
    expect($('[role="menu"]')).toBeNull();
  });
});
