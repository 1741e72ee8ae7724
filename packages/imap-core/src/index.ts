// @webmail/imap-core: the public API. Browser-safe (no Node imports); Node transports live in
// '@webmail/imap-core/node'.

// Client and transports
export {
  ImapClient,
  DEFAULT_GREETING_TIMEOUT_MS,
  DEFAULT_IDLE_RENEW_MS,
  DEFAULT_IDLE_RESUME_DELAY_MS,
  DEFAULT_RESPONSE_TIMEOUT_MS,
} from './client.ts';
export type { ClientOptions, IdleHandle } from './client.ts';
export type { Transport, TransportHandlers, Timers } from './transport.ts';
export {
  connectWebSocket,
  imapWebSocketUrl,
  closeError as webSocketCloseError,
  PROXY_CLOSE_CODES,
} from './websocket-transport.ts';
export type { WebSocketLike, WebSocketConstructor } from './websocket-transport.ts';
export { deflateStoredBlocks, MAX_STORED_BLOCK } from './deflate-stored-blocks.ts';
export { canInflate, InflateStream } from './inflate-stream.ts';
export type { InflateHandlers } from './inflate-stream.ts';

// Sans-I/O session and mailbox state
export { Session } from './session.ts';
export type {
  SessionOptions,
  SessionEvents,
  CommandHandle,
  TraceEvent,
  CompletedEvent,
  StatusEvent,
  MailboxListEvent,
  NotifyOverflowEvent,
  SentEvent,
  UnreadableEvent,
} from './session.ts';
export { SelectedMailbox } from './mailbox.ts';
export type { MailboxEvents, MailboxSnapshot, AccessMode } from './mailbox.ts';

// Commands (for Session.execute / ImapClient.run)
export type { Command, CommandContext, CommandEffect } from './commands/command.ts';
export { appendCommand } from './commands/append.ts';
export type { AppendOptions, AppendResult } from './commands/append.ts';
export { authenticatePlainCommand } from './commands/authenticate.ts';
export { capabilityCommand } from './commands/capability.ts';
export { closeCommand, unselectCommand } from './commands/close.ts';
export { uidCopyCommand } from './commands/copy.ts';
export type { CopyResult, CopyUid } from './commands/copy.ts';
export { createCommand } from './commands/create.ts';
export type { CreateOptions } from './commands/create.ts';
export { deleteCommand } from './commands/delete.ts';
export { enableCommand } from './commands/enable.ts';
export { expungeCommand, uidExpungeCommand } from './commands/expunge.ts';
export type { ExpungeResult } from './commands/expunge.ts';
export { uidFetchCommand } from './commands/fetch.ts';
export type {
  FetchItems,
  FetchOptions,
  FetchResult,
  FetchedMessage,
  SectionRequest,
} from './commands/fetch.ts';
export { idCommand } from './commands/id.ts';
export type { IdParams } from './commands/id.ts';
export { idleCommand } from './commands/idle.ts';
export type { IdleCommand } from './commands/idle.ts';
export { listCommand } from './commands/list.ts';
export type { ListOptions, ListResult } from './commands/list.ts';
export { loginCommand } from './commands/login.ts';
export { logoutCommand } from './commands/logout.ts';
export { getMetadataCommand, setMetadataCommand } from './commands/metadata.ts';
export type { GetMetadataOptions, MetadataResult } from './commands/metadata.ts';
export { MoveIncompleteError, moveMessages, uidMoveCommand } from './commands/move.ts';
export type { MoveOptions, MoveResult } from './commands/move.ts';
export { namespaceCommand } from './commands/namespace.ts';
export type { Namespaces } from './commands/namespace.ts';
export { noopCommand } from './commands/noop.ts';
export { notifyCommand } from './commands/notify.ts';
export type {
  NotifyEvent,
  NotifyMailboxGroup,
  NotifyMessageEvent,
  NotifyResult,
  NotifySpec,
} from './commands/notify.ts';
export { rawCommand } from './commands/raw.ts';
export type { RawOptions, RawResult } from './commands/raw.ts';
export { renameCommand } from './commands/rename.ts';
export { uidEsearchCommand, uidSearchCommand } from './commands/search.ts';
export type { ESearchResult, SearchReturn } from './commands/search.ts';
export type { SearchKey } from './commands/search-criteria.ts';
export { selectCommand } from './commands/select.ts';
export type { QresyncParameters, SelectOptions, SelectResult } from './commands/select.ts';
export { uidSortCommand } from './commands/sort.ts';
export type { SortCriterion, SortKey, SortOptions } from './commands/sort.ts';
export { starttlsCommand } from './commands/starttls.ts';
export { COMPRESS_DEFLATE, compressCommand } from './commands/compress.ts';
export { statusCommand } from './commands/status.ts';
export type { StatusItem } from './commands/status.ts';
export { uidStoreCommand } from './commands/store.ts';
export type { StoreOptions, StoreResult } from './commands/store.ts';
export { subscribeCommand } from './commands/subscribe.ts';

// Transcript analyzer (library form of the imap-transcript CLI)
export { analyzeTranscript } from './transcript.ts';
export type { TranscriptEvent, TranscriptOptions } from './transcript.ts';

// Encoder and small helpers
export { CommandWriter } from './wire/encoder.ts';
export type { EncoderOptions, EncodedCommand } from './wire/encoder.ts';
export { encodeModifiedUtf7, decodeModifiedUtf7 } from './utf7.ts';
export {
  isVerbatimMailboxName,
  joinMailboxName,
  mailboxDisplayName,
  mailboxLeafName,
  mailboxNameFromWire,
  mailboxWireBytes,
  parentMailboxName,
} from './mailbox-names.ts';
export type { MailboxNameOptions } from './mailbox-names.ts';
export { formatSequenceSet, indexInAscending, parseSequenceSet, rangesFromNumbers } from './seqset.ts';

// Errors and shared vocabulary
export {
  ErrorCodes,
  ImapError,
  ProtocolError,
  CommandError,
  UsageError,
  ConnectionError,
  UntrustedResultError,
} from './errors.ts';
export type { ErrorCode } from './errors.ts';
export { asUid, asSeqNum } from './types.ts';
export type * from './types.ts';
export type * from './wire/response.ts';
