import { flushSync } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MessageList } from '../../lib/state/message-list/message-list.svelte.ts';
import { signedIn } from '../../lib/state/testing/connect.ts';
import { generatedMessages } from '../../lib/state/testing/fake-imap.ts';
import type { FakeMessage } from '../../lib/state/testing/fake-imap.ts';
import { reportingUnreadable } from '../../lib/state/testing/unreadable-client.ts';
import VirtualMessageList from './VirtualMessageList.svelte';
import { MESSAGE_DRAG_TYPE } from './drag-data.ts';
import { mountInBody, stubResizeObserver, unmountAll } from '../../testing/dom.ts';

// No layout in jsdom: the list then assumes a screenful.
stubResizeObserver();

afterEach(unmountAll);

async function render(
  count: number,
  edit: (messages: FakeMessage[]) => void = () => {},
  unreadable: ReadonlySet<number> = new Set(),
) {
  const messages = generatedMessages(count);
  messages[count - 1] = { ...messages[count - 1]!, flags: ['\\Flagged'], attachment: true };
  edit(messages);
  const { client } = await signedIn({ folders: [{ name: 'Big', messages }] });
  const list = new MessageList(reportingUnreadable(client, unreadable));
  await list.open('Big');
  const onOpen = vi.fn();
  const onCommand = vi.fn();
  const onToggleRead = vi.fn();
  const onToggleFlag = vi.fn();
  mountInBody(VirtualMessageList, {
    list,
    folderLabel: 'Big',
    recipients: false,
    onOpen,
    onCommand,
    onToggleRead,
    onToggleFlag,
    draggable: true,
  });
  flushSync();
  await vi.waitFor(() => {
    flushSync();
    expect(document.querySelector('[role="option"][data-uid]')).not.toBeNull();
  });
  const listbox = document.querySelector<HTMLElement>('[role="listbox"]')!;
  return { list, onOpen, onCommand, onToggleRead, onToggleFlag, listbox };
}

const options = () => [...document.querySelectorAll<HTMLElement>('[role="option"]')];
const selectedUids = () =>
  options()
    .filter((option) => option.getAttribute('aria-selected') === 'true')
    .map((option) => Number(option.dataset.uid));

const press = (target: HTMLElement, key: string, modifiers: KeyboardEventInit = {}) => {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...modifiers });
  target.dispatchEvent(event);
  flushSync();
  return event;
};

const click = (target: Element, modifiers: MouseEventInit = {}) => {
  target.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, ...modifiers }));
  flushSync();
};

/** jsdom has no DataTransfer: the part of it a drag source uses. */
class FakeDataTransfer {
  readonly data = new Map<string, string>();
  effectAllowed = 'uninitialized';
  dragImage: Element | null = null;
  get types(): string[] {
    return [...this.data.keys()];
  }
  setData(type: string, value: string): void {
    this.data.set(type, value);
  }
  getData(type: string): string {
    return this.data.get(type) ?? '';
  }
  setDragImage(image: Element): void {
    this.dragImage = image;
  }
}

function dragStart(row: HTMLElement): FakeDataTransfer {
  const dataTransfer = new FakeDataTransfer();
  const event = new Event('dragstart', { bubbles: true, cancelable: true });
  Object.defineProperty(event, 'dataTransfer', { value: dataTransfer });
  row.dispatchEvent(event);
  flushSync();
  return dataTransfer;
}

describe('VirtualMessageList', () => {
  it('is a named multi-select listbox that renders only the rows near the view, each knowing its place', async () => {
    const { listbox } = await render(5000);
    expect(listbox.getAttribute('aria-label')).toBe('Messages in Big');
    expect(listbox.getAttribute('aria-multiselectable')).toBe('true');
    expect(options().length).toBeLessThan(40);
    expect(options()[0]?.getAttribute('aria-setsize')).toBe('5000');
    expect(options()[0]?.getAttribute('aria-posinset')).toBe('1');
  });

  it('keeps the DOM of the rows below a message that goes, which only move up', async () => {
    const { list, listbox } = await render(30);
    const rowOf = (uid: number) => listbox.querySelector<HTMLElement>(`[role="option"][data-uid="${uid}"]`);
    const below = rowOf(27);
    expect(below?.getAttribute('aria-posinset')).toBe('4');
    list.hideMoving([29]);
    flushSync();
    expect(rowOf(29)).toBeNull();
    // The same element, its place updated: its text was not set (and painted) again.
    expect(rowOf(27)).toBe(below);
    expect(below?.getAttribute('aria-posinset')).toBe('3');
    expect(below?.id).toBe('message-row-2');
  });

  it('shows a row with sender, subject, unread, flag and attachment marks, and says them for screen readers', async () => {
    const { listbox } = await render(30);
    const first = listbox.querySelector('[role="option"]')!;
    expect(first.querySelector('.who')?.textContent).toBe('Sender 30');
    expect(first.querySelector('.subject')?.textContent).toBe('Message 30');
    expect(first.classList.contains('unread')).toBe(true);
    expect(first.querySelector('.visually-hidden')?.textContent).toBe('Unread, Flagged, Has attachments');
  });

  it('shows a message imap-core could not read as an unreadable row, sender unknown', async () => {
    const { list, onOpen } = await render(3, () => {}, new Set([2]));
    const row = options().find((option) => option.dataset.uid === '2')!;
    expect(row.querySelector('.who')?.textContent).toBe('(sender unknown)');
    expect(row.querySelector('.subject')?.textContent).toBe('Unreadable message');
    expect(options()[0]?.querySelector('.subject')?.textContent).toBe('Message 3');
    click(row);
    expect(onOpen).toHaveBeenCalledWith(1);
    expect(list.openAt(1)?.unreadable).toBe(true);
  });

  it('shows labels as colored chips by their names, and junk, and says both', async () => {
    await render(5, (messages) => {
      messages[4] = {
        ...messages[4]!,
        flags: ['\\Seen', '$Junk', '$label1', 'Project_X', '$Forwarded'],
        attachment: false,
      };
    });
    const first = options()[0]!;
    const chips = [...first.querySelectorAll<HTMLElement>('.chip')];
    expect(chips.map((chip) => chip.textContent)).toEqual(['Important', 'Project X']);
    expect(chips[0]?.style.getPropertyValue('--label-color')).toBe('#b91c1c');
    expect(first.querySelector('.junk')).not.toBeNull();
    expect(first.querySelector('.visually-hidden')?.textContent).toBe('Junk, Labels: Important, Project X');
  });

  it('moves the active row with the keyboard and opens it with Enter', async () => {
    const { list, listbox, onOpen } = await render(100);
    listbox.focus();
    expect(listbox.getAttribute('aria-activedescendant')).toBe('message-row-0');
    press(listbox, 'ArrowDown');
    press(listbox, 'ArrowDown');
    expect(list.cursor).toBe(2);
    press(listbox, 'ArrowUp');
    expect(listbox.getAttribute('aria-activedescendant')).toBe('message-row-1');
    press(listbox, 'PageDown');
    expect(list.cursor).toBeGreaterThan(5);
    press(listbox, 'End');
    expect(list.cursor).toBe(99);
    expect(listbox.getAttribute('aria-activedescendant')).toBe('message-row-99');
    press(listbox, 'Home');
    expect(list.cursor).toBe(0);
    press(listbox, 'Enter');
    expect(onOpen).toHaveBeenCalledWith(0);
  });

  it('selects only the clicked row and opens it; Ctrl/Cmd-click toggles, Shift-click takes the range', async () => {
    const { list, listbox, onOpen } = await render(10);
    click(options()[3]!);
    expect(onOpen).toHaveBeenCalledWith(3);
    expect(selectedUids()).toEqual([7]);
    expect(listbox.classList.contains('selecting')).toBe(true);

    click(options()[5]!, { ctrlKey: true });
    click(options()[6]!, { metaKey: true });
    expect(selectedUids()).toEqual([7, 5, 4]);
    click(options()[5]!, { ctrlKey: true });
    expect(selectedUids()).toEqual([7, 4]);
    expect(onOpen).toHaveBeenCalledTimes(1);

    click(options()[1]!);
    click(options()[4]!, { shiftKey: true });
    expect(selectedUids()).toEqual([9, 8, 7, 6]);
    expect(list.cursor).toBe(4);
    expect(onOpen).toHaveBeenCalledTimes(2);

    click(options()[2]!);
    expect(selectedUids()).toEqual([8]);
  });

  it('toggles with the row checkbox, extends with Shift on it, and never opens the message', async () => {
    const { onOpen } = await render(10);
    const box = (index: number) => options()[index]!.querySelector<HTMLInputElement>('input.check')!;
    expect(box(0).tabIndex).toBe(-1);
    click(box(0));
    click(box(2));
    expect(selectedUids()).toEqual([10, 8]);
    expect(box(2).checked).toBe(true);
    click(box(2));
    expect(selectedUids()).toEqual([10]);
    expect(box(2).checked).toBe(false);
    // The range starts where the last click or toggle was (row 2), as in file managers.
    click(box(3), { shiftKey: true });
    expect(selectedUids()).toEqual([8, 7]);
    expect(onOpen).not.toHaveBeenCalled();
  });

  it('selects with Space and Shift+arrows, all with Ctrl/Cmd+A (by UID, not by rows), and clears with Escape', async () => {
    const { list, listbox } = await render(5000);
    listbox.focus();
    press(listbox, 'ArrowDown');
    press(listbox, 'ArrowDown', { shiftKey: true });
    press(listbox, 'ArrowDown', { shiftKey: true });
    expect(selectedUids()).toEqual([4999, 4998, 4997]);
    press(listbox, 'ArrowUp', { shiftKey: true });
    expect(selectedUids()).toEqual([4999, 4998]);

    press(listbox, ' ');
    expect(selectedUids()).toEqual([4999]);
    press(listbox, 'ArrowDown');
    press(listbox, ' ');
    expect(selectedUids()).toEqual([4999, 4997]);

    const all = press(listbox, 'a', { ctrlKey: true });
    expect(all.defaultPrevented).toBe(true);
    expect(list.selection.size).toBe(5000);
    expect(list.selection.all).toBe(true);
    expect(list.cachedRows).toBeLessThan(1000);

    const escape = press(listbox, 'Escape');
    expect(escape.defaultPrevented).toBe(true);
    expect(list.selection.size).toBe(0);
    // With nothing selected, Escape is left to whoever else wants it.
    expect(press(listbox, 'Escape').defaultPrevented).toBe(false);
  });

  it.each([
    ['Delete', {}, 'delete'],
    ['Delete', { shiftKey: true }, 'deletePermanently'],
    ['Backspace', {}, 'delete'],
    ['u', {}, 'toggleRead'],
    ['s', {}, 'toggleFlag'],
    ['j', {}, 'junk'],
    ['z', { ctrlKey: true }, 'undo'],
    ['z', { metaKey: true }, 'undo'],
  ] as const)('passes %s %o on as the %s command', async (key, modifiers, command) => {
    const { listbox, onCommand } = await render(5);
    const event = press(listbox, key, modifiers);
    expect(onCommand).toHaveBeenCalledWith(command);
    expect(event.defaultPrevented).toBe(true);
  });

  it('leaves other keys alone', async () => {
    const { listbox, onCommand } = await render(5);
    for (const [key, modifiers] of [
      ['x', {}],
      ['u', { ctrlKey: true }],
      ['s', { altKey: true }],
      ['r', { metaKey: true }],
    ] as const) {
      expect(press(listbox, key, modifiers).defaultPrevented).toBe(false);
    }
    expect(onCommand).not.toHaveBeenCalled();
  });

  it("toggles a row's read state and flag from its dot and flag, for that row only", async () => {
    const { onToggleRead, onToggleFlag, onOpen } = await render(5);
    click(options()[2]!.querySelector('.read-toggle')!);
    click(options()[0]!.querySelector('.flag-toggle')!);
    expect(onToggleRead).toHaveBeenCalledWith(2);
    expect(onToggleFlag).toHaveBeenCalledWith(0);
    expect(onOpen).not.toHaveBeenCalled();
    expect(options()[0]!.querySelector('.flag-toggle')?.getAttribute('title')).toBe('Remove the flag');
    expect(options()[1]!.querySelector('.flag-toggle')?.getAttribute('title')).toBe('Flag');
  });

  it('drags the whole selection from a selected row, and only the row itself from another', async () => {
    const { list } = await render(10);
    click(options()[1]!);
    click(options()[3]!, { shiftKey: true });
    expect(options()[2]!.getAttribute('draggable')).toBe('true');

    const dragged = dragStart(options()[2]!);
    expect(JSON.parse(dragged.getData(MESSAGE_DRAG_TYPE))).toEqual({
      mailbox: 'Big',
      uidValidity: list.uidValidity,
      uids: [7, 8, 9],
    });
    expect(dragged.getData('text/plain')).toBe('3 messages');
    expect(dragged.effectAllowed).toBe('copyMove');
    expect(dragged.dragImage?.textContent).toBe('3 messages');

    const single = dragStart(options()[6]!);
    expect(JSON.parse(single.getData(MESSAGE_DRAG_TYPE)).uids).toEqual([4]);
    expect(single.getData('text/plain')).toBe('1 message');
    expect(list.selection.size).toBe(3);
  });
});
