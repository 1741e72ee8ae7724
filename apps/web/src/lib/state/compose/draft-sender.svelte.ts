// Sending one draft, in the order that loses nothing:
//   1. the draft is saved to Drafts (it stays there until the message is known to be sent);
//   2. the undo window (UNDO_SEND_MS by default): nothing is opened towards the submission server yet, and Undo
//      brings the composer back as it was;
//   3. SMTP submission (submission.ts), Bcc left out;
//   4. the Sent copy (Bcc kept, \Seen) unless the operator says the server files sent mail itself;
//      \Answered or $Forwarded on the original, under the UIDVALIDITY captured when the reply was opened;
//   5. the draft removed (UID EXPUNGE of its UID).
// A failure in 1-3 leaves the composer open with the server's words (a refused recipient's on its chip) and the
// message in Drafts. When the connection ended after the message's final dot and before the server's reply
// (SMTP_OUTCOME_UNKNOWN), the message may have gone: the draft stays, and sending again needs the user's yes
// (`send({ resend: true })`); nothing is ever sent again by itself. What fails in 4-5 is reported, the message
// having been sent.

import { describeError, type UserMessage } from '../user-message.ts';
import type { DraftSaver } from './draft-saver.svelte.ts';
import type { DraftState } from './draft.svelte.ts';
import type { DraftStore } from './draft-store.ts';
import { buildMessage, type MailAddress } from './mime.ts';
import { outgoingMessage } from './outgoing.ts';
import { NO_REFUSALS, serverRefusals, utf8Refusals } from './refusals.ts';
import { isSmtpError, isTemporaryReply, type SmtpSendResult } from './smtp.ts';
import { SubmissionError, type Submission } from './submission.ts';

export const UNDO_SEND_MS = 5000;

export type SendPhase =
  'idle' | 'saving' | 'countdown' | 'sending' | 'finishing' | 'sent' | 'failed' | 'uncertain';

/** Why the message was not sent, or what went wrong after it was. */
export type SendProblem =
  | {
      readonly kind: 'invalid';
      readonly reason: 'no-sender' | 'no-recipients' | 'bad-recipients' | 'attachments';
    }
  | { readonly kind: 'draft'; readonly message: UserMessage }
  | { readonly kind: 'smtp'; readonly message: UserMessage }
  /** `temporary`: every refusal was a 4xx reply (the server may take them later). */
  | { readonly kind: 'recipients'; readonly count: number; readonly temporary?: true }
  | { readonly kind: 'uncertain'; readonly message: UserMessage };

/** After a sent message: steps 4 and 5, when they failed. */
export interface SentWarning {
  readonly step: 'sent-copy' | 'flag' | 'remove-draft';
  readonly message: UserMessage;
}

export interface DraftSenderDeps {
  readonly submit: (submission: Submission) => Promise<SmtpSendResult>;
  readonly store: Pick<DraftStore, 'appendSent' | 'addFlag'>;
  /** The operator says the submission server files sent mail itself (no APPEND to Sent). */
  readonly savesSentCopy: boolean;
  readonly undoMs?: () => number;
  /** The Sent folder had to be created. */
  readonly onFolderCreated?: (path: string) => void;
  readonly describe?: (error: unknown) => UserMessage;
}

export class DraftSender {
  #phase = $state<SendPhase>('idle');
  #problem = $state.raw<SendProblem | null>(null);
  #warnings = $state.raw<readonly SentWarning[]>([]);
  #countdownEnds = $state<number | null>(null);
  #progress = $state<number | null>(null);
  /** An earlier attempt may have delivered the message: the next one needs `resend`. */
  #uncertain = false;
  #undo: (() => void) | null = null;
  readonly #draft: DraftState;
  readonly #saver: DraftSaver;
  readonly #deps: DraftSenderDeps;

  constructor(draft: DraftState, saver: DraftSaver, deps: DraftSenderDeps) {
    this.#draft = draft;
    this.#saver = saver;
    this.#deps = deps;
  }

  get phase(): SendPhase {
    return this.#phase;
  }

  get problem(): SendProblem | null {
    return this.#problem;
  }

  get warnings(): readonly SentWarning[] {
    return this.#warnings;
  }

  /** When the undo window closes (Date.now() clock), during the countdown. */
  get countdownEnds(): number | null {
    return this.#countdownEnds;
  }

  /** Fraction of the message handed to the network while it is sent. */
  get progress(): number | null {
    return this.#progress;
  }

  /** A send is under way (saving, counting down, sending or finishing). */
  get busy(): boolean {
    return ['saving', 'countdown', 'sending', 'finishing'].includes(this.#phase);
  }

  /** The last attempt may have delivered the message: sending again must be confirmed (`resend`). */
  get needsResendConfirmation(): boolean {
    return this.#uncertain;
  }

  /**
   * Sends the draft (see the steps above). `resend` confirms sending after an uncertain outcome;
   * `withoutDraft` goes on when saving to Drafts failed and the user chose to send anyway.
   */
  async send(options: { resend?: boolean; withoutDraft?: boolean } = {}): Promise<void> {
    if (this.busy || this.#phase === 'sent') return;
    if (this.#uncertain && !options.resend) return;
    const draft = this.#draft;
    for (const field of [draft.to, draft.cc, draft.bcc]) field.commit();
    const invalid = this.#validate();
    if (invalid) return this.#fail(invalid);
    for (const field of [draft.to, draft.cc, draft.bcc]) field.setRefusals(NO_REFUSALS);
    this.#problem = null;

    this.#phase = 'saving';
    await draft.attachments.settled();
    if (draft.attachments.failed.length > 0) return this.#fail({ kind: 'invalid', reason: 'attachments' });
    try {
      await this.#saver.saveNow({ force: true });
    } catch (error) {
      if (!options.withoutDraft) return this.#fail({ kind: 'draft', message: this.#describe(error) });
    }

    if (!(await this.#countdown())) {
      this.#phase = 'idle';
      return;
    }

    this.#phase = 'sending';
    this.#progress = 0;
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- the message's Date header, never rendered
    const date = new Date();
    const body = draft.content();
    const recipients: MailAddress[] = [...draft.to.addresses, ...draft.cc.addresses, ...draft.bcc.addresses];
    let utf8Headers = false;
    try {
      const identity = draft.identity;
      if (!identity) return this.#fail({ kind: 'invalid', reason: 'no-sender' });
      await this.#deps.submit({
        from: { address: identity.address },
        recipients,
        build: (utf8) => {
          utf8Headers = utf8;
          return buildMessage(outgoingMessage(draft, body, { date, forDraft: false }), {
            bcc: 'omit',
            utf8Headers: utf8,
          });
        },
        onProgress: (fraction) => (this.#progress = fraction),
      });
    } catch (error) {
      this.#progress = null;
      return this.#failSend(error);
    }
    this.#uncertain = false;
    this.#progress = null;
    this.#phase = 'finishing';
    this.#warnings = await this.#afterSent(date, body, utf8Headers);
    this.#phase = 'sent';
  }

  /** During the countdown: nothing is sent, the composer comes back as it was. */
  undo(): void {
    this.#undo?.();
  }

  /** Forgets a problem shown (the user read it). */
  dismissProblem(): void {
    this.#problem = null;
    if (this.#phase === 'failed') this.#phase = 'idle';
  }

  #validate(): SendProblem | null {
    const draft = this.#draft;
    if (!draft.identity) return { kind: 'invalid', reason: 'no-sender' };
    const fields = [draft.to, draft.cc, draft.bcc];
    if (fields.some((field) => field.chips.some((chip) => chip.problem !== null)))
      return { kind: 'invalid', reason: 'bad-recipients' };
    if (fields.every((field) => field.addresses.length === 0))
      return { kind: 'invalid', reason: 'no-recipients' };
    return null;
  }

  #countdown(): Promise<boolean> {
    const ms = this.#deps.undoMs?.() ?? UNDO_SEND_MS;
    if (ms <= 0) return Promise.resolve(true);
    this.#phase = 'countdown';
    this.#countdownEnds = Date.now() + ms;
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => finish(true), ms);
      const finish = (go: boolean): void => {
        clearTimeout(timer);
        this.#undo = null;
        this.#countdownEnds = null;
        resolve(go);
      };
      this.#undo = () => finish(false);
    });
  }

  #failSend(error: unknown): void {
    const draft = this.#draft;
    if (error instanceof SubmissionError) {
      if (error.problem.code === 'SUBMIT_UTF8_NEEDED') {
        const refusals = utf8Refusals(error.problem.addresses);
        for (const field of [draft.to, draft.cc, draft.bcc]) field.setRefusals(refusals);
      }
      return this.#fail({ kind: 'smtp', message: this.#describe(error) });
    }
    if (isSmtpError(error) && error.code === 'SMTP_RECIPIENTS_REFUSED' && error.rejected) {
      for (const field of [draft.to, draft.cc, draft.bcc])
        field.setRefusals(serverRefusals(error.rejected, field.addresses));
      const temporary = error.rejected.every((r) => isTemporaryReply(r.reply));
      return this.#fail({
        kind: 'recipients',
        count: error.rejected.length,
        ...(temporary ? { temporary: true as const } : {}),
      });
    }
    if (isSmtpError(error) && error.code === 'SMTP_OUTCOME_UNKNOWN') {
      this.#uncertain = true;
      this.#problem = { kind: 'uncertain', message: this.#describe(error) };
      this.#phase = 'uncertain';
      return;
    }
    this.#fail({ kind: 'smtp', message: this.#describe(error) });
  }

  #fail(problem: SendProblem): void {
    this.#problem = problem;
    this.#phase = this.#uncertain ? 'uncertain' : 'failed';
  }

  async #afterSent(
    date: Date,
    body: ReturnType<DraftState['content']>,
    utf8Headers: boolean,
  ): Promise<SentWarning[]> {
    const draft = this.#draft;
    const warnings: SentWarning[] = [];
    let keepDraft = false;
    if (!this.#deps.savesSentCopy) {
      try {
        const copy = buildMessage(outgoingMessage(draft, body, { date, forDraft: false }), {
          bcc: 'keep',
          utf8Headers,
        });
        const folder = await this.#deps.store.appendSent(copy.bytes, date);
        if (folder.created) this.#deps.onFolderCreated?.(folder.path);
      } catch (error) {
        // The draft is then the only copy the user has: it stays.
        keepDraft = true;
        warnings.push({ step: 'sent-copy', message: this.#describe(error) });
      }
    }
    if (draft.origin) {
      try {
        await this.#deps.store.addFlag(
          draft.origin.message,
          draft.origin.kind === 'reply' ? '\\Answered' : '$Forwarded',
        );
      } catch (error) {
        warnings.push({ step: 'flag', message: this.#describe(error) });
      }
    }
    if (!keepDraft) {
      try {
        await this.#saver.removeSaved();
      } catch (error) {
        warnings.push({ step: 'remove-draft', message: this.#describe(error) });
      }
    }
    return warnings;
  }

  #describe(error: unknown): UserMessage {
    return (this.#deps.describe ?? describeError)(error);
  }
}
