import { flushSync } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { mountInBody, unmountAll } from '../../testing/dom.ts';
import { FakeSearch } from '../messages/testing/fake-pane.svelte.ts';
import SearchBar from './SearchBar.svelte';

afterEach(unmountAll);

function render() {
  const search = new FakeSearch();
  mountInBody(SearchBar, { search, folderLabel: 'Inbox' });
  flushSync();
  return search;
}

const $ = <T extends Element = HTMLElement>(selector: string) => document.querySelector<T>(selector)!;
const button = (name: string) =>
  [...document.querySelectorAll<HTMLButtonElement>('button')].find(
    (b) => b.getAttribute('aria-label') === name || b.textContent?.trim() === name,
  )!;
const type = (input: HTMLInputElement, value: string) => {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  flushSync();
};
const press = (target: Element, key: string) => {
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
  flushSync();
};

describe('SearchBar', () => {
  it('is a search landmark with a searchbox named Search, and typing updates the search', () => {
    const search = render();
    expect($('[role="search"]')).not.toBeNull();
    const box = $<HTMLInputElement>('input[type="search"]');
    expect(box.getAttribute('aria-label')).toBe('Search');
    expect(box.placeholder).toBe('Search Inbox');
    type(box, 'отчёт');
    type(box, 'отчёт 2024');
    expect(search.calls).toEqual([
      ['update', { text: 'отчёт' }],
      ['update', { text: 'отчёт 2024' }],
    ]);
    press(box, 'Enter');
    press(box, 'Escape');
    expect(search.calls.slice(2)).toEqual([['run'], ['clear']]);
    expect(box.value).toBe('');
  });

  it('opens the options and sends each change: field, dates, unread, flagged, attachment, scope', () => {
    const search = render();
    const toggle = button('Search options');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    toggle.click();
    flushSync();
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const panel = document.getElementById(toggle.getAttribute('aria-controls')!)!;

    const field = panel.querySelector<HTMLSelectElement>('select')!;
    field.value = 'from';
    field.dispatchEvent(new Event('change', { bubbles: true }));
    const [since, before] = panel.querySelectorAll<HTMLInputElement>('input[type="date"]');
    since!.value = '2024-03-01';
    since!.dispatchEvent(new Event('change', { bubbles: true }));
    before!.value = '2024-03-31';
    before!.dispatchEvent(new Event('change', { bubbles: true }));
    for (const box of panel.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')) box.click();
    panel.querySelector<HTMLInputElement>('input[type="radio"][value="all"]')!.click();
    flushSync();
    expect(search.calls).toEqual([
      ['update', { field: 'from' }],
      ['update', { since: '2024-03-01' }],
      ['update', { before: '2024-03-31' }],
      ['update', { unread: true }],
      ['update', { flagged: true }],
      ['update', { attachment: true }],
      ['update', { scope: 'all' }],
    ]);
    expect($<HTMLInputElement>('input[type="search"]').placeholder).toBe('Search all folders');
    expect(panel.textContent).toContain('Has attachment');
  });

  it('shows the number of results with Clear', () => {
    const search = render();
    search.form = { ...search.form, text: 'invoice' };
    search.resultCount = 1234;
    flushSync();
    expect($('[role="status"]').textContent).toBe('1,234 messages found');
    button('Clear search').click();
    expect(search.calls).toEqual([['clear']]);
    search.resultCount = 0;
    flushSync();
    expect($('[role="status"]').textContent).toBe('No messages found');
  });

  it('shows the progress of a long search with Stop', () => {
    const search = render();
    search.running = true;
    flushSync();
    expect($('[role="status"]').textContent).toBe('Searching…');
    search.progress = { done: 3, total: 12, unit: 'folders' };
    flushSync();
    expect($('[role="status"]').textContent).toBe('Searched 3 of 12 folders');
    expect($('[role="progressbar"]').getAttribute('aria-valuenow')).toBe('25');
    button('Stop searching').click();
    expect(search.calls).toEqual([['cancel']]);
  });

  it('says why a search failed, and which folders could not be searched', () => {
    const search = render();
    search.error = { key: 'search.error.folderChanged', detail: '' };
    search.skipped = [{ path: 'Lists/big', error: { key: 'error.connection.closed', detail: '' } }];
    flushSync();
    expect($('[role="alert"]').textContent).toContain(
      'The search failed. The folder changed while it was searched. Search again.',
    );
    expect($('.warning').textContent).toContain('One folder could not be searched: Lists/big');
  });
});
