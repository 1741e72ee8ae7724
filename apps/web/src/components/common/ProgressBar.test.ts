// The progress bar is on screen while a folder opens and is ordered, which for a large folder without SORT is
// the second or so in which the main thread takes the server's dates in: its animation must not need that thread.
import { describe, expect, it } from 'vitest';
import source from './ProgressBar.svelte?raw';

/** Property names set inside the component's @keyframes rules. */
function keyframeProperties(source: string): string[] {
  const style = /<style>([\s\S]*)<\/style>/.exec(source)?.[1] ?? '';
  const names: string[] = [];
  for (const match of style.matchAll(/@keyframes\s+[\w-]+\s*\{((?:[^{}]*\{[^{}]*\})*)\s*\}/g)) {
    for (const declaration of (match[1] ?? '').matchAll(/([a-z-]+)\s*:/g)) names.push(declaration[1] ?? '');
  }
  return names;
}

/** What the component's `transition` declarations name. */
function transitioned(source: string): string[] {
  const style = /<style>([\s\S]*)<\/style>/.exec(source)?.[1] ?? '';
  return [...style.matchAll(/transition:\s*([a-z-]+)/g)].map((match) => match[1] ?? '');
}

describe('ProgressBar', () => {
  it('animates only what the compositor animates by itself (transform, opacity), not layout', () => {
    const animated = keyframeProperties(source);
    expect(animated.length).toBeGreaterThan(0);
    expect(animated.filter((name) => name !== 'transform' && name !== 'opacity')).toEqual([]);
  });

  it('moves the bar of a known fraction by transform too', () => {
    expect(transitioned(source)).toEqual(['transform']);
  });

  it('reads the properties of every keyframe', () => {
    const sample =
      '<style>@keyframes a { from { left: 0; } 50% { opacity: 1; } to { transform: none; } }</style>';
    expect(keyframeProperties(sample)).toEqual(['left', 'opacity', 'transform']);
  });
});
