import { LAYOUTS } from './folder-layouts.ts';
import { encodeMailboxName } from './mutf7.ts';
import { quoted } from './raw-imap.ts';
import { openSession } from './third-party.ts';
import type { DovecotServer, DovecotVariant, FolderShare, TestUser } from './types.ts';

// Folders shared between testbed users, set up the way a user does it: SETACL over IMAP (RFC 4314), which
// also records the share in the ACL plugin's dict so the other user's LIST finds it.

const DEFAULT_RIGHTS = 'lrs';
// RFC 4314 §2.1 rights (and the obsolete c and d, §2.1.1).
const RIGHTS = /^[lrswipkxteacd]+$/;

/** Usage errors before anything starts. */
export function validateShares(
  shares: readonly FolderShare[],
  users: readonly TestUser[],
  variant: DovecotVariant,
): void {
  if (shares.length === 0) return;
  if (!LAYOUTS[variant].sharedNamespace && variant !== 'cyrus')
    throw new Error(`the '${variant}' variant has no shared namespace; shares need 'full' or 'cyrus'`);
  const known = new Set(users.map((user) => user.name));
  for (const share of shares) {
    for (const name of [share.owner, share.with])
      if (!known.has(name)) throw new Error(`share names unknown test user ${name}`);
    if (share.owner === share.with) throw new Error(`${share.owner} cannot share a folder with itself`);
    if (share.rights !== undefined && !RIGHTS.test(share.rights))
      throw new Error(`share rights must be RFC 4314 letters, got ${JSON.stringify(share.rights)}`);
  }
}

/** Each owner grants the rights with SETACL on a session of their own. */
export async function shareFolders(server: DovecotServer, shares: readonly FolderShare[]): Promise<void> {
  for (const share of shares) {
    const session = await openSession(server, share.owner);
    try {
      // As the owner names it in this variant ('Работа' is INBOX/Работа in the cyrus one).
      const folder = quoted(encodeMailboxName(server.folderName(share.folder)));
      await session.ok(`SETACL ${folder} ${quoted(share.with)} ${share.rights ?? DEFAULT_RIGHTS}`);
      await session.ok('LOGOUT');
    } finally {
      session.close();
    }
  }
}
