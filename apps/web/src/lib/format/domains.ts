// How a mail domain is shown. An internationalized domain is shown in its own script when it could not pass for
// another name, and as the ASCII (punycode) name the DNS knows, with a reason to warn, when it could:
//   mixed-scripts  a label mixes scripts that are not written together ("pаypal": Latin with one Cyrillic а);
//                  Latin with Han and kana (Japanese), with Han and Bopomofo (Chinese), with Han and Hangul
//                  (Korean) are one writing system each (UTS #39 5.2, "Highly Restrictive");
//   look-alike     a label written only with Cyrillic or Greek letters that all look like Latin ones ("аррӏе":
//                  Cyrillic, read as "apple") under a top-level domain of another script (UTS #39 4, whole-script
//                  confusables; Chromium's IDN display policy does the same), or with IPA letters and small
//                  capitals that imitate Latin ones ("ɡoogle");
//   invalid        non-ASCII that is not a valid internationalized name (IDNA, UTS #46): nothing says what it is.
// Russian and Chinese domains (почта.рф, 中国.cn, 例え.jp) show as written. The ASCII form comes from the
// WHATWG URL parser (UTS #46 processing, as the browser itself resolves names).

import { revealHidden } from './hidden-characters.ts';

export type DomainWarning = 'mixed-scripts' | 'look-alike' | 'invalid';

export interface DomainDisplay {
  /** What to show: the domain as written (hidden characters revealed), or its ASCII form when `warning` is set. */
  readonly text: string;
  /** The ASCII (punycode) form, when there is one. */
  readonly ascii: string | null;
  readonly warning: DomainWarning | null;
}

/** Scripts told apart; a letter of any other script counts as a script of its own ("other"). */
const SCRIPTS: readonly (readonly [string, RegExp])[] = [
  ['Latin', /\p{Script=Latin}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Han', /\p{Script=Han}/u],
  ['Hiragana', /\p{Script=Hiragana}/u],
  ['Katakana', /\p{Script=Katakana}/u],
  ['Bopomofo', /\p{Script=Bopomofo}/u],
  ['Hangul', /\p{Script=Hangul}/u],
  ['Arabic', /\p{Script=Arabic}/u],
  ['Hebrew', /\p{Script=Hebrew}/u],
  ['Armenian', /\p{Script=Armenian}/u],
  ['Georgian', /\p{Script=Georgian}/u],
  ['Cherokee', /\p{Script=Cherokee}/u],
  ['Thai', /\p{Script=Thai}/u],
  ['Devanagari', /\p{Script=Devanagari}/u],
];

/** Digits, hyphens, the prolonged sound mark and combining marks belong to no script of their own. */
const SCRIPTLESS = /[\p{Script=Common}\p{Script=Inherited}]/u;

/** Scripts that one writing system uses together, each with Latin (UTS #39 5.2). */
const WRITING_SYSTEMS: readonly ReadonlySet<string>[] = [
  new Set(['Latin', 'Han', 'Hiragana', 'Katakana']),
  new Set(['Latin', 'Han', 'Bopomofo']),
  new Set(['Latin', 'Han', 'Hangul']),
];

/** Cyrillic letters that look like Latin ones (Chromium's IDN spoof checker uses the same kind of list). */
const CYRILLIC_LATIN_LOOKALIKES = /^[аысԁеԍһіюјӏорԛѕԝхуъьҽпгѵѡ]+$/u;
/** Greek letters that look like Latin ones. */
const GREEK_LATIN_LOOKALIKES = /^[αικνορτυχ]+$/u;
/** IPA letters and phonetic small capitals: no language writes domains with them; they imitate Latin letters. */
const LATIN_IMITATIONS = /[\u0250-\u02af\u1d00-\u1d7f]/u;

/** Full stops IDNA treats as label separators (UTS #46 2.3). */
const LABEL_SEPARATORS = /[.\u3002\uff0e\uff61]/u;

function scriptsOf(label: string): Set<string> {
  const scripts = new Set<string>();
  for (const character of label) {
    if (SCRIPTLESS.test(character)) continue;
    const script = SCRIPTS.find(([, pattern]) => pattern.test(character))?.[0];
    scripts.add(script ?? `other:${character}`);
  }
  return scripts;
}

function mixesScripts(scripts: ReadonlySet<string>): boolean {
  if (scripts.size <= 1) return false;
  return !WRITING_SYSTEMS.some((system) => [...scripts].every((script) => system.has(script)));
}

function looksLikeLatin(
  label: string,
  scripts: ReadonlySet<string>,
  tldScripts: ReadonlySet<string>,
): boolean {
  if (scripts.size !== 1) return false;
  const [script] = scripts;
  const letters = label.toLowerCase().replace(/[\p{Script=Common}\p{Script=Inherited}]/gu, '');
  if (script === 'Latin') return LATIN_IMITATIONS.test(letters);
  // A label in the script of its top-level domain (аррӏе.рф) reads as what it is.
  if (script === undefined || tldScripts.has(script)) return false;
  if (script === 'Cyrillic') return CYRILLIC_LATIN_LOOKALIKES.test(letters);
  if (script === 'Greek') return GREEK_LATIN_LOOKALIKES.test(letters);
  return false;
}

/** The ASCII form of a domain (UTS #46), or null when it is not a valid name. */
export function asciiDomain(domain: string): string | null {
  // Only a bare name may reach the URL parser: "a.example/x" or "a@b" would be read as more than a host.
  if (domain === '' || /[\s/\\?#@:[\]%]/u.test(domain)) return null;
  try {
    return new URL(`http://${domain}`).hostname;
  } catch {
    return null;
  }
}

/** How to show `domain` (the part of an address after its last @). */
export function displayDomain(domain: string): DomainDisplay {
  // eslint-disable-next-line no-control-regex -- ASCII only: nothing to check
  if (/^[\x00-\x7f]*$/.test(domain)) {
    return { text: revealHidden(domain), ascii: domain === '' ? null : domain.toLowerCase(), warning: null };
  }
  const ascii = asciiDomain(domain);
  if (ascii === null) return { text: revealHidden(domain), ascii: null, warning: 'invalid' };
  if (!ascii.split('.').some((label) => label.startsWith('xn--'))) {
    // Everything mapped to ASCII (fullwidth letters, capitals): that is the name, so show it.
    return { text: ascii, ascii, warning: null };
  }
  const labels = domain.normalize('NFC').split(LABEL_SEPARATORS);
  const tldScripts = scriptsOf(labels[labels.length - 1] ?? '');
  let warning: DomainWarning | null = null;
  for (const label of labels) {
    const scripts = scriptsOf(label);
    if (mixesScripts(scripts)) warning = 'mixed-scripts';
    else if (warning === null && looksLikeLatin(label, scripts, tldScripts)) warning = 'look-alike';
  }
  return warning === null ? { text: revealHidden(domain), ascii, warning } : { text: ascii, ascii, warning };
}

export interface AddressDisplay {
  /** The address as shown: hidden characters revealed, the domain per displayDomain. */
  readonly text: string;
  readonly domain: DomainDisplay | null;
}

/** How to show an e-mail address (an addr-spec; a group name or an address without a domain is shown as is). */
export function displayAddress(address: string): AddressDisplay {
  const at = address.lastIndexOf('@');
  if (at < 0) return { text: revealHidden(address), domain: null };
  const domain = displayDomain(address.slice(at + 1));
  return { text: `${revealHidden(address.slice(0, at))}@${domain.text}`, domain };
}
