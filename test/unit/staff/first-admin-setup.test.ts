/**
 * The first administrator outside demo mode (issue 14 item 6): a one-time code printed on stdout,
 * kept only as a hash on disk, single use, renewed per start, limited tries.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/main/config';
import { KioskCore } from '../../../src/main/core/kiosk-core';
import { MAX_WRONG_SETUP_CODES, SETUP_CODE_FILE } from '../../../src/main/staff';
import { makeTempDir } from '../../helpers/temp-dir';

let temp: ReturnType<typeof makeTempDir>;
let core: KioskCore | null = null;
let printed: string[] = [];
let logged: string[] = [];

async function start(env: Record<string, string> = {}): Promise<KioskCore> {
  printed = [];
  const config = loadConfig({ KIOSK_DATA_DIR: join(temp.dir, 'kiosk'), KIOSK_HEALTH_INTERVAL_SECONDS: '60', KIOSK_DEMO: '0', PORTAL_URL: 'http://127.0.0.1:9', ...env });
  core = await KioskCore.create({
    config,
    hostMode: 'web',
    version: '0.0.0-test',
    portal: { url: 'http://127.0.0.1:9', embedded: false },
    demo: false,
    log: (line) => logged.push(line),
    announce: (line) => printed.push(line),
  });
  return core;
}

function printedCode(): string {
  const code = /set-up code[^:]*: (\d{8})$/.exec(printed.at(-1) ?? '')?.[1];
  if (!code) throw new Error(`no set-up code printed: ${printed.join(' | ')}`);
  return code;
}

/** Another 8-digit code than `code`. */
const other = (code: string) => String((Number(code) + 1) % 100_000_000).padStart(8, '0');

beforeEach(() => {
  temp = makeTempDir('first-admin-');
  logged = [];
});
afterEach(async () => {
  await core?.close();
  core = null;
  temp.cleanup();
});

describe('first administrator set-up', () => {
  it('with no staff outside demo mode: the set-up screen is due and an 8-digit code is printed on stdout, never in the log', async () => {
    const kiosk = await start();
    expect(await kiosk.invoke('getKioskState', {})).toMatchObject({ ok: true, value: { setupRequired: true } });
    const code = printedCode();
    expect(logged.join('\n')).not.toContain(code);
    const logFiles = readdirSync(join(temp.dir, 'kiosk', 'logs')).map((name) => readFileSync(join(temp.dir, 'kiosk', 'logs', name), 'utf8')).join('\n');
    expect(logFiles).toContain('set-up code was printed on stdout');
    expect(logFiles).not.toContain(code);
  });

  it('keeps only a hash of the code on disk', async () => {
    await start();
    const code = printedCode();
    const stored = readFileSync(join(temp.dir, 'kiosk', SETUP_CODE_FILE), 'utf8');
    expect(stored).toMatch(/"hash":"scrypt\$/);
    expect(stored).not.toContain(code);
    // Nowhere else in the data folder either (database, WAL, logs).
    for (const name of readdirSync(join(temp.dir, 'kiosk'), { recursive: true }) as string[]) {
      const path = join(temp.dir, 'kiosk', name);
      try {
        expect([name, readFileSync(path).includes(code)]).toEqual([name, false]);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EISDIR') throw error;
      }
    }
  });

  it('refuses a wrong code, creates the first admin with the right one and signs them in; the code then works no more', async () => {
    const kiosk = await start();
    const code = printedCode();
    expect(await kiosk.call('setupCheckCode', { code: other(code) })).toMatchObject({ ok: false, error: { code: 'setup_code_wrong', details: { attemptsLeft: MAX_WRONG_SETUP_CODES - 1 } } });
    expect(await kiosk.call('setupCheckCode', { code })).toEqual({ ok: true, value: { ok: true } });
    // The PIN rules apply, and a refused PIN does not spend the code.
    expect(await kiosk.call('setupCreateAdmin', { code, staffNo: '0101', pin: '1234' })).toMatchObject({ ok: false, error: { code: 'pin_rule' } });
    const created = await kiosk.call('setupCreateAdmin', { code, staffNo: '0101', pin: '2580' });
    expect(created).toMatchObject({ ok: true, value: { staff: { role: 'admin' }, mustChangePin: false } });
    expect(await kiosk.invoke('getKioskState', {})).toMatchObject({ ok: true, value: { setupRequired: false } });
    // Single use: the same code (or any) now answers that set-up is over.
    expect(await kiosk.call('setupCreateAdmin', { code, staffNo: '0202', pin: '2580' })).toMatchObject({ ok: false, error: { code: 'setup_not_needed' } });
    expect(readdirSync(join(temp.dir, 'kiosk'))).not.toContain(SETUP_CODE_FILE);
    const audit = kiosk.services()?.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'staff.first_admin_created'").get() as { n: number };
    expect(audit.n).toBe(1);
    // The admin signs in again with their PIN.
    await kiosk.call('staffSignOut', {});
    expect(await kiosk.call('staffSignIn', { staffNo: '0101', pin: '2580' })).toMatchObject({ ok: true, value: { staff: { role: 'admin' } } });
  });

  it(`after ${MAX_WRONG_SETUP_CODES} wrong codes the code is replaced (printed again) and tries wait`, async () => {
    const kiosk = await start();
    const first = printedCode();
    for (let i = 1; i < MAX_WRONG_SETUP_CODES; i++) expect(await kiosk.call('setupCheckCode', { code: other(first) })).toMatchObject({ ok: false, error: { code: 'setup_code_wrong' } });
    expect(await kiosk.call('setupCheckCode', { code: other(first) })).toMatchObject({ ok: false, error: { code: 'setup_locked' } });
    const second = printedCode();
    expect(printed).toHaveLength(2);
    // Even the right (new) code waits for the lock; the old one is gone for good.
    expect(await kiosk.call('setupCheckCode', { code: second })).toMatchObject({ ok: false, error: { code: 'setup_locked' } });
  });

  it('renews the code at every start: the previous start’s code no longer works', async () => {
    await start();
    const first = printedCode();
    await core?.close();
    const kiosk = await start();
    const second = printedCode();
    if (second !== first) expect(await kiosk.call('setupCheckCode', { code: first })).toMatchObject({ ok: false, error: { code: 'setup_code_wrong' } });
    expect(await kiosk.call('setupCheckCode', { code: second })).toEqual({ ok: true, value: { ok: true } });
  });

  it('is not shown in demo mode or with KIOSK_INITIAL_ADMIN_PIN, and prints no code', async () => {
    const kiosk = await start({ KIOSK_INITIAL_ADMIN_PIN: '2580' });
    expect(await kiosk.invoke('getKioskState', {})).toMatchObject({ ok: true, value: { setupRequired: false } });
    expect(printed).toEqual([]);
    expect(await kiosk.call('setupCheckCode', { code: '12345678' })).toMatchObject({ ok: false, error: { code: 'setup_not_needed' } });
  });
});
