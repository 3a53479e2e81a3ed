/**
 * Leaving kiosk mode (issue 14 item 5): stop and restart take an admin session AND an admin's
 * one-shot approval, are audited, and only then reach the host; a failed start is kept durably
 * until an admin acknowledges it.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/main/config';
import { KioskCore } from '../../../src/main/core/kiosk-core';
import { readStartFailure, recordStartFailure, START_FAILURE_FILE } from '../../../src/main/core/start-failure';
import { electronHostControl } from '../../../src/main/electron/kiosk-control';
import { METHOD_ACCESS } from '../../../src/shared/method-roles';
import { makeTempDir } from '../../helpers/temp-dir';

let temp: ReturnType<typeof makeTempDir>;
let core: KioskCore | null = null;
let hostCalls: string[] = [];

async function start(): Promise<KioskCore> {
  const config = loadConfig({ KIOSK_DATA_DIR: join(temp.dir, 'kiosk'), KIOSK_HEALTH_INTERVAL_SECONDS: '60' });
  core = await KioskCore.create({
    config,
    hostMode: 'web',
    version: '0.0.0-test',
    portal: { url: 'http://127.0.0.1:9', embedded: false },
    demo: true,
    log: () => undefined,
    host: { stop: () => hostCalls.push('stop'), restart: () => hostCalls.push('restart') },
  });
  return core;
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
const auditActions = (kiosk: KioskCore) => (kiosk.services()?.db.prepare('SELECT action FROM audit_log ORDER BY id').all() as { action: string }[]).map((row) => row.action);

beforeEach(() => {
  temp = makeTempDir('kiosk-mode-');
  hostCalls = [];
});
afterEach(async () => {
  await core?.close();
  core = null;
  temp.cleanup();
});

describe('stop and restart', () => {
  it('are in the role table: an admin session and an admin’s approval', () => {
    expect(METHOD_ACCESS.kioskStop).toEqual({ session: 'admin', approval: 'admin' });
    expect(METHOD_ACCESS.kioskRestart).toEqual({ session: 'admin', approval: 'admin' });
    expect(METHOD_ACCESS.acknowledgeStartFailure.session).toBe('admin');
  });

  it('reach the host only after an admin’s approval, audited with the approver', async () => {
    const kiosk = await start();
    await kiosk.call('staffSignIn', { staffNo: '2001', pin: '2222' });
    expect(await kiosk.call('kioskStop', { approval: { staffNo: '3001', pin: '3333' } })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await kiosk.call('staffSignIn', { staffNo: '3001', pin: '3333' });
    // A supervisor's approval is not an admin's; a wrong PIN is refused.
    expect(await kiosk.call('kioskStop', { approval: { staffNo: '2001', pin: '2222' } })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await kiosk.call('kioskRestart', { approval: { staffNo: '3001', pin: '9876' } })).toMatchObject({ ok: false, error: { code: 'pin_wrong' } });
    await nextTurn();
    expect(hostCalls).toEqual([]);
    expect(auditActions(kiosk)).not.toContain('kiosk.stop');

    const restart = await kiosk.call('kioskRestart', { approval: { staffNo: '3001', pin: '3333' } });
    expect(restart).toMatchObject({ ok: true, value: { restarting: true } });
    // The host acts after the answer left, on the next turn.
    expect(hostCalls).toEqual([]);
    await nextTurn();
    expect(hostCalls).toEqual(['restart']);
    expect(await kiosk.call('kioskStop', { approval: { staffNo: '3001', pin: '3333' } })).toMatchObject({ ok: true, value: { stopping: true } });
    await nextTurn();
    expect(hostCalls).toEqual(['restart', 'stop']);
    const actions = auditActions(kiosk);
    expect(actions.filter((action) => action === 'kiosk.restart' || action === 'kiosk.stop')).toEqual(['kiosk.restart', 'kiosk.stop']);
    const detail = JSON.parse((kiosk.services()?.db.prepare("SELECT detail FROM audit_log WHERE action = 'kiosk.stop'").get() as { detail: string }).detail) as { approverId: string };
    expect(detail.approverId).toBe('demo-admin');
  });

  it('Electron: stop quits (the kiosk window closes to the desktop), restart relaunches then quits', () => {
    const calls: string[] = [];
    const control = electronHostControl({ quit: () => calls.push('quit'), relaunch: () => calls.push('relaunch') });
    control.stop();
    control.restart();
    expect(calls).toEqual(['quit', 'relaunch', 'quit']);
  });
});

describe('the last failed start', () => {
  it('is kept durably, shown to staff, and cleared (audited) when an admin acknowledges it', async () => {
    const dataDir = join(temp.dir, 'kiosk');
    expect(recordStartFailure(dataDir, { hostMode: 'web', message: 'KIOSK_TIME_ZONE: an IANA time zone such as Asia/Tokyo', at: 1_000 })).toBe(true);
    expect(JSON.parse(readFileSync(join(dataDir, START_FAILURE_FILE), 'utf8'))).toMatchObject({ at: 1_000, hostMode: 'web' });
    const kiosk = await start();
    await kiosk.call('staffSignIn', { staffNo: '1001', pin: '1111' });
    expect(await kiosk.call('getStartFailure', {})).toMatchObject({ ok: true, value: { message: expect.stringContaining('KIOSK_TIME_ZONE') } });
    expect(await kiosk.call('acknowledgeStartFailure', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await kiosk.call('staffSignIn', { staffNo: '3001', pin: '3333' });
    expect(await kiosk.call('acknowledgeStartFailure', {})).toEqual({ ok: true, value: { ok: true } });
    expect(existsSync(join(dataDir, START_FAILURE_FILE))).toBe(false);
    expect(await kiosk.call('getStartFailure', {})).toEqual({ ok: true, value: null });
    expect(auditActions(kiosk)).toContain('kiosk.start_failure_acknowledged');
  });

  it('a file that is not a failure record is ignored, and an unwritable folder is reported, not thrown', () => {
    expect(readStartFailure(join(temp.dir, 'none'))).toBeNull();
    // A "data folder" below a plain file cannot be made.
    writeFileSync(join(temp.dir, 'plain-file'), '');
    expect(recordStartFailure(join(temp.dir, 'plain-file', 'kiosk'), { hostMode: 'web', message: 'x' })).toBe(false);
  });
});
