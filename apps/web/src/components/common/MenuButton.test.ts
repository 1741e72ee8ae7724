import { flushSync } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mountInBody, unmountAll } from '../../testing/dom.ts';
import MenuButton from './MenuButton.svelte';
import type { MenuItem } from './menu-item.ts';

afterEach(unmountAll);

function render(items: MenuItem[], extra: { emptyText?: string } = {}) {
  mountInBody(MenuButton, { label: 'Move to…', items, ...extra });
  flushSync();
  return document.querySelector<HTMLButtonElement>('[aria-haspopup="menu"]')!;
}

function folderItems(onSelect = vi.fn()): MenuItem[] {
  return [
    { id: 'a', label: 'Archive', onSelect: () => onSelect('a') },
    { id: 'p', label: 'Projects', disabled: true, onSelect: () => onSelect('p') },
    { id: 'r', label: 'Работа', indent: 1, onSelect: () => onSelect('r') },
    { id: 's', label: 'Sent', onSelect: () => onSelect('s') },
    { id: 'r2', label: 'Рецепты', onSelect: () => onSelect('r2') },
  ];
}

const menu = () => document.querySelector<HTMLElement>('[role="menu"]');
const items = () => [...document.querySelectorAll<HTMLElement>('[role="menuitem"]')];
const focused = () => document.activeElement?.textContent?.trim();
const press = (key: string, init: KeyboardEventInit = {}) => {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init });
  document.activeElement?.dispatchEvent(event);
  flushSync();
  return event;
};

describe('MenuButton', () => {
  it('is a named menu button whose menu is labelled by it and hidden until opened', () => {
    const button = render(folderItems());
    expect(button.getAttribute('aria-label')).toBe('Move to…');
    expect(button.title).toBe('Move to…');
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(menu()).toBeNull();
    button.click();
    flushSync();
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(menu()?.getAttribute('aria-labelledby')).toBe(button.id);
    expect(items().every((item) => item.tabIndex === -1)).toBe(true);
    expect(focused()).toBe('Archive');
  });

  it('moves over enabled items with the arrows (wrapping), Home and End, and by first letter', () => {
    const button = render(folderItems());
    button.focus();
    press('ArrowUp');
    expect(focused()).toBe('Рецепты');
    press('ArrowDown');
    expect(focused()).toBe('Archive');
    press('ArrowDown');
    expect(focused()).toBe('Работа');
    press('End');
    expect(focused()).toBe('Рецепты');
    press('Home');
    expect(focused()).toBe('Archive');
    press('р');
    expect(focused()).toBe('Работа');
    press('Р');
    expect(focused()).toBe('Рецепты');
    press('s');
    expect(focused()).toBe('Sent');
  });

  it('chooses with Enter or a click, closes and gives the focus back; disabled items do nothing', () => {
    const onSelect = vi.fn();
    const button = render(folderItems(onSelect));
    button.focus();
    press('Enter');
    press('ArrowDown');
    press(' ');
    expect(onSelect).toHaveBeenCalledWith('r');
    expect(menu()).toBeNull();
    expect(document.activeElement).toBe(button);

    button.click();
    flushSync();
    items()[1]!.click();
    flushSync();
    expect(onSelect).toHaveBeenCalledTimes(1);
    expect(menu()).not.toBeNull();
    items()[3]!.click();
    flushSync();
    expect(onSelect).toHaveBeenLastCalledWith('s');
  });

  it('closes with Escape (focus back on the button), with Tab, and with a click elsewhere', () => {
    const button = render(folderItems());
    button.focus();
    press('ArrowDown');
    const escape = press('Escape');
    expect(escape.defaultPrevented).toBe(true);
    expect(menu()).toBeNull();
    expect(document.activeElement).toBe(button);

    press('ArrowDown');
    expect(press('Tab').defaultPrevented).toBe(false);
    expect(menu()).toBeNull();

    button.click();
    flushSync();
    document.body.dispatchEvent(new MouseEvent('pointerdown', { bubbles: true }));
    flushSync();
    expect(menu()).toBeNull();
  });

  it('keeps the keys it handles from reaching page-wide shortcuts', () => {
    const outside = vi.fn();
    const button = render(folderItems());
    button.click();
    flushSync();
    window.addEventListener('keydown', outside);
    press('ArrowDown');
    press('j');
    press('Escape');
    window.removeEventListener('keydown', outside);
    expect(outside).not.toHaveBeenCalled();
  });

  it('says so when there is nothing to choose', () => {
    const button = render([], { emptyText: 'No other folder' });
    button.click();
    flushSync();
    expect(items().map((item) => [item.textContent?.trim(), item.getAttribute('aria-disabled')])).toEqual([
      ['No other folder', 'true'],
    ]);
  });
});
