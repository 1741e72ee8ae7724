// Russian strings of the folder pane. Folder names as Thunderbird and Gmail show them. A folder's own name is
// quoted after the word «папка», which takes the case, so the name itself is never declined.
import type { PaneTranslation } from '../catalog.ts';
import type en from '../en/folders.ts';

export default {
  'folders.label': 'Папки',
  'folders.loading': 'Загрузка папок…',
  'folders.error': 'Не удалось загрузить папки. {reason}',
  'folders.retry': 'Повторить',
  'folders.empty': 'Папок нет.',
  'folders.unread':
    '{count, plural, one {# непрочитанное письмо} few {# непрочитанных письма} many {# непрочитанных писем} other {# непрочитанного письма}}',
  'folders.notSubscribed': 'без подписки',

  'folders.new': 'Новая папка',
  'folders.showUnsubscribed': 'Показывать папки без подписки',
  'folders.menu': 'Действия с папкой «{folder}»',
  'folders.menu.newSubfolder': 'Новая вложенная папка',
  'folders.menu.rename': 'Переименовать или переместить',
  'folders.menu.delete': 'Удалить',
  'folders.menu.subscribe': 'Подписаться',
  'folders.menu.unsubscribe': 'Отписаться',

  'folders.create.title': 'Новая папка',
  'folders.create.titleIn': 'Новая папка в папке «{folder}»',
  'folders.create.confirm': 'Создать',
  'folders.rename.title': 'Переименовать или переместить папку «{folder}»',
  'folders.rename.confirm': 'Сохранить',
  'folders.rename.parent': 'Поместить в',
  'folders.rename.topLevel': '(верхний уровень)',
  'folders.delete.title': 'Удалить папку «{folder}»?',
  'folders.delete.message':
    '{count, plural, =0 {Папка будет удалена безвозвратно.} one {Папка и # письмо в ней будут удалены безвозвратно.} few {Папка и # письма в ней будут удалены безвозвратно.} many {Папка и # писем в ней будут удалены безвозвратно.} other {Папка и # письма в ней будут удалены безвозвратно.}} Это действие нельзя отменить.',
  'folders.delete.messageUnknown':
    'Папка и все письма в ней будут удалены безвозвратно. Это действие нельзя отменить.',
  'folders.delete.confirm': 'Удалить папку',
  'folders.name': 'Название',
  'folders.cancel': 'Отмена',

  'folders.name.empty': 'Введите название.',
  'folders.name.delimiter':
    'Название папки не может содержать «{text}»: этим символом сервер разделяет уровни.',
  'folders.name.wildcard': 'Название папки не может содержать «%» или «*».',
  'folders.name.control': 'Название папки не может содержать управляющие символы.',
  'folders.name.exists': 'Здесь уже есть папка «{folder}».',
  'folders.refused.inbox': 'Папку «Входящие» нельзя переименовать или удалить.',
  'folders.refused.special': 'Папка «{folder}» — особая, она нужна приложению; её нельзя удалить.',
  'folders.refused.intoItself': 'Папку нельзя переместить в неё саму или в одну из её вложенных папок.',
  'folders.refused.flat':
    'На этом сервере все папки находятся на одном уровне: папка не может содержать другую.',
  'folders.refused.unknown': 'Папки «{folder}» больше нет.',
  'folders.refused.section': 'Это заголовок, а не папка: его нельзя удалить.',
  'folders.refused.roleFolder': 'Папка «{folder}» не может хранить письма или принадлежит не вам.',
  'folders.section.other': 'Другие пользователи',
  'folders.section.shared': 'Общие папки',

  'folders.failed.create': 'Не удалось создать папку.',
  'folders.failed.rename': 'Не удалось переименовать или переместить папку «{folder}».',
  'folders.failed.delete': 'Не удалось удалить папку «{folder}».',
  'folders.failed.subscribe': 'Не удалось изменить подписку на папку «{folder}».',
  'folders.done.create': 'Папка «{folder}» создана.',
  'folders.done.rename': 'Папка переименована в «{folder}».',
  'folders.done.delete': 'Папка «{folder}» удалена.',
  'folders.done.subscribe': 'Вы подписались на папку «{folder}».',
  'folders.done.unsubscribe': 'Вы отписались от папки «{folder}».',

  'folder.inbox': 'Входящие',
  'folder.drafts': 'Черновики',
  'folder.sent': 'Отправленные',
  'folder.junk': 'Спам',
  'folder.trash': 'Корзина',
  'folder.archive': 'Архив',
} satisfies PaneTranslation<typeof en>;
