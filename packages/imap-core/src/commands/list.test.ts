// LIST's capability-dependent forms: which RETURN options go out with which capabilities, and whether the
// result says that subscription state (RFC 5258 3.2) and counts (RFC 5819) came with the listing. How a
// listing with \Subscribed marks and counts is read, whole and byte by byte:
// test/transcripts/commands.test.ts.

import { describe, expect, it } from 'vitest';
import { authenticatedHarness } from '../../test/fixtures/harness.ts';
import { listCommand } from './list.ts';
import type { ListOptions } from './list.ts';

const EXTENDED = 'IMAP4rev1 LIST-EXTENDED SPECIAL-USE LIST-STATUS';
const PLAIN = 'IMAP4rev1 SPECIAL-USE';

interface FormCase {
  readonly name: string;
  readonly capabilities: string;
  readonly options: ListOptions;
  readonly line: string;
  readonly subscribedIncluded: boolean;
  readonly statusIncluded: boolean;
}

const forms: FormCase[] = [
  {
    name: 'asks SUBSCRIBED before SPECIAL-USE and STATUS when LIST-EXTENDED is advertised',
    capabilities: EXTENDED,
    options: { returnSubscribed: true, status: ['MESSAGES', 'UNSEEN'] },
    line: 'LIST "" * RETURN (SUBSCRIBED SPECIAL-USE STATUS (MESSAGES UNSEEN))',
    subscribedIncluded: true,
    statusIncluded: true,
  },
  {
    name: 'asks SUBSCRIBED alone when nothing else is wanted',
    capabilities: EXTENDED,
    options: { returnSubscribed: true, specialUse: false },
    line: 'LIST "" * RETURN (SUBSCRIBED)',
    subscribedIncluded: true,
    statusIncluded: false,
  },
  {
    name: 'asks SUBSCRIBED with SPECIAL-USE on a server without LIST-STATUS',
    capabilities: 'IMAP4rev1 LIST-EXTENDED SPECIAL-USE',
    options: { returnSubscribed: true, status: ['MESSAGES'] },
    line: 'LIST "" * RETURN (SUBSCRIBED SPECIAL-USE)',
    subscribedIncluded: true,
    statusIncluded: false,
  },
  {
    name: 'leaves SUBSCRIBED out unless asked to',
    capabilities: EXTENDED,
    options: { status: ['MESSAGES'] },
    line: 'LIST "" * RETURN (SPECIAL-USE STATUS (MESSAGES))',
    subscribedIncluded: false,
    statusIncluded: true,
  },
  {
    name: 'never sends RETURN without LIST-EXTENDED, and says subscription state is missing',
    capabilities: PLAIN,
    options: { returnSubscribed: true },
    line: 'LIST "" *',
    subscribedIncluded: false,
    statusIncluded: false,
  },
  {
    name: 'does not repeat SUBSCRIBED as a return option when it selects subscribed mailboxes (RFC 5258 3.1)',
    capabilities: EXTENDED,
    options: { subscribedOnly: true, returnSubscribed: true, specialUse: false },
    line: 'LIST (SUBSCRIBED) "" *',
    subscribedIncluded: true,
    statusIncluded: false,
  },
  {
    name: 'lists subscribed mailboxes with LSUB without LIST-EXTENDED, no \\Subscribed promised',
    capabilities: PLAIN,
    options: { subscribedOnly: true, returnSubscribed: true },
    line: 'LSUB "" *',
    subscribedIncluded: false,
    statusIncluded: false,
  },
];

describe('LIST', () => {
  it.each(forms)('$name', async (c) => {
    const h = await authenticatedHarness(c.capabilities);
    const result = h.run(listCommand(c.options));
    expect(h.takeSent()).toBe(`A2 ${c.line}\r\n`);
    h.server('A2 OK done\r\n');
    expect(await result).toMatchObject({
      subscribedIncluded: c.subscribedIncluded,
      statusIncluded: c.statusIncluded,
    });
  });

  it('says subscription state came even when no mailbox is subscribed', async () => {
    const h = await authenticatedHarness(EXTENDED);
    const result = h.run(listCommand({ returnSubscribed: true, specialUse: false }));
    h.takeSent();
    h.server('* LIST (\\HasNoChildren) "/" INBOX\r\n* LIST (\\HasNoChildren) "/" Sent\r\nA2 OK done\r\n');
    const { mailboxes, subscribedIncluded } = await result;
    expect(subscribedIncluded).toBe(true);
    expect(mailboxes.filter((m) => m.attributes.includes('\\Subscribed'))).toEqual([]);
  });
});
