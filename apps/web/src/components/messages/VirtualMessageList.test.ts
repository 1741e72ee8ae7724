import { flushSync } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MessageList } from '../../lib/state/message-list.svelte.ts';
import { signedIn } from '../../lib/state/testing/connect.ts';
import { generatedMessages } from '../../lib/state/testing/fake-imap.ts';
import VirtualMessageList from './VirtualMessageList.svelte';
import { mountInBody, stubResizeObserver, unmountAll } from '../../testing/dom.ts';

// No layout in jsdom: the list then assumes a screenful.
stubResizeObserver();

afterEach(unmountAll);

async function render(count: number) {
  const messages = generatedMessages(count);
  messages[count - 1] = { ...messages[count - 1]!, flags: ['\\Flagged'], attachment: true };
  const { client } = await signedIn({ folders: [{ name: 'Big', messages }] });
  const list = new MessageList(client);
  await list.open('Big');
  const onOpen = vi.fn();
  mountInBody(VirtualMessageList, { list, folderLabel: 'Big', recipients: false, onOpen });
  flushSync();
  await vi.waitFor(() => {
    flushSync();
    expect(document.querySelector('[role="option"][data-uid]')).not.toBeNull();
  });
  return { list, onOpen, listbox: document.querySelector<HTMLElement>('[role="listbox"]')! };
}

const press = (target: HTMLElement, key: string) => {
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
  flushSync();
};

describe('VirtualMessageList', () => {
  it('is a named listbox that renders only the rows near the view, each knowing its place in the whole', async () => {
    const { listbox } = await render(5000);
    expect(listbox.getAttribute('aria-label')).toBe('Messages in Big');
    const options = [...listbox.querySelectorAll('[role="option"]')];
    expect(options.length).toBeLessThan(40);
    expect(options[0]?.getAttribute('aria-setsize')).toBe('5000');
    expect(options[0]?.getAttribute('aria-posinset')).toBe('1');
  });

  it('shows a row with sender, subject, unread, flag and attachment marks, and says them for screen readers', async () => {
    const { listbox } = await render(30);
    const first = listbox.querySelector('[role="option"]')!;
    expect(first.querySelector('.who')?.textContent).toBe('Sender 30');
    expect(first.querySelector('.subject')?.textContent).toBe('Message 30');
    expect(first.classList.contains('unread')).toBe(true);
    expect(first.querySelector('.visually-hidden')?.textContent).toBe('Unread, Flagged, Has attachments');
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

  it('opens a row on click and marks it selected', async () => {
    const { list, listbox, onOpen } = await render(10);
    listbox.querySelectorAll<HTMLElement>('[role="option"]')[3]?.click();
    expect(onOpen).toHaveBeenCalledWith(3);
    list.openAt(3);
    flushSync();
    expect(listbox.querySelectorAll('[role="option"]')[3]?.getAttribute('aria-selected')).toBe('true');
  });
});
