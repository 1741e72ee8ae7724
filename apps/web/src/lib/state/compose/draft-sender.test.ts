import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DraftSaver } from './draft-saver.svelte.ts';
import { DraftSender, type DraftSenderDeps } from './draft-sender.svelte.ts';
import { SmtpError, type SmtpErrorCode, type SmtpReply } from './smtp.ts';
import type { Submission } from './submission.ts';
import { FakeDraftStore, testDraft } from './testing.ts';

const smtpFailure = (
  code: SmtpErrorCode,
  details: { reply?: SmtpReply; rejected?: { address: string; reply: SmtpReply }[] } = {},
) => new SmtpError(code, code, details);

const ORIGINAL = { mailbox: 'INBOX', uidValidity: 3, uid: 42 };

function setup(options: { draft?: Parameters<typeof testDraft>[0]; deps?: Partial<DraftSenderDeps> } = {}) {
  const store = new FakeDraftStore();
  const draft = testDraft({ bcc: [{ address: 'boss@example.org' }], ...options.draft });
  const saver = new DraftSaver(draft, {
    store,
    build: () => new TextEncoder().encode('draft bytes'),
  });
  const submitted: { recipients: string[]; message: string }[] = [];
  const outcomes: (Error | null)[] = [];
  const submit = async (submission: Submission) => {
    const message = new TextDecoder().decode(submission.build(false).bytes);
    submitted.push({ recipients: submission.recipients.map((r) => r.address), message });
    const outcome = outcomes.shift();
    if (outcome) throw outcome;
    return {
      accepted: submission.recipients.map((r) => r.address),
      rejected: [],
      reply: { code: 250, text: 'ok' },
    };
  };
  const sender = new DraftSender(draft, saver, {
    submit,
    store,
    savesSentCopy: false,
    undoMs: () => 5000,
    ...options.deps,
  });
  return { store, draft, saver, sender, submitted, outcomes };
}

/** Sends and runs the undo window out. */
async function sendThrough(sender: DraftSender): Promise<void> {
  const sending = sender.send();
  await vi.advanceTimersByTimeAsync(5000);
  await sending;
}

describe('DraftSender', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('saves to Drafts, waits out the undo window, sends without Bcc, files a copy with Bcc, marks the original, removes the draft', async () => {
    const { store, sender, submitted } = setup({
      draft: { mode: 'reply', origin: { kind: 'reply', message: ORIGINAL } },
    });
    const sending = sender.send();
    await vi.advanceTimersByTimeAsync(0);
    expect(sender.phase).toBe('countdown');
    expect(store.ops()).toEqual(['save']);
    await vi.advanceTimersByTimeAsync(4999);
    expect(submitted).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await sending;
    expect(sender.phase).toBe('sent');
    expect(submitted).toHaveLength(1);
    expect(submitted[0]!.recipients).toEqual(['ivan@example.ru', 'boss@example.org']);
    expect(submitted[0]!.message).not.toMatch(/^Bcc:/im);
    expect(store.ops()).toEqual(['save', 'appendSent', 'addFlag', 'remove']);
    const copy = store.calls[1];
    expect(copy?.op === 'appendSent' && copy.text).toMatch(/^Bcc: boss@example\.org/im);
    expect(store.calls[2]).toEqual({ op: 'addFlag', message: ORIGINAL, flag: '\\Answered' });
    expect(store.calls[3]).toEqual({ op: 'remove', draft: { mailbox: 'Drafts', uidValidity: 9, uid: 101 } });
  });

  it('sends nothing when undone within the window, and can be sent again afterwards', async () => {
    const { store, sender, submitted } = setup();
    const sending = sender.send();
    await vi.advanceTimersByTimeAsync(3000);
    sender.undo();
    await sending;
    expect(sender.phase).toBe('idle');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(submitted).toEqual([]);
    expect(store.ops()).toEqual(['save']);
    await sendThrough(sender);
    expect(sender.phase).toBe('sent');
    expect(submitted).toHaveLength(1);
  });

  it("marks each refused recipient with the server's words, sends nothing and keeps the draft", async () => {
    const { store, draft, sender, outcomes } = setup({ draft: { cc: [{ address: 'nobody@example.org' }] } });
    const reply = {
      code: 550,
      enhanced: '5.1.1',
      text: '<nobody@example.org>: Recipient address rejected: User unknown',
    };
    outcomes.push(
      smtpFailure('SMTP_RECIPIENTS_REFUSED', { rejected: [{ address: 'nobody@example.org', reply }] }),
    );
    await sendThrough(sender);
    expect(sender.phase).toBe('failed');
    expect(sender.problem).toEqual({ kind: 'recipients', count: 1 });
    expect(draft.cc.chips[0]?.refusal).toEqual({ kind: 'server', reply });
    expect(draft.to.chips[0]?.refusal).toBeNull();
    expect(store.ops()).toEqual(['save']);
    // Removing the refused one and sending again works, and the mark is gone.
    draft.cc.remove(draft.cc.chips[0]!.id);
    await sendThrough(sender);
    expect(sender.phase).toBe('sent');
  });

  it('never sends again by itself after an uncertain outcome; sending again needs the user to confirm', async () => {
    const { store, sender, submitted, outcomes } = setup();
    outcomes.push(smtpFailure('SMTP_OUTCOME_UNKNOWN'));
    await sendThrough(sender);
    expect(sender.phase).toBe('uncertain');
    expect(sender.needsResendConfirmation).toBe(true);
    expect(store.ops()).toEqual(['save']);
    await sender.send();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(submitted).toHaveLength(1);
    const again = sender.send({ resend: true });
    await vi.advanceTimersByTimeAsync(5000);
    await again;
    expect(submitted).toHaveLength(2);
    expect(sender.phase).toBe('sent');
  });

  it('stops with the reason when Drafts refuses the draft, and goes on only when the user says so', async () => {
    const { store, sender, submitted } = setup();
    store.refuse.set('save', new Error('NO [OVERQUOTA]'));
    await sender.send();
    expect(sender.phase).toBe('failed');
    expect(sender.problem?.kind).toBe('draft');
    expect(submitted).toEqual([]);
    store.refuse.set('save', new Error('NO [OVERQUOTA]'));
    const anyway = sender.send({ withoutDraft: true });
    await vi.advanceTimersByTimeAsync(5000);
    await anyway;
    expect(sender.phase).toBe('sent');
    expect(submitted).toHaveLength(1);
  });

  it('keeps the draft and says so when the Sent copy cannot be filed', async () => {
    const { store, sender } = setup();
    store.refuse.set('appendSent', new Error('NO [OVERQUOTA] Quota exceeded'));
    await sendThrough(sender);
    expect(sender.phase).toBe('sent');
    expect(sender.warnings.map((w) => w.step)).toEqual(['sent-copy']);
    expect(store.ops()).toEqual(['save', 'appendSent']);
  });

  it('files no copy when the server saves sent mail itself, and marks a forwarded original $Forwarded', async () => {
    const { store, sender } = setup({
      draft: { mode: 'forward', origin: { kind: 'forward', message: ORIGINAL } },
      deps: { savesSentCopy: true },
    });
    await sendThrough(sender);
    expect(store.ops()).toEqual(['save', 'addFlag', 'remove']);
    expect(store.calls[1]).toEqual({ op: 'addFlag', message: ORIGINAL, flag: '$Forwarded' });
  });

  it.each([
    ['no recipients', { to: [], bcc: [] }, 'no-recipients'],
    ['a recipient that is not an address', { to: [] }, 'bad-recipients', 'just a name'],
    ['no address to send from', { identity: null }, 'no-sender'],
  ] as const)('refuses to start with %s', async (_, draft, reason, typed?: string) => {
    const { sender, store, draft: state } = setup({ draft });
    if (typed) state.to.setText(typed);
    await sender.send();
    expect(sender.problem).toEqual({ kind: 'invalid', reason });
    expect(store.calls).toEqual([]);
  });

  it('sends at once when the undo window is set to 0', async () => {
    const { sender, submitted } = setup({ deps: { undoMs: () => 0 } });
    await sender.send();
    expect(submitted).toHaveLength(1);
  });
});
