import { createRawSnippet, flushSync } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mountInBody, stubResizeObserver, unmountAll } from '../../testing/dom.ts';
import type { RowPlace } from './row-window.ts';
import VirtualListbox from './VirtualListbox.svelte';

// No layout in jsdom: the listbox then assumes a screenful (12 rows) in view.
stubResizeObserver();
afterEach(unmountAll);

const row = createRawSnippet((place: () => RowPlace) => ({
  render: () => `<div role="option" id="${place().id}" data-top="${place().top}">Row ${place().index}</div>`,
}));

/** A listbox of `count` rows whose cursor the test keeps, as an owner would, with every handler recorded. */
function render(count: number, handlers: Record<string, unknown> = {}) {
  const state = $state({ cursor: 0, count });
  const calls: unknown[][] = [];
  const record =
    (name: string, answer?: unknown) =>
    (...args: unknown[]) => {
      calls.push([name, ...args]);
      return answer;
    };
  const props = {
    get count() {
      return state.count;
    },
    get cursor() {
      return state.cursor;
    },
    label: 'Things',
    idPrefix: 'thing',
    row,
    onviewport: record('viewport'),
    onmove: (index: number, extend: boolean) => {
      calls.push(['move', index, extend]);
      state.cursor = index;
    },
    onactivate: record('activate'),
  };
  // The handlers' own getters stay getters (a reactive prop), where a spread would read them once.
  Object.defineProperties(props, Object.getOwnPropertyDescriptors(handlers));
  mountInBody(VirtualListbox, props);
  flushSync();
  const listbox = document.querySelector<HTMLElement>('[role="listbox"]')!;
  const press = (key: string, init: KeyboardEventInit = {}): boolean => {
    const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init });
    listbox.dispatchEvent(event);
    flushSync();
    return event.defaultPrevented;
  };
  return { state, calls, listbox, press, record };
}

const rendered = () => [...document.querySelectorAll('[role="option"]')].map((option) => option.id);

describe('VirtualListbox', () => {
  it('renders only the rows near the view, placed one row height apart, and reports the rows in view', () => {
    const { calls, listbox } = render(10_000);
    expect(listbox.getAttribute('aria-label')).toBe('Things');
    expect(rendered()).toEqual(Array.from({ length: 18 }, (_, i) => `thing-${i}`));
    const tops = [...document.querySelectorAll<HTMLElement>('[role="option"]')].map((o) =>
      Number(o.dataset.top),
    );
    expect(tops[1]! - tops[0]!).toBe(tops[2]! - tops[1]!);
    expect(calls).toContainEqual(['viewport', 0, 11]);
  });

  it('points at the cursor row with aria-activedescendant, only while that row is rendered', () => {
    const { state, listbox } = render(100);
    expect(listbox.getAttribute('aria-activedescendant')).toBe('thing-0');
    state.cursor = 90;
    flushSync();
    expect(listbox.hasAttribute('aria-activedescendant')).toBe(false);
    state.cursor = -1;
    flushSync();
    expect(listbox.hasAttribute('aria-activedescendant')).toBe(false);
  });

  it.each<[string, number, number]>([
    ['ArrowDown', 5, 6],
    ['ArrowUp', 5, 4],
    ['ArrowUp', 0, 0],
    // A page is the rows in view less one (12 without layout): the last row stays in sight.
    ['PageDown', 5, 16],
    ['PageUp', 20, 9],
    ['PageUp', 5, 0],
    ['Home', 5, 0],
    ['End', 5, 99],
    ['ArrowDown', 99, 99],
    ['ArrowDown', -1, 0],
  ])('moves the cursor with %s from row %i to row %i, within the list', (key, from, to) => {
    const { state, calls, press } = render(100);
    state.cursor = from;
    flushSync();
    expect(press(key)).toBe(true);
    expect(calls.filter(([name]) => name === 'move')).toEqual([['move', to, false]]);
  });

  it('says a Shift-move extends, and leaves Ctrl, Cmd and Alt moves alone', () => {
    const { calls, press } = render(100);
    press('ArrowDown', { shiftKey: true });
    expect(press('ArrowDown', { ctrlKey: true })).toBe(false);
    expect(press('ArrowDown', { altKey: true })).toBe(false);
    expect(calls.filter(([name]) => name === 'move')).toEqual([['move', 1, true]]);
  });

  it('activates the cursor row with Enter, and with Space when it has no toggle', () => {
    const { state, calls, press } = render(10);
    state.cursor = 3;
    flushSync();
    press('Enter');
    press(' ');
    expect(calls.filter(([name]) => name === 'activate')).toEqual([
      ['activate', 3],
      ['activate', 3],
    ]);
  });

  it('hands Space, Ctrl/Cmd+A and Escape to the owner, and offers it every other key', () => {
    const escape = vi.fn(() => true);
    const key = vi.fn((event: KeyboardEvent) => event.key === 'u');
    const toggle = vi.fn();
    const all = vi.fn();
    const { press } = render(10, { ontoggle: toggle, onselectall: all, onescape: escape, onkey: key });
    expect(press(' ')).toBe(true);
    expect(toggle).toHaveBeenCalledWith(0);
    expect(press('a', { metaKey: true })).toBe(true);
    expect(press('A', { ctrlKey: true })).toBe(true);
    expect(all).toHaveBeenCalledTimes(2);
    expect(press('Escape')).toBe(true);
    escape.mockReturnValue(false);
    expect(press('Escape')).toBe(false); // nothing to clear: offered to onkey, which declines
    expect(press('u')).toBe(true);
    expect(press('x')).toBe(false);
    expect(key.mock.calls.map(([event]) => event.key)).toEqual(['Escape', 'u', 'x']);
  });

  it('does nothing with keys while it is empty', () => {
    const { calls, press } = render(0);
    expect(rendered()).toEqual([]);
    expect(press('ArrowDown')).toBe(false);
    expect(press('Enter')).toBe(false);
    expect(calls.filter(([name]) => name !== 'viewport')).toEqual([]);
  });

  it('takes its height from the ResizeObserver, never reading it while it renders (no forced layout)', () => {
    const callbacks: (() => void)[] = [];
    const original = globalThis.ResizeObserver;
    globalThis.ResizeObserver = class {
      constructor(callback: () => void) {
        callbacks.push(callback);
      }
      observe(): void {}
      unobserve(): void {}
      disconnect(): void {}
    } as unknown as typeof ResizeObserver;
    let reads = 0;
    let height = 0;
    const descriptor = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight');
    Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
      configurable: true,
      get(this: HTMLElement) {
        if (this.getAttribute('role') === 'listbox') reads++;
        return height;
      },
    });
    try {
      const { calls } = render(10_000);
      expect(reads).toBe(0);
      expect(rendered()).toHaveLength(18); // a screenful assumed until the observer says otherwise
      // Two rows high (3.5rem at jsdom's 16px): the rows in view and the overscan below.
      height = 2 * 56;
      for (const callback of callbacks) callback();
      flushSync();
      expect(rendered()).toEqual(Array.from({ length: 8 }, (_, i) => `thing-${i}`));
      expect(calls).toContainEqual(['viewport', 0, 1]);
      // A larger root font (the reader's own setting): rows follow it at the next callback.
      const style = vi
        .spyOn(window, 'getComputedStyle')
        .mockReturnValue({ fontSize: '20px' } as CSSStyleDeclaration);
      for (const callback of callbacks) callback();
      style.mockRestore();
      flushSync();
      const listbox = document.querySelector<HTMLElement>('[role="listbox"]')!;
      expect(listbox.style.getPropertyValue('--row-height')).toBe('70px');
    } finally {
      globalThis.ResizeObserver = original;
      if (descriptor) Object.defineProperty(HTMLElement.prototype, 'clientHeight', descriptor);
    }
  });

  it('goes back to the top when its reset key changes, and sets no scroll position at mount', () => {
    const descriptor = Object.getOwnPropertyDescriptor(Element.prototype, 'scrollTop');
    const positions = new WeakMap<Element, number>();
    let sets = 0;
    Object.defineProperty(Element.prototype, 'scrollTop', {
      configurable: true,
      get(this: Element) {
        return positions.get(this) ?? 0;
      },
      set(this: Element, value: number) {
        sets++;
        positions.set(this, value);
      },
    });
    try {
      const key = $state({ value: 'INBOX' });
      const { listbox } = render(10_000, {
        get resetKey() {
          return key.value;
        },
      });
      expect(sets).toBe(0); // a layout forced in the first render, for nothing
      positions.set(listbox, 56 * 100);
      listbox.dispatchEvent(new Event('scroll'));
      flushSync();
      expect(rendered()[0]).toBe('thing-94');
      key.value = 'Big';
      flushSync();
      expect(listbox.scrollTop).toBe(0);
      expect(rendered()[0]).toBe('thing-0');
    } finally {
      if (descriptor) Object.defineProperty(Element.prototype, 'scrollTop', descriptor);
    }
  });
});
