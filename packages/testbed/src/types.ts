// The testbed's public vocabulary. Others code against these names: keep them stable.

export interface TestUser {
  name: string;
  password: string;
}

export type DovecotVariant = 'full' | 'no-move-uidplus';

export interface StartDovecotOptions {
  /** 'no-move-uidplus' stops advertising MOVE and UIDPLUS (Dovecot still executes them). Default 'full'. */
  variant?: DovecotVariant;
  /** Seed the standard corpus (all folders, 70+ messages) for the first user. Default false. */
  corpus?: boolean;
  /** The clock the corpus dates count back from. Default CORPUS_NOW (a fixed date). */
  corpusNow?: Date;
  /** Messages written straight into the first user's folder "Big". Default 0 (no Big folder unless corpus). */
  bigFolderSize?: number;
  /** Default [DEMO_USER]. Names and passwords must not contain ':' or line breaks. */
  users?: TestUser[];
  /** Default: a fresh mkdtemp directory, removed by stop(). Must be short (unix socket paths live inside). */
  baseDir?: string;
  /** Default: free loopback ports. */
  ports?: { imap?: number; imaps?: number };
  /** Leave baseDir in place after stop(); a later start on the same baseDir reuses the mail. Default false. */
  keepData?: boolean;
}

export interface DovecotServer {
  host: '127.0.0.1';
  /** Plaintext IMAP; STARTTLS is advertised. */
  imapPort: number;
  /** Implicit TLS. */
  imapsPort: number;
  /** PEM of the CA that signed the server certificate (subjectAltName localhost and 127.0.0.1). */
  caPem: string;
  caFile: string;
  users: TestUser[];
  baseDir: string;
  variant: DovecotVariant;
  /** Dovecot's log file (all services). */
  logFile: string;
  /** PID of the Dovecot master process. */
  pid: number;
  /** The user's Maildir root (INBOX lives here; folders are subdirectories named in modified UTF-7). */
  maildir(user: string): string;
  /**
   * Drops a message into a folder the way an MTA does: written to tmp/, renamed into new/ (or cur/ when
   * flags are given). Dovecot sees it through inotify, so a client in IDLE gets EXISTS promptly.
   */
  deliver(user: string, folder: string, raw: Uint8Array | string, flags?: string[]): Promise<void>;
  /** PIDs of every process of this Dovecot instance (master and services); empty once stopped. */
  processes(): number[];
  /** Stops Dovecot (SIGTERM, SIGKILL after 5 s), waits for all its processes, removes baseDir unless keepData. */
  stop(): Promise<void>;
}

export type SpecialUse = '\\Drafts' | '\\Sent' | '\\Trash' | '\\Junk' | '\\Archive';

export interface CorpusFolder {
  /** UTF-8 display name, '/' as hierarchy separator. */
  name: string;
  /** The name on the wire and on disk: modified UTF-7 (RFC 3501 §5.1.3). */
  wireName: string;
  specialUse?: SpecialUse;
}

export interface CorpusAttachment {
  filename: string;
  /** Decoded size in bytes. */
  size: number;
}

export interface CorpusExpectation {
  /** Decoded Subject ('' when the message has none). */
  subject: string;
  /** From address (addr-spec, as written). */
  from?: string;
  /** Decoded From display name. */
  fromName?: string;
  messageId?: string;
  /** Snippets found in the decoded text (plain or HTML) of the message. */
  textIncludes?: string[];
  attachments?: CorpusAttachment[];
}

export interface CorpusMessage {
  /** Stable slug, e.g. 'gbk-b-subject'. */
  id: string;
  folder: string;
  /** System flags and keywords as IMAP spells them, e.g. ['\\Seen', '$Forwarded']. */
  flags: string[];
  internalDate: Date;
  /** UID inside its folder when seeded by startDovecot (folders are seeded in internalDate order). */
  uid: number;
  /** Exact bytes (CRLF line ends); FETCH BODY[] returns them unchanged. */
  raw: Uint8Array;
  expect: CorpusExpectation;
}
