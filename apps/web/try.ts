import { buildMessage } from './src/lib/compose/index.ts';
import { simpleParser } from './test/differential/mailparser.ts';
import PostalMime from 'postal-mime';
import { buildCorpus } from '@webmail/testbed';
const orig = buildCorpus().find((m) => m.id === 'koi8r-b-subject')!;
const m = buildMessage({
  from: { name: 'Иван Петров', address: 'ivan@пример.рф' },
  to: [{ name: '王芳', address: 'wang@example.cn' }, { address: 'bob@example.com' }, { name: 'Smith, John', address: 'john@x.org' }],
  cc: [], bcc: [{ address: 'secret@x.org' }],
  subject: 'Отчёт 😀 ' + 'a'.repeat(100),
  date: new Date('2026-12-04T07:00:00Z'), messageId: '<abc@example.org>', inReplyTo: '<x@y>', references: ['<a@b>', '<x@y>'],
  text: 'Привет!\nЭто тест.\n', html: '<p>Привет</p>',
  attachments: [{ filename: 'Отчёт за квартал с очень длинным именем файла который не помещается.pdf', contentType: 'application/pdf', content: new Uint8Array([1,2,3]) },
  { filename: 'a.png', contentType: 'image/png', content: new Uint8Array([1,2,3]), contentId: 'img1@x' },
  { filename: 'orig.eml', contentType: 'message/rfc822', content: orig.raw }],
}, { bcc: 'keep', utcOffsetMinutes: 180 });
const mp = await simpleParser(Buffer.from(m.bytes));
const { attachments, ...rest } = mp as any;
console.log('MAILPARSER', JSON.stringify({ ...rest, headers: undefined, headerLines: undefined }, null, 1).slice(0, 3000));
for (const a of attachments) console.log(a.filename, a.contentType, a.cid, a.contentId, a.related, a.size, a.content.length);
const pm = await PostalMime.parse(m.bytes, { attachmentEncoding: 'arraybuffer' });
const { attachments: pa, headers, ...prest } = pm as any;
console.log('POSTAL', JSON.stringify(prest, null, 1));
for (const a of pa) console.log(a.filename, a.mimeType, a.contentId, a.related, a.disposition, a.content.byteLength);
console.log(orig.raw.length);
