/**
 * The printed hand-off slip (issue 16): its QR, rendered by receiptline to SVG → PNG
 * (rsvg-convert) → `zbarimg`, opens the configured password guide; the checklist follows the
 * guides' order in both languages; nothing personal beyond the masked address; it also renders
 * to ESC/POS in cp932 for the printer.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiptEscPos, receiptSvg } from '../../../src/main/cashier/receipt-render';
import { handoffSlipDocument } from '../../../src/shared/receipt';

const run = promisify(execFile);
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-slip-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function decodeQr(svg: string, name: string): Promise<string[]> {
  writeFileSync(join(dir, `${name}.svg`), svg);
  await run('rsvg-convert', ['--background-color', 'white', '--zoom', '2', '-o', join(dir, `${name}.png`), join(dir, `${name}.svg`)]);
  const { stdout } = await run('zbarimg', ['--quiet', '--raw', '-Sdisable', '-Sqrcode.enable', join(dir, `${name}.png`)]);
  return stdout.split('\n').filter((line) => line !== '');
}

/** The slip's text as printed (receiptline draws one <tspan> per character). */
function textOf(svg: string): string {
  return svg
    .replace(/<[^>]+>/g, '')
    .replace(/&#xa0;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"');
}

describe('hand-off slip', () => {
  it.each([
    ['ja', 'https://apps.univ.coop/mobileapp/flow-student/', ['1. パスワードを設定する', '2. 大学生協アプリ（公式）をインストール', '3. アプリで初めてサインイン', '4. 生協電子マネー（PokePay）', '5. 時間と電波']],
    ['en', 'https://vsign.jp/?a=1;b=2', ['1. Set your password', '2. Install 大学生協アプリ(公式)', '3. First sign-in to the app', '4. Co-op e-money (PokePay)', '5. Time and signal']],
  ] as const)('%s: the QR decodes to the configured password guide and the checklist is in the guides\' order', async (language, url, titles) => {
    const doc = handoffSlipDocument({ passwordGuideUrl: url, maskedEmail: 't***@e***.jp', language, storeName: '生協 中央店' });
    const svg = receiptSvg(doc);
    expect(await decodeQr(svg, language)).toEqual([url]);
    const text = textOf(svg);
    const at = titles.map((title) => text.indexOf(title));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    for (const fact of language === 'ja' ? ['8 文字以上', 'iOS 11 以降（日本語環境のみ）', 'らくらくフォン不可', '+81', '「はい」', '「アクセスを許可する」', '10 分から 15 分', 't***@e***.jp'] : ['8 characters or more', 'Japanese language setting only', 'Raku-Raku', '+81', '"はい"', '"アクセスを許可する"', '10 to 15 minutes', 't***@e***.jp']) {
      expect(text).toContain(fact);
    }
    expect(receiptEscPos(doc).length).toBeGreaterThan(500);
  });

  it('carries nothing personal but the masked address, and refuses a URL it cannot print', () => {
    const doc = handoffSlipDocument({ passwordGuideUrl: 'https://vsign.jp/', maskedEmail: null, language: 'ja', storeName: '生協' });
    expect(doc).not.toMatch(/@/);
    expect(doc).not.toMatch(/\d{10}/);
    expect(() => handoffSlipDocument({ passwordGuideUrl: 'https://x.jp/{a}', maskedEmail: null, language: 'ja', storeName: '生協' })).toThrow(/cannot be printed/);
    expect(() => handoffSlipDocument({ passwordGuideUrl: 'http://x.jp/', maskedEmail: null, language: 'ja', storeName: '生協' })).toThrow(/cannot be printed/);
  });
});
