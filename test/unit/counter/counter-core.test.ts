import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DraftCipher, fileKeyProvider } from '../../../src/main/db/sealing';
import { backOf, move, requireStep } from '../../../src/main/counter/machine';
import { japanPostDirectory } from '../../../src/main/counter/postal';
import { carrierOf, fitsMask, mobileToE164, normalizeFurigana } from '../../../src/shared/registration/normalize';
import { makeTempDir } from '../../helpers/temp-dir';

describe('draft sealing', () => {
  it('makes a 0600 key file once, seals with AES-256-GCM bound to the row, refuses a moved or altered blob', () => {
    const temp = makeTempDir();
    try {
      const provider = fileKeyProvider(temp.dir);
      const key = provider.load();
      expect(key).toHaveLength(32);
      expect(statSync(join(temp.dir, 'draft.key')).mode & 0o777).toBe(0o600);
      expect(provider.load().equals(key)).toBe(true);
      const cipher = new DraftCipher(key);
      const sealed = cipher.seal({ email: 'a@example.ac.jp' }, 'row-1');
      expect(sealed.includes(Buffer.from('a@example.ac.jp'))).toBe(false);
      expect(cipher.open(sealed, 'row-1')).toEqual({ email: 'a@example.ac.jp' });
      expect(() => cipher.open(sealed, 'row-2')).toThrow();
      const altered = Buffer.from(sealed);
      altered.writeUInt8((altered.at(-1) ?? 0) ^ 1, altered.length - 1);
      expect(() => cipher.open(altered, 'row-1')).toThrow();
      expect(cipher.fingerprint('member', '2024000001')).toMatch(/^[0-9a-f]{64}$/);
      expect(cipher.fingerprint('member', '2024000001')).not.toBe(new DraftCipher(Buffer.alloc(32, 7)).fingerprint('member', '2024000001'));
      // A damaged key file (not 32 bytes) is set aside and a new key is made (the core reports what it sealed as lost).
      writeFileSync(join(temp.dir, 'short.key'), Buffer.alloc(8), { mode: 0o644 });
      const replaced = fileKeyProvider(temp.dir, 'short.key').load();
      expect(replaced.length).toBe(32);
      expect(readdirSync(temp.dir).filter((name) => name.startsWith('short.key.damaged-'))).toHaveLength(1);
      expect(fileKeyProvider(temp.dir, 'short.key').load().equals(replaced)).toBe(true);
    } finally {
      temp.cleanup();
    }
  });
});

describe('the flows as state machines', () => {
  it('allows only the listed moves and knows where back goes', () => {
    expect(move('signup', 'email', 'code')).toBe('code');
    expect(move('signup', 'email', 'info')).toBe('info');
    expect(() => move('signup', 'email', 'confirm')).toThrow(/cannot go/);
    expect(() => move('emailChange', 'current', 'code')).toThrow(/cannot go/);
    expect(() => requireStep('signup', 'info', ['confirm'])).toThrow(/needs confirm/);
    expect(backOf('signup', 'confirm')).toBe('info');
    expect(backOf('signup', 'email')).toBeNull();
    expect(backOf('emailChange', 'code')).toBe('newEmail');
    expect(backOf('signup', 'done')).toBeNull();
  });
});

describe('Japanese form rules', () => {
  it('turns hiragana, half-width kana and spacing marks into NFC katakana', () => {
    expect(normalizeFurigana('やまだ たろう')).toBe('ヤマダ\u3000タロウ');
    expect(normalizeFurigana('ﾔﾏﾀﾞ ﾀﾛｳ')).toBe('ヤマダ\u3000タロウ');
    expect(normalizeFurigana('カ゛ッコウ')).toBe('ガッコウ');
    expect(normalizeFurigana('ハ\u3099ス')).toBe('バス');
    expect(normalizeFurigana('すずき けーこ')).toBe('スズキ\u3000ケーコ');
  });

  it('sends mobiles as +81, tells carrier mail, checks a typed address against the mask', () => {
    expect(mobileToE164('09012345678')).toBe('+819012345678');
    expect(mobileToE164('06012345678')).toBe('+816012345678');
    expect(() => mobileToE164('0312345678')).toThrow();
    expect(carrierOf('x@docomo.ne.jp')).toBe('docomo');
    expect(carrierOf('x@ezweb.ne.jp')).toBe('au');
    expect(carrierOf('x@au.com')).toBe('au');
    expect(carrierOf('x@i.softbank.jp')).toBe('softbank');
    expect(carrierOf('x@icloud.com')).toBe('icloud');
    expect(carrierOf('x@example.ac.jp')).toBeNull();
    expect(fitsMask('taro.yamada@example.ac.jp', 't***@e***.jp')).toBe(true);
    expect(fitsMask('hanako@example.ac.jp', 't***@e***.jp')).toBe(false);
  });
});

describe('postal codes', () => {
  it('reads Japan Post\'s data offline and offers every town a code stands for', async () => {
    const postal = japanPostDirectory();
    expect(await postal.lookup('1000001')).toEqual([{ prefecture: '東京都', city: '千代田区', town: '千代田' }]);
    // One code, two towns in two prefectures: both are offered.
    expect((await postal.lookup('8710000')).map((c) => `${c.prefecture}${c.city}`)).toEqual(['福岡県築上郡吉富町', '大分県中津市']);
    expect((await postal.lookup('4980000')).map((c) => c.prefecture)).toEqual(['愛知県', '三重県']);
    // Dozens of small areas of one city collapse to the city; the student types the rest.
    expect(await postal.lookup('4520961')).toEqual([{ prefecture: '愛知県', city: '清須市', town: '' }]);
    expect(await postal.lookup('0000000')).toEqual([]);
  });
});
