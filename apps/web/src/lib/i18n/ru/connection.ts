// Russian strings of the connection banner.
import type { PaneTranslation } from '../catalog.ts';
import type en from '../en/connection.ts';

export default {
  'connection.reconnectingIn': 'Соединение потеряно. Повторное подключение через {seconds} с…',
  'connection.reconnecting': 'Соединение потеряно. Повторное подключение…',
  'connection.retryNow': 'Повторить сейчас',
  'connection.reconnected': 'Соединение восстановлено',
  'connection.offline': 'Соединение с почтовым сервером потеряно, и восстановить его не удалось. {reason}',
  'connection.signInAgain': 'Войти снова',
} satisfies PaneTranslation<typeof en>;
