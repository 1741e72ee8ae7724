// Simplified Chinese strings of the search box, its filters and its results.
import type { PaneTranslation } from '../catalog.ts';
import type en from '../en/search.ts';

export default {
  'search.filters': '搜索选项',
  'search.field': '搜索字段',
  'search.field.all': '发件人、收件人、主题和正文',
  'search.field.from': '发件人',
  'search.field.to': '收件人',
  'search.field.subject': '主题',
  'search.field.body': '正文',
  'search.since': '开始日期',
  'search.before': '结束日期',
  'search.unread': '未读',
  'search.flagged': '已加星标',
  'search.attachment': '有附件',
  'search.scope': '搜索范围',
  'search.scope.folder': '此文件夹',
  'search.scope.all': '所有文件夹',
  'search.clear': '清除搜索',
  'search.cancel': '停止搜索',
  'search.searching': '正在搜索…',
  'search.refining': '正在搜索邮件正文…',
  'search.count': '{count, plural, =0 {未找到邮件} other {找到 # 封邮件}}',
  'search.truncated': '显示找到的 {count, number} 封邮件中最新的 {shown, number} 封',
  'search.progress.folders': '已搜索 {done, number} / {total, plural, other {# 个文件夹}}',
  'search.progress.messages': '正在检查附件：{done, number} / {total, plural, other {# 封邮件}}',
  'search.inFolder': '位于“{folder}”',
  'search.skipped': '{count, plural, other {有 # 个文件夹无法搜索：{names}}}',
  'search.error.folderChanged': '搜索期间文件夹发生了变化。请重新搜索。',
} satisfies PaneTranslation<typeof en>;
