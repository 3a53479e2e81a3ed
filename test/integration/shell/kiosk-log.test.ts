/**
 * The kiosk log through the kiosk API: the core writes its lines to <data>/logs, staff read the
 * recent warnings and errors, a supervisor exports the whole log (audited), a cashier may not.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KioskCore } from '../../../src/main/core/kiosk-core';
import { createKioskLog } from '../../../src/main/log';
import { logFilesDir } from '../../../src/main/log-files';
import { startTestCore } from '../../helpers/core';
import { makeTempDir } from '../../helpers/temp-dir';

let temp: ReturnType<typeof makeTempDir>;
let core: KioskCore;

beforeEach(async () => {
  temp = makeTempDir('kiosk-log-api-');
  // The previous run of this kiosk left these lines.
  const earlier = createKioskLog({ sink: () => undefined, filesDir: logFilesDir(temp.dir) });
  earlier.info('sync: drained 2 operations');
  earlier.warn('scanner: serial:/dev/ttyACM0 unplugged for taro.yamada@example.ac.jp');
  earlier.error('kiosk: registerConfirm failed: disk I/O error');
  await earlier.close();
  core = await startTestCore(temp.dir);
});
afterEach(async () => {
  await core.close();
  temp.cleanup();
});

describe('the kiosk log for staff', () => {
  it('shows staff the newest warnings and errors, redacted', async () => {
    expect(await core.call('getRecentLog', {})).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
    await core.call('staffSignIn', { staffNo: '1001', pin: '1111' });
    const result = await core.call('getRecentLog', {});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { entries } = result.value as { entries: Array<{ level: string; message: string }> };
    expect(entries.slice(0, 2).map((entry) => [entry.level, entry.message])).toEqual([
      ['error', 'kiosk: registerConfirm failed: disk I/O error'],
      ['warn', 'scanner: serial:/dev/ttyACM0 unplugged for [email]'],
    ]);
    expect(entries.some((entry) => entry.level === 'info')).toBe(false);
  });

  it('exports the whole log for a supervisor, audited; refuses a cashier', async () => {
    await core.call('staffSignIn', { staffNo: '1001', pin: '1111' });
    expect(await core.call('exportLog', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await core.call('staffSignOut', {});
    await core.call('staffSignIn', { staffNo: '2001', pin: '2222' });
    const result = await core.call('exportLog', {});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const file = result.value as { filename: string; text: string; lines: number };
    expect(file.filename).toMatch(/^kiosk-log-\d{4}-\d\d-\d\dT[\d-]+Z\.txt$/);
    expect(file.text).toContain('INFO  sync: drained 2 operations');
    expect(file.text).toContain('ERROR kiosk: registerConfirm failed: disk I/O error');
    expect(file.text).not.toContain('taro.yamada');
    expect(file.lines).toBe(file.text.trimEnd().split('\n').length);
    const audit = core.services()?.db.prepare("SELECT detail FROM audit_log WHERE action = 'log.exported'").all() as Array<{ detail: string }>;
    expect(audit.map((row) => JSON.parse(row.detail))).toEqual([{ lines: file.lines }]);
  });
});
