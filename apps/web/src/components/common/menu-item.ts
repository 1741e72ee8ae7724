// One entry of a MenuButton's menu. Plain data, so a menu's contents are computed where its state lives.

export interface MenuItem {
  /** Unique within the menu (a folder path, a keyword, an action name). */
  readonly id: string;
  readonly label: string;
  readonly onSelect: (event: MouseEvent | KeyboardEvent) => void;
  /** Makes the item a menuitemcheckbox in this state. */
  readonly checked?: boolean;
  /** A color swatch before the label (a label's color). */
  readonly color?: string;
  /** Indentation level (a folder's depth), 0 for none. */
  readonly indent?: number;
  readonly disabled?: boolean;
  /** Tooltip (the full path of a folder, a shortcut). */
  readonly hint?: string;
  /** Draws a separator above the item. */
  readonly separated?: boolean;
}

/** Index of the next enabled item from `from` in direction `step`, wrapping; -1 when none is enabled. */
export function nextEnabled(items: readonly MenuItem[], from: number, step: 1 | -1): number {
  const count = items.length;
  for (let i = 1; i <= count; i++) {
    const index = (((from + step * i) % count) + count) % count;
    if (!items[index]?.disabled) return index;
  }
  return -1;
}

/** Type-ahead: the next enabled item after `from` whose label starts with `prefix` (case-insensitive). */
export function itemStartingWith(items: readonly MenuItem[], from: number, prefix: string): number {
  const wanted = prefix.toLocaleLowerCase();
  const count = items.length;
  for (let i = 1; i <= count; i++) {
    const index = (from + i) % count;
    const item = items[index];
    if (item && !item.disabled && item.label.toLocaleLowerCase().startsWith(wanted)) return index;
  }
  return -1;
}

/** What the open menu does with a key: hooks for the component that owns the menu's state. */
export interface MenuKeyHandlers {
  moveTo(index: number): void;
  choose(index: number, event: KeyboardEvent): void;
  /** Escape (`restoreFocus` true) or Tab (false, the focus moves on by itself). */
  close(restoreFocus: boolean): void;
}

/**
 * The ARIA menu keyboard (arrows wrapping over disabled items, Home/End, Enter/Space, Escape, Tab, a first
 * letter). Keys it acts on stop there: the tree or list under a menu moves on the same keys, and page-wide
 * shortcuts (U, S, J, Delete) must not see them.
 */
export function handleMenuKey(
  event: KeyboardEvent,
  items: readonly MenuItem[],
  active: number,
  on: MenuKeyHandlers,
): void {
  switch (event.key) {
    case 'ArrowDown':
      on.moveTo(nextEnabled(items, active, 1));
      break;
    case 'ArrowUp':
      on.moveTo(nextEnabled(items, active < 0 ? 0 : active, -1));
      break;
    case 'Home':
      on.moveTo(nextEnabled(items, -1, 1));
      break;
    case 'End':
      on.moveTo(nextEnabled(items, 0, -1));
      break;
    case 'Enter':
    case ' ':
      on.choose(active, event);
      break;
    case 'Escape':
      on.close(true);
      break;
    case 'Tab':
      on.close(false);
      return;
    default:
      if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
        on.moveTo(itemStartingWith(items, active, event.key));
        break;
      }
      return;
  }
  event.preventDefault();
  event.stopPropagation();
}
