// Which recipient chips a send refused, by address (lower case), for RecipientField.setRefusals.

import type { MailAddress } from './mime.ts';
import type { RecipientRefusal } from './recipients.svelte.ts';
import type { RecipientRejection } from './smtp.ts';

export const NO_REFUSALS: ReadonlyMap<string, RecipientRefusal> = new Map();

/** Addresses that need SMTPUTF8, which the server lacks. */
export function utf8Refusals(addresses: readonly string[]): Map<string, RecipientRefusal> {
  return new Map(addresses.map((address) => [address.toLowerCase(), { kind: 'smtputf8', reply: null }]));
}

/**
 * The server's refusals, keyed by the address it named and by the address as typed: without SMTPUTF8 an IDN
 * domain went in the envelope as its A-labels (`ivan@xn--e1afmkfd.xn--p1ai` for `ivan@пример.рф`).
 */
export function serverRefusals(
  rejected: readonly RecipientRejection[],
  typed: readonly MailAddress[],
): Map<string, RecipientRefusal> {
  const refusals = new Map<string, RecipientRefusal>(
    rejected.map((r) => [r.address.toLowerCase(), { kind: 'server', reply: r.reply }]),
  );
  for (const address of typed) {
    const refusal = refusals.get(asciiForm(address.address));
    if (refusal) refusals.set(address.address.toLowerCase(), refusal);
  }
  return refusals;
}

function asciiForm(address: string): string {
  const at = address.lastIndexOf('@');
  try {
    return `${address.slice(0, at)}@${new URL(`http://${address.slice(at + 1)}`).hostname}`.toLowerCase();
  } catch {
    // Not a domain a URL can hold: matched as typed only.
    return address.toLowerCase();
  }
}
