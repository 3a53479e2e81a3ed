/**
 * The core's log is redacted whatever sink a host passes (issue 7, item 3): a portal error that
 * carries personal data and the device secret reaches the sink without them.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/main/config';
import { KioskCore } from '../../../src/main/core/kiosk-core';
import { makeTempDir } from '../../helpers/temp-dir';

const SECRET = 'kiosk-device-secret-0042';
const DETAIL = `Refused for taro.yamada@example.ac.jp (090-1234-5678, born 2005-04-12) with secret ${SECRET}`;

let server: Server;
let temp: ReturnType<typeof makeTempDir>;
let core: KioskCore | null = null;
const lines: string[] = [];

beforeAll(async () => {
  temp = makeTempDir('core-log-');
  server = createServer((req, res) => {
    req.resume();
    if (req.url === '/v1/health') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok', time: new Date().toISOString(), version: 'x' }));
      return;
    }
    res.writeHead(403, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ type: 'about:blank', title: 'Forbidden', status: 403, code: 'invalid_device_credentials', detail: DETAIL }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = { ...loadConfig({ KIOSK_DATA_DIR: temp.dir, KIOSK_DEVICE_ID: 'kiosk-01', KIOSK_DEVICE_SECRET: SECRET, KIOSK_HEALTH_INTERVAL_SECONDS: '1' }), healthIntervalMs: 100 };
  core = await KioskCore.create({ config, hostMode: 'web', version: 'test', portal: { url, embedded: false }, demo: false, log: (line) => lines.push(line) });
});
afterAll(async () => {
  await core?.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  temp.cleanup();
});

describe('the core’s log', () => {
  it('carries the portal’s refusal without the e-mail, phone, birthdate or device secret', async () => {
    for (let i = 0; i < 200 && !lines.some((line) => line.startsWith('roster:')); i++) await new Promise((resolve) => setTimeout(resolve, 25));
    const roster = lines.find((line) => line.startsWith('roster:'));
    expect(roster).toContain('[email]');
    expect(roster).toContain('[phone]');
    const all = lines.join('\n');
    for (const secret of ['taro.yamada', '090-1234-5678', '2005-04-12', SECRET]) expect(all).not.toContain(secret);
  });
});
