// Russian strings of the app shell: sign-in, errors, layout. Plurals have the forms one/few/many/other.
import type { PaneTranslation } from '../catalog.ts';
import type en from '../en/app.ts';

export default {
  'app.name': 'Веб-почта',
  'app.tagline': 'Веб-почта на вашем сервере: её IMAP-клиент работает прямо в браузере.',
  'app.language': 'Язык',

  'servers.loading': 'Поиск почтовых серверов…',
  'servers.heading': 'Почтовые серверы',
  'servers.none': 'Почтовый сервер не настроен. Обратитесь к администратору.',
  'servers.unavailable':
    'Не удалось загрузить список почтовых серверов. Перезагрузите страницу, чтобы повторить попытку.',

  'signin.heading': 'Вход',
  'signin.server': 'Почтовый сервер',
  'signin.user': 'Имя пользователя',
  'signin.password': 'Пароль',
  'signin.submit': 'Войти',
  'signin.submitting': 'Вход…',
  'signin.privacy':
    'Пароль передаётся только вашему почтовому серверу. Ни учётная запись, ни письма не сохраняются в этом браузере: закрытие вкладки завершает сеанс.',

  'error.auth.failed': 'Не удалось войти. Ответ сервера: {text}',
  'error.auth.disabled': 'Почтовый сервер не разрешает вход через это соединение.',
  'error.connect.refused':
    'Почтовый сервер не принимает соединения. Возможно, он не работает; повторите попытку позже.',
  'error.connect.timeout': 'Почтовый сервер не ответил вовремя. Повторите попытку позже.',
  'error.connect.unreachable': 'Почтовый сервер недоступен. Повторите попытку позже.',
  'error.tls.verify':
    'Не удалось проверить сертификат почтового сервера, поэтому соединение не установлено. Сообщите администратору.',
  'error.tls.handshake':
    'Не удалось установить защищённое соединение с почтовым сервером. Сообщите администратору.',
  'error.proxy.refused':
    'Сервер веб-почты отклонил соединение. Перезагрузите страницу; если ошибка повторится, сообщите администратору.',
  'error.proxy.unknownServer': 'Этот почтовый сервер больше не настроен. Перезагрузите страницу.',
  'error.proxy.busy': 'Сейчас слишком много соединений. Подождите немного и повторите попытку.',
  'error.proxy.restarting': 'Сервер веб-почты перезапускается. Повторите попытку чуть позже.',
  'error.proxy.internal':
    'На сервере веб-почты произошла ошибка. Повторите попытку; если ошибка повторится, сообщите администратору.',
  'error.connection.closed': 'Соединение с почтовым сервером закрыто.',
  'error.connection.idle': 'Соединение закрыто после долгого бездействия.',
  'error.server.bye': 'Почтовый сервер завершил сеанс: {text}',
  'error.server.refused': 'Почтовый сервер отказал: {text}',
  'error.server.unsupported': 'Почтовый сервер не поддерживает нужную для этого функцию ({detail}).',
  'error.protocol':
    'Почтовый сервер прислал данные, которые приложение не может разобрать, поэтому соединение закрыто.',
  'error.unexpected': 'Что-то пошло не так ({detail}).',

  'shell.account': 'Вы вошли как {user}',
  'shell.signOut': 'Выйти',
  'shell.signingOut': 'Выход…',
  'shell.alert': 'Сообщение почтового сервера: {text}',
  'shell.newMailTitle': '{count, plural, =0 {} one {(#) } few {(#) } many {(#) } other {(#) }}',
  'shell.desktopNotifications': 'Уведомления о новой почте на рабочем столе',
  'newMail.notification.title': 'Новая почта',
  'newMail.notification.body':
    '{count, plural, one {# новое письмо во «Входящих»} few {# новых письма во «Входящих»} many {# новых писем во «Входящих»} other {# нового письма во «Входящих»}}',
  'shell.dismiss': 'Закрыть',
  'shell.back': 'Назад',
  'shell.backToFolders': 'Папки',
  'shell.backToList': 'Назад: {folder}',
  'shell.skipToList': 'Перейти к списку писем',

  'layout.folders': 'Папки',
  'layout.messages': 'Письма',
  'layout.reader': 'Письмо',

  'readerStandIn.loading': 'Загрузка области чтения…',
  'readerStandIn.empty': 'Письмо не открыто.',
  'readerStandIn.hint': 'Выберите письмо в списке, чтобы прочитать его здесь.',
} satisfies PaneTranslation<typeof en>;
