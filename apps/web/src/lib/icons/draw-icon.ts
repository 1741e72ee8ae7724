// The shapes of a Lucide icon (its `node`: [tag, attributes] pairs, straight from @lucide/svelte's icon files),
// built once per icon as SVG elements and cloned into each <svg> that shows it (LucideIcon.svelte).

import type { Attachment } from 'svelte/attachments';

const SVG = 'http://www.w3.org/2000/svg';

/** A Lucide icon as its components pass it to their Icon. */
export interface IconData {
  readonly name?: string;
  readonly node: readonly (readonly [string, Readonly<Record<string, string | number>>, ...unknown[]])[];
}

const drawn = new WeakMap<IconData, DocumentFragment>();

function shapes(icon: IconData): DocumentFragment {
  let fragment = drawn.get(icon);
  if (!fragment) {
    fragment = document.createDocumentFragment();
    for (const [tag, attributes] of icon.node) {
      const shape = document.createElementNS(SVG, tag);
      for (const [name, value] of Object.entries(attributes)) shape.setAttribute(name, String(value));
      fragment.append(shape);
    }
    drawn.set(icon, fragment);
  }
  return fragment;
}

/** Puts `icon`'s shapes first in the <svg> it is attached to (before any children the caller renders). */
export function drawIcon(icon: IconData): Attachment<SVGSVGElement> {
  return (svg) => {
    const copy = shapes(icon).cloneNode(true) as DocumentFragment;
    const added = [...copy.childNodes];
    svg.prepend(copy);
    return () => {
      for (const shape of added) shape.remove();
    };
  };
}
