// What the remember measures (measure-remember.ts) watch inside a page that is being reloaded, installed as an
// init script after PAGE_PROBE. A reload has no input event: t0 is the new document's navigation start (its
// performance.timeOrigin, so every time here is ms from it). The script acts only in a document whose tab holds
// an expectation in sessionStorage (REMEMBER_EXPECT_KEY, set by the bench before page.reload()), so the app's
// own first load and every other measure are left alone:
//
//   phases    when the app first reads its sealed session (sessionStorage 'webmail.session': the app has
//             booted), each IndexedDB get (store, start, success) and each crypto.subtle.decrypt (start, end):
//             the vault's unseal and the mirror's record reads are told apart by these
//   mirror    the first frame that paints INBOX's row 0 with the expected message (what the mirror kept)
//   server    with `rows`: the first frame in which the list's first rows, their flags and read marks and the
//             folder's count are the server's after the changes (the reconcile is done, as the user sees it)
//   visible   the message at the top of the list's view after every DOM change from the mirror's paint to the
//             server's: more than one means the list jumped
//
// The WebSocket frames of the whole document are recorded by PAGE_PROBE (__user.record at document start).
// Nothing here changes what the app does: every wrapper calls through.

/** sessionStorage key of the expectation (RememberExpect, JSON) the script acts on. */
export const REMEMBER_EXPECT_KEY = 'bench.remember';

export interface RememberExpect {
  /** The UID row 0 shows from the mirror. */
  readonly first: number;
  /** The server's state after the changes: its first rows and the folder's count. */
  readonly server?: {
    readonly count: number;
    readonly rows: readonly { uid: number; flagged: boolean; seen: boolean }[];
  };
}

/** A painted frame: when the DOM first showed it, and the end of the frame that painted it. */
export interface PaintedAt {
  readonly seen: number;
  readonly painted: number;
}

export interface RememberRecords {
  readonly sessionRead: number | null;
  readonly idb: readonly { store: string; start: number; end: number }[];
  readonly decrypts: readonly { start: number; end: number }[];
  readonly mirror: PaintedAt | null;
  readonly server: PaintedAt | null;
  /** The UIDs at the top of the list's view, each time it changed, from the mirror's paint on. */
  readonly visible: readonly number[];
}

export const REMEMBER_PROBE = `(() => {
  if (window !== window.top) return;
  let expect = null;
  try { expect = JSON.parse(sessionStorage.getItem(${JSON.stringify(REMEMBER_EXPECT_KEY)}) ?? 'null'); } catch {}
  if (!expect) return;
  const r = { sessionRead: null, idb: [], decrypts: [], mirror: null, server: null, visible: [] };
  window.__remember = r;
  window.__user.record(false);

  const nativeGetItem = Storage.prototype.getItem;
  Storage.prototype.getItem = function getItem(key) {
    if (key === 'webmail.session' && r.sessionRead === null) r.sessionRead = performance.now();
    return nativeGetItem.call(this, key);
  };
  const nativeGet = IDBObjectStore.prototype.get;
  IDBObjectStore.prototype.get = function get(key) {
    const start = performance.now();
    const request = nativeGet.call(this, key);
    const store = this.name;
    request.addEventListener('success', () => r.idb.push({ store, start, end: performance.now() }));
    return request;
  };
  const subtle = crypto.subtle;
  const nativeDecrypt = subtle.decrypt;
  subtle.decrypt = function decrypt(...args) {
    const start = performance.now();
    const result = nativeDecrypt.apply(subtle, args);
    result.then(() => r.decrypts.push({ start, end: performance.now() }), () => undefined);
    return result;
  };

  const row = (i) => document.getElementById('message-row-' + i);
  const inInbox = () => document.querySelector('#message-pane-heading')?.textContent === 'Inbox';
  const mirrorShown = () => {
    const first = row(0);
    return inInbox() && first !== null && first.getAttribute('data-uid') === String(expect.first) &&
      (first.querySelector('.subject')?.textContent ?? '') !== '';
  };
  const serverShown = () => {
    const s = expect.server;
    if (!inInbox() || row(0)?.getAttribute('aria-setsize') !== String(s.count)) return false;
    return s.rows.every((want, i) => {
      const el = row(i);
      return el !== null && el.getAttribute('data-uid') === String(want.uid) &&
        (el.querySelector('.subject')?.textContent ?? '') !== '' &&
        (el.querySelector('.flag-toggle.on') !== null) === want.flagged &&
        el.classList.contains('unread') === !want.seen;
    });
  };
  /** The message whose row is the first one inside the list's view. */
  const topVisible = () => {
    const box = document.querySelector('[role="listbox"]');
    if (!box) return NaN;
    const top = box.getBoundingClientRect().top;
    let best = null;
    for (const option of box.querySelectorAll('[role="option"][data-uid]')) {
      const rect = option.getBoundingClientRect();
      if (rect.bottom > top + 1 && (best === null || rect.top < best.top)) best = { top: rect.top, uid: Number(option.getAttribute('data-uid')) };
    }
    return best === null ? NaN : best.uid;
  };
  /** Marks the frame that paints what was just seen: a task posted from its animation frame callback. */
  const paintedAfter = (seen, done) => requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => { channel.port1.close(); done({ seen, painted: performance.now() }); };
    channel.port2.postMessage(null);
  });
  let mirrorSeen = false;
  let serverSeen = expect.server === undefined;
  const check = () => {
    if (!mirrorSeen && mirrorShown()) {
      mirrorSeen = true;
      paintedAfter(performance.now(), (at) => { r.mirror = at; });
    }
    if (mirrorSeen && !serverSeen) {
      const uid = topVisible();
      if (Number.isFinite(uid) && r.visible[r.visible.length - 1] !== uid) r.visible.push(uid);
    }
    if (!serverSeen && mirrorSeen && serverShown()) {
      serverSeen = true;
      paintedAfter(performance.now(), (at) => { r.server = at; });
    }
    if (mirrorSeen && serverSeen) observer.disconnect();
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
})();`;
