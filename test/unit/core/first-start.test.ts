/**
 * First-start work stays off the path to the first tap (issue 18, item 3): on a fresh data
 * folder the core answers what the attract screen asks before the demo staff's PIN hashes are
 * done, and a staff call waits for them instead of failing.
 */
import type * as NodeCrypto from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../../src/main/config';
import { KioskCore } from '../../../src/main/core/kiosk-core';
import { makeTempDir } from '../../helpers/temp-dir';

// Counts PIN hashes (the first-start work) while hashing as usual.
const hashes = vi.hoisted(() => ({ count: 0 }));
vi.mock('node:crypto', async (importOriginal) => {
  const crypto = await importOriginal<typeof NodeCrypto>();
  return {
    ...crypto,
    scrypt: (...args: Parameters<typeof NodeCrypto.scrypt>) => {
      hashes.count++;
      return crypto.scrypt(...args);
    },
  };
});

let temp: ReturnType<typeof makeTempDir>;
let core: KioskCore | null = null;

beforeEach(() => {
  temp = makeTempDir('first-start-');
});
afterEach(async () => {
  await core?.close();
  core = null;
  temp.cleanup();
});

describe('first start', () => {
  it('answers the attract screen before the demo PINs are hashed, and staff sign-in waits for them', async () => {
    const events: string[] = [];
    const config = loadConfig({ KIOSK_DATA_DIR: join(temp.dir, 'kiosk'), KIOSK_HEALTH_INTERVAL_SECONDS: '60' });
    core = await KioskCore.create({
      config,
      hostMode: 'web',
      version: '0.0.0-test',
      portal: { url: 'http://127.0.0.1:9', embedded: false },
      demo: true,
      log: (line) => {
        if (line.includes('demo staff seeded')) events.push('seeded');
      },
    });
    const state = await core.call('getKioskState', {});
    events.push('attract answered');
    expect(state.ok).toBe(true);

    const signIn = await core.call('staffSignIn', { staffNo: '1001', pin: '1111' });
    expect(signIn).toMatchObject({ ok: true, value: { staff: { role: 'cashier' } } });
    expect(events).toEqual(['attract answered', 'seeded']);
  });

  it('hashes nothing while the attract screen comes up: the seeding begins with the background work, or when a call needs staff', async () => {
    const config = loadConfig({ KIOSK_DATA_DIR: join(temp.dir, 'kiosk'), KIOSK_HEALTH_INTERVAL_SECONDS: '60' });
    const create = () =>
      KioskCore.create({ config, hostMode: 'web', version: '0.0.0-test', portal: { url: 'http://127.0.0.1:9', embedded: false }, demo: true, backgroundStart: { afterFirstPaintMs: 60_000 } });
    hashes.count = 0;
    core = await create();
    expect((await core.call('getKioskState', {})).ok).toBe(true);
    expect((await core.call('getWedgeSettings', {})).ok).toBe(true);
    expect(hashes.count).toBe(0);
    // A staff call begins the seeding and waits for it.
    expect(await core.call('staffSignIn', { staffNo: '2001', pin: '2222' })).toMatchObject({ ok: true, value: { staff: { role: 'supervisor' } } });
    await core.close();

    // A fresh folder again: the background work (1 s after the attract state, 3 s without a screen) begins it too.
    core = await KioskCore.create({ config: loadConfig({ KIOSK_DATA_DIR: join(temp.dir, 'kiosk-2'), KIOSK_HEALTH_INTERVAL_SECONDS: '60' }), hostMode: 'web', version: '0.0.0-test', portal: { url: 'http://127.0.0.1:9', embedded: false }, demo: true, backgroundStart: { afterFirstPaintMs: 60_000 } });
    hashes.count = 0;
    core.startBackgroundWork();
    expect(hashes.count).toBeGreaterThan(0);
  });
});
