// Test helper: `openSecondary` for the search, each call a new ImapClient signed in to its own FakeImapServer
// with the same folders. `servers` keeps them in order of opening, so a test can read what each was sent.
import { ImapClient } from '@webmail/imap-core';
import { FakeImapServer } from './fake-imap.ts';
import type { FakeFolder, FakeServerOptions } from './fake-imap.ts';

export function secondaryConnections(folders: FakeFolder[], options: FakeServerOptions = {}) {
  const servers: FakeImapServer[] = [];
  const open = async (): Promise<ImapClient> => {
    const server = new FakeImapServer({ ...options, folders });
    servers.push(server);
    const client = await ImapClient.connect(server.transport());
    await client.login(options.user ?? 'demo', options.password ?? 'secret');
    return client;
  };
  return { servers, open };
}
