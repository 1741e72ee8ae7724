// Shapes the bench server and client agree on: a small IMAP command and its answer, the sink's receipts.

/** A small command, as the browser's IMAP core writes it. */
export const COMMAND = Buffer.from('A0042 NOOP\r\n', 'latin1');
/** The answer, as long as Dovecot's answer to it. */
export const COMMAND_ANSWER = Buffer.from('A0042 OK NOOP completed (0.001 + 0.000 secs).\r\n', 'latin1');

/** The sink answers one byte for every this many bytes it received, so an upload is timed to its end. */
export const SINK_RECEIPT_BYTES = 16 * 1024 * 1024;
export const SINK_RECEIPT = Buffer.from('.');
