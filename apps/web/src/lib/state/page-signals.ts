// What the page tells the mail state about itself: the browser came back online, the tab became visible (the
// moment to try a dropped connection again, and to count new mail as seen), and whether it is hidden now.
// An interface, so that tests drive it; outside a browser (Node tests) nothing ever fires.

export interface PageSignals {
  onOnline(listener: () => void): () => void;
  onVisible(listener: () => void): () => void;
  readonly hidden: boolean;
}

export function browserPageSignals(): PageSignals {
  const listen = (target: EventTarget | undefined, name: string, listener: () => void): (() => void) => {
    if (target === undefined) return () => {};
    target.addEventListener(name, listener);
    return () => target.removeEventListener(name, listener);
  };
  const win = typeof window === 'undefined' ? undefined : window;
  const doc = typeof document === 'undefined' ? undefined : document;
  return {
    onOnline: (listener) => listen(win, 'online', listener),
    onVisible: (listener) =>
      listen(doc, 'visibilitychange', () => {
        if (doc?.visibilityState === 'visible') listener();
      }),
    get hidden() {
      return doc?.hidden ?? false;
    },
  };
}
