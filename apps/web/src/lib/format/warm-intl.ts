// The runtime loads a locale's collation, date and plural data on the first Intl object that needs it: 11 ms for
// the folder tree's collator, 6 ms for the first message with a count, 2-3 ms for the list's dates, measured in
// a CPU profile of a sign-in in Chromium. Made while the user fills in the sign-in form, at an idle moment, they
// are ready when the mailbox first renders instead of adding to it.

import { t } from '../i18n/i18n.svelte.ts';
import { whenIdle } from '../ui/after-paint.ts';
import { folderCollator } from '../state/folder-model.ts';
import { formatListDate, formatLongDate } from './dates.ts';

/** Builds the Intl objects the first screen of the mailbox uses, in `locale`, when the page is idle. */
export function warmIntl(locale: string): void {
  const warm = (): void => {
    folderCollator(locale);
    const now = Date.now();
    const day = 86_400_000;
    // Today's time, this year's day and month, an older date, and the long form of a row's tooltip.
    for (const when of [now, now - 40 * day, now - 400 * day]) formatListDate(when, now, locale);
    formatLongDate(now, locale);
    t('shell.newMailTitle', { count: 0 });
  };
  whenIdle(warm, 1000);
}
