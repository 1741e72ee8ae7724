import { flushSync } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FoundMessage } from '../../lib/state/all-folders-search.svelte.ts';
import type { MessageRow } from '../../lib/state/message-list/message-row.ts';
import { MessageList } from '../../lib/state/message-list/message-list.svelte.ts';
import { signedIn } from '../../lib/state/testing/connect.ts';
import { generatedMessages } from '../../lib/state/testing/fake-imap.ts';
import { mountInBody, stubResizeObserver, unmountAll } from '../../testing/dom.ts';
import MessagePane from '../messages/MessagePane.svelte';
import { FakeSearch } from '../messages/testing/fake-pane.svelte.ts';
import AllFoldersResults from './AllFoldersResults.svelte';

stubResizeObserver();
afterEach(unmountAll);

function found(mailbox: string, uid: number, subject: string, extra: Partial<MessageRow> = {}): FoundMessage {
  const row: MessageRow = {
    uid,
    flags: [],
    seen: false,
    flagged: false,
    answered: false,
    draft: false,
    keywords: [],
    junk: false,
    date: Date.UTC(2024, 5, 1),
    size: 2048,
    subject,
    from: 'Ann',
    fromEmail: 'ann@example.org',
    to: 'Bob',
    hasAttachment: false,
    ...extra,
  };
  return { mailbox, uidValidity: 7, uid, row };
}

const RESULTS = [
  found('INBOX', 41, 'Отчёт за май'),
  found('Sent', 12, 'Re: Отчёт', { seen: true }),
  found('Lists/dev', 300, 'Weekly report', { seen: true, keywords: ['$label2'] }),
];

const options = () => [...document.querySelectorAll<HTMLElement>('[role="option"]')];
const press = (target: Element, key: string) => {
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
  flushSync();
};

describe('AllFoldersResults', () => {
  it('lists the results with their folder, senders or recipients as the folder wants, and labels', () => {
    mountInBody(AllFoldersResults, {
      results: RESULTS,
      folderName: (path: string) => (path === 'INBOX' ? 'Inbox' : path),
      showsRecipients: (path: string) => path === 'Sent',
      onOpenResult: () => {},
    });
    flushSync();
    const listbox = document.querySelector('[role="listbox"]')!;
    expect(listbox.getAttribute('aria-label')).toBe('Search results in all folders');
    expect(
      options().map((option) => [
        option.querySelector('.who')?.textContent,
        option.querySelector('.folder')?.textContent,
        option.querySelector('.subject')?.textContent,
      ]),
    ).toEqual([
      ['Ann', 'Inbox', 'Отчёт за май'],
      ['To: Bob', 'Sent', 'Re: Отчёт'],
      ['Ann', 'Lists/dev', 'Weekly report'],
    ]);
    expect(options()[2]?.querySelector('.visually-hidden')?.textContent).toBe('Labels: Work, in Lists/dev');
    // Results are for reading: no selection boxes, toggles or dragging across folders.
    expect(document.querySelector('input.check, button.read-toggle, [draggable="true"]')).toBeNull();
  });

  it('opens a result in its folder by click, or with the arrows and Enter', () => {
    const onOpenResult = vi.fn();
    mountInBody(AllFoldersResults, {
      results: RESULTS,
      folderName: (path: string) => path,
      showsRecipients: () => false,
      onOpenResult,
    });
    flushSync();
    options()[1]!.click();
    flushSync();
    expect(onOpenResult).toHaveBeenLastCalledWith('Sent', 12, 7);
    expect(options()[1]?.getAttribute('aria-selected')).toBe('true');
    const listbox = document.querySelector('[role="listbox"]')!;
    press(listbox, 'ArrowDown');
    expect(listbox.getAttribute('aria-activedescendant')).toBe('search-result-2');
    press(listbox, 'Enter');
    expect(onOpenResult).toHaveBeenLastCalledWith('Lists/dev', 300, 7);
    press(listbox, 'Home');
    press(listbox, 'Enter');
    expect(onOpenResult).toHaveBeenLastCalledWith('INBOX', 41, 7);
  });

  it("takes the folder list's place in the pane while an all-folders search runs or has results", async () => {
    const { client } = await signedIn({ folders: [{ name: 'INBOX', messages: generatedMessages(5) }] });
    const list = new MessageList(client);
    await list.open('INBOX');
    const search = new FakeSearch();
    const onOpenResult = vi.fn();
    mountInBody(MessagePane, {
      list,
      folderLabel: 'Inbox',
      counts: undefined,
      onOpen: () => {},
      onRetry: () => {},
      search,
      onOpenResult,
    });
    flushSync();
    const label = () => document.querySelector('[role="listbox"]')?.getAttribute('aria-label');
    expect(label()).toBe('Messages in Inbox');
    search.form = { ...search.form, text: 'отчёт', scope: 'all' };
    search.running = true;
    flushSync();
    expect(label()).toBe('Search results in all folders');
    search.running = false;
    search.resultCount = 3;
    search.allResults = RESULTS;
    flushSync();
    options()[2]!.click();
    expect(onOpenResult).toHaveBeenCalledWith('Lists/dev', 300, 7);
    search.clear();
    search.resultCount = null;
    flushSync();
    expect(label()).toBe('Messages in Inbox');
  });
});
