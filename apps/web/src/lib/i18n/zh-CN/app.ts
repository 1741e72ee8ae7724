// Simplified Chinese strings of the app shell: sign-in, errors, layout.
import type { PaneTranslation } from '../catalog.ts';
import type en from '../en/app.ts';

export default {
  'app.name': '网页邮箱',
  'app.tagline': '自托管的网页邮箱，其 IMAP 客户端在您的浏览器中运行。',
  'app.language': '语言',

  'servers.loading': '正在查找邮件服务器…',
  'servers.heading': '邮件服务器',
  'servers.none': '尚未配置邮件服务器。请联系管理员。',
  'servers.unavailable': '无法加载邮件服务器列表。请重新加载页面后再试。',

  'signin.heading': '登录',
  'signin.server': '邮件服务器',
  'signin.user': '用户名',
  'signin.password': '密码',
  'signin.submit': '登录',
  'signin.submitting': '正在登录…',
  'signin.privacy':
    '您的密码只会发送到您的邮件服务器。此浏览器中不保存您的账户或邮件：关闭标签页即退出登录。',

  'error.auth.failed': '登录失败。服务器返回：{text}',
  'error.auth.disabled': '邮件服务器不允许通过此连接登录。',
  'error.connect.refused': '邮件服务器不接受连接，可能已停止运行；请稍后再试。',
  'error.connect.timeout': '邮件服务器未及时响应。请稍后再试。',
  'error.connect.unreachable': '无法连接到邮件服务器。请稍后再试。',
  'error.tls.verify': '无法验证邮件服务器的证书，因此未建立连接。请告知管理员。',
  'error.tls.handshake': '无法与邮件服务器建立安全连接。请告知管理员。',
  'error.proxy.refused': '网页邮箱服务器拒绝了连接。请重新加载页面；如果问题仍然存在，请告知管理员。',
  'error.proxy.unknownServer': '此邮件服务器已不在配置中。请重新加载页面。',
  'error.proxy.busy': '当前连接过多。请稍候再试。',
  'error.proxy.restarting': '网页邮箱服务器正在重启。请稍后再试。',
  'error.proxy.internal': '网页邮箱服务器出现问题。请重试；如果问题仍然存在，请告知管理员。',
  'error.connection.closed': '与邮件服务器的连接已关闭。',
  'error.connection.idle': '连接因长时间无活动而被关闭。',
  'error.server.bye': '邮件服务器结束了会话：{text}',
  'error.server.refused': '邮件服务器拒绝了请求：{text}',
  'error.server.unsupported': '邮件服务器缺少此操作所需的功能（{detail}）。',
  'error.protocol': '邮件服务器发送了本应用无法理解的内容，因此连接已关闭。',
  'error.unexpected': '出现错误（{detail}）。',

  'shell.account': '已登录：{user}',
  'shell.signOut': '退出登录',
  'shell.signingOut': '正在退出登录…',
  'shell.alert': '来自邮件服务器的消息：{text}',
  'shell.newMailTitle': '{count, plural, =0 {} other {(#) }}',
  'shell.desktopNotifications': '新邮件桌面通知',
  'newMail.notification.title': '新邮件',
  'newMail.notification.body': '{count, plural, other {收件箱中有 # 封新邮件}}',
  'shell.dismiss': '关闭',
  'shell.back': '返回',
  'shell.backToFolders': '文件夹',
  'shell.backToList': '返回{folder}',
  'shell.skipToList': '跳到邮件列表',

  'layout.folders': '文件夹',
  'layout.messages': '邮件列表',
  'layout.reader': '邮件',

  'readerStandIn.loading': '正在加载阅读窗格…',
  'readerStandIn.empty': '未打开任何邮件。',
  'readerStandIn.hint': '在列表中选择一封邮件，即可在此阅读。',
} satisfies PaneTranslation<typeof en>;
