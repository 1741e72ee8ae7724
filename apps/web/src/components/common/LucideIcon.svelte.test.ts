// @lucide/svelte's icons, drawn by LucideIcon.svelte in place of the library's Icon (build/lucide-icon.ts, in
// this project's vitest config too): the <svg> the library renders, with its shapes.
import Flag from '@lucide/svelte/icons/flag';
import Reply from '@lucide/svelte/icons/reply';
import { flushSync } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { lucideIcon } from '../../../build/lucide-icon.ts';
import { mountInBody, unmountAll } from '../../testing/dom.ts';

afterEach(unmountAll);

describe('a Lucide icon', () => {
  it("is the library's <svg>: its size, stroke and classes, its shapes inside", () => {
    mountInBody(Flag, { size: 16, class: 'flag-icon', 'aria-hidden': 'true' });
    flushSync();
    const svg = document.querySelector('svg');
    expect(svg?.getAttribute('width')).toBe('16');
    expect(svg?.getAttribute('height')).toBe('16');
    expect(svg?.getAttribute('viewBox')).toBe('0 0 24 24');
    expect(svg?.getAttribute('fill')).toBe('none');
    expect(svg?.getAttribute('stroke')).toBe('currentColor');
    expect(svg?.getAttribute('stroke-width')).toBe('2');
    expect(svg?.getAttribute('stroke-linecap')).toBe('round');
    expect(svg?.getAttribute('aria-hidden')).toBe('true');
    expect([...(svg?.classList ?? [])]).toEqual(['lucide-icon', 'lucide', 'lucide-flag', 'flag-icon']);
    const shapes = [...(svg?.children ?? [])];
    expect(shapes.length).toBeGreaterThan(0);
    expect(shapes.every((shape) => shape.namespaceURI === 'http://www.w3.org/2000/svg')).toBe(true);
    expect(shapes[0]?.getAttribute('d')).toMatch(/^M/);
  });

  it('is hidden from assistive technology unless it is named', () => {
    mountInBody(Reply, {});
    mountInBody(Reply, { 'aria-label': 'Reply' });
    flushSync();
    const [plain, named] = document.querySelectorAll('svg');
    expect(plain?.getAttribute('aria-hidden')).toBe('true');
    expect(named?.hasAttribute('aria-hidden')).toBe(false);
    expect(named?.getAttribute('aria-label')).toBe('Reply');
  });

  it('draws each icon from one copy: two on screen have equal, separate shapes', () => {
    mountInBody(Flag, {});
    mountInBody(Flag, { color: 'red', strokeWidth: 3 });
    flushSync();
    const [first, second] = document.querySelectorAll('svg');
    expect(second?.getAttribute('stroke')).toBe('red');
    expect(second?.getAttribute('stroke-width')).toBe('3');
    expect(first?.innerHTML).toBe(second?.innerHTML);
    expect(first?.firstElementChild).not.toBe(second?.firstElementChild);
  });

  it('keeps its shapes when its attributes change: they are drawn once, not again with every update', () => {
    const props = $state({ class: 'off', 'aria-label': 'Flag' });
    mountInBody(Flag, props);
    flushSync();
    const svg = document.querySelector('svg');
    const shapes = [...(svg?.children ?? [])];
    props.class = 'on';
    props['aria-label'] = 'Unflag';
    flushSync();
    expect(svg?.classList.contains('on')).toBe(true);
    expect(svg?.getAttribute('aria-label')).toBe('Unflag');
    expect([...(svg?.children ?? [])]).toEqual(shapes);
    expect(svg?.firstElementChild).toBe(shapes[0]);
  });

  it('sets what else it is given as a spread would: left out when nullish or false, listeners once', () => {
    const clicks: string[] = [];
    const props = $state<Record<string, unknown>>({
      role: 'img',
      'data-on': true,
      'data-off': false,
      title: null,
      onclick: () => clicks.push('first'),
    });
    mountInBody(Flag, props);
    flushSync();
    const svg = document.querySelector('svg')!;
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('data-on')).toBe('');
    expect(svg.hasAttribute('data-off')).toBe(false);
    expect(svg.hasAttribute('title')).toBe(false);
    expect(svg.hasAttribute('onclick')).toBe(false);
    svg.dispatchEvent(new MouseEvent('click'));
    delete props.role;
    props.onclick = () => clicks.push('second');
    flushSync();
    expect(svg.hasAttribute('role')).toBe(false);
    expect(svg.getAttribute('data-on')).toBe('');
    svg.dispatchEvent(new MouseEvent('click'));
    expect(clicks).toEqual(['first', 'second']);
  });

  it("is this component: the build resolves the library's Icon import to it, and nothing else", () => {
    const plugin = lucideIcon();
    const resolve = plugin.resolveId as (source: string, importer?: string) => string | null;
    const icons = '/app/node_modules/.pnpm/@lucide+svelte/node_modules/@lucide/svelte/dist/icons';
    expect(resolve('../Icon.svelte', `${icons}/flag.svelte`)).toMatch(
      /components\/common\/LucideIcon\.svelte$/,
    );
    expect(resolve('../Icon.svelte', '/app/src/components/Other.svelte')).toBeNull();
    expect(resolve('./Icon.svelte', `${icons}/flag.svelte`)).toBeNull();
  });
});
