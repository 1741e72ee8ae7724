import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CORPUS_FOLDERS } from './corpus/folders.ts';
import { PUBLIC_DIR, renderPasswdFile } from './dovecot-namespaces.ts';
import { CORPUS_NOW } from './corpus/clock.ts';
import { MaildirFolderWriter } from './maildir.ts';
import { encodeMailboxName } from './mutf7.ts';
import { DOVECOT_VARIANTS, folderNameIn, LAYOUTS } from './folder-layouts.ts';
import { launch, type Subscriptions } from './dovecot-launch.ts';
import { chownTree, layoutOf, SERVER_CERT_NAME } from './layout.ts';
import { createCertificateAuthority, issueCertificate } from './pki.ts';
import { assertTraversable, resolveRunAs } from './run-as.ts';
import { RunningDovecot } from './running-dovecot.ts';
import { ensureMaildir, isSeeded, seedMaildir } from './seed.ts';
import { shareFolders, validateShares } from './shares.ts';
import { startPostfix } from './postfix.ts';
import type {
  DovecotServer,
  PostfixOptions,
  PublicFolder,
  StartDovecotOptions,
  TestQuota,
  TestUser,
} from './types.ts';

export const DEMO_USER: Readonly<TestUser> = Object.freeze({ name: 'demo', password: 'demo-password' });

// Dovecot's sockets live in <baseDir>/run; unix socket paths stop at 108 bytes and Dovecot adds up to ~30.
const MAX_BASE_DIR_LENGTH = 70;
const MARKER_FILE = '.webmail-testbed';
// passwd-file fields are ':'-separated and the name becomes a directory name.
const USER_NAME = /^[A-Za-z0-9][A-Za-z0-9._@+-]*$/;
// It becomes a namespace prefix inside a passwd-file field (split at spaces) and a top-level folder name.
const FULL_FOLDER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
// Every variant's top-level names: a fullFolder must not collide with any of them.
const TOP_LEVEL_CORPUS_NAMES = new Set(
  DOVECOT_VARIANTS.flatMap((variant) =>
    CORPUS_FOLDERS.map((folder) => folderNameIn(variant, folder.name).split(/[./]/)[0]?.toUpperCase()),
  ),
);

function validateUsers(users: readonly TestUser[]): void {
  if (users.length === 0) throw new Error('startDovecot needs at least one user');
  for (const user of users) {
    if (!USER_NAME.test(user.name)) throw new Error(`bad test user name ${JSON.stringify(user.name)}`);
    if (/[:\r\n]/.test(user.password))
      throw new Error(`password of ${user.name} must not contain ':' or line breaks`);
    if (user.quota) validateQuota(user.name, user.quota);
  }
}

function validateQuota(user: string, quota: TestQuota): void {
  const { storageKb, fullFolder } = quota;
  if (storageKb !== undefined && (!Number.isInteger(storageKb) || storageKb < 1))
    throw new Error(`quota.storageKb of ${user} must be a whole number of KiB, at least 1`);
  if (fullFolder === undefined) return;
  if (
    !FULL_FOLDER_NAME.test(fullFolder) ||
    fullFolder.toUpperCase() === 'INBOX' ||
    TOP_LEVEL_CORPUS_NAMES.has(fullFolder.toUpperCase())
  )
    throw new Error(
      `quota.fullFolder of ${user} must be ASCII letters, digits, '.', '_' or '-', and not INBOX or a corpus folder`,
    );
}

async function claimBaseDir(requested: string | undefined): Promise<{ baseDir: string; created: boolean }> {
  if (requested === undefined) {
    return { baseDir: await mkdtemp(path.join(os.tmpdir(), 'testbed-')), created: true };
  }
  const baseDir = path.resolve(requested);
  const entries = existsSync(baseDir) ? readdirSync(baseDir) : [];
  if (entries.length > 0 && !entries.includes(MARKER_FILE)) {
    throw new Error(`refusing to use ${baseDir}: not empty and not made by the testbed`);
  }
  await mkdir(baseDir, { recursive: true });
  return { baseDir, created: entries.length === 0 };
}

/**
 * What follows a running Dovecot: shared folders, and the Postfix of `startDovecot({ smtp })`. If either
 * fails, the Dovecot is stopped too.
 */
async function completeStart(dovecot: RunningDovecot, options: StartDovecotOptions): Promise<void> {
  try {
    await shareFolders(dovecot, options.shares ?? []);
    if (options.smtp) {
      const smtpOptions: PostfixOptions = options.smtp === true ? {} : options.smtp;
      dovecot.adoptSmtp(await startPostfix({ ...smtpOptions, dovecot }));
    }
  } catch (error) {
    await dovecot.stop();
    throw error;
  }
}

/**
 * Starts a private Dovecot on 127.0.0.1 and resolves once a LOGIN over a raw socket has worked.
 * See README.md for the layout of baseDir and what each option does.
 */
export async function startDovecot(options: StartDovecotOptions = {}): Promise<DovecotServer> {
  const users = (options.users ?? [DEMO_USER]).map((user) =>
    user.quota ? { ...user, quota: { ...user.quota } } : { ...user },
  );
  validateUsers(users);
  const variant = options.variant ?? 'full';
  if (!DOVECOT_VARIANTS.includes(variant)) throw new Error(`unknown variant ${String(variant)}`);
  validateShares(options.shares ?? [], users, variant);
  if ((options.publicFolders ?? []).length > 0 && variant !== 'cyrus')
    throw new Error(`publicFolders are Cyrus's shared folders: the 'cyrus' variant only, not '${variant}'`);
  for (const user of users) {
    if (LAYOUTS[variant].separator === '.' && user.quota?.fullFolder?.includes('.'))
      throw new Error(`quota.fullFolder of ${user.name} cannot hold '.', the '${variant}' separator`);
  }
  const bigFolderSize = options.bigFolderSize ?? 0;
  if (!Number.isInteger(bigFolderSize) || bigFolderSize < 0)
    throw new Error('bigFolderSize must be a whole number');
  const runAs = resolveRunAs();
  if (options.baseDir !== undefined) assertTraversable(options.baseDir, runAs);
  const { baseDir, created } = await claimBaseDir(options.baseDir);
  const removeOnStop = !options.keepData;
  if (baseDir.length > MAX_BASE_DIR_LENGTH) {
    if (created) await rm(baseDir, { recursive: true, force: true });
    throw new Error(
      `baseDir ${baseDir} is longer than ${MAX_BASE_DIR_LENGTH} characters (unix socket paths)`,
    );
  }
  const layout = layoutOf(baseDir);
  try {
    await writeFile(
      path.join(baseDir, MARKER_FILE),
      'Made by @webmail/testbed; removed by stop() unless keepData.\n',
    );
    await mkdir(layout.stateDir, { recursive: true });
    await mkdir(layout.tlsDir, { recursive: true });
    const ca = await createCertificateAuthority(layout.tlsDir);
    const server = await issueCertificate(ca, layout.tlsDir, {
      names: ['localhost', '127.0.0.1'],
      basename: SERVER_CERT_NAME,
    });
    const publicFolders = options.publicFolders ?? [];
    // Cyrus-style sharing is opt-in: the cyrus variant's other tests see no other namespace.
    const cyrusShared =
      variant === 'cyrus' && ((options.shares ?? []).length > 0 || publicFolders.length > 0);
    const folderLayout = {
      ...LAYOUTS[variant],
      ...(options.autoCreateSpecial === false ? { autoCreateSpecial: false } : {}),
      ...(options.acl ? { acl: true } : {}),
      ...(cyrusShared ? { sharedNamespace: true } : {}),
      ...(publicFolders.length > 0 ? { publicFolders: publicFolders.map((folder) => folder.name) } : {}),
    };
    await writeFile(layout.passwdFile, renderPasswdFile(users, runAs, layout.home, folderLayout), {
      mode: 0o600,
    });

    const firstMaildir = layout.maildir(users[0]?.name ?? '');
    const seeded = isSeeded(firstMaildir)
      ? []
      : seedMaildir(firstMaildir, {
          variant,
          corpus: options.corpus ?? false,
          corpusNow: options.corpusNow,
          bigFolderSize,
        });
    const subscriptions: Subscriptions[] = [];
    if (seeded.length > 0) subscriptions.push({ user: users[0] as TestUser, folders: ['INBOX', ...seeded] });
    for (const user of users) {
      ensureMaildir(layout.maildir(user.name));
      const fullFolder = user.quota?.fullFolder;
      if (fullFolder === undefined || isSeeded(layout.fullFolder(user.name))) continue;
      // The namespace's root Maildir is the folder itself: it exists once cur/new/tmp do.
      ensureMaildir(layout.fullFolder(user.name));
      subscriptions.push({ user, folders: [fullFolder] });
    }
    writePublicFolders(
      path.join(layout.stateDir, PUBLIC_DIR),
      publicFolders,
      options.corpusNow ?? CORPUS_NOW,
    );
    if (runAs.switchFromRoot) await chownTree(baseDir, runAs);

    const launched = await launch({
      layout,
      runAs,
      folderLayout,
      users,
      ports: options.ports,
      metadata: options.metadata ?? false,
      certFile: server.certFile,
      keyFile: server.keyFile,
      subscriptions,
    });
    const dovecot = new RunningDovecot(layout, launched, ca, users, variant, runAs, removeOnStop);
    await completeStart(dovecot, options);
    return dovecot;
  } catch (error) {
    if (removeOnStop) await rm(baseDir, { recursive: true, force: true });
    throw error;
  }
}

/** The public namespace's folders with their messages, each readable by anyone (its dovecot-acl). */
function writePublicFolders(root: string, folders: readonly PublicFolder[], now: Date): void {
  folders.forEach((folder, index) => {
    // On disk each level is in modified UTF-7, as Dovecot names a Maildir's folders.
    const dir = path.join(root, ...folder.name.split('/').map(encodeMailboxName));
    const writer = new MaildirFolderWriter(dir, 1_800_000_000 + index);
    folder.messages.forEach((raw, i) =>
      writer.add(Buffer.from(raw), [], new Date(now.getTime() - (folder.messages.length - i) * 60_000)),
    );
    writer.finish();
    writeFileSync(path.join(dir, 'dovecot-acl'), 'anyone lr\n');
  });
}
