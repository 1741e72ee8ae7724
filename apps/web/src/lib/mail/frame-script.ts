// The one script that runs in the mail frame: ours, allowed by its SHA-256 in the frame's CSP (`script-src
// 'sha256-…'`, CSP Level 3 6.7.2.1) and in the app's own policy, which the srcdoc frame inherits. It tells the
// app how tall the mail is, so that the frame can be as tall as its content and the message reads as one page;
// the frame has an opaque origin (no allow-same-origin), so the app cannot measure it itself.
//
// What it does:
//   - at start, it posts {webmailFrameReady: true} to its parent: the frame listens from now on;
//   - at most once per animation frame, after the document's size changed, it posts
//     {webmailFrameHeight: <CSS px>, webmailFrameSeq: <the body's number>} to its parent;
//   - it takes one input, from its parent window only: {webmailFrameBody: <sanitized HTML>, webmailFrameSeq: n}
//     replaces the body's content (MailFrame.svelte sends the next message's body so: a new document per
//     message cost 45-55 ms more, see the web README's "The mail frame"). The HTML is DOMPurify's output, as a
//     srcdoc body would be; the frame's CSP governs it alike (no script of the mail can run either way).
// It reads no content and sends nothing anywhere else. It runs first in <head>, before any mail markup exists,
// and keeps its own references to what it uses, so mail markup cannot redefine them later (DOMPurify's
// SANITIZE_DOM removes names such as id="body" anyway).
//
// The hash below must be the hash of FRAME_SCRIPT exactly (frame-script.test.ts checks it), and the proxy's
// default CSP must list it (apps/proxy/src/security-headers.ts; the same test checks that too). An operator who
// replaces the CSP must keep it, or mail frames get a fixed height and scroll inside (see MailFrame.svelte).

/** What the frame posts to the app. */
export interface FrameHeightMessage {
  readonly webmailFrameHeight: number;
  /** The body it measured: 0 for the document's own, then the number of the body the app last sent. */
  readonly webmailFrameSeq: number;
}

/** What the app posts to the frame: a new body in place of the one shown. */
export interface FrameBodyMessage {
  readonly webmailFrameBody: string;
  readonly webmailFrameSeq: number;
}

export const FRAME_SCRIPT =
  '(()=>{"use strict";' +
  'const d=document,root=d.documentElement,up=parent,frame=requestAnimationFrame,toTop=scrollTo.bind(window),' +
  'bodyOf=Object.getOwnPropertyDescriptor(Document.prototype,"body").get,' +
  'setHtml=Object.getOwnPropertyDescriptor(Element.prototype,"innerHTML").set;' +
  'let sent=-1,queued=false,seq=0;' +
  'const report=()=>{queued=false;const body=bodyOf.call(d);' +
  'const height=Math.ceil(Math.max(root.getBoundingClientRect().height,body?body.scrollHeight:0));' +
  'if(height!==sent){sent=height;up.postMessage({webmailFrameHeight:height,webmailFrameSeq:seq},"*")}};' +
  'const schedule=()=>{if(!queued){queued=true;frame(report)}};' +
  'const observer=new ResizeObserver(schedule);observer.observe(root);' +
  'addEventListener("message",e=>{const m=e.data,body=bodyOf.call(d);' +
  'if(e.source!==up||!body||typeof m!=="object"||m===null||typeof m.webmailFrameBody!=="string"' +
  '||typeof m.webmailFrameSeq!=="number")return;' +
  'seq=m.webmailFrameSeq;setHtml.call(body,m.webmailFrameBody);toTop(0,0);sent=-1;schedule()});' +
  'd.addEventListener("DOMContentLoaded",()=>{const body=bodyOf.call(d);if(body)observer.observe(body);schedule()});' +
  'addEventListener("load",schedule);up.postMessage({webmailFrameReady:true},"*")})()';

/** `'sha256-<base64>'` of FRAME_SCRIPT, as a CSP source expression. */
export const FRAME_SCRIPT_HASH = "'sha256-k4E25xOvIcbdDOMRCbDPgvYrJKP0W93z05JMmKlvg08='";

/** A message from the frame's script: its height for a body, or that it listens. */
export type FrameReport =
  { readonly kind: 'height'; readonly height: number; readonly seq: number } | { readonly kind: 'ready' };

/** What a message from the frame's script says, or null when `data` is not one. */
export function frameReport(data: unknown): FrameReport | null {
  if (typeof data !== 'object' || data === null) return null;
  if ((data as { webmailFrameReady?: unknown }).webmailFrameReady === true) return { kind: 'ready' };
  const { webmailFrameHeight: height, webmailFrameSeq: seq } = data as Partial<FrameHeightMessage>;
  if (typeof height !== 'number' || !Number.isFinite(height) || height < 0) return null;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) return null;
  return { kind: 'height', height, seq };
}

/** The message that puts `html` (sanitizeMailHtml's) in a frame in place of its body, as body number `seq`. */
export function frameBody(html: string, seq: number): FrameBodyMessage {
  return { webmailFrameBody: html, webmailFrameSeq: seq };
}
