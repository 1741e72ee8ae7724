// Sender display: the real address is always shown; a display name that carries an e-mail address other than
// the real one ("PayPal <service@paypal.com>" <x@phish.example>) is flagged as an imitation.

import type { MailAddress } from './parse-message.ts';

const ADDRESS_IN_TEXT = /[^\s<>()"',;:@]+@[^\s<>()"',;:@]+\.[^\s<>()"',;:@]+/g;

function normalizeDomain(domain: string): string {
  try {
    return new URL(`http://${domain}`).hostname;
  } catch {
    return domain.toLowerCase();
  }
}

function normalizeAddress(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 0) return address.toLowerCase();
  return `${address.slice(0, at).toLowerCase()}@${normalizeDomain(address.slice(at + 1))}`;
}

/** The addresses a display name imitates: e-mail addresses in it that are not the real address. */
export function imitatedAddresses(sender: MailAddress): string[] {
  const real = normalizeAddress(sender.address);
  const found = sender.name.match(ADDRESS_IN_TEXT) ?? [];
  return found.filter((address) => normalizeAddress(address.replace(/\.$/, '')) !== real);
}

/** True when the display name names a different address; whether its domain differs too is `differentDomain`. */
export function impersonation(
  sender: MailAddress,
): { readonly imitated: string; readonly differentDomain: boolean } | null {
  const imitated = imitatedAddresses(sender)[0];
  if (imitated === undefined) return null;
  const domainOf = (address: string): string => normalizeDomain(address.slice(address.lastIndexOf('@') + 1));
  return { imitated, differentDomain: domainOf(imitated) !== domainOf(sender.address) };
}
