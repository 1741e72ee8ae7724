// Simplified Chinese strings of what the app remembers: staying signed in, the mirror, offline, addresses.
import type { PaneTranslation } from '../catalog.ts';
import type en from '../en/remember.ts';

export default {
  'remember.keep': '在此设备上保持登录',
  'remember.keepHint':
    '仅限只有您使用的设备：30 天内任何打开此浏览器的人都能阅读您的邮件，拿到其硬盘的人可能恢复您的密码。不勾选时，关闭此标签页即退出登录。',
  'remember.restoring': '正在打开邮箱…',
  'remember.offline': '离线：这是保存在此设备上的邮件。标记的更改会在连接恢复后发送。',
  'remember.queued': '已在此设备上更改 {count, plural, other {# 封}}邮件；连接恢复后更改会发送到邮件服务器。',
  'remember.needsConnection': '此操作需要连接邮件服务器。未做任何更改；请在连接恢复后重试。',
  'remember.mirror': '在此设备上保存邮件',
  'remember.mirrorHint':
    '文件夹、最近的邮件列表和已读邮件的加密副本（最多 200 MB），用于即时启动和离线阅读。退出登录会将其删除。',
  'remember.messageGone': '此地址指向的邮件已不在 {folder} 中。',
  'remember.signedOutElsewhere': '您已在另一个标签页中退出登录。',
  'remember.tooManyConnections':
    '邮件服务器拒绝为此帐户建立更多连接：请关闭其他网页邮件标签页或邮件程序后重试。服务器的回复：{text}',
} satisfies PaneTranslation<typeof en>;
