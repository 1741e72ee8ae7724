import type { Clock } from './clock.ts';
import { TZ } from './clock.ts';
import { compose, type MailSpec } from './compose.ts';
import { FOLDER } from './folders.ts';
import { attachmentPart, messagePart, multipart, textPart } from './mime.ts';
import { makeLargePng, makeLogoPng, makePdf, pseudoRandomBytes } from './binary.ts';
import { ME, PEOPLE } from './people.ts';

// Attachments: a valid PDF, PNG images, a 5 MB image, and file names in every encoding clients meet:
// RFC 2231 with continuations (UTF-8, windows-1251), RFC 2047 words inside quotes, plain ASCII.

export const LARGE_ATTACHMENT_BYTES = 5 * 1024 * 1024;

// Deterministic but slow to make (about 50 ms); every buildCorpus() call shares the one image.
let largeImage: Buffer | undefined;
function largeAttachment(): Buffer {
  largeImage ??= makeLargePng(LARGE_ATTACHMENT_BYTES, 0x5eed);
  return largeImage;
}

function forwardedOriginal(clock: Clock): Uint8Array {
  return compose({
    id: 'forwarded-original',
    folder: FOLDER.inbox,
    date: clock.daysAgo(30, 9, 0, TZ.beijing),
    tz: TZ.beijing,
    from: PEOPLE.wangFang,
    to: [PEOPLE.liNa],
    encoding: { charset: 'GBK', mode: 'B' },
    subject: '差旅报销标准（2025版）',
    body: textPart('各部门：\n\n自2025年起，国内出差住宿标准调整为每晚不超过五百元。\n\n财务部', {
      charset: 'GBK',
      encoding: 'base64',
    }),
  }).raw;
}

export function attachmentMessages(clock: Clock): MailSpec[] {
  return [
    {
      id: 'attachment-pdf-invoice',
      folder: FOLDER.inbox,
      flags: ['\\Seen', '$Forwarded'],
      date: clock.daysAgo(14, 9, 30, TZ.london),
      from: { name: 'Billing', address: 'billing@hosting.example' },
      to: [ME],
      subject: 'Invoice INV-2025-0042',
      body: multipart('mixed', [
        textPart(
          'Dear customer,\n\nplease find invoice INV-2025-0042 attached. Amount due: 49.00 EUR.\n\nHosting Example Ltd.',
        ),
        attachmentPart(
          makePdf('Invoice INV-2025-0042', ['Web hosting, October 2025', 'Amount due: 49.00 EUR']),
          {
            contentType: 'application/pdf',
            filename: 'invoice-INV-2025-0042.pdf',
          },
        ),
      ]),
      text: ['Amount due: 49.00 EUR'],
    },
    {
      id: 'attachment-png-images',
      folder: FOLDER.inbox,
      flags: ['\\Seen'],
      date: clock.daysAgo(18, 14, 5, TZ.berlin),
      tz: TZ.berlin,
      from: PEOPLE.bob,
      to: [ME],
      subject: 'Screenshots of the layout bug',
      body: multipart('mixed', [
        textPart('Two screenshots attached; the second one shows the overflow in the folder pane.\n\nBob'),
        attachmentPart(makeLogoPng(64, 48, [200, 30, 30]), {
          contentType: 'image/png',
          filename: 'screenshot-1.png',
        }),
        attachmentPart(makeLogoPng(96, 64, [30, 200, 30]), {
          contentType: 'image/png',
          filename: 'screenshot-2.png',
          disposition: 'inline',
        }),
      ]),
      text: ['overflow in the folder pane'],
    },
    {
      id: 'attachment-5mb',
      folder: FOLDER.archive,
      flags: ['\\Seen'],
      date: clock.daysAgo(95, 16, 20, TZ.london),
      from: PEOPLE.carol,
      to: [ME],
      subject: 'Scan of the signed contract (large)',
      body: multipart('mixed', [
        textPart('Here is the full-resolution scan. It is about 5 MB, sorry.\n\nCarol'),
        attachmentPart(largeAttachment(), {
          contentType: 'image/png',
          filename: 'contract-scan-full-resolution.png',
        }),
      ]),
      text: ['full-resolution scan'],
    },
    {
      id: 'attachment-rfc2231-chinese',
      folder: FOLDER.inbox,
      flags: ['\\Seen'],
      date: clock.daysAgo(25, 10, 10, TZ.beijing),
      tz: TZ.beijing,
      from: PEOPLE.liNa,
      to: [ME],
      subject: '2025年度预算草案',
      body: multipart('mixed', [
        textPart('预算草案见附件，请于本周内反馈。\n\n李娜'),
        attachmentPart(pseudoRandomBytes(18_432, 2025), {
          contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          filename: '2025年度预算（草案）— 研发中心与市场部联合编制 终版.xlsx',
        }),
      ]),
      text: ['预算草案见附件'],
    },
    {
      id: 'attachment-rfc2231-cp1251',
      folder: FOLDER.workRu,
      flags: ['\\Seen'],
      date: clock.daysAgo(33, 12, 0, TZ.moscow),
      tz: TZ.moscow,
      from: PEOPLE.kuznetsov,
      to: [ME],
      encoding: { charset: 'windows-1251', mode: 'B' },
      subject: 'Отчёт за октябрь',
      body: multipart('mixed', [
        textPart('Отчёт во вложении.', { charset: 'windows-1251', encoding: 'quoted-printable' }),
        attachmentPart(pseudoRandomBytes(9_000, 1251), {
          contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
          filename: 'Отчёт за октябрь (финальная версия).docx',
          filenameCharset: 'windows-1251',
        }),
      ]),
      text: ['Отчёт во вложении'],
    },
    {
      id: 'attachment-encoded-word-filename',
      folder: FOLDER.workCn,
      flags: ['\\Seen'],
      date: clock.daysAgo(19, 17, 40, TZ.beijing),
      tz: TZ.beijing,
      from: PEOPLE.wangFang,
      to: [ME],
      subject: '会议纪要',
      headers: [['X-Mailer', 'Microsoft Outlook 16.0']],
      body: multipart('mixed', [
        textPart('会议纪要见附件。\n\n王芳'),
        attachmentPart(pseudoRandomBytes(7_777, 77), {
          contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
          filename: '会议纪要（11月）.docx',
          filenameStyle: 'encoded-word',
        }),
      ]),
      text: ['会议纪要见附件'],
    },
    {
      id: 'forwarded-rfc822',
      folder: FOLDER.inbox,
      flags: ['\\Seen'],
      date: clock.daysAgo(29, 11, 11, TZ.beijing),
      tz: TZ.beijing,
      from: PEOPLE.liNa,
      to: [ME],
      subject: 'Fwd: 差旅报销标准（2025版）',
      body: multipart('mixed', [
        textPart('转发给你参考。\n\n李娜'),
        messagePart(forwardedOriginal(clock), 'forwarded-message.eml'),
      ]),
      text: ['转发给你参考'],
    },
  ];
}
