import { describe, expect, it } from 'vitest';
import { extractInlineImages } from './inline-images.ts';
import { decodeDraftInfo, encodeDraftInfo, outgoingMessage, DRAFT_INFO_HEADER } from './outgoing.ts';
import { testDraft } from './testing.ts';

describe('the draft as a message', () => {
  it('says what a draft answers in a header of its own, readable back, mailbox names in any script', () => {
    const origin = {
      kind: 'reply' as const,
      message: { mailbox: '工作/项目 Отчёты', uidValidity: 4_000_000_000, uid: 42 },
    };
    const value = encodeDraftInfo(origin);
    expect(value).toMatch(/^reply; mailbox=[A-Za-z0-9_-]+; uidvalidity=4000000000; uid=42$/);
    expect(decodeDraftInfo(value)).toEqual(origin);
  });

  it.each([
    ['garbage', 'anything'],
    ['an unknown kind', 'delete; mailbox=SU5CT1g; uidvalidity=1; uid=2'],
    ['a zero UID', 'reply; mailbox=SU5CT1g; uidvalidity=1; uid=0'],
    ['a UID past 32 bits', 'reply; mailbox=SU5CT1g; uidvalidity=1; uid=4294967296'],
    ['a mailbox that is not UTF-8', 'reply; mailbox=_w; uidvalidity=1; uid=2'],
    ['an empty mailbox', 'reply; mailbox=; uidvalidity=1; uid=2'],
  ])('ignores a header with %s', (_, value) => {
    expect(decodeDraftInfo(value)).toBeNull();
  });

  it('puts the header in drafts only, and the rich body as HTML with its text alternative', () => {
    const draft = testDraft({
      origin: { kind: 'forward', message: { mailbox: 'INBOX', uidValidity: 1, uid: 2 } },
      body: {
        format: 'html',
        html: '<p>Hi <strong>Ann</strong></p><blockquote><p>old</p></blockquote>',
        text: '',
      },
    });
    const asDraft = outgoingMessage(draft, draft.body, { date: new Date(0), forDraft: true });
    expect(asDraft.extraHeaders).toEqual([
      [DRAFT_INFO_HEADER, 'forward; mailbox=SU5CT1g; uidvalidity=1; uid=2'],
    ]);
    expect(asDraft.text).toBe('Hi Ann\n> old');
    expect(asDraft.html).toBe('<p>Hi <strong>Ann</strong></p><blockquote><p>old</p></blockquote>');
    expect(
      outgoingMessage(draft, draft.body, { date: new Date(0), forDraft: false }).extraHeaders,
    ).toBeUndefined();
  });

  it('turns data: images into cid: parts, one part for the same image twice', () => {
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    const { html, images } = extractInlineImages(
      `<p><img src="${png}" alt="a"><img src="${png}"></p>`,
      'example.org',
    );
    expect(images).toHaveLength(1);
    expect(images[0]).toMatchObject({ filename: 'image-1.png', contentType: 'image/png' });
    expect(Array.from(images[0]!.content)).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const cid = images[0]!.contentId!;
    expect(cid).toMatch(/@example\.org$/);
    expect(html).toBe(`<p><img src="cid:${cid}" alt="a"><img src="cid:${cid}"></p>`);
  });
});
