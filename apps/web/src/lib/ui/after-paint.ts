// Work that should not delay a frame: run in a task queued from that frame's animation callback, which the
// browser runs once the frame is painted (the same way the user bench marks a painted frame), or at an idle
// moment.

/** Runs `run` after the next frame has been painted; returns a function that cancels it. */
export function afterNextPaint(run: () => void): () => void {
  let cancelled = false;
  const go = (): void => {
    if (!cancelled) run();
  };
  // Without animation frames (a hidden page's are paused, jsdom may have none) a task is next best.
  if (typeof requestAnimationFrame === 'function' && document.visibilityState === 'visible') {
    requestAnimationFrame(() => setTimeout(go));
  } else {
    setTimeout(go);
  }
  return () => {
    cancelled = true;
  };
}

/** Runs `run` when the page is idle, at most `timeoutMs` later (without requestIdleCallback: after a task). */
export function whenIdle(run: () => void, timeoutMs: number): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: timeoutMs });
  else setTimeout(run);
}
