/**
 * Issue 18: in demo mode (PORTAL_URL unset) the reference portal runs in its own process, so
 * its batch transactions never hold the kiosk core's event loop; it stops with the kiosk.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/main/config';
import { startKioskServices, type KioskServices } from '../../../src/main/core/start-services';
import { makeTempDir } from '../../helpers/temp-dir';

let temp: ReturnType<typeof makeTempDir>;
let services: KioskServices | null = null;
beforeEach(() => (temp = makeTempDir('embedded-portal-')));
afterEach(async () => {
  await services?.close();
  services = null;
  temp.cleanup();
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('the embedded demo portal', () => {
  it('answers from a process of its own and stops with the kiosk', async () => {
    const config = loadConfig({ KIOSK_DATA_DIR: join(temp.dir, 'kiosk'), PORTAL_PORT: '0', KIOSK_DEMO: '1', KIOSK_HEALTH_INTERVAL_SECONDS: '60' });
    services = await startKioskServices({ config, hostMode: 'web', version: '0.0.0-test' });
    expect(services.portal.embedded).toBe(true);
    const pid = services.portalPid as number;
    expect(pid).toBeGreaterThan(0);
    expect(pid).not.toBe(process.pid);
    const health = (await (await fetch(`${services.portal.url}/v1/health`)).json()) as { status: string; mode: string };
    expect(health).toMatchObject({ status: 'ok', mode: 'demo' });

    await services.close();
    services = null;
    expect(alive(pid)).toBe(false);
  }, 60_000);
});
