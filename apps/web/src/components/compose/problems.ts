// Catalog words for the composer's reasons: an address that is not one, a send that did not happen.

import '../../lib/state/compose/compose-messages.ts';
import { t, type MessageKey } from '../../lib/i18n/i18n.svelte.ts';
import type { SendProblem } from '../../lib/state/compose/draft-sender.svelte.ts';
import type { UserMessage } from '../../lib/state/user-message.ts';

const ADDRESS_PROBLEMS = new Map<string, MessageKey>([
  ['empty', 'compose.address.empty'],
  ['missing-at', 'compose.address.missing-at'],
  ['bad-local-part', 'compose.address.bad-local-part'],
  ['bad-domain', 'compose.address.bad-domain'],
  ['too-long', 'compose.address.too-long'],
  ['unterminated', 'compose.address.unterminated'],
]);

export function problemText(problem: string): string {
  return t(ADDRESS_PROBLEMS.get(problem) ?? 'compose.address.other');
}

export function messageText(message: UserMessage): string {
  return t(message.key, message.values);
}

export function sendProblemText(problem: SendProblem): string {
  switch (problem.kind) {
    case 'invalid':
      return t(`compose.problem.${problem.reason}`);
    case 'draft':
      return t('compose.problem.draft', { reason: messageText(problem.message) });
    case 'recipients':
      return t(problem.temporary ? 'compose.problem.recipientsDeferred' : 'compose.problem.recipients', {
        count: problem.count,
      });
    case 'smtp':
      return t('compose.problem.smtp', { reason: messageText(problem.message) });
    case 'uncertain':
      return t('compose.problem.uncertain');
  }
}
