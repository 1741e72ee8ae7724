// A transport that counts the bytes given to it, so that a large message on its way (a draft APPENDed with its
// attachments, a message in SMTP DATA) can show how far it has gone: what was handed over minus what the
// WebSocket still holds in its buffer (bufferedAmount). It also hands large writes on in pieces of SEND_PIECE
// bytes: imap-core writes an APPEND's literal in one send(), and the relay takes at most 2 MiB in one WebSocket
// message (its maxPayloadBytes), so a draft with a few megabytes of attachments would close the connection.

import type { Transport } from '@webmail/imap-core';

/** How often progress is reported while bytes are on their way. */
export const PROGRESS_INTERVAL_MS = 100;
/** The largest single write handed to the transport underneath (well under the relay's 2 MiB). */
export const SEND_PIECE = 256 * 1024;

export interface CountingTransport {
  readonly transport: Transport;
  /** Reports, every PROGRESS_INTERVAL_MS until stopped, the fraction of `total` bytes that left. */
  watch(total: number, report: (fraction: number) => void): () => void;
}

export function countingTransport(inner: Transport): CountingTransport {
  let sent = 0;
  const transport: Transport = {
    get secure() {
      return inner.secure;
    },
    get bufferedAmount() {
      return inner.bufferedAmount ?? 0;
    },
    open: (handlers) => inner.open(handlers),
    send: (bytes) => {
      sent += bytes.length;
      for (let at = 0; at < bytes.length; at += SEND_PIECE) inner.send(bytes.subarray(at, at + SEND_PIECE));
      if (bytes.length === 0) inner.send(bytes);
    },
    close: () => inner.close(),
    ...(inner.startTls ? { startTls: () => inner.startTls!() } : {}),
  };
  const watch = (total: number, report: (fraction: number) => void): (() => void) => {
    const start = sent;
    const timer = setInterval(() => {
      const handed = sent - start - (inner.bufferedAmount ?? 0);
      report(Math.max(0, Math.min(1, handed / Math.max(1, total))));
    }, PROGRESS_INTERVAL_MS);
    return () => clearInterval(timer);
  };
  return { transport, watch };
}
