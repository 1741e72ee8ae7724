// build/static-icons.ts writes icons whose props are all literals into the component's markup: each must be the
// <svg> LucideIcon.svelte draws for the same props, and anything it cannot write out stays a component.
import Flag from '@lucide/svelte/icons/flag';
import Trash2 from '@lucide/svelte/icons/trash-2';
import { flushSync } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { inlineIcons } from '../build/static-icons.ts';
import { mountInBody, unmountAll } from '../src/testing/dom.ts';

afterEach(unmountAll);

/** What an <svg> shows: its attributes (in any order) and its shapes (comments left out). */
function shown(svg: Element | null): { attributes: Record<string, string>; shapes: string[] } {
  const attributes = Object.fromEntries([...(svg?.attributes ?? [])].map((a) => [a.name, a.value]));
  return { attributes, shapes: [...(svg?.children ?? [])].map((shape) => shape.outerHTML) };
}

/** The <svg> LucideIcon.svelte draws for `component` with `props`. */
function drawn(component: typeof Flag, props: Record<string, unknown>): ReturnType<typeof shown> {
  mountInBody(component, props);
  flushSync();
  return shown(document.body.querySelector('svg'));
}

function inlined(markup: string): ReturnType<typeof shown> {
  const host = document.createElement('div');
  host.innerHTML = inlineIcons(markup).replace(/<script[\s\S]*?<\/script>/, '');
  return shown(host.querySelector('svg'));
}

describe('icons written into the markup', () => {
  it.each([
    ['<Flag size={13} />', Flag, { size: 13 }],
    ['<Flag size={16} aria-hidden="true" />', Flag, { size: 16, 'aria-hidden': 'true' }],
    ['<Flag size={40} strokeWidth={1.25} />', Flag, { size: 40, strokeWidth: 1.25 }],
    ['<Flag class="mark" size="18" />', Flag, { class: 'mark', size: '18' }],
  ])('%s is the <svg> the component draws', (usage, component, props) => {
    const source = `<script lang="ts">\n  import Flag from '@lucide/svelte/icons/flag';\n</script>\n\n${usage}\n`;
    expect(inlined(source)).toEqual(drawn(component, props));
  });

  it("draws an alias with its icon's shapes (trash-2 is trash)", () => {
    const source = `<script lang="ts">\n  import Trash2 from '@lucide/svelte/icons/trash-2';\n</script>\n<Trash2 size={16} />\n`;
    expect(inlined(source)).toEqual(drawn(Trash2, { size: 16 }));
  });

  it('drops the import once every use is written out, and keeps it while one is not', () => {
    const all = `<script lang="ts">\n  import Flag from '@lucide/svelte/icons/flag';\n  // a Flag in a comment\n</script>\n<Flag size={13} />\n<!-- Flag -->\n`;
    expect(inlineIcons(all)).not.toContain("from '@lucide/svelte/icons/flag'");
    const some = `<script lang="ts">\n  import Flag from '@lucide/svelte/icons/flag';\n</script>\n<Flag size={13} />\n<Flag size={size} />\n`;
    const out = inlineIcons(some);
    expect(out).toContain("import Flag from '@lucide/svelte/icons/flag';");
    expect(out).toContain('<Flag size={size} />');
    expect(out).not.toContain('<Flag size={13} />');
  });

  it.each([
    '<Flag size={size} />',
    '<Flag size={16} aria-label="Flagged" />',
    '<Flag {...rest} />',
    '<Flag size={16} color="red" />',
    '<Flag size={16}>text</Flag>',
    '<Flag size={a > b ? 1 : 2} />',
  ])('leaves %s a component', (usage) => {
    const source = `<script lang="ts">\n  import Flag from '@lucide/svelte/icons/flag';\n</script>\n${usage}\n`;
    expect(inlineIcons(source)).toBe(source);
  });

  it('leaves what is inside <script> and <style> alone', () => {
    const source = `<script lang="ts">\n  import Flag from '@lucide/svelte/icons/flag';\n  const text = '<Flag size={13} />';\n</script>\n<style>\n  /* <Flag size={13} /> */\n</style>\n`;
    expect(inlineIcons(source)).toBe(source);
  });
});
