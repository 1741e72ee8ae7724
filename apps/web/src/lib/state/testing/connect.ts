// Test helper: an ImapClient signed in to a FakeImapServer.
import { ImapClient } from '@webmail/imap-core';
import { FakeImapServer } from './fake-imap.ts';
import type { FakeServerOptions } from './fake-imap.ts';

export async function signedIn(
  options: FakeServerOptions = {},
): Promise<{ server: FakeImapServer; client: ImapClient }> {
  const server = new FakeImapServer(options);
  const client = await ImapClient.connect(server.transport());
  await client.login(options.user ?? 'demo', options.password ?? 'secret');
  return { server, client };
}
