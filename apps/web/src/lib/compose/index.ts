// Writing mail (contracts.md 4): the message's bytes, addresses, and the headers of replies and forwards.
// Framework-free and browser-safe; the composer's state classes are the callers.

export type {
  AddressProblem,
  BuildOptions,
  BuiltMessage,
  MailAddress,
  OutgoingAttachment,
  OutgoingMessage,
} from './types.ts';
export { ComposeError, type ComposeErrorCode } from './errors.ts';
export { buildMessage } from './build-message.ts';
export { newMessageId } from './message-id.ts';
export { envelopeAddress, needsSmtpUtf8, validateAddress } from './address-validate.ts';
export { parseAddressList, type ParsedAddressList } from './address-parse.ts';
export {
  forwardSubject,
  pickIdentity,
  referencesFor,
  replyRecipients,
  replySubject,
  type OriginalAddress,
  type OriginalMessage,
} from './reply-headers.ts';
export { quotePlainText, type QuoteOptions } from './quote.ts';
