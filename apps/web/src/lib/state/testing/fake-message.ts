// One message of the fake IMAP server's folders, as a test describes it. A leaf: the server (fake-imap.ts),
// its SEARCH matcher (fake-search.ts) and its response writer (fake-wire.ts) all read it. Only for tests.

export interface FakeMessage {
  uid: number;
  flags?: string[];
  /** RFC 5322 Date header; omitted means none. */
  date?: string;
  internalDate: Date;
  /** A string (sent as UTF-8) or raw bytes (raw 8-bit header). */
  subject?: string | Uint8Array;
  from?: { name?: string; mailbox: string; host: string };
  to?: { name?: string; mailbox: string; host: string }[];
  size?: number;
  attachment?: boolean;
  /** Text that BODY and TEXT searches look in. */
  body?: string;
  /** Extra header fields for HEADER searches (Subject, From, To, Date, Message-ID, Content-Type are built in). */
  headers?: Record<string, string>;
  /** CONDSTORE mod-sequence of the message's last change (default 1). */
  modseq?: number;
}
