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
