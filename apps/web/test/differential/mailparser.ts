// mailparser (the Node-side reference parser) ships no type declarations and @types/mailparser is not a
// dependency: loaded through require, with types for the fields the suites read.
import { createRequire } from 'node:module';

export interface MailparserAddress {
  name: string;
  address?: string;
  group?: MailparserAddress[];
}

export interface MailparserAddressObject {
  value: MailparserAddress[];
  text: string;
}

export interface MailparserAttachment {
  filename?: string;
  contentType: string;
  contentDisposition?: string;
  contentId?: string;
  related?: boolean;
  /** Content-ID without brackets. */
  cid?: string;
  size: number;
  content: Buffer;
}

export interface MailparserMail {
  subject?: string;
  from?: MailparserAddressObject;
  to?: MailparserAddressObject | MailparserAddressObject[];
  cc?: MailparserAddressObject | MailparserAddressObject[];
  bcc?: MailparserAddressObject | MailparserAddressObject[];
  replyTo?: MailparserAddressObject;
  date?: Date;
  messageId?: string;
  inReplyTo?: string;
  references?: string | string[];
  text?: string;
  html?: string | false;
  attachments: MailparserAttachment[];
}

const require = createRequire(import.meta.url);
const mailparser = require('mailparser') as {
  simpleParser(source: Buffer, options?: Record<string, unknown>): Promise<MailparserMail>;
};

export const simpleParser = mailparser.simpleParser;
