import { MAIL_DOMAIN } from './postfix-config.ts';
import type { RunAs } from './run-as.ts';
import { renderNamespaces } from './dovecot-namespaces.ts';
import type { FolderLayout } from './folder-layouts.ts';
import type { TestUser } from './types.ts';

export interface DovecotConfigInput {
  instanceName: string;
  /** Dovecot's base_dir (sockets, pid file); must be short, unix socket paths stop at 108 bytes. */
  runDir: string;
  stateDir: string;
  logFile: string;
  passwdFile: string;
  certFile: string;
  keyFile: string;
  imapPort: number;
  imapsPort: number;
  runAs: RunAs;
  folderLayout: FolderLayout;
  users: readonly TestUser[];
  /** IMAP METADATA (StartDovecotOptions.metadata). */
  metadata: boolean;
}

/** Sockets (in Dovecot's base_dir) for Postfix: SASL authentication and LMTP delivery. */
export const AUTH_SOCKET = 'auth-smtp';
export const LMTP_SOCKET = 'lmtp';

export function renderDovecotConfig(input: DovecotConfigInput): string {
  const { runAs, folderLayout } = input;
  const advertised = folderLayout.capabilities && [
    ...folderLayout.capabilities,
    ...(input.metadata ? ['METADATA'] : []),
    ...(folderLayout.acl && !folderLayout.sharedNamespace ? ['ACL'] : []),
  ];
  const capability = advertised ? `protocol imap {\n  imap_capability = ${advertised.join(' ')}\n}\n` : '';
  // RFC 5464 entries live in a file dict in the user's home; Dovecot then advertises METADATA itself.
  const metadata = input.metadata
    ? `mail_attribute_dict = file:%h/dovecot-attributes\nprotocol imap {\n  imap_metadata = yes\n}\n`
    : '';
  return `# Private Dovecot 2.3 config written by @webmail/testbed; nothing here touches a system Dovecot.
instance_name = ${input.instanceName}
base_dir = ${input.runDir}
state_dir = ${input.stateDir}
log_path = ${input.logFile}
info_log_path = ${input.logFile}
protocols = imap lmtp
listen = 127.0.0.1
# The start-up check looks for the instance name, so it never mistakes another server on a reused port for us.
login_greeting = Dovecot testbed ${input.instanceName} ready.

# Every process runs as one unprivileged account (see run-as.ts); none of them may chroot or setuid.
default_internal_user = ${runAs.user}
${runAs.group === undefined ? '' : `default_internal_group = ${runAs.group}\n`}default_login_user = ${runAs.user}
first_valid_uid = ${runAs.uid}
last_valid_uid = ${runAs.uid}
first_valid_gid = ${runAs.gid}
last_valid_gid = ${runAs.gid}

disable_plaintext_auth = no
auth_mechanisms = plain login
# Answer a wrong password at once. Dovecot 2.3.19 queues failures and flushes the queue every 500 ms
# (auth_failure_delay = 0 only helps in later versions) unless the request carries the "nodelay" field.
# Fields set by a passdb survive a later failure only if a passdb before it ended in NEXT, so a first
# static passdb with noauthenticate sets nodelay for every request, known user or not. A reply that is not
# delayed never raises the anvil penalty either; the penalty socket is also not created (mode 0).
auth_failure_delay = 0
service anvil {
  chroot =
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
passdb {
  driver = static
  args = noauthenticate nodelay=yes
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN ${input.passwdFile}
}
userdb {
  driver = passwd-file
  args = ${input.passwdFile}
}

ssl = yes
ssl_cert = <${input.certFile}
ssl_key = <${input.keyFile}

# LAYOUT=fs keeps '/' as the hierarchy separator on disk too (工作/项目 is a directory inside 工作); folder
# directory names are modified UTF-7, as on the wire.
mail_location = maildir:~/Maildir:LAYOUT=fs
mail_fsync = never
${renderNamespaces(folderLayout, input.users, input.stateDir)}

service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${input.imapPort}
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = ${input.imapsPort}
    ssl = yes
  }
}
service imap {
  process_limit = 512
}

# For the testbed's Postfix (postfix.ts): SASL over this auth socket, delivery over this LMTP socket. Postfix's
# processes run as the postfix account, so both sockets are open to every local user (loopback-only test data).
service auth {
  unix_listener ${AUTH_SOCKET} {
    mode = 0666
  }
}
service lmtp {
  unix_listener ${LMTP_SOCKET} {
    mode = 0666
  }
}
protocol lmtp {
  # RCPT TO:<demo@webmail.test> is the passwd-file user demo.
  auth_username_format = %n
}
# Nothing Dovecot could mail itself (LDA rejections, which the testbed's Postfix asks for on stderr instead)
# may reach a system MTA.
sendmail_path = /bin/false
postmaster_address = postmaster@${MAIL_DOMAIN}
protocol imap {
  # Browser tests and benchmarks open many sessions for one user from 127.0.0.1 (the default allows 10).
  mail_max_userip_connections = 500
}
${capability}${metadata}`;
}
