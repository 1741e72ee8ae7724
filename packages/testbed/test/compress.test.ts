// Every variant's Dovecot loads imap_zlib, so the client's COMPRESS=DEFLATE path (RFC 4978) runs against each:
// offered after login (also where imap_capability replaces Dovecot's own list) and accepted.

import { describe, expect, it } from 'vitest';
import { startDovecot } from '../src/dovecot.ts';
import { DOVECOT_VARIANTS } from '../src/folder-layouts.ts';
import { RawImap } from '../src/raw-imap.ts';

const capabilitiesIn = (text: string): string[] => /CAPABILITY ([^\]]*)/.exec(text)?.[1]?.split(' ') ?? [];

describe('COMPRESS=DEFLATE in the testbed', () => {
  it.each(DOVECOT_VARIANTS)(
    "the '%s' variant offers it after login and accepts COMPRESS DEFLATE",
    async (variant) => {
      const server = await startDovecot({ variant });
      try {
        const client = await RawImap.connect({ port: server.imapPort });
        const login = await client.ok('LOGIN demo demo-password');
        expect(capabilitiesIn(login.completion)).toContain('COMPRESS=DEFLATE');
        // After this OK both sides deflate; RawImap speaks plain text only, so the check ends here.
        expect((await client.ok('COMPRESS DEFLATE')).completion).toMatch(/^OK/);
        client.close();
      } finally {
        await server.stop();
      }
    },
  );
});
