// The envelopes the app has fetched (list rows, mostly), noted as they arrive so that the composer can suggest
// addresses the user has received mail from or written to without a server round trip per keystroke. Only the
// envelope objects imap-core already made are kept (no decoding here: that waits for the composer's first
// suggestion), at most ENVELOPE_LOG_LIMIT of them, newest kept. In memory only.

import type { Envelope, MailboxSnapshot, UntaggedResponse } from '@webmail/imap-core';

export interface LoggedEnvelope {
  readonly envelope: Envelope;
  /** The mailbox selected when it arrived (the Sent folder's envelopes name people written to). */
  readonly mailbox: string | null;
}

export const ENVELOPE_LOG_LIMIT = 3000;

interface EventSource {
  readonly mailbox: Pick<MailboxSnapshot, 'name'> | null;
  on(name: 'untagged', listener: (response: UntaggedResponse) => void): () => void;
}

export class EnvelopeLog {
  readonly #entries: LoggedEnvelope[] = [];
  readonly #limit: number;
  readonly #stop: () => void;

  constructor(client: EventSource, limit = ENVELOPE_LOG_LIMIT) {
    this.#limit = limit;
    this.#stop = client.on('untagged', (response) => {
      if (response.kind !== 'fetch') return;
      const envelope = response.attributes.envelope;
      if (envelope) this.#add({ envelope, mailbox: client.mailbox?.name ?? null });
    });
  }

  /** Hands over what was logged since the last call (oldest first) and forgets it. */
  take(): LoggedEnvelope[] {
    return this.#entries.splice(0);
  }

  dispose(): void {
    this.#stop();
    this.#entries.length = 0;
  }

  #add(entry: LoggedEnvelope): void {
    this.#entries.push(entry);
    // Trimmed in bulk, so a long session costs one splice per thousand envelopes rather than one per envelope.
    if (this.#entries.length > this.#limit + 1000)
      this.#entries.splice(0, this.#entries.length - this.#limit);
  }
}
