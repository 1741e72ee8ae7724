import { describe, expect, it } from 'vitest';
import {
  CHAIN_WINDOW_MS,
  FrameHeight,
  MAX_CHAINED_GROWTHS,
  MAX_FRAME_HEIGHT_PX,
  MAX_GROWTHS_PER_WIDTH,
} from './frame-height.ts';

/** Feeds [height, time] reports; returns what was applied (null: kept). */
function feed(sizer: FrameHeight, reports: readonly (readonly [number, number])[]): (number | null)[] {
  return reports.map(([height, now]) => sizer.report(height, now));
}

describe('FrameHeight', () => {
  it('takes the first height, rounded up, and follows content that grows', () => {
    const sizer = new FrameHeight();
    sizer.setWidth(600);
    expect(
      feed(sizer, [
        [300.2, 0],
        [900, 1000],
        [1200, 2000],
      ]),
    ).toEqual([301, 900, 1200]);
    expect(sizer.height).toBe(1200);
  });

  it('never passes MAX_FRAME_HEIGHT_PX (1000vh grew a frame to 33 million pixels)', () => {
    const sizer = new FrameHeight();
    expect(sizer.report(33_554_428, 0)).toBe(MAX_FRAME_HEIGHT_PX);
    expect(sizer.report(Number.MAX_VALUE, 1000)).toBeNull();
    expect(sizer.height).toBe(MAX_FRAME_HEIGHT_PX);
  });

  it('ignores what is not a height', () => {
    const sizer = new FrameHeight();
    expect(
      feed(sizer, [
        [Number.NaN, 0],
        [-5, 0],
        [Number.POSITIVE_INFINITY, 0],
      ]),
    ).toEqual([null, null, null]);
    expect(sizer.height).toBeNull();
  });

  it('does not shrink for the same width, so an animation that grows and shrinks settles after one period', () => {
    const sizer = new FrameHeight();
    sizer.setWidth(600);
    const period = [400, 500, 600, 500, 400];
    const applied = [0, 1, 2].flatMap((cycle) =>
      feed(
        sizer,
        period.map((height, step) => [height, cycle * 10_000 + step * 1000] as const),
      ),
    );
    expect(applied.filter((h) => h !== null)).toEqual([400, 500, 600]);
  });

  it('stops following growth that answers its own resize (content sized by the frame: vh, height: 100%)', () => {
    const sizer = new FrameHeight();
    sizer.setWidth(600);
    let height = 320;
    const applied: (number | null)[] = [sizer.report(height, 0)];
    // Each answer comes a frame after the resize, twice as tall, as `height: 200vh` would be.
    for (let step = 1; step <= 10; step++) {
      height *= 2;
      applied.push(sizer.report(height, step * 16));
    }
    expect(applied.filter((h) => h !== null)).toHaveLength(1 + MAX_CHAINED_GROWTHS);
    expect(sizer.settled).toBe(true);
    expect(sizer.report(height * 10, 10_000)).toBeNull();
  });

  it('counts slow growths too: a stepped animation cannot resize the frame forever', () => {
    const sizer = new FrameHeight();
    sizer.setWidth(600);
    let applied = 0;
    for (let step = 0; step < 10_000; step++) {
      if (sizer.report(100 + step, step * (CHAIN_WINDOW_MS + 100)) !== null) applied++;
    }
    expect(applied).toBe(1 + MAX_GROWTHS_PER_WIDTH);
  });

  it('starts over for a new width, where the content may be shorter', () => {
    const sizer = new FrameHeight();
    sizer.setWidth(400);
    feed(sizer, [
      [2000, 0],
      [2500, 1000],
    ]);
    sizer.setWidth(800);
    expect(sizer.report(1200, 2000)).toBe(1200);
    expect(sizer.report(1100, 3000)).toBeNull();
    sizer.setWidth(800);
    expect(sizer.report(1100, 4000)).toBeNull();
  });

  it('lets a settled frame follow its content again once the width changes', () => {
    const sizer = new FrameHeight();
    sizer.setWidth(400);
    for (let step = 0; step < 10; step++) sizer.report(100 * 2 ** step, step * 16);
    expect(sizer.settled).toBe(true);
    sizer.setWidth(500);
    expect(sizer.settled).toBe(false);
    expect(sizer.report(700, 5000)).toBe(700);
  });
});
