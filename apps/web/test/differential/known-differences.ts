// Where postal-mime (as the app runs it: prepare-raw.ts, flowed.ts) and mailparser disagree on the corpus. Each
// entry pins both sides' exact values for one field and says why; the differential test fails if either side
// changes, and any difference not listed here fails it too.
import type { Comparable } from './compare.ts';

export interface KnownDifference<F extends keyof Comparable = keyof Comparable> {
  readonly field: F;
  readonly ours: Comparable[F];
  readonly mailparser: Comparable[F];
  readonly why: string;
}

export const KNOWN_DIFFERENCES: ReadonlyMap<string, readonly KnownDifference[]> = new Map<
  string,
  KnownDifference[]
>([
  [
    'forwarded-rfc822',
    [
      {
        field: 'attachments',
        ours: [{ filename: 'forwarded-message.eml', size: 451 }],
        mailparser: [{ filename: 'forwarded-message.eml', size: 461 }],
        why: "A message/rfc822 attachment in 7bit: postal-mime's pass-through decoder re-joins the lines with LF, so the 10 CRLF line ends lose a byte each (451); mailparser keeps the bytes (461, the corpus's expectation). A download of a 7bit/8bit attachment therefore has LF line ends; base64 and quoted-printable parts are byte-exact (the download tests use those).",
      },
    ],
  ],
  [
    'hostile-tracking',
    [
      {
        field: 'text',
        ours: null,
        mailparser:
          'Monthly statement ready\n\nYour monthly statement is ready to view.\n\n[http://tracker.example/pixel.gif?u=demo&m=statement]\n[https://tracker.example/p.png] banner [https://tracker.example/fallback.jpg]\n\nBalance: 1,234.56 EUR',
        why: 'HTML-only message: mailparser derives a text body from the HTML (html-to-text); postal-mime, as the app uses it, has no text part and the reader shows the sanitized HTML.',
      },
    ],
  ],
  [
    'bounce-dsn',
    [
      {
        field: 'text',
        ours: "This is the mail system at host mx.testbed.example.\n\nI'm sorry to have to inform you that your message could not\nbe delivered to one or more recipients.\n\n<nobody@nonexistent.example>: host not found",
        mailparser:
          "This is the mail system at host mx.testbed.example.\n\nI'm sorry to have to inform you that your message could not\nbe delivered to one or more recipients.\n\n<nobody@nonexistent.example>: host not found\n\nReporting-MTA: dns; mx.testbed.example\n\nFinal-Recipient: rfc822; nobody@nonexistent.example\nAction: failed\nStatus: 5.1.2\nDiagnostic-Code: X-Postfix; Host or domain name not found",
        why: 'Delivery status notification (RFC 3464): mailparser appends the message/delivery-status part to the text; postal-mime keeps report parts out of the body (hasReportParts) and lists them as attachments.',
      },
      {
        field: 'attachments',
        ours: [
          { filename: null, size: 180 },
          { filename: null, size: 87 },
        ],
        mailparser: [{ filename: null, size: 89 }],
        why: 'Same report: postal-mime lists the message/delivery-status part (180 bytes) and the text/rfc822-headers part (87 bytes, LF line ends) as unnamed attachments; mailparser only the headers part (89 bytes, CRLF).',
      },
    ],
  ],
  [
    'gbk-raw-8bit-subject',
    [
      {
        field: 'subject',
        ours: '第三季度财务报表（请查收）',
        mailparser: '�������Ȳ��񱨱�������գ�',
        why: "Raw 8-bit GBK Subject (Foxmail): prepare-raw.ts decodes non-UTF-8 header lines with the body's declared charset; mailparser reads them as UTF-8 and shows U+FFFD. The app's value is the corpus's expectation.",
      },
      {
        field: 'from',
        ours: [{ name: '王芳', address: 'wangfang@example.com.cn' }],
        mailparser: [{ name: '����', address: 'wangfang@example.com.cn' }],
        why: "Raw 8-bit GBK display name in From: decoded with the body's charset by prepare-raw.ts; mailparser shows U+FFFD.",
      },
    ],
  ],
  [
    'calendar-invite',
    [
      {
        field: 'attachments',
        ours: [
          { filename: null, size: 673 },
          { filename: 'invite.ics', size: 673 },
        ],
        mailparser: [
          { filename: null, size: 692 },
          { filename: 'invite.ics', size: 692 },
        ],
        why: 'text/calendar parts: postal-mime normalises their text to LF line ends with one final newline (673 bytes); mailparser keeps the CRLF bytes (692).',
      },
    ],
  ],
  [
    'hostile-phishing-form',
    [
      {
        field: 'text',
        ours: null,
        mailparser:
          'Unusual sign-in activity was detected on your account.\n\nVerify at https://bank.example/secure [http://phish.example/bank-login] within\n24 hours.\n\nVerify account\nOpen secure document\n[data:text/html;base64,PHNjcmlwdD5hbGVydCgnZGF0YScpPC9zY3JpcHQ+] Relative link\nresolved against the base element [relative/path]',
        why: 'HTML-only message: mailparser derives a text body from the HTML; postal-mime does not (the reader shows the sanitized HTML).',
      },
    ],
  ],
  [
    'cp1251-html-report',
    [
      {
        field: 'text',
        ours: null,
        mailparser:
          'КВАРТАЛЬНЫЙ ОТЧЁТ\n\nПоказательСумма, руб.Выручка12 400 000Расходы9 150 000\n\nПодробности — в приложении к следующему письму.',
        why: 'HTML-only message: mailparser derives a text body from the HTML; postal-mime does not (the reader shows the sanitized HTML).',
      },
    ],
  ],
  [
    'pgp-signed',
    [
      {
        field: 'attachments',
        ours: [{ filename: 'signature.asc', size: 130 }],
        mailparser: [{ filename: 'signature.asc', size: 134 }],
        why: "A 7bit application/pgp-signature part: postal-mime's pass-through decoder re-joins lines with LF (130 bytes); mailparser keeps CRLF (134).",
      },
    ],
  ],
  [
    'newsletter-gbk-shop',
    [
      {
        field: 'text',
        ours: null,
        mailparser:
          '双十一 [https://img.shop-cn.example/banner-1111.jpg]\n\n\n双十一狂欢节\n\n全场五折起，限时三天！\n\n立即抢购 [https://shop-cn.example/promo?from=mail]\n\n[https://track.shop-cn.example/o.gif?id=8842]',
        why: 'HTML-only message: mailparser derives a text body from the HTML; postal-mime does not (the reader shows the sanitized HTML).',
      },
    ],
  ],
]);
