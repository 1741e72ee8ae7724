// New mail in INBOX that the user has not seen yet: the count in the tab title ("(2) Work – Webmail") and, when
// the user turned them on, a desktop notification while the tab is in the background. Arrivals are counted
// from what the server reports anyway: EXISTS while INBOX is open (IDLE), STATUS UIDNEXT for INBOX while
// another folder is (NOTIFY, or the counts poll). The count clears once the user looks at INBOX.

import type { MailboxStatus } from '@webmail/imap-core';
import { t } from '../i18n/i18n.svelte.ts';
import type { MailClient } from './mail-client.ts';
import { isInbox } from './folder-model.ts';
import { browserPageSignals } from './page-signals.ts';
import type { PageSignals as BrowserPageSignals } from './page-signals.ts';

/** Where the desktop-notification choice is kept (a preference, nothing secret). */
export const DESKTOP_PREFERENCE_KEY = 'webmail.desktopNotifications';

/** Whether the tab is hidden, and when it shows again (page-signals.ts). */
export type NewMailPage = Pick<BrowserPageSignals, 'hidden' | 'onVisible'>;

export interface NewMailOptions {
  /** Default: the document. */
  readonly page?: NewMailPage;
  /** Shows one desktop notification. Default: the Notification API. */
  readonly showNotification?: (count: number) => void;
  /** Default: localStorage (when it is there). */
  readonly preferences?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
}

export class NewMailWatch {
  /** INBOX arrivals since the user last looked at INBOX. */
  count = $state(0);
  /** The user asked for desktop notifications (and the browser allowed them). */
  desktop = $state(false);

  readonly #page: NewMailPage;
  readonly #showNotification: (count: number) => void;
  readonly #preferences: NewMailOptions['preferences'];
  readonly #cleanups: (() => void)[] = [];
  /** What the last STATUS of INBOX said (or EXISTS, while it is open): how arrivals are counted. */
  #inboxUidNext = 0;
  #inboxMessages: number | null = null;
  /** Whether INBOX is the folder on screen. */
  #inboxOpen = false;

  constructor(client: Pick<MailClient, 'on'>, options: NewMailOptions = {}) {
    this.#page = options.page ?? browserPageSignals();
    this.#showNotification = options.showNotification ?? showDesktopNotification;
    this.#preferences = options.preferences === undefined ? safeLocalStorage() : options.preferences;
    this.desktop = this.#preferences?.getItem(DESKTOP_PREFERENCE_KEY) === '1' && notificationsGranted();
    this.#cleanups.push(
      client.on('exists', ({ mailbox, count, previous }) => {
        if (!isInbox(mailbox)) return;
        this.#inboxMessages = count;
        if (count > previous) this.#arrived(count - previous);
      }),
      client.on('status', ({ mailbox, status }) => this.#inboxStatus(mailbox, status)),
    );
    this.#cleanups.push(this.#page.onVisible(() => this.#seen()));
  }

  /** The open folder changed; looking at INBOX clears the count. */
  folderShown(path: string | null): void {
    this.#inboxOpen = path !== null && isInbox(path);
    this.#seen();
  }

  /** Turns desktop notifications on (asking the browser's permission) or off; resolves with the outcome. */
  async setDesktop(on: boolean): Promise<boolean> {
    if (on && typeof Notification !== 'undefined' && Notification.permission === 'default') {
      await Notification.requestPermission();
    }
    this.desktop = on && notificationsGranted();
    if (this.desktop) this.#preferences?.setItem(DESKTOP_PREFERENCE_KEY, '1');
    else this.#preferences?.removeItem(DESKTOP_PREFERENCE_KEY);
    return this.desktop;
  }

  dispose(): void {
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
  }

  /**
   * A STATUS of INBOX (NOTIFY while another folder is open, or the counts poll): UIDNEXT grows by the number of
   * arrivals; MESSAGES is the fallback when no UIDNEXT was seen before (the first LIST-STATUS has none).
   */
  #inboxStatus(mailbox: string, status: MailboxStatus): void {
    if (!isInbox(mailbox)) return;
    let arrivals = 0;
    if (status.uidNext !== undefined && this.#inboxUidNext > 0)
      arrivals = status.uidNext - this.#inboxUidNext;
    else if (status.messages !== undefined && this.#inboxMessages !== null)
      arrivals = status.messages - this.#inboxMessages;
    if (status.uidNext !== undefined) this.#inboxUidNext = Math.max(this.#inboxUidNext, status.uidNext);
    if (status.messages !== undefined) this.#inboxMessages = status.messages;
    // While INBOX is open its arrivals come as EXISTS; a STATUS then only moves the baseline.
    if (arrivals > 0 && !this.#inboxOpen) this.#arrived(arrivals);
  }

  #arrived(n: number): void {
    const hidden = this.#page.hidden;
    if (this.#inboxOpen && !hidden) return;
    this.count += n;
    if (this.desktop && hidden) this.#showNotification(this.count);
  }

  #seen(): void {
    if (this.#inboxOpen && !this.#page.hidden) this.count = 0;
  }
}

function notificationsGranted(): boolean {
  return typeof Notification !== 'undefined' && Notification.permission === 'granted';
}

function safeLocalStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** One notification for the tab, replaced by the next (same tag); a click brings the tab to the front. */
function showDesktopNotification(count: number): void {
  if (!notificationsGranted()) return;
  const notification = new Notification(t('newMail.notification.title'), {
    body: t('newMail.notification.body', { count }),
    tag: 'webmail-new-mail',
  });
  notification.onclick = () => {
    window.focus();
    notification.close();
  };
}
