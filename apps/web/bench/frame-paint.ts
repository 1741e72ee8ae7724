// When a mail frame painted its body, the same way for a new frame document and for the reading pane's kept
// frame, which gets the next body posted to the document already there (see MailFrame.svelte) and so has no
// second first-contentful-paint: the presentation time of the first text painted after the click.
//
// For a new document that is its first contentful paint. For a kept one, FRAME_PAINT_PROBE, a Playwright init
// script (page.addInitScript: it runs in every document, the opaque-origin srcdoc frames included, through the
// DevTools protocol), marks every element that gets text of its own with `elementtiming` before it is first
// painted (a MutationObserver, whose callback runs before the next rendering) and keeps the render times of
// the Element Timing entries on the epoch clock. In an out-of-process frame the init script may run only after
// a small document was parsed, so it cannot time a new document's first paint: hence both, and the earlier
// one after the click counts. A frame whose sandbox forbids scripts (the app before issue 12) runs no init
// script at all, and every open there is a new document.

import type { Frame } from 'playwright-core';

export const FRAME_PAINT_PROBE = `(() => {
  if (location.href !== 'about:srcdoc') return;
  const paints = (window.__benchPaints = []);
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      if (entry.renderTime > 0) paints.push(performance.timeOrigin + entry.renderTime);
  }).observe({ type: 'element', buffered: true });
  const textOf = (el) => [...el.childNodes].some((n) => n.nodeType === 3 && n.data.trim() !== '');
  const mark = (el) => {
    if (!el.hasAttribute('elementtiming') && textOf(el)) el.setAttribute('elementtiming', 'bench');
  };
  const markTree = (root) => {
    mark(root);
    for (const el of root.querySelectorAll('*')) mark(el);
  };
  new MutationObserver((records) => {
    for (const record of records)
      for (const node of record.addedNodes) {
        if (node.nodeType === 1) markTree(node);
        else if (node.nodeType === 3 && node.parentElement) mark(node.parentElement);
      }
  }).observe(document, { childList: true, subtree: true });
})();`;

export interface FramePaint {
  /** Epoch ms of the first text painted after `since`. */
  readonly at: number;
  readonly by: 'element-timing' | 'first-contentful-paint';
}

/** The frame's first paint of text after `since` (epoch ms), or null when there is none yet. */
export async function framePaintSince(frame: Frame, since: number): Promise<FramePaint | null> {
  const seen = await frame
    .evaluate((since) => {
      const paints = (window as unknown as { __benchPaints?: number[] }).__benchPaints ?? [];
      const after = paints.filter((t) => t >= since);
      const entry = performance.getEntriesByName('first-contentful-paint')[0];
      const fcp = entry ? performance.timeOrigin + entry.startTime : null;
      return {
        element: after.length > 0 ? Math.min(...after) : null,
        fcp: fcp !== null && fcp >= since ? fcp : null,
      };
    }, since)
    .catch(() => null);
  if (!seen) return null;
  const { element, fcp } = seen;
  if (fcp !== null && (element === null || fcp <= element)) return { at: fcp, by: 'first-contentful-paint' };
  return element === null ? null : { at: element, by: 'element-timing' };
}
