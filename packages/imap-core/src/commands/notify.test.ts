import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../errors.ts';
import { createHarness } from '../../test/fixtures/harness.ts';
import type { Harness } from '../../test/fixtures/harness.ts';
import { loginCommand } from './login.ts';
import { notifyCommand } from './notify.ts';
import type { NotifyMessageEvent, NotifySpec } from './notify.ts';

async function loggedIn(capabilities = 'IMAP4rev1 NOTIFY'): Promise<Harness> {
  const h = createHarness({ greeting: `* OK [CAPABILITY ${capabilities}] hi\r\n` });
  const login = h.run(loginCommand('u', 'p'));
  h.server(`A1 OK [CAPABILITY ${capabilities}] in\r\n`);
  await login;
  h.takeSent();
  return h;
}

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
    const h = await loggedIn();
    await expect(h.run(notifyCommand(spec))).rejects.toMatchObject({ code: ErrorCodes.INVALID_ARGUMENT });
    expect(h.takeSent()).toBe('');
  });

  it('needs the NOTIFY capability', async () => {
    const h = await loggedIn('IMAP4rev1 IDLE');
    await expect(h.run(notifyCommand(null))).rejects.toMatchObject({ code: ErrorCodes.UNSUPPORTED });
    expect(h.takeSent()).toBe('');
  });

  it('reports the initial STATUS answers as status events too, and keeps the last one per mailbox', async () => {
    const h = await loggedIn();
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
    const h = await loggedIn();
    const result = h.run(notifyCommand({ personal: ['MailboxMetadataChange'] }));
    h.server('A2 NO [BADEVENT MailboxMetadataChange] Unsupported NOTIFY events.\r\n');
    await expect(result).rejects.toMatchObject({
      code: ErrorCodes.NO,
      responseCode: { name: 'OTHER', atom: 'BADEVENT' },
    });
  });
});
