// Component tests in jsdom: mount into document.body, unmount and empty the body after each test, fill a form
// field the way a user types, and the ResizeObserver jsdom lacks.

import { mount, unmount, type Component, type MountOptions } from 'svelte';

const mounted: ReturnType<typeof mount>[] = [];

/** Mounts `component` into document.body; `unmountAll` (run it in afterEach) removes it again. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the constraint svelte's own mount() uses
export function mountInBody<Props extends Record<string, any>>(
  component: Component<Props>,
  props?: Props,
): void {
  mounted.push(mount(component, { target: document.body, props } as MountOptions<Props>));
}

export function unmountAll(): void {
  for (const component of mounted.splice(0)) unmount(component);
  document.body.innerHTML = '';
}

/** Types `value` into the input inside the label whose text includes `label`. */
export function fill(label: string, value: string): void {
  const input = [...document.querySelectorAll('label')]
    .find((l) => l.textContent?.includes(label))
    ?.querySelector('input');
  if (!input) throw new Error(`no field ${label}`);
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

/** jsdom has no layout, hence no ResizeObserver (bind:clientHeight uses it): a stand-in that never reports. */
export function stubResizeObserver(): void {
  globalThis.ResizeObserver ??= class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  };
}
