// The composer bench's side in the page: each helper arms a one-shot listener for the next trusted input event
// (captured: keydown or pointerdown, before the app's own handlers), then resolves `inputToPaint`, the time from
// that event to the animation frame after the DOM shows the result, with page times (performance.now()).
//
// A string installed with page.evaluate (tsx would wrap named functions of a callback in a helper the page does
// not have); ComposePage declares it for the type checker.

export interface InputToPaint {
  /** The input event's time. */
  readonly start: number;
  /** When a MutationObserver first saw the result in the DOM. */
  readonly seen: number;
  /** The animation frame after that. */
  readonly frame: number;
}

export interface ComposePage {
  /**
   * Arms: the next trusted `type` event (keydown, pointerdown) starts the clock; `shown` (a CSS selector) ends it
   * once it matches. Returns nothing; `result()` resolves with the times.
   */
  arm(type: 'keydown' | 'pointerdown', shown: string, timeoutMs: number): void;
  /** The next keydown to the animation frame after it (typing: the key's text in the editor, painted). */
  armKey(timeoutMs: number): void;
  result(): Promise<InputToPaint>;
}

export const COMPOSE_HELPERS = `
window.__compose = (() => {
  let pending = null;
  const waitFor = (selector, start, timeoutMs) =>
    new Promise((resolve, reject) => {
      let done = false;
      const check = () => {
        if (done || document.querySelector(selector) === null) return;
        done = true;
        observer.disconnect();
        clearTimeout(timer);
        const seen = performance.now();
        requestAnimationFrame(() => resolve({ start, seen, frame: performance.now() }));
      };
      const observer = new MutationObserver(check);
      const timer = setTimeout(() => {
        if (done) return;
        done = true;
        observer.disconnect();
        reject(new Error(selector + ' not shown within ' + timeoutMs + ' ms'));
      }, timeoutMs);
      observer.observe(document, { subtree: true, childList: true, attributes: true });
      check();
    });
  return {
    arm(type, shown, timeoutMs) {
      pending = new Promise((resolve, reject) => {
        addEventListener(type, (event) => {
          if (!event.isTrusted) return;
          waitFor(shown, performance.now(), timeoutMs).then(resolve, reject);
        }, { capture: true, once: true });
      });
      pending.catch(() => undefined);
    },
    armKey(timeoutMs) {
      pending = new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no key within ' + timeoutMs + ' ms')), timeoutMs);
        addEventListener('keydown', (event) => {
          const start = performance.now();
          // The key's own frame: after its input is applied (ProseMirror handles beforeinput/input), the next
          // animation frame paints it.
          requestAnimationFrame(() => {
            clearTimeout(timer);
            resolve({ start, seen: performance.now(), frame: performance.now() });
          });
        }, { capture: true, once: true });
      });
      pending.catch(() => undefined);
    },
    result() {
      if (!pending) throw new Error('arm first');
      return pending;
    },
  };
})();
`;
