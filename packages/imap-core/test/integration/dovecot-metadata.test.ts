// GETMETADATA and SETMETADATA (RFC 5464) against a real Dovecot 2.3.19 with the testbed's `metadata` option, in
// the Cyrus layout (folders under INBOX/, no SPECIAL-USE): what a client storing folder roles meets.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot } from '@webmail/testbed';
import type { DovecotServer } from '@webmail/testbed';
import { ImapClient } from '../../src/client.ts';
import { getMetadataCommand, setMetadataCommand } from '../../src/commands/metadata.ts';
import { ErrorCodes } from '../../src/errors.ts';
import { connectTcp } from '../../src/node/index.ts';

describe('Dovecot METADATA', () => {
  let server: DovecotServer;
  let client: ImapClient;
  beforeAll(async () => {
    server = await startDovecot({ variant: 'cyrus', metadata: true, corpus: true });
    const transport = await connectTcp({
      host: server.host,
      port: server.imapsPort,
      ca: server.caPem,
      servername: 'localhost',
    });
    client = await ImapClient.connect(transport);
    await client.login('demo', 'demo-password');
  });
  afterAll(async () => {
    await client?.logout().catch(() => undefined);
    await server?.stop();
  });

  it('pipelines GETMETADATA of several folders, each answer to its own command (NIL where none is set)', async () => {
    const folders = ['INBOX/Sent Items', 'INBOX/Спам', 'INBOX/工作/项目'];
    const answers = await Promise.all(
      folders.map((folder) => client.run(getMetadataCommand(folder, ['/private/specialuse']))),
    );
    expect(answers.map((answer) => answer.entries)).toEqual(
      folders.map(() => new Map([['/private/specialuse', null]])),
    );
  });

  it('refuses to set /private/specialuse with [CANNOT], and keeps a private comment on a Russian-named folder', async () => {
    await expect(
      client.run(setMetadataCommand('INBOX/Спам', new Map([['/private/specialuse', '\\Junk']]))),
    ).rejects.toMatchObject({ code: ErrorCodes.NO, responseCode: { name: 'CANNOT' } });
    await client.run(setMetadataCommand('INBOX/Спам', new Map([['/private/comment', 'Спам, 垃圾邮件']])));
    const read = await client.run(
      getMetadataCommand('INBOX/Спам', ['/private/comment', '/private/specialuse']),
    );
    expect(read.entries).toEqual(
      new Map([
        ['/private/comment', 'Спам, 垃圾邮件'],
        ['/private/specialuse', null],
      ]),
    );
    await client.run(setMetadataCommand('INBOX/Спам', new Map([['/private/comment', null]])));
    const removed = await client.run(getMetadataCommand('INBOX/Спам', ['/private/comment']));
    expect(removed.entries).toEqual(new Map([['/private/comment', null]]));
  });
});
