// The corpus's cast: the demo user and correspondents with Chinese, Russian, Japanese and Latin names.

export interface Person {
  name: string;
  address: string;
}

export const ME: Person = { name: 'Demo User', address: 'demo@testbed.example' };

export const PEOPLE = {
  zhangWei: { name: '张伟', address: 'zhang.wei@mail.example.cn' },
  liNa: { name: '李娜', address: 'li.na@corp.example.cn' },
  wangFang: { name: '王芳', address: 'wangfang@example.com.cn' },
  chenJie: { name: '陈杰', address: 'chen.jie@dev.example.cn' },
  zhuRongji: { name: '朱镕基', address: 'zhu.rj@example.cn' },
  ivanov: { name: 'Иван Петров', address: 'i.petrov@example.ru' },
  smirnova: { name: 'Анна Смирнова', address: 'anna.smirnova@corp.example.ru' },
  kuznetsov: { name: 'Дмитрий Кузнецов', address: 'dkuznetsov@mail.example.ru' },
  volkova: { name: 'Ольга Волкова', address: 'olga@example.su' },
  tanaka: { name: '田中太郎', address: 'tanaka@example.co.jp' },
  suzuki: { name: '鈴木花子', address: 'hanako.suzuki@example.jp' },
  alice: { name: 'Alice Martin', address: 'alice@example.org' },
  bob: { name: 'Bob Schneider', address: 'bob.schneider@example.de' },
  carol: { name: "Carol O'Neil", address: 'carol@example.com' },
  dave: { name: 'Dave Kowalski', address: 'dave@example.net' },
  noreply: { name: 'Acme Cloud', address: 'no-reply@news.acme.example' },
  shop: { name: '优选商城', address: 'newsletter@shop.example.cn' },
  dovecotList: { name: 'Timo Sirainen', address: 'timo@dovecot.example' },
  mailerDaemon: { name: 'Mail Delivery System', address: 'MAILER-DAEMON@mx.testbed.example' },
  calendar: { name: 'Alice Martin (Calendar)', address: 'calendar-notification@example.org' },
} as const satisfies Record<string, Person>;
