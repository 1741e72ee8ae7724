import { MaildirFolderWriter } from './maildir.ts';

// The "Big" folder: `count` generated messages for virtual scrolling, sorting and benchmarks. Varied senders
// (Latin, Chinese, Russian, Japanese names), subjects, sizes (a few hundred bytes to ~30 KB, a long tail of
// HTML and attachments), dates over two years, flags. Deterministic per index; 100 000 take a few seconds.

const DAY_MS = 86_400_000;
const SPAN_MS = 730 * DAY_MS;

interface Sender {
  name: string;
  address: string;
}

const SENDERS: Sender[] = [
  { name: 'Alice Martin', address: 'alice@example.org' },
  { name: 'Bob Schneider', address: 'bob.schneider@example.de' },
  { name: 'GitHub', address: 'notifications@github.example' },
  { name: 'Jenkins CI', address: 'jenkins@ci.example.com' },
  { name: 'Jira', address: 'jira@tracker.example.com' },
  { name: '张伟', address: 'zhang.wei@mail.example.cn' },
  { name: '李娜', address: 'li.na@corp.example.cn' },
  { name: '王芳', address: 'wangfang@example.com.cn' },
  { name: 'Иван Петров', address: 'i.petrov@example.ru' },
  { name: 'Анна Смирнова', address: 'anna.smirnova@corp.example.ru' },
  { name: '田中太郎', address: 'tanaka@example.co.jp' },
  { name: 'Acme Cloud', address: 'no-reply@news.acme.example' },
  { name: 'Carol O’Neil', address: 'carol@example.com' },
  { name: 'Dave Kowalski', address: 'dave@example.net' },
  { name: 'Shop Example', address: 'orders@shop.example' },
  { name: 'Ольга Волкова', address: 'olga@example.su' },
];

const TOPICS = [
  'quarterly budget',
  'release 2.1',
  'database migration',
  'office move',
  'hiring plan',
  'security audit',
  'API rate limits',
  'customer feedback',
];
const TOPICS_ZH = ['预算审批', '版本发布', '数据库迁移', '办公室搬迁', '招聘计划', '安全审计', '客户反馈'];
const TOPICS_RU = [
  'бюджет на квартал',
  'релиз 2.1',
  'миграция базы данных',
  'переезд офиса',
  'план найма',
  'аудит безопасности',
];

const PARAGRAPHS_EN = [
  'Thanks for the update. I went through the numbers again and they look consistent with last month, apart from the hosting line, which grew because of the new region.',
  'Could you take a look at the attached notes before Thursday? We need a decision on the rollout order so the support team can prepare the announcement.',
  'The build is green again after the flaky integration test was quarantined. A proper fix is tracked separately and should land this week.',
  'Quick reminder that the office is closed on Monday. Please make sure any on-call handover is documented in the usual place before you leave.',
  'I agree with the proposal in principle, but we should measure the impact on large mailboxes first; the last change of this kind doubled sync time for some users.',
];
const PARAGRAPHS_ZH = [
  '感谢更新。我又核对了一遍数据，除了托管费用因新区域上线有所增长外，其余与上月基本一致。',
  '请在周四之前查看附件中的说明，我们需要确定发布顺序，以便客服团队准备公告。',
  '隔离了不稳定的集成测试之后，构建已经恢复正常，正式修复会在本周内完成。',
];
const PARAGRAPHS_RU = [
  'Спасибо за обновление. Я ещё раз проверил цифры: всё сходится с прошлым месяцем, кроме расходов на хостинг.',
  'Посмотрите, пожалуйста, заметки во вложении до четверга: нам нужно решить порядок выкатки.',
  'Сборка снова зелёная, нестабильный интеграционный тест временно отключён.',
];

/** mulberry32: a small, fast PRNG, seeded per message so message i never depends on the others. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(items: readonly T[], r: number): T => items[Math.floor(r * items.length)] as T;
const ASCII = /^[\x20-\x7e]*$/;

/** RFC 2047 B words of at most 45 UTF-8 bytes each (60 base64 characters, so a word stays under 75). */
function encodeHeader(text: string): string {
  if (ASCII.test(text)) return text;
  const words: string[] = [];
  let chunk = '';
  let bytes = 0;
  for (const point of text) {
    const size = Buffer.byteLength(point, 'utf8');
    if (bytes + size > 45) {
      words.push(chunk);
      chunk = '';
      bytes = 0;
    }
    chunk += point;
    bytes += size;
  }
  words.push(chunk);
  return words.map((word) => `=?UTF-8?B?${Buffer.from(word, 'utf8').toString('base64')}?=`).join('\r\n ');
}

function subjectFor(i: number, r: () => number): string {
  const n = 1000 + Math.floor(r() * 9000);
  switch (Math.floor(r() * 10)) {
    case 0:
      return `[Jira] (PROJ-${n}) ${pick(TOPICS, r())}: status changed to In Review`;
    case 1:
      return `Build #${n} ${r() < 0.8 ? 'passed' : 'FAILED'} on main`;
    case 2:
      return `关于${pick(TOPICS_ZH, r())}的讨论（第${(i % 12) + 1}次）`;
    case 3:
      return `Re: ${pick(TOPICS_RU, r())}`;
    case 4:
      return `Your order #${n} has shipped 📦`;
    case 5:
      return `Re: Re: ${pick(TOPICS, r())}`;
    case 6:
      return `Weekly report, week ${(i % 52) + 1}`;
    default:
      return `${pick(TOPICS, r()).replace(/^./, (c) => c.toUpperCase())} — notes #${i + 1}`;
  }
}

function bodyText(r: () => number): string {
  const pool = r() < 0.7 ? PARAGRAPHS_EN : r() < 0.5 ? PARAGRAPHS_ZH : PARAGRAPHS_RU;
  // Long tail: most messages have 1-3 paragraphs, a few have dozens.
  const count = 1 + Math.floor(-Math.log(1 - r() * 0.999) * 2.5);
  const paragraphs: string[] = [];
  for (let p = 0; p < count; p++) paragraphs.push(pick(pool, r()));
  return paragraphs.join('\r\n\r\n');
}

function base64Lines(bytes: Buffer): string {
  return (bytes.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
}

/**
 * Words of the generated subjects that a subject search finds in a share of Big's messages, each from a
 * subject group of its own up to 'failed' (so those find different messages), for benchmarks that search.
 */
export const BIG_FOLDER_SEARCH_WORDS = [
  'audit',
  'shipped',
  'migration',
  'hiring',
  'budget',
  'feedback',
  'office',
  'limits',
  'release',
  'weekly',
  'failed',
  'passed',
  'review',
  'notes',
] as const;

/** Message number `i` of the big folder (0-based), sent at `date`. */
export function bigFolderMessage(i: number, date: Date): Buffer {
  const r = random(i * 2654435761);
  const sender = pick(SENDERS, r());
  const subject = subjectFor(i, r);
  const text = bodyText(r);
  const messageId = `<big-${i}.${Math.floor(r() * 1e9).toString(36)}@${sender.address.split('@')[1] ?? 'example'}>`;
  const head =
    `Date: ${date.toUTCString().replace('GMT', '+0000')}\r\n` +
    `From: ${encodeHeader(sender.name)} <${sender.address}>\r\n` +
    `To: Demo User <demo@testbed.example>\r\n` +
    `Subject: ${encodeHeader(subject)}\r\n` +
    `Message-ID: ${messageId}\r\n` +
    `MIME-Version: 1.0\r\n`;
  const kind = r();
  if (kind < 0.85) {
    return Buffer.from(
      `${head}Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${text}\r\n`,
    );
  }
  const boundary = `big-${i}`;
  const plainPart = `--${boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${text}\r\n`;
  if (kind < 0.98) {
    const html = `<html><body><table width="600"><tr><td style="font-family:Arial,sans-serif;color:#333"><p>${text.replace(/\r\n\r\n/g, '</p><p>')}</p></td></tr></table></body></html>`;
    return Buffer.from(
      `${head}Content-Type: multipart/alternative; boundary="${boundary}"\r\n\r\n${plainPart}` +
        `--${boundary}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${html}\r\n--${boundary}--\r\n`,
    );
  }
  const attachment = Buffer.alloc(4_000 + Math.floor(r() * 20_000), i & 0xff);
  for (let b = 0; b < attachment.length; b += 7) attachment[b] = Math.floor(r() * 256);
  return Buffer.from(
    `${head}Content-Type: multipart/mixed; boundary="${boundary}"\r\n\r\n${plainPart}` +
      `--${boundary}\r\nContent-Type: application/octet-stream; name="report-${i}.bin"\r\n` +
      `Content-Disposition: attachment; filename="report-${i}.bin"\r\nContent-Transfer-Encoding: base64\r\n\r\n` +
      `${base64Lines(attachment)}\r\n--${boundary}--\r\n`,
  );
}

function flagsFor(i: number, ageMs: number): string[] {
  const r = random(i * 40503 + 7);
  const flags: string[] = [];
  if (r() < (ageMs > 7 * DAY_MS ? 0.92 : 0.5)) flags.push('\\Seen');
  if (r() < 0.02) flags.push('\\Flagged');
  if (r() < 0.06) flags.push('\\Answered');
  if (r() < 0.01) flags.push('$Forwarded');
  return flags;
}

/** Writes `count` messages into the Maildir folder at `dir`, dated over the two years before `now`. */
export function writeBigFolder(dir: string, count: number, now: Date, uidValidity: number): void {
  const writer = new MaildirFolderWriter(dir, uidValidity);
  const start = now.getTime() - SPAN_MS;
  const step = SPAN_MS / Math.max(1, count);
  for (let i = 0; i < count; i++) {
    const sent = new Date(Math.floor(start + i * step));
    const received = new Date(sent.getTime() + 30_000 + (i % 120) * 1_000);
    writer.add(bigFolderMessage(i, sent), flagsFor(i, now.getTime() - sent.getTime()), received);
  }
  writer.finish();
}
