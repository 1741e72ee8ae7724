// The testbed's public vocabulary. Others code against these names: keep them stable.

export interface TestUser {
  name: string;
  password: string;
  /** A storage quota (Dovecot's quota plugin, loaded for this user only). Default: none. */
  quota?: TestQuota;
}

/**
 * Dovecot 2.3.19 checks a quota when a message is appended or copied, but not when it is moved between
 * folders of one namespace (a move cannot raise the usage). `fullFolder` is the way to see a move refused.
 */
export interface TestQuota {
  /**
   * Limit in KiB for all the user's mail together (quota root `User`, virtual sizes, no grace). APPEND and
   * UID COPY that would pass it get `NO [OVERQUOTA] Quota exceeded (mailbox for user is full)`; UID MOVE
   * between the user's folders is never refused.
   */
  storageKb?: number;
  /**
   * A top-level folder (created and subscribed at start) that refuses every message: APPEND, UID COPY and
   * UID MOVE into it all get `NO [OVERQUOTA] Quota exceeded (mailbox for user is full)`. It is a namespace of
   * its own (prefix `<name>/`, quota root `Full`), because Dovecot checks a move only when it enters a
   * namespace with a quota its source lacks. ASCII letters, digits, `.`, `_`, `-`; not INBOX or a corpus folder.
   */
  fullFolder?: string;
}

/**
 * 'full': Dovecot as configured for the app (SPECIAL-USE, CONDSTORE..., a shared namespace).
 * 'no-move-uidplus': MOVE and UIDPLUS not advertised. 'courier': everything under `INBOX.` with '.' as
 * separator; 'cyrus': everything under `INBOX/`; both without SPECIAL-USE, LIST-STATUS, NOTIFY,
 * LIST-EXTENDED, ESEARCH, SORT, CONDSTORE, QRESYNC, and with plainly (also Russian, Chinese) named special
 * folders. README.md ("Variants") has the names.
 */
export type DovecotVariant = 'full' | 'no-move-uidplus' | 'courier' | 'cyrus';

/**
 * One folder a user shares with another (ACL, RFC 4314): in the 'full' variant the other user sees it as
 * `shared/<owner>/<folder>`, in the 'cyrus' variant as Cyrus shows it, `user/<owner>/<folder>`.
 */
export interface FolderShare {
  /** The user whose folder it is. */
  owner: string;
  /** The folder, as the owner sees it ('INBOX', 'Работа', '工作/项目'). */
  folder: string;
  /** Who may see it: the folder appears to them as `shared/<owner>/<folder>`. */
  with: string;
  /** RFC 4314 rights. Default 'lrs' (look up, read, keep \Seen). */
  rights?: string;
}

export interface StartDovecotOptions {
  /** How mail is laid out and what is advertised (see DovecotVariant). Default 'full'. */
  variant?: DovecotVariant;
  /** Folders shared between users once the server is up ('full' variant only). Default none. */
  shares?: FolderShare[];
  /**
   * IMAP METADATA (RFC 5464): Dovecot's `imap_metadata` with a file dict in each user's home, advertised as
   * METADATA in every variant (appended to the fixed capability lists). Default false.
   */
  metadata?: boolean;
  /**
   * Dovecot creates the special folders (Drafts, Sent, Junk, Trash, Archive) at login when they are missing.
   * False: it leaves them missing, so a test can delete one (with another client) and see what the app does.
   * Default true.
   */
  autoCreateSpecial?: boolean;
  /**
   * The ACL plugin (RFC 4314) in every variant (the default variant has it for its shared namespace): a user
   * can SETACL their own folders, e.g. take away their own right to create folders under the Inbox, as an
   * administrator's policy would. Advertised as ACL. Default false.
   */
  acl?: boolean;
  /**
   * 'cyrus' variant only: Cyrus's shared folders, a public namespace with an empty prefix (NAMESPACE
   * `(("INBOX/" "/")) (("user/" "/")) (("" "/"))`), holding these folders (each with its raw messages),
   * readable by every user. Default none (and no such namespace).
   */
  publicFolders?: readonly PublicFolder[];
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
  /**
   * Also start the testbed's Postfix (`true`, or its options): submission with SASL against this Dovecot,
   * delivery over LMTP into it. `server.smtp` is then set, and `stop()` stops Postfix first. Default false.
   */
  smtp?: boolean | PostfixOptions;
}

/**
 * How Postfix hands mail to Dovecot. 'lmtp': over Dovecot's LMTP socket (the common setup); Dovecot 2.3's
 * LMTP does not offer SMTPUTF8, so a message sent with SMTPUTF8 is accepted and then bounced. 'lda':
 * pipe(8) to dovecot-lda, which delivers SMTPUTF8 mail too.
 */
export type PostfixDelivery = 'lmtp' | 'lda';

/** Options of the testbed's Postfix (startPostfix() or `startDovecot({ smtp })`). */
export interface PostfixOptions {
  /** Default 'lmtp'. */
  delivery?: PostfixDelivery;
  /**
   * Offer SMTPUTF8 (RFC 6531). false: as mail servers in front of Dovecot are often configured
   * (smtputf8_enable = no), so a client must fall back to A-labels and RFC 2047. Default true.
   */
  smtputf8?: boolean;
  /**
   * Postfix's message_size_limit, advertised as `SIZE <n>` and enforced (`552 5.3.4`). Postfix counts the
   * queue file: the message plus the envelope and the Received header it adds (about 500 bytes). Default
   * 10 240 000 (Postfix's own default).
   */
  maxMessageBytes?: number;
  /** Default: free loopback ports. */
  ports?: { submission?: number; submissions?: number; plain?: number };
}

export interface StartPostfixOptions extends PostfixOptions {
  /** The Dovecot it authenticates against and delivers into (any server startDovecot() returned). */
  dovecot: DovecotServer;
}

/** A private Postfix on 127.0.0.1 in front of a testbed Dovecot. */
export interface PostfixServer {
  host: '127.0.0.1';
  /** Submission (RFC 6409) with STARTTLS; AUTH is offered only after STARTTLS. */
  submissionPort: number;
  /** Submission over implicit TLS (RFC 8314); AUTH offered. */
  submissionsPort: number;
  /** Plaintext submission without TLS, AUTH offered: loopback only, for relays configured with tls 'none'. */
  plainPort: number;
  /** The domain every user's address is in: 'webmail.test'. */
  domain: string;
  /** `用户@例子.测试`: an internationalized address (SMTPUTF8) delivered to the second user (first if alone). */
  idnAddress: string;
  /** The user that receives mail for idnAddress. */
  idnUser: string;
  /** Advertised SIZE (message_size_limit). */
  maxMessageBytes: number;
  delivery: PostfixDelivery;
  smtputf8: boolean;
  /** The Dovecot's CA (the same certificate serves IMAP and SMTP). */
  caPem: string;
  caFile: string;
  /** Where config, queue and data live (a temp dir of its own, removed by stop()). */
  baseDir: string;
  /** Postfix's log (maillog_file). */
  logFile: string;
  /** PID of the master process. */
  pid: number;
  /** `<user>@webmail.test` for a testbed user. */
  addressOf(user: string): string;
  /** PIDs of the master and all its daemons; empty once stopped. */
  processes(): number[];
  /** Messages in Postfix's queue (incoming, active, deferred, hold, maildrop); 0 once all are delivered. */
  queuedMessages(): number;
  /** Stops Postfix (its daemons get SIGTERM), removes baseDir. Idempotent. */
  stop(): Promise<void>;
}

export interface DovecotServer {
  host: '127.0.0.1';
  /** The Postfix started with `startDovecot({ smtp })`; undefined otherwise. */
  smtp: PostfixServer | undefined;
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
  /** A corpus folder's name as this variant's clients see it (e.g. 'Sent' is 'INBOX.Отправленные'). */
  folderName(corpusFolder: string): string;
  /**
   * Drops a message into a folder the way an MTA does: written to tmp/, renamed into new/ (or cur/ when
   * flags are given). Dovecot sees it through inotify, so a client in IDLE gets EXISTS promptly. `folder`
   * (here and in resetUidValidity) is named as the variant's clients see it: 'INBOX.Работа' in 'courier'.
   */
  deliver(user: string, folder: string, raw: Uint8Array | string, flags?: string[]): Promise<void>;
  /** PIDs of every process of this Dovecot instance (master and services); empty once stopped. */
  processes(): number[];
  /**
   * Stops Dovecot and starts it again on the same ports with the same mail and config, resolving once a
   * LOGIN works again. Open sessions end (selected or not, each gets `* BYE Server shutting down`).
   * `pid` changes.
   */
  restart(): Promise<void>;
  /**
   * Gives `folder` a new UIDVALIDITY behind Dovecot's back, as an administrator's tool would: the messages
   * stay (same files, flags and bodies) and are numbered 1..n again; the folder's index files are removed so
   * Dovecot rebuilds them. Nothing is pushed to sessions that have the folder selected; the next command of
   * one ends it with `* BYE IMAP session state is inconsistent, please relogin.` (a UID STORE/MOVE is refused
   * first), unless another session opened the folder in between within the second the stale index was made
   * in (the rebuilt index then has the same id): then it gets `NO [SERVERBUG]` and lives on. README.md and
   * test/uid-validity.test.ts have the transcripts.
   */
  resetUidValidity(
    user: string,
    folder: string,
    options?: UidValidityResetOptions,
  ): Promise<UidValidityReset>;
  /** Stops Dovecot (SIGTERM, SIGKILL after 5 s), waits for all its processes, removes baseDir unless keepData. */
  stop(): Promise<void>;
}

export interface UidValidityResetOptions {
  /** Default: the old UIDVALIDITY + 1 (RFC 3501 §2.3.1.1: it must grow). */
  uidValidity?: number;
  /**
   * 'kept' (default): UIDs 1..n in the old UID order (messages Dovecot had not numbered yet last), so a
   * folder without gaps keeps its numbers. 'reversed': the newest message gets UID 1, so a stale UID names
   * another message (all but the middle one of an odd count) and a mistaken command shows.
   */
  order?: 'kept' | 'reversed';
}

export interface UidValidityReset {
  /** UIDVALIDITY before the reset (0 if Dovecot had not written the folder's dovecot-uidlist yet). */
  previous: number;
  uidValidity: number;
  /** Messages in the folder, now UIDs 1..count. */
  count: number;
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

/** A folder of the public namespace (StartDovecotOptions.publicFolders). */
export interface PublicFolder {
  /** Its name, '/' between levels ('Announcements', 'Объявления/2026'). */
  readonly name: string;
  /** Raw RFC 5322 messages, UIDs 1..n in this order. */
  readonly messages: readonly string[];
}
