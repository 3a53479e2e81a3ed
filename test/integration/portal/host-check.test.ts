import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PortalServerHandle } from '../../../src/portal/server';
import { startTestPortal } from '../../fixtures/portal/harness';

let portal: PortalServerHandle;

beforeAll(async () => {
  portal = await startTestPortal();
});
afterAll(async () => {
  await portal.close();
});

/** A GET with a chosen Host header (fetch does not let a caller set it; a rebinding browser does). */
function getWithHost(path: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: portal.port, path, method: 'GET', headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('reference portal: Host header (DNS rebinding)', () => {
  it('answers /admin and /v1 under its own loopback names', async () => {
    for (const name of ['127.0.0.1', 'localhost', '[::1]']) {
      expect((await getWithHost('/admin/messages', `${name}:${portal.port}`)).status).toBe(200);
      expect((await getWithHost('/v1/health', `${name}:${portal.port}`)).status).toBe(200);
    }
  });

  it('refuses a foreign host name, another port and a missing port with 421 misdirected_request', async () => {
    for (const host of [`evil.example:${portal.port}`, 'evil.example', `127.0.0.1:${portal.port + 1}`, '127.0.0.1']) {
      const res = await getWithHost('/admin/messages', host);
      expect(res.status).toBe(421);
      expect(JSON.parse(res.body)).toMatchObject({ code: 'misdirected_request', status: 421 });
    }
    expect((await getWithHost('/v1/health', `rebind.example:${portal.port}`)).status).toBe(421);
  });
});
