// The composer's words for message building (contracts.md 4, lib/compose/): one import place, so that the
// state classes name the MIME module's types the same way everywhere.

export type {
  AddressProblem,
  BuiltMessage,
  MailAddress,
  OutgoingAttachment,
  OutgoingMessage,
  OriginalMessage as OriginalHeaders,
} from '../../compose/index.ts';
export {
  ComposeError,
  buildMessage,
  envelopeAddress,
  forwardSubject,
  needsSmtpUtf8,
  newMessageId,
  parseAddressList,
  pickIdentity,
  quotePlainText,
  referencesFor,
  replyRecipients,
  replySubject,
  validateAddress,
} from '../../compose/index.ts';
