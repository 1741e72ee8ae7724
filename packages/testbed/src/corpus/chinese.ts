import type { Clock } from './clock.ts';
import { TZ } from './clock.ts';
import type { MailSpec } from './compose.ts';
import { FOLDER } from './folders.ts';
import { attachmentPart, multipart, textPart } from './mime.ts';
import { makePdf } from './binary.ts';
import { encodeText } from './charsets.ts';
import { ME, PEOPLE } from './people.ts';

// Chinese mail as mainland and Taiwanese mailers write it: GBK and GB18030 (Foxmail, Outlook on Chinese
// Windows), UTF-8 (webmail), Big5, raw 8-bit headers, and the gb2312 label on text that is really GBK.

const GBK_B = { charset: 'GBK', mode: 'B' } as const;

export function chineseMessages(clock: Clock): MailSpec[] {
  return [
    {
      id: 'gbk-b-subject',
      folder: FOLDER.inbox,
      flags: ['\\Seen'],
      date: clock.daysAgo(3, 10, 12, TZ.beijing),
      tz: TZ.beijing,
      from: PEOPLE.zhangWei,
      to: [ME],
      cc: [PEOPLE.liNa],
      encoding: GBK_B,
      subject: '关于下周项目评审会议的安排',
      headers: [['X-Mailer', 'Microsoft Outlook 16.0']],
      body: textPart(
        '李总、各位同事：\n\n下周三（11月12日）下午两点在三楼会议室召开项目评审会议，请准备以下材料：\n' +
          '1. 项目进度报告\n2. 预算执行情况\n3. 风险评估与应对措施\n\n如有问题请随时联系我。\n\n此致\n敬礼\n\n张伟\n研发部',
        { charset: 'GBK', encoding: 'base64' },
      ),
      text: ['项目评审会议', '预算执行情况'],
    },
    {
      // The byte-exact test fetches this one: Subject and From are raw GBK bytes with no encoded word.
      id: 'gbk-raw-8bit-subject',
      folder: FOLDER.inbox,
      date: clock.daysAgo(1, 16, 45, TZ.beijing),
      tz: TZ.beijing,
      from: PEOPLE.wangFang,
      to: [ME],
      encoding: { charset: 'GBK', mode: 'raw' },
      subject: '第三季度财务报表（请查收）',
      headers: [['X-Mailer', 'Foxmail 7.2.25.228[cn]']],
      body: textPart(
        '您好！\n\n附上第三季度财务报表，请查收。营业收入同比增长百分之十二，详细数据见表格第二页。\n\n王芳\n财务部',
        { charset: 'GBK', encoding: '8bit' },
      ),
      text: ['财务报表', '同比增长百分之十二'],
    },
    {
      // 𠮷 (U+20BB7) is four bytes in GB18030 and absent from GBK; € is 0x80 in GBK but two bytes in GB18030.
      id: 'gb18030-q-subject',
      folder: FOLDER.inbox,
      flags: ['\\Seen', '\\Flagged'],
      date: clock.daysAgo(9, 12, 30, TZ.beijing),
      tz: TZ.beijing,
      from: PEOPLE.chenJie,
      to: [ME],
      encoding: { charset: 'GB18030', mode: 'Q' },
      subject: '𠮷野家午餐发票（€12.50）',
      body: textPart(
        '报销说明：\n\n上周五团队在𠮷野家聚餐，发票金额为 €12.50（欧元），请财务按当日汇率折算。\n\n〇一二三四五\n陈杰',
        { charset: 'GB18030', encoding: 'quoted-printable' },
      ),
      text: ['𠮷野家聚餐', '发票金额'],
    },
    {
      // 镕 is not in GB2312; decoders must read the gb2312 label as GBK (as the WHATWG Encoding standard does).
      id: 'gb2312-label-gbk-bytes',
      folder: FOLDER.inbox,
      flags: ['\\Seen'],
      date: clock.daysAgo(21, 9, 5, TZ.beijing),
      tz: TZ.beijing,
      from: PEOPLE.zhuRongji,
      to: [ME],
      encoding: { charset: 'GBK', mode: 'B', label: 'gb2312' },
      subject: '朱镕基文集读书会通知',
      body: textPart(
        '各位书友：\n\n本周六下午三点举办《朱镕基讲话实录》读书会，地点在图书馆二楼。\n\n读书会组委会',
        {
          charset: 'GBK',
          charsetLabel: 'gb2312',
          encoding: 'base64',
        },
      ),
      text: ['朱镕基讲话实录', '读书会'],
    },
    {
      id: 'utf8-chinese-alternative',
      folder: FOLDER.inbox,
      flags: ['\\Seen'],
      date: clock.daysAgo(35, 17, 0, TZ.beijing),
      tz: TZ.beijing,
      from: PEOPLE.liNa,
      to: [ME, PEOPLE.zhangWei],
      cc: [PEOPLE.chenJie],
      subject: '【通知】2025年国庆节放假安排',
      body: multipart('alternative', [
        textPart(
          '全体员工：\n\n根据国务院办公厅通知，国庆节放假时间为10月1日至10月8日，共8天。\n9月28日（周日）正常上班。\n\n行政部',
          {
            encoding: 'base64',
          },
        ),
        textPart(
          '<html><body><p>全体员工：</p><p>根据国务院办公厅通知，<b>国庆节放假</b>时间为<b>10月1日至10月8日</b>，共8天。</p>' +
            '<p>9月28日（周日）正常上班。</p><p>行政部</p></body></html>',
          { subtype: 'html', encoding: 'quoted-printable' },
        ),
      ]),
      text: ['国庆节放假', '10月1日至10月8日'],
    },
    {
      id: 'utf8-chinese-q-subject',
      folder: FOLDER.workCn,
      flags: ['\\Seen', '\\Answered'],
      date: clock.daysAgo(12, 11, 20, TZ.beijing),
      tz: TZ.beijing,
      from: PEOPLE.chenJie,
      to: [ME],
      encoding: { charset: 'UTF-8', mode: 'Q' },
      subject: 'Re: [项目] API 接口文档 v2.3 更新',
      inReplyTo: '<api-docs-v23@dev.example.cn>',
      references: ['<api-docs-v23@dev.example.cn>'],
      body: textPart(
        '文档已更新，主要变更：\n- 新增 /v2/messages/batch 接口\n- 分页参数改为 cursor\n\n> 请在周五前完成接口文档的更新。\n\n陈杰',
        { encoding: '8bit' },
      ),
      text: ['分页参数改为 cursor', '/v2/messages/batch'],
    },
    {
      id: 'big5-traditional',
      folder: FOLDER.workCn,
      flags: ['\\Seen'],
      date: clock.daysAgo(60, 14, 10, 480),
      tz: 480,
      from: { name: '林志明', address: 'lin.zm@example.com.tw' },
      to: [ME],
      encoding: { charset: 'Big5', mode: 'B' },
      subject: '會議記錄：第四季產品規劃',
      body: textPart(
        '各位好，\n\n附上今天會議記錄重點：\n一、新版介面將於十二月上線\n二、繁體中文翻譯由台北團隊負責\n\n林志明',
        {
          charset: 'Big5',
          encoding: 'base64',
        },
      ),
      text: ['會議記錄重點', '繁體中文翻譯'],
    },
    {
      id: 'gbk-attachments-project',
      folder: FOLDER.projectCn,
      flags: ['\\Seen'],
      date: clock.daysAgo(5, 15, 30, TZ.beijing),
      tz: TZ.beijing,
      from: PEOPLE.zhangWei,
      to: [ME],
      encoding: GBK_B,
      subject: '项目计划书和需求说明（第二版）',
      body: multipart('mixed', [
        textPart('附件是项目计划书和需求说明，请审阅后回复意见。\n\n张伟', {
          charset: 'GBK',
          encoding: 'base64',
        }),
        attachmentPart(makePdf('Project Plan v2', ['Milestone 1: design review', 'Milestone 2: beta']), {
          contentType: 'application/pdf',
          filename: '项目计划书.pdf',
        }),
        attachmentPart(encodeText('需求说明\r\n1. 支持中文文件夹\r\n2. 支持GBK编码邮件\r\n', 'GBK'), {
          contentType: 'text/plain; charset=GBK',
          filename: '需求说明.txt',
          filenameStyle: 'encoded-word',
          filenameCharset: 'GBK',
        }),
      ]),
      text: ['请审阅后回复意见'],
    },
    {
      id: 'project-weekly-csv',
      folder: FOLDER.projectCn,
      date: clock.daysAgo(2, 18, 5, TZ.beijing),
      tz: TZ.beijing,
      from: PEOPLE.liNa,
      to: [ME],
      cc: [PEOPLE.zhangWei, PEOPLE.chenJie],
      subject: '项目周报 - 第45周',
      body: multipart('mixed', [
        textPart(
          '本周进展：\n- 完成邮件列表虚拟滚动\n- 修复GBK附件名乱码问题\n\n下周计划：性能测试。\n\n李娜',
        ),
        attachmentPart(
          encodeText(
            '任务,负责人,状态\r\n虚拟滚动,陈杰,完成\r\n附件名乱码,张伟,完成\r\n性能测试,李娜,进行中\r\n',
            'GBK',
          ),
          {
            contentType: 'text/csv; charset=GBK',
            filename: '项目周报-第45周-研发部-邮件客户端项目组-最终版.csv',
          },
        ),
      ]),
      text: ['修复GBK附件名乱码问题'],
    },
  ];
}
