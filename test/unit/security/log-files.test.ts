/**
 * The log files (src/main/log-files.ts through createKioskLog): levels, rotation at the size
 * cap with a bounded number of files, and no personal data in any byte written to the data
 * folder's logs — whether the line came through the kiosk log or straight to pino.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createKioskLog, levelOfLine, redactPii } from '../../../src/main/log';
import { exportLogText, logFileNames, openLogFiles, readLogEntries, recentProblems } from '../../../src/main/log-files';
import { makeTempDir } from '../../helpers/temp-dir';

let temp = makeTempDir('kiosk-logs-');
afterEach(() => {
  temp.cleanup();
  temp = makeTempDir('kiosk-logs-');
});

const quiet = () => undefined;

describe('log files', () => {
  it('write JSON lines with their level; the plain call takes the level from what the line says', async () => {
    const log = createKioskLog({ sink: quiet, filesDir: temp.dir });
    log('sync: drained 3 operations');
    log('sync: portal unreachable, retrying in 4 s');
    log('kiosk: getStaffStatus failed: boom');
    log.warn('scanner: serial:/dev/ttyACM0 unplugged');
    await log.close();
    expect(readLogEntries(temp.dir).map((entry) => [entry.level, entry.message])).toEqual([
      ['info', 'sync: drained 3 operations'],
      ['warn', 'sync: portal unreachable, retrying in 4 s'],
      ['error', 'kiosk: getStaffStatus failed: boom'],
      ['warn', 'scanner: serial:/dev/ttyACM0 unplugged'],
    ]);
    expect(recentProblems(temp.dir, 2).map((entry) => entry.message)).toEqual(['scanner: serial:/dev/ttyACM0 unplugged', 'kiosk: getStaffStatus failed: boom']);
    expect(levelOfLine('staff: cashier signed in')).toBe('info');
  });

  it('rotate at their size cap and keep a bounded number of files', async () => {
    const cap = 4 * 1024;
    const files = openLogFiles({ dir: temp.dir, redact: (text) => text, maxBytes: cap, keep: 2 });
    const line = `sync: batch of 100 operations sent ${'x'.repeat(60)}`;
    for (let i = 0; i < 600; i += 1) files.write('info', `${line} #${i}`);
    await files.close();
    const names = logFileNames(temp.dir);
    // Three files: the current one and two older ones; the oldest were deleted.
    expect(names).toHaveLength(3);
    expect(readdirSync(temp.dir)).toHaveLength(3);
    expect(Number(/\d+/.exec(names[0] as string)?.[0])).toBeGreaterThan(1);
    const oneLine = Buffer.byteLength(`${JSON.stringify({ level: 30, time: Date.now(), msg: `${line} #599` })}\n`);
    for (const name of names) {
      const size = statSync(join(temp.dir, name)).size;
      expect(size).toBeLessThanOrEqual(cap);
      if (name !== names.at(-1)) expect(size).toBeGreaterThan(cap - oneLine);
    }
    // What is left is the newest lines, in order, none lost between files.
    const numbers = readLogEntries(temp.dir).map((entry) => Number(entry.message.split('#')[1]));
    expect(numbers.at(-1)).toBe(599);
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => (numbers[0] as number) + i));

    // A restart appends to the newest file and carries on with its numbering.
    const again = openLogFiles({ dir: temp.dir, redact: (text) => text, maxBytes: cap, keep: 2 });
    again.write('warn', 'after restart');
    await again.close();
    expect(logFileNames(temp.dir).at(-1)).toBe(names.at(-1));
    expect(readLogEntries(temp.dir).at(-1)?.message).toBe('after restart');
  });

  it('never receive personal data: not through the kiosk log, not straight through pino, not in the export', async () => {
    const personal = {
      email: 'taro.yamada@example.ac.jp',
      phone: '090-1234-5678',
      birthDate: '2005-04-12',
      postal: '150-0002',
      appToken: 'P0123456789ABCDEFGHJKM',
      code: '493817',
      secret: 'device-secret-value-123',
      name: '山田 太郎',
      kana: 'ヤマダ タロウ',
    };
    const log = createKioskLog({ sink: quiet, secrets: [personal.secret], filesDir: temp.dir });
    log(`registration: submitted {"memberNo":"2024000001","name":"${personal.name}","nameKana":"${personal.kana}","email":"${personal.email}"}`);
    log.warn(`portal: 409 for ${personal.email}, mobile ${personal.phone}, born ${personal.birthDate}, 〒${personal.postal}`);
    log.error(`register: app token ${personal.appToken} failed; code=${personal.code}; auth secret=${personal.secret}`);
    await log.close();

    const direct = openLogFiles({ dir: temp.dir, redact: (text) => redactPii(text, [personal.secret]) });
    direct.logger.warn({ member: { name: personal.name, email: personal.email } }, `lookup of ${personal.phone}`);
    await direct.close();

    const bytes = logFileNames(temp.dir).map((name) => readFileSync(join(temp.dir, name), 'utf8')).join('');
    const exported = exportLogText(temp.dir, redactPii).text;
    for (const text of [bytes, exported]) {
      for (const value of Object.values(personal)) expect(text).not.toContain(value);
      // Member numbers stay: they are how staff trace a transaction.
      expect(text).toContain('2024000001');
    }
    expect(readLogEntries(temp.dir)).toHaveLength(4);
    expect(exported.split('\n')[1]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z WARN {2}portal: 409 for \[email\]/);
  });
});
