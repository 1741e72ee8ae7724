import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../errors.ts';
import { authenticatedHarness } from '../../test/fixtures/harness.ts';
import { notifyCommand } from './notify.ts';
import type { NotifyMessageEvent, NotifySpec } from './notify.ts';

const NOTIFY = 'IMAP4rev1 NOTIFY';

describe('notifyCommand', () => {
  it.each<[string, NotifySpec]>([
    ['no event group at all', {}],
    ['MessageNew without MessageExpunge', { personal: ['MessageNew'] }],
    ['MessageExpunge without MessageNew', { selected: ['MessageExpunge'] }],
    ['FlagChange without MessageNew and MessageExpunge', { personal: ['FlagChange'] }],
    [
      // The types refuse these too; the casts stand for untyped callers.
      'a mailbox event for the selected mailbox',
      { selected: ['MessageNew', 'MessageExpunge', 'MailboxName' as NotifyMessageEvent] },
    ],
    ['a SUBTREE without a mailbox', { subtree: [{ mailboxes: [], events: ['MailboxName'] }] }],
    ['an event named twice', { personal: ['MailboxName', 'MailboxName'] }],
    ['an event RFC 5465 does not define', { personal: ['MailboxName) (PERSONAL (X' as 'MailboxName'] }],
    ['fetch items without MessageNew', { selected: [], newMessageFetch: { flags: true } }],
    ['selectedDelayed without a selected group', { selectedDelayed: true, personal: ['MailboxName'] }],
  ])('refuses %s before sending anything', async (_name, spec) => {
    const h = await authenticatedHarness(NOTIFY);
    await expect(h.run(notifyCommand(spec))).rejects.toMatchObject({ code: ErrorCodes.INVALID_ARGUMENT });
    expect(h.takeSent()).toBe('');
  });

  it('needs the NOTIFY capability', async () => {
    const h = await authenticatedHarness('IMAP4rev1 IDLE');
    await expect(h.run(notifyCommand(null))).rejects.toMatchObject({ code: ErrorCodes.UNSUPPORTED });
    expect(h.takeSent()).toBe('');
  });

  it('reports the initial STATUS answers as status events too, and keeps the last one per mailbox', async () => {
    const h = await authenticatedHarness(NOTIFY);
    const events: unknown[] = [];
    h.session.events.on('status', (e) => events.push(e));
    const result = h.run(notifyCommand({ status: true, personal: ['MessageNew', 'MessageExpunge'] }));
    expect(h.takeSent()).toBe('A2 NOTIFY SET STATUS (PERSONAL (MessageNew MessageExpunge))\r\n');
    h.server('* STATUS Sent (MESSAGES 1)\r\n* STATUS Sent (MESSAGES 2)\r\nA2 OK done\r\n', 1);
    expect((await result).status).toEqual(new Map([['Sent', { messages: 2 }]]));
    expect(events).toEqual([
      { mailbox: 'Sent', status: { messages: 1 } },
      { mailbox: 'Sent', status: { messages: 2 } },
    ]);
  });

  it('rejects with the server text when the server refuses (NOTIFICATIONOVERFLOW, BADEVENT)', async () => {
    const h = await authenticatedHarness(NOTIFY);
    const result = h.run(notifyCommand({ personal: ['MailboxMetadataChange'] }));
    h.server('A2 NO [BADEVENT MailboxMetadataChange] Unsupported NOTIFY events.\r\n');
    await expect(result).rejects.toMatchObject({
      code: ErrorCodes.NO,
      responseCode: { name: 'OTHER', atom: 'BADEVENT' },
    });
  });
});
