// Changes the test Dovecot behind the app's back, over direct IMAP (inject('imap')): a suite copies the messages
// it needs into a folder of its own, so that opening them (which marks them \Seen) never changes the corpus the
// other suites count on, and removes the folder afterwards, since other suites list every folder.
import { ImapClient } from '@webmail/imap-core';
import { connectTcp } from '@webmail/imap-core/node';
import type { Account } from './app.ts';

/** The part of inject('imap') these helpers use. */
export interface DirectImap {
  host: string;
  tlsPort: number;
  caPem: string;
}

export interface SeedMessage {
  raw: Uint8Array | string;
  flags?: readonly string[];
}

async function withClient<T>(
  imap: DirectImap,
  user: Account,
  work: (client: ImapClient) => Promise<T>,
): Promise<T> {
  const transport = await connectTcp({
    host: imap.host,
    port: imap.tlsPort,
    tls: 'implicit',
    ca: imap.caPem,
    servername: 'localhost',
  });
  const client = await ImapClient.connect(transport);
  try {
    await client.login(user.name, user.password);
    return await work(client);
  } finally {
    await client.logout().catch(() => undefined);
  }
}

/**
 * Creates and subscribes `folder` afresh (deleting what a failed run may have left) and appends `messages` in order, with
 * their flags; resolves with their UIDs in the same order.
 */
export function seedFolder(
  imap: DirectImap,
  user: Account,
  folder: string,
  messages: readonly SeedMessage[],
): Promise<number[]> {
  return withClient(imap, user, async (client) => {
    await client.delete(folder).catch(() => undefined);
    await client.create(folder);
    // As a mail client that creates a folder does: the app's tree shows subscribed folders.
    await client.subscribe(folder);
    const uids: number[] = [];
    for (const message of messages) {
      // \Recent is the server's to set; APPEND refuses it.
      const flags = (message.flags ?? []).filter((flag) => flag !== '\\Recent');
      const result = await client.append(folder, message.raw, { flags });
      const uid = result.uids[0]?.start;
      if (uid === undefined) throw new Error('the server sent no APPENDUID');
      uids.push(uid);
    }
    return uids;
  });
}

/** Deletes a suite's folder again. */
export function removeFolder(imap: DirectImap, user: Account, folder: string): Promise<void> {
  return withClient(imap, user, (client) => client.delete(folder));
}

/** A message's flags as the server has them now (a fresh read-only session, so nothing is cached). */
export function fetchFlags(
  imap: DirectImap,
  user: Account,
  folder: string,
  uid: number,
): Promise<readonly string[]> {
  return withClient(imap, user, async (client) => {
    await client.examine(folder);
    const { messages } = await client.fetch([{ start: uid, end: uid }], { flags: true });
    return messages[0]?.attributes.flags ?? [];
  });
}
