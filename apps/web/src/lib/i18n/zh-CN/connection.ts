// Simplified Chinese strings of the connection banner.
import type { PaneTranslation } from '../catalog.ts';
import type en from '../en/connection.ts';

export default {
  'connection.reconnectingIn': '连接已断开。{seconds} 秒后重新连接…',
  'connection.reconnecting': '连接已断开。正在重新连接…',
  'connection.retryNow': '立即重试',
  'connection.reconnected': '已重新连接',
  'connection.offline': '与邮件服务器的连接已断开，且无法恢复。{reason}',
  'connection.signInAgain': '重新登录',
} satisfies PaneTranslation<typeof en>;
