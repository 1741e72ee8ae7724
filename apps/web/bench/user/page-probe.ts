// What the user bench watches inside the page, installed as an init script before the app's own code runs
// (Playwright installs it through the DevTools protocol, which the app's CSP, script-src 'self', does not govern):
//
//   input     capturing pointerdown / keydown / wheel listeners on window take t0 of an armed measure: the first
//             trusted event of the armed kind (event.timeStamp, the time Chromium stamped the input, and the
//             time the listener ran, so input delay is a phase of its own). Dispatched events (isTrusted false)
//             are ignored, so a measure can only start from real input (Playwright's mouse and keyboard).
//   painted   a MutationObserver checks the armed condition after every DOM change; once it holds, a
//             requestAnimationFrame callback marks the frame that will paint it, and a message posted from that
//             callback runs once the frame's style, layout and paint are done: that is the end (inputToPaint).
//   WebSocket every frame both ways (a subclass of WebSocket: its 'message' listener is added in the
//             constructor, before the app's), with its byte length on the wire and the Latin-1 text of the
//             IMAP it carries, for IMAP round trips: after COMPRESS DEFLATE, unwrapped or inflated from a copy
//             (page-wire.ts). The app gets every frame exactly as it came.
//   Worker    the parser worker's requests and replies (postMessage and a 'message' listener added first).
//   DOMParser each parseFromString call, with the length parsed: DOMPurify starts every sanitize with one, so the
//             first call after the parser's reply is where sanitizing starts.
//
// Nothing here changes what the app does: every wrapper calls through. Records are kept only between
// record() and collect(), so the rest of a session pays next to nothing for them; the exception is a compressed
// connection, whose server bytes the probe inflates a second time all along (a stream cannot be joined midway),
// a small cost beside the app's own inflating, parsing and rendering of them. Two measures in a row (a click while
// the first one's sort still runs) share one recording, so the second sees the command it waits for.

import { PAGE_WIRE } from './page-wire.ts';

/** An armed measure's condition, checked in the page (see CONDITIONS in the script). */
export type Condition =
  | { kind: 'row'; index: number; uid: number; heading?: string }
  | { kind: 'text'; uid: number; snippet: string }
  | { kind: 'frame'; uid: number }
  | { kind: 'search'; word: string; rows: number }
  | { kind: 'flag'; uid: number; on: boolean }
  | { kind: 'read'; uid: number; seen: boolean }
  | { kind: 'gone'; uid: number }
  | { kind: 'opened'; uid: number };

export interface ArmOptions {
  /** The input that starts the measure. */
  readonly input: 'pointerdown' | 'keydown' | 'wheel';
  /** For keydown: the key that starts it (typing before it does not). */
  readonly key?: string;
  readonly until: Condition;
  readonly timeoutMs: number;
}

/** Page times (performance.now()) of one measure. */
export interface Shown {
  /** The input's own timestamp (Chromium's, when it took the event in): t0. */
  readonly input: number;
  /** When the capturing listener ran (the main thread was free to take the input). */
  readonly listener: number;
  /** When the MutationObserver first saw the condition hold (the app's work is done). */
  readonly seen: number;
  /** The animation frame after that (its callback: before the frame's style, layout and paint). */
  readonly raf: number;
  /** A task posted from that callback: the frame's rendering is done. */
  readonly painted: number;
  /** The page's performance.timeOrigin, to put other documents' times on this clock. */
  readonly origin: number;
  /** When the mail frame was first seen in the DOM (frame conditions), else null. */
  readonly frameInserted: number | null;
}

export interface ProbeFrame {
  readonly socket: number;
  readonly dir: 'in' | 'out';
  readonly t: number;
  readonly bytes: number;
  readonly text: string;
}

export interface ProbeRecords {
  /** WebSockets created while recording: when, and their URL path. */
  readonly sockets: readonly { socket: number; t: number; path: string }[];
  readonly opened: readonly { socket: number; t: number }[];
  readonly frames: readonly ProbeFrame[];
  readonly worker: readonly { dir: 'post' | 'reply'; t: number; kind: string; id: number }[];
  readonly parses: readonly { start: number; end: number; length: number }[];
  /**
   * The message list's aria-busy going on and off (opening and ordering a folder, list-model.svelte.ts):
   * when the last `busy: false` came, the folder's whole order was known (without SORT: every date read).
   */
  readonly listBusy: readonly { t: number; busy: boolean }[];
  /** Resource Timing entries that started while recording (the app's chunks, the worker, API calls). */
  readonly resources: readonly {
    name: string;
    start: number;
    end: number;
    transferSize: number;
    initiator: string;
  }[];
}

export const PAGE_PROBE = `(() => {
${PAGE_WIRE}
  const latin1 = new TextDecoder('latin1');
  const utf8 = new TextEncoder();
  const rec = { on: false, since: 0, sockets: [], opened: [], frames: [], worker: [], parses: [], listBusy: [] };
  let socketCount = 0;
  /** The last WebSocket frame either way, recorded or not: how long the connection has been quiet. */
  let lastTraffic = 0;
  let armed = null;
  let lastResult = null;

  const NativeWebSocket = window.WebSocket;
  const byteLength = (data) =>
    typeof data === 'string' ? utf8.encode(data).length : data instanceof Blob ? data.size : data.byteLength;
  /** A frame's bytes (a view, not a copy), or null for a Blob (the app asks for ArrayBuffers). */
  const bytesOf = (data) =>
    typeof data === 'string' ? utf8.encode(data)
      : data instanceof Blob ? null
      : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : new Uint8Array(data);
  class ProbedWebSocket extends NativeWebSocket {
    constructor(url, protocols) {
      super(url, protocols);
      const socket = ++socketCount;
      this.probeSocket = socket;
      // Every socket's bytes pass through its reader from the first, recording or not: a COMPRESS seen while
      // not recording still decides how the bytes after it read (page-wire.ts).
      this.probeWire = wireReader();
      if (rec.on) rec.sockets.push({ socket, t: performance.now(), path: new URL(this.url).pathname });
      this.addEventListener('open', () => {
        if (rec.on) rec.opened.push({ socket, t: performance.now() });
      });
      // A closed connection answers nothing more: its pending commands must not keep the app from quiet.
      this.addEventListener('close', () => pending.delete(socket));
      this.addEventListener('message', (event) => {
        const t = performance.now();
        lastTraffic = t;
        const bytes = bytesOf(event.data);
        // The frame keeps its wire size (compressed, what the user pays) and its arrival time; its text is
        // the IMAP it carries, filled in as it is read (at once, or once inflated).
        const record = rec.on ? { socket, dir: 'in', t, bytes: byteLength(event.data), text: '' } : null;
        if (record) rec.frames.push(record);
        if (bytes === null) return;
        // A copy: the app's own listener gets event.data untouched.
        this.probeWire.received(bytes.slice(), (imap) => receivedText(socket, record, latin1.decode(imap)));
      });
    }
    send(data) {
      const t = performance.now();
      lastTraffic = t;
      const bytes = bytesOf(data);
      const text = bytes === null ? '' : latin1.decode(this.probeWire.sent(bytes));
      if (rec.on) {
        rec.frames.push({ socket: this.probeSocket, dir: 'out', t, bytes: byteLength(data), text });
        sent(this.probeSocket, text);
      }
      super.send(data);
    }
  }
  window.WebSocket = ProbedWebSocket;

  // Tags sent while recording and not completed yet, per socket: the app is not quiet while one is pending
  // (a slow STORE sends nothing back until it is done). IDLE is left out (it ends only when the app says DONE).
  const pending = new Map();
  const carry = new Map();
  const sent = (socket, text) => {
    for (const line of text.split('\\r\\n')) {
      const match = /^([A-Za-z0-9]+) ((?:UID )?[A-Za-z]+)/.exec(line);
      if (!match || match[2].toUpperCase() === 'IDLE') continue;
      if (!pending.has(socket)) pending.set(socket, new Set());
      pending.get(socket).add(match[1]);
    }
  };
  /** IMAP text from the server, in order per socket (later than the frame when it had to be inflated). */
  const receivedText = (socket, record, text) => {
    if (record) record.text += text;
    // Completions are looked for after collect() too: a command sent while recording may end later.
    if ((pending.get(socket)?.size ?? 0) > 0) completed(socket, text);
    else carry.set(socket, '');
  };
  const completed = (socket, text) => {
    const tags = pending.get(socket);
    const joined = (carry.get(socket) ?? '') + text;
    for (const match of joined.matchAll(/(?:^|\\n)([A-Za-z0-9]+) (?:OK|NO|BAD)\\b/g)) tags.delete(match[1]);
    carry.set(socket, joined.slice(joined.lastIndexOf('\\n') + 1).slice(-200));
  };

  const NativeWorker = window.Worker;
  class ProbedWorker extends NativeWorker {
    constructor(url, options) {
      super(url, options);
      this.addEventListener('message', (event) => {
        if (rec.on) rec.worker.push({ dir: 'reply', t: performance.now(), kind: String(event.data?.kind ?? ''), id: Number(event.data?.id ?? 0) });
      });
    }
    postMessage(message, transfer) {
      if (rec.on) rec.worker.push({ dir: 'post', t: performance.now(), kind: String(message?.kind ?? ''), id: Number(message?.id ?? 0) });
      return transfer === undefined ? super.postMessage(message) : super.postMessage(message, transfer);
    }
  }
  window.Worker = ProbedWorker;

  const nativeParse = DOMParser.prototype.parseFromString;
  DOMParser.prototype.parseFromString = function parseFromString(text, type) {
    const start = performance.now();
    const result = nativeParse.call(this, text, type);
    if (rec.on) rec.parses.push({ start, end: performance.now(), length: String(text).length });
    return result;
  };

  // Only aria-busy, and only while recording: one attribute change per open and per order.
  new MutationObserver((mutations) => {
    if (!rec.on) return;
    for (const m of mutations) {
      if (m.target.getAttribute?.('role') !== 'listbox') continue;
      const busy = m.target.getAttribute('aria-busy') === 'true';
      const last = rec.listBusy[rec.listBusy.length - 1];
      if (last === undefined || last.busy !== busy) rec.listBusy.push({ t: performance.now(), busy });
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['aria-busy'] });

  const listbox = () => document.querySelector('[role="listbox"]');
  const rowOf = (uid) => document.querySelector('[role="listbox"] [role="option"][data-uid="' + uid + '"]');
  const READY = 'section[aria-label="Message"] .reader[data-status="ready"]';
  const articleOf = (uid) => document.querySelector(READY + ' article.message[data-uid="' + uid + '"]');

  const CONDITIONS = {
    row(c) {
      if (c.heading !== undefined && document.querySelector('#message-pane-heading')?.textContent !== c.heading) return false;
      const row = document.getElementById('message-row-' + c.index);
      return row !== null && row.getAttribute('data-uid') === String(c.uid) && (row.querySelector('.subject')?.textContent ?? '') !== '';
    },
    text(c) {
      const body = articleOf(c.uid)?.querySelector('[data-testid="text-body"]');
      return body !== null && body !== undefined && (body.textContent ?? '').includes(c.snippet);
    },
    frame(c, m) {
      // The body given to its frame: a new frame, or the reading pane's kept one, whose body is posted in the
      // same update that shows the article. When the frame paints it is read from the frame itself
      // (../frame-paint.ts); here the app's own part ends.
      const frame = articleOf(c.uid)?.querySelector('iframe.mail-frame');
      if (!frame) return false;
      m.frameInserted ??= performance.now();
      return true;
    },
    search(c) {
      // Every row of the first screen is a match: an 'all' search shows its header matches while the message
      // text is still searched, and that is when the user sees results.
      const first = document.getElementById('message-row-0');
      if (!first) return false;
      const n = Math.min(Number(first.getAttribute('aria-setsize')), c.rows);
      if (!(n > 0)) return false;
      for (let i = 0; i < n; i++) {
        const row = document.getElementById('message-row-' + i);
        if (!row || !row.hasAttribute('data-uid')) return false;
        if (!(row.querySelector('.subject')?.textContent ?? '').toLowerCase().includes(c.word.toLowerCase())) return false;
      }
      return true;
    },
    flag(c) {
      return rowOf(c.uid)?.querySelector('.flag-toggle')?.classList.contains('on') === c.on;
    },
    read(c) {
      const row = rowOf(c.uid);
      return row !== null && row.classList.contains('unread') === !c.seen;
    },
    opened(c, m) {
      const article = articleOf(c.uid);
      if (!article) return false;
      if (article.querySelector('iframe.mail-frame')) return CONDITIONS.frame(c, m);
      return (article.querySelector('[data-testid="text-body"]')?.textContent ?? '') !== '';
    },
    gone(c) {
      return rowOf(c.uid) === null && document.getElementById('message-row-0')?.hasAttribute('data-uid') === true;
    },
  };

  const onInput = (event) => {
    const m = armed;
    if (!m || m.input !== null || !event.isTrusted || event.type !== m.options.input) return;
    if (m.options.key !== undefined && event.key !== m.options.key) return;
    m.input = { timeStamp: event.timeStamp, listener: performance.now() };
    m.check();
  };
  for (const type of ['pointerdown', 'keydown', 'wheel'])
    window.addEventListener(type, onInput, { capture: true, passive: true });

  window.__user = {
    /** Starts recording afresh, or with \`continued\` goes on with what a collect(true) left. */
    record(continued) {
      rec.on = true;
      if (continued) return;
      pending.clear();
      carry.clear();
      rec.since = performance.now();
      rec.sockets = []; rec.opened = []; rec.frames = []; rec.worker = []; rec.parses = []; rec.listBusy = [];
    },
    /** What was recorded; with \`keep\` the recording goes on (for a measure that follows at once). */
    collect(keep) {
      const since = rec.since;
      const resources = performance.getEntriesByType('resource')
        .filter((e) => e.startTime >= since)
        .map((e) => ({ name: e.name, start: e.startTime, end: e.responseEnd, transferSize: e.transferSize, initiator: e.initiatorType }));
      const out = { sockets: rec.sockets, opened: rec.opened, frames: rec.frames, worker: rec.worker, parses: rec.parses, listBusy: rec.listBusy, resources };
      if (keep) return JSON.parse(JSON.stringify(out));
      rec.on = false;
      rec.sockets = []; rec.opened = []; rec.frames = []; rec.worker = []; rec.parses = []; rec.listBusy = [];
      return out;
    },
    /** Arms a measure; the Promise from result() settles once it is painted (or rejects after timeoutMs). */
    arm(options) {
      if (armed) throw new Error('a measure is already armed');
      const test = CONDITIONS[options.until.kind];
      if (!test) throw new Error('no condition ' + options.until.kind);
      let resolve, reject;
      const promise = new Promise((a, b) => { resolve = a; reject = b; });
      promise.catch(() => undefined);
      const m = { options, input: null, done: false, promise, frameInserted: null, check: () => {} };
      const observer = new MutationObserver(() => m.check());
      const finish = (error, value) => {
        m.done = true;
        observer.disconnect();
        clearTimeout(timer);
        if (armed === m) armed = null;
        if (error) reject(error); else resolve(value);
      };
      m.check = () => {
        if (m.done || m.input === null || !test(options.until, m)) return;
        const seen = performance.now();
        m.done = true;
        observer.disconnect();
        requestAnimationFrame(() => {
          const raf = performance.now();
          const channel = new MessageChannel();
          channel.port1.onmessage = () => {
            channel.port1.close();
            finish(null, { input: m.input.timeStamp, listener: m.input.listener, seen, raf, painted: performance.now(), origin: performance.timeOrigin, frameInserted: m.frameInserted });
          };
          channel.port2.postMessage(null);
        });
      };
      const timer = setTimeout(() => {
        if (!m.done) finish(new Error((m.input === null ? 'no trusted ' + options.input + ' arrived' : 'not shown') + ' within ' + options.timeoutMs + ' ms: ' + JSON.stringify(options.until)));
      }, options.timeoutMs);
      observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
      armed = m;
      lastResult = promise;
      return true;
    },
    result() {
      if (!lastResult) throw new Error('nothing armed');
      return lastResult;
    },
    disarm() {
      armed = null;
    },
    /** ms since the last WebSocket frame either way; 0 while a command sent while recording is pending. */
    quietFor() {
      for (const tags of pending.values()) if (tags.size > 0) return 0;
      return performance.now() - lastTraffic;
    },
  };
})();`;
