// @webmail/testbed: a real Dovecot on loopback with a private config, and a generated multilingual corpus.

export type {
  CorpusAttachment,
  CorpusExpectation,
  CorpusFolder,
  CorpusMessage,
  DovecotServer,
  DovecotVariant,
  FolderShare,
  PublicFolder,
  PostfixDelivery,
  PostfixOptions,
  PostfixServer,
  SpecialUse,
  StartPostfixOptions,
  StartDovecotOptions,
  TestQuota,
  TestUser,
  UidValidityReset,
  UidValidityResetOptions,
} from './types.ts';

export { DEMO_USER, startDovecot } from './dovecot.ts';
export {
  DOVECOT_VARIANTS,
  diskNameOf,
  folderNameIn,
  LAYOUTS,
  NO_MOVE_UIDPLUS_CAPABILITIES,
  PLAIN_SERVER_CAPABILITIES,
} from './folder-layouts.ts';
export type { FolderLayout } from './folder-layouts.ts';
export { SHARED_PREFIX } from './dovecot-namespaces.ts';
export { startPostfix } from './postfix.ts';
export { IDN_ADDRESS, IDN_DOMAIN, IDN_DOMAIN_ASCII, MAIL_DOMAIN, SMTP_FAILURES } from './postfix-config.ts';
export { createCertificateAuthority, issueCertificate } from './pki.ts';
export type { CertificateFiles, IssueCertificateOptions } from './pki.ts';

export { buildCorpus } from './corpus/index.ts';
export type { BuildCorpusOptions } from './corpus/index.ts';
export { CORPUS_NOW } from './corpus/clock.ts';
export { BIG_FOLDER, CORPUS_FOLDERS, SPECIAL_USE_FOLDERS } from './corpus/folders.ts';
export { BIG_FOLDER_SEARCH_WORDS, bigFolderMessage } from './big-folder.ts';
export { findFreePort, findFreePorts } from './ports.ts';
export { proxyUpstream } from './proxy-upstream.ts';
export type { ProxyUpstreamOptions, TestbedSmtpUpstream, TestbedUpstream } from './proxy-upstream.ts';

export { decodeMailboxName, encodeMailboxName } from './mutf7.ts';
export { RawImap, quoted } from './raw-imap.ts';
export { RawSmtp } from './raw-smtp.ts';
export type { RawSmtpConnectOptions, RawSmtpReply } from './raw-smtp.ts';
export { appendMessage, openSession, snapshotFolder } from './third-party.ts';
export type { AppendedMessage, SnapshotMessage } from './third-party.ts';
export type { RawImapConnectOptions, RawImapResponse, RawImapResult } from './raw-imap.ts';
