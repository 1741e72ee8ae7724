// Simplified Chinese strings of the settings view for special folders.
import type { PaneTranslation } from '../catalog.ts';
import type en from '../en/settings.ts';

export default {
  'settings.roles.open': '特殊文件夹',
  'settings.roles.title': '特殊文件夹',
  'settings.roles.intro':
    '选择应用在每种用途下使用的文件夹。“自动”表示使用服务器指定的文件夹或名称常见的文件夹；缺少的文件夹会在首次需要时创建。',
  'settings.roles.automatic': '自动',
  'settings.roles.automaticNow': '自动：{folder}',
  'settings.roles.automaticNone': '自动：暂无',
  'settings.roles.fixed': '由服务器指定：{folder}',
  'settings.roles.save': '保存',
  'settings.roles.cancel': '取消',
  'settings.roles.savedServer': '已保存在邮件服务器上：此账户的所有邮件应用都能看到。',
  'settings.roles.savedBrowser': '仅保存在此浏览器中：邮件服务器不保存此选择，其他浏览器和邮件应用看不到。',
  'settings.roles.failed': '无法保存此选择：{reason}',
} satisfies PaneTranslation<typeof en>;
