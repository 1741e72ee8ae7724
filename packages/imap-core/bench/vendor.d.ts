// emailjs-imap-handler ships no types; the benchmark only calls its parser.
declare module 'emailjs-imap-handler' {
  const handler: { parser(command: Uint8Array): unknown };
  export default handler;
}
