// The composer's chunk: its state (the desk), its components and the SMTP client, loaded together the first
// time a message is written. Imported only dynamically (launcher.svelte.ts).

import './compose-messages.ts';
import { connectWebSocket } from '@webmail/imap-core';
import type { ImapClient, Transport } from '@webmail/imap-core';
import type { Component } from 'svelte';
import ComposeDock from '../../../components/compose/ComposeDock.svelte';
import { WorkerMessageParser } from '../../mail/parser-client.ts';
import type { MailClient } from '../mail-client.ts';
import { ComposeDesk, type ComposeDeskDeps } from './desk.svelte.ts';
import type { MessageAddress } from './draft-store.ts';
import type { ShownMessage } from './original.ts';
import type { EnvelopeLog } from './envelope-log.ts';
import type { ComposeAccount, IdentityStorage } from './identities.svelte.ts';
import { smtpConnect, smtpUrl } from './smtp-client.ts';

export interface ComposeBundle {
  readonly desk: ComposeDesk;
  readonly ComposeDock: Component<{ desk: ComposeDesk; narrow: boolean }>;
}

export interface ComposeBundleDeps {
  readonly account: ComposeAccount;
  readonly client: MailClient;
  readonly openImap: (wrap: (transport: Transport) => Transport) => Promise<ImapClient>;
  readonly withCredentials: ComposeDeskDeps['withCredentials'];
  readonly folders: ComposeDeskDeps['folders'];
  readonly envelopes: EnvelopeLog;
  readonly remoteAllowed?: (message: MessageAddress) => boolean;
  readonly shown?: (message: MessageAddress) => ShownMessage | null;
  /** Default: the relay's /smtp/<upstream> WebSocket on this page's origin. */
  readonly openSmtp?: () => Promise<Transport>;
  readonly smtpConnect?: ComposeDeskDeps['smtpConnect'];
  readonly storage?: IdentityStorage | null;
  readonly autosaveMs?: number;
}

export function loadComposeBundle(deps: ComposeBundleDeps): ComposeBundle {
  const desk = new ComposeDesk({
    ...deps,
    openSmtp: deps.openSmtp ?? (() => connectWebSocket(smtpUrl(location.origin, deps.account.upstream.name))),
    smtpConnect: deps.smtpConnect ?? smtpConnect,
    parser: new WorkerMessageParser(),
  });
  return { desk, ComposeDock };
}
