import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deliverToMaildir, folderDir, MaildirFolderWriter, readKeywords, rfc822Size } from './maildir.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'maildir-test-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('Maildir layout', () => {
  it('maps INBOX to the root and nested folders to modified UTF-7 directories', () => {
    expect(folderDir('/m', 'INBOX')).toBe('/m');
    expect(folderDir('/m', '工作/项目')).toBe('/m/&XeVPXA-/&mHl27g-');
    expect(() => folderDir('/m', 'a/../b')).toThrow(/bad folder name/);
  });

  it('counts bare LFs as two bytes in the RFC 822 size', () => {
    expect(rfc822Size(Buffer.from('a\r\nb\nc\n'))).toBe(9);
  });
});

describe('MaildirFolderWriter', () => {
  it('names files with size, sorted flag letters and keyword letters, and writes uidlist and keywords', () => {
    const dir = tempDir();
    const writer = new MaildirFolderWriter(dir, 1234);
    const date = new Date('2024-05-06T07:08:09Z');
    writer.add(Buffer.from('Subject: a\r\n\r\nx\r\n'), ['\\Seen', 'Junk', '\\Flagged', '$Junk'], date);
    writer.add(Buffer.from('Subject: b\r\n\r\ny\r\n'), ['$Junk'], date);
    writer.finish();
    const files = readdirSync(path.join(dir, 'cur')).sort();
    expect(files[0]).toMatch(/,S=17,W=17:2,FSab$/);
    expect(files[1]).toMatch(/:2,b$/);
    expect(readKeywords(dir)).toEqual(['Junk', '$Junk']);
    const uidlist = readFileSync(path.join(dir, 'dovecot-uidlist'), 'utf8').split('\n');
    expect(uidlist[0]).toMatch(/^3 V1234 N3 G[0-9a-f]{32}$/);
    expect(uidlist[1]).toBe(`1 :${files[0]?.split(':')[0]}`);
    expect(statSync(path.join(dir, 'cur', files[0] ?? '')).mtime.getTime()).toBe(date.getTime());
  });
});

describe('deliverToMaildir', () => {
  it('puts unflagged mail in new/ and flagged mail in cur/ with keyword letters', async () => {
    const root = tempDir();
    const plain = await deliverToMaildir(root, 'INBOX', Buffer.from('Subject: x\r\n\r\n'), [], undefined);
    expect(path.basename(path.dirname(plain))).toBe('new');
    const flagged = await deliverToMaildir(
      root,
      'Lists/test',
      Buffer.from('Subject: y\r\n\r\n'),
      ['\\Seen', '$Forwarded'],
      undefined,
    );
    expect(flagged).toMatch(/Lists\/test\/cur\/.*:2,Sa$/);
    expect(readKeywords(path.join(root, 'Lists/test'))).toEqual(['$Forwarded']);
    expect(readdirSync(path.join(root, 'Lists/test', 'tmp'))).toEqual([]);
  });
});
