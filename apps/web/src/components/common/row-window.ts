// Which rows of a virtualized list are in the DOM: the ones in view plus OVERSCAN on each side
// (VirtualListbox.svelte, for the folder's list and the all-folders search results).

/** Rows rendered beyond each edge of the view, so a small scroll never shows a gap. */
export const OVERSCAN = 6;
/** Row height in rem: the CSS and the arithmetic share it. */
export const ROW_REM = 3.5;

/** Where a row goes: its index, its element id (for aria-activedescendant) and its offset in pixels. */
export interface RowPlace {
  readonly index: number;
  readonly id: string;
  readonly top: number;
}

export interface RowWindow {
  /** First and last row in view (inclusive); last < first when there are no rows. */
  readonly first: number;
  readonly last: number;
  /** Rows to render, in view and overscan. */
  readonly indexes: readonly number[];
}

export function rowWindow(
  scrollTop: number,
  viewHeight: number,
  rowHeight: number,
  count: number,
): RowWindow {
  const first = Math.min(Math.floor(scrollTop / rowHeight), Math.max(0, count - 1));
  const last = Math.min(count - 1, Math.ceil((scrollTop + viewHeight) / rowHeight) - 1);
  const from = Math.max(0, first - OVERSCAN);
  const to = Math.min(count - 1, last + OVERSCAN);
  const indexes: number[] = [];
  for (let i = from; i <= to; i++) indexes.push(i);
  return { first, last, indexes };
}
