import { domainToASCII } from 'node:url';
import type { PostfixDelivery } from './types.ts';

// The private Postfix's main.cf, master.cf and lookup tables. Everything a test can rely on is written here:
// which addresses exist, which fail on purpose and how, and why nothing can ever leave the machine.

/** The mail domain of every testbed user: `<name>@webmail.test` (RFC 2606 reserves .test). */
export const MAIL_DOMAIN = 'webmail.test';
/** An internationalized domain (U-labels) whose addresses are aliases of testbed users. */
export const IDN_DOMAIN = '例子.测试';
/** The same domain in A-labels (RFC 5891), as a client without SMTPUTF8 must write it. */
export const IDN_DOMAIN_ASCII = domainToASCII(IDN_DOMAIN);
/** A UTF-8 local part in the IDN domain (RFC 6531): delivered to the second user (the first if alone). */
export const IDN_ADDRESS = `用户@${IDN_DOMAIN}`;

/**
 * Addresses and headers that make Postfix refuse on purpose, each the way a real submission server does it.
 * All replies carry enhanced status codes (RFC 3463).
 */
export const SMTP_FAILURES = Object.freeze({
  /** RCPT TO: `550 5.7.1 <refused@webmail.test>: Recipient address rejected: Refused on purpose by the testbed` */
  refusedRecipient: `refused@${MAIL_DOMAIN}`,
  /** RCPT TO: `450 4.7.1 <deferred@webmail.test>: Recipient address rejected: Try again later (testbed)` */
  deferredRecipient: `deferred@${MAIL_DOMAIN}`,
  /** MAIL FROM: `553 5.7.1 <refused-sender@webmail.test>: Sender address rejected: Refused on purpose by the testbed` */
  refusedSender: `refused-sender@${MAIL_DOMAIN}`,
  /** A message with this header field is refused after its final dot: `550 5.7.1 Refused on purpose by the testbed` */
  refuseHeader: 'X-Testbed-Refuse',
  /** RCPT TO an unknown user of the domain: `550 5.1.1 <…>: Recipient address rejected: User unknown in virtual mailbox table` */
  unknownRecipient: `nobody-here@${MAIL_DOMAIN}`,
});

export interface PostfixConfigInput {
  instanceName: string;
  confDir: string;
  queueDir: string;
  dataDir: string;
  logFile: string;
  /** The directory maillog_file must lie under (Postfix refuses other paths). */
  logPrefix: string;
  submissionPort: number;
  submissionsPort: number;
  plainPort: number;
  maxMessageBytes: number;
  certFile: string;
  keyFile: string;
  /** Dovecot's auth socket (SASL) and LMTP socket (delivery). */
  authSocket: string;
  lmtpSocket: string;
  delivery: PostfixDelivery;
  smtputf8: boolean;
  /** For `delivery: 'lda'`: Dovecot's config file and the account its processes run as. */
  dovecotConfigFile: string;
  dovecotUser: string;
}

export interface PostfixMaps {
  mailboxes: string;
  aliases: string;
  recipientAccess: string;
  senderAccess: string;
  headerChecks: string;
}

export const MAP_FILES: Readonly<Record<keyof PostfixMaps, string>> = Object.freeze({
  mailboxes: 'mailboxes',
  aliases: 'aliases',
  recipientAccess: 'recipient-access',
  senderAccess: 'sender-access',
  headerChecks: 'header-checks',
});

const DELIVERS_NOWHERE = 'the testbed delivers to its own domains only';

/** The lookup tables (texthash: read as plain text, no postmap step). */
export function renderPostfixMaps(users: readonly string[]): PostfixMaps {
  const [first = '', second = first] = users;
  const line = (key: string, value: string): string => `${key} ${value}\n`;
  const aliases = [
    line(IDN_ADDRESS, `${second}@${MAIL_DOMAIN}`),
    line(`用户@${IDN_DOMAIN_ASCII}`, `${second}@${MAIL_DOMAIN}`),
    // Every user also answers in the IDN domain, in U-labels and A-labels alike.
    ...users.flatMap((user) => [
      line(`${user}@${IDN_DOMAIN}`, `${user}@${MAIL_DOMAIN}`),
      line(`${user}@${IDN_DOMAIN_ASCII}`, `${user}@${MAIL_DOMAIN}`),
    ]),
  ];
  return {
    mailboxes: users.map((user) => line(`${user}@${MAIL_DOMAIN}`, 'OK')).join(''),
    aliases: aliases.join(''),
    recipientAccess:
      line(SMTP_FAILURES.refusedRecipient, '550 5.7.1 Refused on purpose by the testbed') +
      line(SMTP_FAILURES.deferredRecipient, '450 4.7.1 Try again later (testbed)'),
    senderAccess: line(SMTP_FAILURES.refusedSender, '553 5.7.1 Refused on purpose by the testbed'),
    headerChecks: `/^${SMTP_FAILURES.refuseHeader}:/ REJECT Refused on purpose by the testbed\n`,
  };
}

/** The Postfix transport that hands mail to Dovecot. */
function virtualTransport(input: PostfixConfigInput): string {
  return input.delivery === 'lda' ? LDA_TRANSPORT : `lmtp:unix:${input.lmtpSocket}`;
}

const LDA_TRANSPORT = 'dovecot-lda';

export function renderMainCf(input: PostfixConfigInput): string {
  const map = (name: keyof PostfixMaps, type = 'texthash'): string =>
    `${type}:${input.confDir}/${MAP_FILES[name]}`;
  return `# Private Postfix 3 config written by @webmail/testbed; nothing here touches /etc/postfix or a system Postfix.
compatibility_level = 3.6
queue_directory = ${input.queueDir}
data_directory = ${input.dataDir}
mail_owner = postfix
setgid_group = postdrop
maillog_file = ${input.logFile}
maillog_file_prefixes = ${input.logPrefix}
syslog_name = postfix-${input.instanceName}

# Loopback only, and nothing ever leaves: no relayhost, no DNS, no SMTP client in master.cf; mail for any
# domain but ours fails in the error transport (bounces of it go to the sender's INBOX when it is ours).
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
myhostname = mx.${MAIL_DOMAIN}
mydomain = ${MAIL_DOMAIN}
myorigin = ${MAIL_DOMAIN}
mydestination =
mynetworks = 127.0.0.1/32
relayhost =
relay_domains =
alias_maps =
alias_database =
local_recipient_maps =
local_transport = error:5.1.1 local delivery is disabled
default_transport = error:5.7.1 ${DELIVERS_NOWHERE}
relay_transport = error:5.7.1 ${DELIVERS_NOWHERE}
smtp_dns_support_level = disabled
lmtp_dns_support_level = disabled
smtp_host_lookup = native
lmtp_host_lookup = native
smtpd_peername_lookup = no
# Headers arrive as the client wrote them: no From/Date/Message-ID added, no address rewriting.
local_header_rewrite_clients =
biff = no

# Deliveries that failed for a while (Dovecot restarted by a test) are retried within seconds.
queue_run_delay = 1s
minimal_backoff_time = 1s
maximal_backoff_time = 2s

# Dovecot 2.3's LMTP does not offer SMTPUTF8, so with delivery over LMTP Postfix accepts a message that
# needs it and then bounces it (5.6.7); 'lda' delivers it (README: "SMTPUTF8").
smtputf8_enable = ${input.smtputf8 ? 'yes' : 'no'}
message_size_limit = ${input.maxMessageBytes}
mailbox_size_limit = 0
virtual_mailbox_limit = 0
recipient_delimiter = +

virtual_mailbox_domains = ${MAIL_DOMAIN}
virtual_alias_domains = ${IDN_DOMAIN}, ${IDN_DOMAIN_ASCII}
virtual_mailbox_maps = ${map('mailboxes')}
virtual_alias_maps = ${map('aliases')}
virtual_transport = ${virtualTransport(input)}
# dovecot-lda takes one recipient per run.
${LDA_TRANSPORT}_destination_recipient_limit = 1

# The greeting names the instance, so the start-up check never mistakes another server on a reused port.
smtpd_banner = $myhostname ESMTP Postfix testbed ${input.instanceName}
smtpd_sasl_auth_enable = yes
smtpd_sasl_type = dovecot
smtpd_sasl_path = ${input.authSocket}
smtpd_tls_chain_files = ${input.keyFile}, ${input.certFile}
smtpd_tls_security_level = may
smtpd_tls_auth_only = yes
# Refusals come at once, in reply to the command they are about (MAIL is refused at MAIL, not at RCPT).
smtpd_delay_reject = no
smtpd_error_sleep_time = 0s
smtpd_client_restrictions =
smtpd_helo_restrictions =
smtpd_sender_restrictions = check_sender_access ${map('senderAccess')}, permit_sasl_authenticated, check_sender_access static:{530 5.7.0 Authentication required}
smtpd_relay_restrictions = reject_unauth_destination
smtpd_recipient_restrictions = check_recipient_access ${map('recipientAccess')}
header_checks = ${map('headerChecks', 'regexp')}
`;
}

/**
 * One smtpd per port, all on 127.0.0.1; no `smtp inet` entry, so nothing listens on port 25, and no `smtp
 * unix` client, so nothing can connect out. Every service runs unchrooted (the sockets it needs are outside
 * the queue directory).
 */
export function renderMasterCf(input: PostfixConfigInput): string {
  const listen = (port: number, ...overrides: string[]): string =>
    `127.0.0.1:${port} inet n - n - - smtpd${overrides.map((o) => ` -o ${o}`).join('')}`;
  return `# service type private unpriv chroot wakeup maxproc command
# Submission with STARTTLS (RFC 6409, RFC 3207): AUTH only after TLS.
${listen(input.submissionPort)}
# Submission over implicit TLS (RFC 8314).
${listen(input.submissionsPort, 'smtpd_tls_wrappermode=yes', 'smtpd_tls_security_level=encrypt')}
# Plaintext on loopback, AUTH allowed: what a relay with tls 'none' talks to.
${listen(input.plainPort, 'smtpd_tls_security_level=none', 'smtpd_tls_auth_only=no')}
cleanup unix n - n - 0 cleanup
qmgr unix n - n 300 1 qmgr
tlsmgr unix - - n 1000? 1 tlsmgr
rewrite unix - - n - - trivial-rewrite
bounce unix - - n - 0 bounce
defer unix - - n - 0 bounce
trace unix - - n - 0 bounce
verify unix - - n - 1 verify
flush unix n - n 1000? 0 flush
proxymap unix - - n - - proxymap
showq unix n - n - - showq
error unix - - n - - error
retry unix - - n - - error
discard unix - - n - - discard
lmtp unix - - n - - lmtp
anvil unix - - n - 1 anvil
scache unix - - n - 1 scache
postlog unix-dgram n - n - 1 postlogd
${input.delivery === 'lda' ? ldaService(input) : ''}`;
}

/**
 * pipe(8) to Dovecot's LDA, as Dovecot's wiki configures it for Postfix (flags D and R add Delivered-To and
 * Return-Path, which LMTP adds itself). `-e`: a refusal (over quota) goes to stderr and Postfix bounces it;
 * without it the LDA would mail the rejection itself through a sendmail binary. No `-a`: Dovecot 2.3.19's
 * LDA refuses a UTF-8 local part there ("Invalid -a parameter"), while `-f` takes one.
 */
function ldaService(input: PostfixConfigInput): string {
  return `${LDA_TRANSPORT} unix - n n - - pipe flags=DR user=${input.dovecotUser} argv=/usr/lib/dovecot/dovecot-lda -c ${input.dovecotConfigFile} -e -f \${sender} -d \${user}
`;
}
