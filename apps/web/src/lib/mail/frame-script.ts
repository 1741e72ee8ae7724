// The one script that runs in the mail frame: ours, allowed by its SHA-256 in the frame's CSP (`script-src
// 'sha256-…'`, CSP Level 3 6.7.2.1) and in the app's own policy, which the srcdoc frame inherits. It tells the
// app how tall the mail is, so that the frame can be as tall as its content and the message reads as one page;
// the frame has an opaque origin (no allow-same-origin), so the app cannot measure it itself.
//
// What it does: at most once per animation frame, after the document's size changed, it posts
// {webmailFrameHeight: <CSS px>} to its parent. It reads no content, sends nothing anywhere else, and takes no
// input: nothing the mail does can change what it sends but the height. It runs first in <head>, before any mail
// markup exists, and keeps its own references to what it uses, so mail markup cannot redefine them later
// (DOMPurify's SANITIZE_DOM removes names such as id="body" anyway).
//
// The hash below must be the hash of FRAME_SCRIPT exactly (frame-script.test.ts checks it), and the proxy's
// default CSP must list it (apps/proxy/src/security-headers.ts; the same test checks that too). An operator who
// replaces the CSP must keep it, or mail frames get a fixed height and scroll inside (see MailFrame.svelte).

/** The message the frame posts to the app. */
export interface FrameHeightMessage {
  readonly webmailFrameHeight: number;
}

export const FRAME_SCRIPT =
  '(()=>{"use strict";' +
  'const d=document,root=d.documentElement,up=parent,frame=requestAnimationFrame,' +
  'bodyOf=Object.getOwnPropertyDescriptor(Document.prototype,"body").get;' +
  'let sent=-1,queued=false;' +
  'const report=()=>{queued=false;const body=bodyOf.call(d);' +
  'const height=Math.ceil(Math.max(root.getBoundingClientRect().height,body?body.scrollHeight:0));' +
  'if(height!==sent){sent=height;up.postMessage({webmailFrameHeight:height},"*")}};' +
  'const schedule=()=>{if(!queued){queued=true;frame(report)}};' +
  'const observer=new ResizeObserver(schedule);observer.observe(root);' +
  'd.addEventListener("DOMContentLoaded",()=>{const body=bodyOf.call(d);if(body)observer.observe(body);schedule()});' +
  'addEventListener("load",schedule)})()';

/** `'sha256-<base64>'` of FRAME_SCRIPT, as a CSP source expression. */
export const FRAME_SCRIPT_HASH = "'sha256-lriIQxrXleAYhbd5RxovSdny1ACEIZ727Obk5D97dD0='";

/** The height in a message from the frame's script, or null when `data` is not one. */
export function reportedHeight(data: unknown): number | null {
  if (typeof data !== 'object' || data === null) return null;
  const height = (data as Partial<FrameHeightMessage>).webmailFrameHeight;
  return typeof height === 'number' && Number.isFinite(height) && height >= 0 ? height : null;
}
