/**
 * The sync services start after the first paint (issue 18, item 3): a host's core sends no
 * reachability probe (the first one loads Node's fetch, 100–200 ms on the loop) until the
 * attract screen has its state (and a moment more); in-process callers still get a core that syncs at once.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/main/config';
import { KioskCore } from '../../../src/main/core/kiosk-core';
import { makeTempDir } from '../../helpers/temp-dir';

let temp: ReturnType<typeof makeTempDir>;
let core: KioskCore | null = null;
let portal: Server;
let healthRequests: number;
let portalUrl: string;

beforeEach(async () => {
  temp = makeTempDir('background-start-');
  healthRequests = 0;
  // Counts the probes; every answer is a 503, so nothing else of the sync runs.
  portal = createServer((request, response) => {
    if (request.url?.startsWith('/v1/health')) healthRequests += 1;
    response.writeHead(503).end();
  });
  await new Promise<void>((resolve) => portal.listen(0, '127.0.0.1', resolve));
  portalUrl = `http://127.0.0.1:${(portal.address() as AddressInfo).port}`;
});
afterEach(async () => {
  await core?.close();
  core = null;
  await new Promise((resolve) => portal.close(resolve));
  temp.cleanup();
});

function create(backgroundStart?: 'now' | { afterFirstPaintMs: number }): Promise<KioskCore> {
  const config = loadConfig({ KIOSK_DATA_DIR: join(temp.dir, 'kiosk'), KIOSK_HEALTH_INTERVAL_SECONDS: '60' });
  return KioskCore.create({ config, hostMode: 'web', version: '0.0.0-test', portal: { url: portalUrl, embedded: false }, demo: false, ...(backgroundStart ? { backgroundStart } : {}) });
}

describe('background work after the first paint', () => {
  it('sends no probe before the attract screen has its state, then probes', async () => {
    core = await create({ afterFirstPaintMs: 50 });
    // Calls other than the attract screen's state start nothing.
    await core.call('getWedgeSettings', {});
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(healthRequests).toBe(0);

    const state = await core.call('getKioskState', {});
    expect(state.ok).toBe(true);
    await expect.poll(() => healthRequests).toBeGreaterThan(0);
  });

  it('starts when the host says so, once', async () => {
    core = await create({ afterFirstPaintMs: 50 });
    core.startBackgroundWork();
    core.startBackgroundWork();
    await expect.poll(() => healthRequests).toBe(1);
  });

  it('starts at once for in-process callers', async () => {
    core = await create();
    await expect.poll(() => healthRequests).toBeGreaterThan(0);
  });
});
