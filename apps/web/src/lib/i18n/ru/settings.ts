// Russian strings of the settings view for special folders.
import type { PaneTranslation } from '../catalog.ts';
import type en from '../en/settings.ts';

export default {
  'settings.roles.open': 'Особые папки',
  'settings.roles.title': 'Особые папки',
  'settings.roles.intro':
    'Выберите, какую папку приложение использует для каждой цели. «Автоматически» — то, что указывает сервер, или папка с привычным названием; недостающая папка создаётся, когда понадобится впервые.',
  'settings.roles.automatic': 'Автоматически',
  'settings.roles.automaticNow': 'Автоматически: {folder}',
  'settings.roles.automaticNone': 'Автоматически: пока нет',
  'settings.roles.fixed': 'Задано сервером: {folder}',
  'settings.roles.save': 'Сохранить',
  'settings.roles.cancel': 'Отмена',
  'settings.roles.savedServer':
    'Сохранено на почтовом сервере: это видят все почтовые программы этой учётной записи.',
  'settings.roles.savedBrowser':
    'Сохранено только в этом браузере: почтовый сервер не хранит этот выбор, поэтому другие браузеры и почтовые программы его не видят.',
  'settings.roles.failed': 'Не удалось сохранить выбор: {reason}',
} satisfies PaneTranslation<typeof en>;
