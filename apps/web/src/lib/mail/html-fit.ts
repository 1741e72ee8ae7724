// Whether an HTML part can be sanitized and shown without freezing the app. The sanitizer (DOMPurify) has to
// run on the app's main thread, in the browser's own HTML parser, and that parser is not linear: 100,000 nested
// elements (1 MB) took Chromium about 60 s to parse, and 15 KB of formatting elements that the parser reopens
// for every paragraph (`<b id=1>…<b id=500>` then `<p>x</p>` 1,250 times) built 627,000 elements in 110 s.
// So every HTML part is first parsed here, in the parser worker, by parse5 (the WHATWG tree-construction
// algorithm the browser follows, so it builds the tree the browser would), counting as it goes:
//   - nesting deeper than MAX_HTML_DEPTH: no mail needs it (Outlook's deepest tables are a few dozen levels),
//     and each level makes every later element dearer for the browser's parser;
//   - an estimate of what sanitizing would cost on the app's main thread, from the elements and attributes
//     DOMPurify visits, the CSS the style filter reads and the bytes the parser reads (SANITIZE_COST_US, measured
//     with bench/sanitize-cost.ts); all the HTML parts of one message share SANITIZE_BUDGET_MS; and no element
//     with more than MAX_ATTRIBUTES_PER_ELEMENT attributes (DOMPurify's cost grows with their square).
// Counting stops at the first limit passed, so this costs at most what the limit allows, however the HTML is
// built. A part that does not fit is shown as text, with a notice and View source (shown-body.ts).

import { defaultTreeAdapter, parse, type DefaultTreeAdapterMap, type TreeAdapter } from 'parse5';
import {
  MAX_ATTRIBUTES_PER_ELEMENT,
  MAX_HTML_DEPTH,
  SANITIZE_BUDGET_MS,
  SANITIZE_COST_US,
} from './html-limits.ts';

export {
  MAX_ATTRIBUTES_PER_ELEMENT,
  MAX_HTML_DEPTH,
  SANITIZE_BUDGET_MS,
  SANITIZE_COST_US,
} from './html-limits.ts';

export interface HtmlCount {
  readonly elements: number;
  readonly attributes: number;
  readonly styleAttributes: number;
  /** Bytes of CSS: style attributes and the text of <style> elements. */
  readonly cssBytes: number;
  readonly bytes: number;
  /** The deepest nesting seen. */
  readonly depth: number;
}

export type HtmlFit =
  | { readonly fits: true; readonly estimateMs: number; readonly count: HtmlCount }
  | {
      readonly fits: false;
      /** `depth`: nested deeper than MAX_HTML_DEPTH; `cost`: over the budget. */
      readonly reason: 'depth' | 'cost';
      /** What was counted until the limit was passed. */
      readonly count: HtmlCount;
    };

/** Thrown by the counting tree adapter to stop parse5 at the first limit passed. */
class LimitPassed extends Error {
  constructor(readonly reason: 'depth' | 'cost') {
    super(reason);
  }
}

type Node = DefaultTreeAdapterMap['node'];

/** Measures one HTML part against `budgetMs` (what is left of the message's SANITIZE_BUDGET_MS). */
export function measureHtml(html: string, budgetMs: number = SANITIZE_BUDGET_MS): HtmlFit {
  const cost = SANITIZE_COST_US;
  const budgetUs = budgetMs * 1000;
  /** Template contents live in fragments of their own; the parser's stack goes through the template. */
  const templateOf = new WeakMap<Node, Node>();
  let elements = 0;
  let attributes = 0;
  let styleAttributes = 0;
  let cssBytes = 0;
  let depth = 0;
  const spent = (): number =>
    elements * cost.element +
    attributes * cost.attribute +
    styleAttributes * cost.styleAttribute +
    cssBytes * cost.cssByte +
    html.length * cost.byte;
  const count = (): HtmlCount => ({
    elements,
    attributes,
    styleAttributes,
    cssBytes,
    bytes: html.length,
    depth,
  });

  // The depth is walked up from the parent every time (at most MAX_HTML_DEPTH steps): the adoption agency moves
  // subtrees one level deeper, so a depth remembered per node would go stale, and low.
  const placed = (parent: Node, child: Node): void => {
    if (!defaultTreeAdapter.isElementNode(child)) return;
    let level = 1;
    for (let node: Node | null = parent; node !== null;) {
      if (defaultTreeAdapter.isElementNode(node) && ++level > MAX_HTML_DEPTH) {
        depth = level;
        throw new LimitPassed('depth');
      }
      node = ('parentNode' in node ? node.parentNode : null) ?? templateOf.get(node) ?? null;
    }
    if (level > depth) depth = level;
  };
  const adapter: TreeAdapter<DefaultTreeAdapterMap> = {
    ...defaultTreeAdapter,
    createElement(tagName, namespaceURI, attrs) {
      elements++;
      attributes += attrs.length;
      for (const attribute of attrs) {
        if (attribute.name !== 'style') continue;
        styleAttributes++;
        cssBytes += attribute.value.length;
      }
      if (attrs.length > MAX_ATTRIBUTES_PER_ELEMENT || spent() > budgetUs) throw new LimitPassed('cost');
      return defaultTreeAdapter.createElement(tagName, namespaceURI, attrs);
    },
    setTemplateContent(template, content) {
      templateOf.set(content, template);
      defaultTreeAdapter.setTemplateContent(template, content);
    },
    appendChild(parent, child) {
      placed(parent, child);
      defaultTreeAdapter.appendChild(parent, child);
    },
    insertBefore(parent, child, reference) {
      placed(parent, child);
      defaultTreeAdapter.insertBefore(parent, child, reference);
    },
    // Text is counted (CSS) but not kept: the tree builder never reads it back.
    insertText(parent, text) {
      if (defaultTreeAdapter.isElementNode(parent) && parent.tagName === 'style') {
        cssBytes += text.length;
        if (spent() > budgetUs) throw new LimitPassed('cost');
      }
    },
    insertTextBefore() {},
  };

  if (spent() > budgetUs) return { fits: false, reason: 'cost', count: count() };
  try {
    parse(html, { treeAdapter: adapter });
  } catch (error) {
    if (error instanceof LimitPassed) return { fits: false, reason: error.reason, count: count() };
    throw error;
  }
  return { fits: true, estimateMs: spent() / 1000, count: count() };
}
