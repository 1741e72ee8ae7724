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

/**
 * The attributes a caller gave an icon beyond those LucideIcon names (aria-*, role, title, style, data-*...),
 * set on its <svg> as a spread would set them: null, undefined and false leave the attribute out, true sets it
 * empty; `on…` functions are listeners. Undone when they change (the attachment is made again).
 */
export function setAttributes(attributes: Readonly<Record<string, unknown>>): Attachment<SVGSVGElement> {
  return (svg) => {
    const listeners: [string, EventListener][] = [];
    const set: string[] = [];
    for (const [name, value] of Object.entries(attributes)) {
      if (typeof value === 'function' && name.startsWith('on')) {
        listeners.push([name.slice(2), value as EventListener]);
      } else if (value !== null && value !== undefined && value !== false) {
        svg.setAttribute(name, value === true ? '' : String(value));
        set.push(name);
      }
    }
    for (const [type, listener] of listeners) svg.addEventListener(type, listener);
    return () => {
      for (const [type, listener] of listeners) svg.removeEventListener(type, listener);
      for (const name of set) svg.removeAttribute(name);
    };
  };
}
