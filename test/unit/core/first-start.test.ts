/**
 * First-start work stays off the path to the first tap (issue 18, item 3): on a fresh data
 * folder the core answers what the attract screen asks before the demo staff's PIN hashes are
 * done, and a staff call waits for them instead of failing.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/main/config';
import { KioskCore } from '../../../src/main/core/kiosk-core';
import { makeTempDir } from '../../helpers/temp-dir';

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
});
