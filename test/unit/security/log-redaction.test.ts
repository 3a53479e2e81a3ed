import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createKioskLog, redactPii } from '../../../src/main/log';

const ROOT = join(import.meta.dirname, '../../..');

describe('log redaction', () => {
  it.each([
    ['an e-mail address', 'sync: declined taro.yamada@example.ac.jp is taken', 'taro.yamada@example.ac.jp', '[email]'],
    ['a carrier address', 'to hanako.sato@docomo.ne.jp', 'hanako.sato@docomo.ne.jp', '[email]'],
    ['a mobile number with dashes', 'call 090-1234-5678 now', '090-1234-5678', '[phone]'],
    ['a mobile number without dashes', 'mobile 08012345678', '08012345678', '[phone]'],
    ['a +81 number', 'mfa +81 90 1234 5678', '+81 90 1234 5678', '[phone]'],
    ['a landline', 'store 03-1234-5678', '03-1234-5678', '[phone]'],
    ['a birthdate', 'born 2005-04-12.', '2005-04-12', '[date]'],
    ['a birthdate with slashes', 'born 2005/4/12', '2005/4/12', '[date]'],
    ['a kanji birthdate', '生年月日 2005年4月12日', '2005年4月12日', '[date]'],
    ['a postal code', 'zip 〒150-0002', '150-0002', '[postal]'],
    ['an app token', 'scan P0123456789ABCDEFGHJKM', 'P0123456789ABCDEFGHJKM', '[app-token]'],
    ['a bearer token', 'authorization Bearer eyJhbGciOi.x.y', 'eyJhbGciOi.x.y', '[redacted]'],
    ['a verification code', 'code=493817 sent', '493817', '[redacted]'],
    ['a verification code in Japanese', '確認コード: 493817', '493817', '[redacted]'],
    ['a PIN', 'pin: 1111', '1111', '[redacted]'],
    ['a device secret field', 'auth {"deviceId":"k1","secret":"s3cr3t-value"}', 's3cr3t-value', '[redacted]'],
  ])('removes %s', (_what, line, secret, replacement) => {
    const out = redactPii(line);
    expect(out).not.toContain(secret);
    expect(out).toContain(replacement);
  });

  it('removes names, furigana, addresses and remarks given as fields', () => {
    const payload = JSON.stringify({
      memberNo: '2024000001',
      profile: { name: '山田 太郎', nameKana: 'ヤマダ タロウ', phone: '+819012345678', postalCode: '1500002', address: '東京都渋谷区渋谷1-2-3', remarks: '寮 305 号室' },
      birthDate: '2005-04-12',
      email: 'taro.yamada@example.ac.jp',
      code: '123456',
    });
    const out = redactPii(`payload ${payload}`);
    for (const value of ['山田', 'ヤマダ', '9012345678', '1500002', '渋谷', '305', '2005-04-12', 'taro.yamada', '123456']) expect(out).not.toContain(value);
    // The member number is the pseudonymous key staff and the portal trace by: it stays.
    expect(out).toContain('"memberNo":"2024000001"');
  });

  it('keeps what is needed to run the kiosk: member numbers, epoch times, ports, masked e-mail, problem codes, ISO times', () => {
    const line = 'sync: server_error (http_503) at 1732245000000 member 2024000001 port 5790 seq 10000 t***@e***.jp code: balance_limit 2026-11-22T03:28:29Z';
    expect(redactPii(line)).toBe(line);
  });

  it('removes the configured secrets verbatim', () => {
    const lines: string[] = [];
    const log = createKioskLog({ sink: (line) => lines.push(line), secrets: ['the-device-secret-42'] });
    log('portal said: bad credentials the-device-secret-42 for kiosk-01');
    expect(lines).toEqual(['portal said: bad credentials [redacted] for kiosk-01']);
  });

  it('removes any generated e-mail address or mobile number, wherever it sits in a line', () => {
    const local = fc.stringMatching(/^[a-z][a-z0-9._+-]{0,20}[a-z0-9]$/);
    const domain = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}(\.[a-z][a-z0-9-]{0,10}){0,2}\.(jp|com|ac\.jp|ne\.jp)$/);
    const mobile = fc.tuple(fc.constantFrom('070', '080', '090', '060'), fc.stringMatching(/^\d{4}$/), fc.stringMatching(/^\d{4}$/), fc.constantFrom('-', '', ' '));
    const filler = fc.string({ maxLength: 20 }).map((s) => s.replace(/[\w@.+-]/g, ' '));
    fc.assert(
      fc.property(local, domain, mobile, filler, filler, (user, host, [prefix, a, b, sep], before, after) => {
        const email = `${user}@${host}`;
        const phone = `${prefix}${sep}${a}${sep}${b}`;
        const out = redactPii(`${before} ${email} ${after} ${phone} ${before}`);
        expect(out).not.toContain(email);
        expect(out).not.toContain(phone);
      }),
      { numRuns: 300 },
    );
  });
});

/** Every .ts file under a folder of the repository. */
function sources(folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith('.ts') && !path.endsWith('.d.ts')) out.push(path);
    }
  };
  walk(join(ROOT, folder));
  return out;
}

describe('log call sites', () => {
  const files = [...sources('src/main'), ...sources('src/preload'), ...sources('drivers')];

  it('write to stdout only through the redacting log (console.* only where listed, with the reason)', () => {
    const allowed: Record<string, string> = {
      // The redacting log's default sink.
      'src/main/log.ts': 'sink',
      // The log files cannot be opened: their folder and the error, never a log line.
      'src/main/log-files.ts': 'log files unavailable',
      // "Kiosk ready: <url> (data in <dir>)" and the start-up failure: no personal data exists yet.
      'src/main/web-host/main.ts': 'start-up lines',
      // A scanner event listener threw: the event name and the error, never the scan data.
      'drivers/emitter.ts': 'listener failure',
    };
    const offenders = files
      .filter((file) => /\bconsole\.(log|info|warn|error|debug|trace)\(/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(ROOT, file).replaceAll('\\', '/'))
      .filter((file) => !(file in allowed));
    expect(offenders).toEqual([]);
  });

  it('never interpolate personal fields, payloads or secrets into a log line', () => {
    const personal = /\$\{[^}]*\b(payload|profile|email|newEmail|phone|mobile|birth\w*|address|nameKana|furigana|secret|pin|verificationCode|otp|token|draft\.data|member\.name)\b[^}]*\}/i;
    const offenders: string[] = [];
    for (const file of files) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, index) => {
          if (/\blog\??\.?\(|console\./.test(line) && personal.test(line)) offenders.push(`${relative(ROOT, file)}:${index + 1}: ${line.trim()}`);
        });
    }
    expect(offenders).toEqual([]);
  });
});
