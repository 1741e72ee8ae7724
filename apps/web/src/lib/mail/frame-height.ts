// How tall the app makes a mail frame, from the heights the frame's script reports (frame-script.ts). The frame
// follows its content, within bounds that no mail can push past (a stepped CSS animation resized the frame
// forever; `height: 1000vh` grew it by 10x with every resize, up to Chromium's 33 million pixel limit):
//   - at most MAX_FRAME_HEIGHT_PX; taller content scrolls inside the frame;
//   - for a given width the frame only grows: content that shrinks again (an animation) leaves it as tall as it
//     was, so a cycle settles after one period instead of resizing the frame forever;
//   - a growth that answers our own resize within CHAIN_WINDOW_MS (content sized by the frame's own height: vh
//     units the CSS filter missed, `height: 100%` with padding) counts as chained; after MAX_CHAINED_GROWTHS in a
//     row, or MAX_GROWTHS_PER_WIDTH growths in all, the height stays and the rest scrolls inside;
//   - a new width (the pane was resized) starts over: the content reflows and may be shorter.
// The component applies a height at most once per animation frame. Times are in milliseconds on one clock.

/** The tallest a frame gets, in CSS pixels (about 60 screens). */
export const MAX_FRAME_HEIGHT_PX = 50_000;
/** Growths that follow one another, each within CHAIN_WINDOW_MS of the resize before it. */
export const MAX_CHAINED_GROWTHS = 3;
/** How soon after our resize a growth counts as its answer. */
export const CHAIN_WINDOW_MS = 150;
/** Growths for one width, after the first height. */
export const MAX_GROWTHS_PER_WIDTH = 40;

export class FrameHeight {
  #height: number | null = null;
  #width: number | null = null;
  /** The next report sets the height whatever it is (the first one, or the first for a new width). */
  #fresh = true;
  #growths = 0;
  #chained = 0;
  #lastChange = Number.NEGATIVE_INFINITY;
  #settled = false;

  /** The height to give the frame, or null before the first report. */
  get height(): number | null {
    return this.#height;
  }

  /** The frame stopped following its content (see the top of this file). */
  get settled(): boolean {
    return this.#settled;
  }

  /** The frame's width, whenever it may have changed; a new width lets the next report set any height. */
  setWidth(width: number): void {
    if (width === this.#width) return;
    this.#width = width;
    this.#growths = 0;
    this.#chained = 0;
    this.#settled = false;
    this.#lastChange = Number.NEGATIVE_INFINITY;
    this.#fresh = true;
  }

  /** A height the frame reported at `now`; returns the height to apply, or null to keep the current one. */
  report(reported: number, now: number): number | null {
    if (!Number.isFinite(reported) || reported < 0) return null;
    const wanted = Math.min(Math.ceil(reported), MAX_FRAME_HEIGHT_PX);
    if (this.#fresh) {
      this.#fresh = false;
      return this.#apply(wanted, now);
    }
    if (this.#settled || this.#height === null || wanted <= this.#height) return null;
    this.#chained = now - this.#lastChange < CHAIN_WINDOW_MS ? this.#chained + 1 : 0;
    this.#growths++;
    if (this.#chained > MAX_CHAINED_GROWTHS || this.#growths > MAX_GROWTHS_PER_WIDTH) {
      this.#settled = true;
      return null;
    }
    return this.#apply(wanted, now);
  }

  #apply(height: number, now: number): number | null {
    this.#lastChange = now;
    if (height === this.#height) return null;
    this.#height = height;
    return height;
  }
}
