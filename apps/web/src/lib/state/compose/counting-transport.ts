// A transport that counts the bytes given to it, so that a large message on its way (a draft APPENDed with its
// attachments, a message in SMTP DATA) can show how far it has gone: what was handed over minus what the
// WebSocket still holds in its buffer (bufferedAmount).

import type { Transport } from '@webmail/imap-core';

/** How often progress is reported while bytes are on their way. */
export const PROGRESS_INTERVAL_MS = 100;

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
      inner.send(bytes);
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
