import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { KioskCore } from '../../../src/main/core/kiosk-core';
import { startWebHost, type WebHost } from '../../../src/main/web-host/server';
import { MAX_CALL_BYTES } from '../../../src/shared/kiosk-api';
import { startTestCore } from '../../helpers/core';
import { openLaunchUrl, type KioskLaunchSession } from '../../helpers/kiosk-launch';
import { makeTempDir } from '../../helpers/temp-dir';

let temp: ReturnType<typeof makeTempDir>;
let core: KioskCore;
let host: WebHost;
let session: KioskLaunchSession;

beforeEach(async () => {
  temp = makeTempDir();
  const rendererDir = join(temp.dir, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<title>kiosk page</title><script type="module" src="./assets/app-Bq1x2y3z.js"></script>');
  writeFileSync(join(rendererDir, 'assets', 'app-Bq1x2y3z.js'), 'console.log(1)');
  writeFileSync(join(rendererDir, 'favicon.ico'), 'icon');
  core = await startTestCore(join(temp.dir, 'data'));
  host = await startWebHost({ core, rendererDir, port: 0 });
  session = await openLaunchUrl(host.launchUrl);
});
afterEach(async () => {
  await host.close();
  await core.close();
  temp.cleanup();
});

function call(method: string, body: string | object, headers: Record<string, string> = {}) {
  return fetch(`${host.url}api/call/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...session.headers, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function expectError(response: Response, status: number, code: string): Promise<void> {
  expect(response.status).toBe(status);
  expect(await response.json()).toMatchObject({ ok: false, error: { code } });
}

describe('web host kiosk API', () => {
  it('serves the page to the launched browser, with strict security headers and cache rules', async () => {
    const response = await fetch(host.url, { headers: { Cookie: session.cookie } });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('kiosk page');
    expect(response.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    // Hashed assets never change under their name; anything else is revalidated.
    const asset = await fetch(`${host.url}assets/app-Bq1x2y3z.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${host.url}favicon.ico`)).headers.get('cache-control')).toBe('no-cache');
    expect((await fetch(`${host.url}assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${host.url}..%2f..%2fetc%2fpasswd.js`)).status).toBe(404);
  });

  it('answers a valid call', async () => {
    const response = await call('getKioskState', {});
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, value: { hostMode: 'web' } });
  });

  it('refuses a call without the session cookie, or with a wrong one, with 401 unauthorized', async () => {
    await expectError(await fetch(`${host.url}api/call/getKioskState`, { method: 'POST', headers: { Origin: session.origin }, body: '{}' }), 401, 'unauthorized');
    const wrong = session.cookie.replace(/=.*/, `=${'x'.repeat(43)}`);
    await expectError(await call('getKioskState', {}, { Cookie: wrong }), 401, 'unauthorized');
    await expectError(await call('getKioskState', {}, { Cookie: 'kiosk_session=short' }), 401, 'unauthorized');
  });

  it('refuses a call with the session cookie but no Origin (a program, not the kiosk page)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${host.url}api/call/getKioskState`, { method: 'POST', headers: { Cookie: session.cookie, 'Content-Type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(401);
  });

  it('refuses calls from another origin even with the session cookie (another port of 127.0.0.1 is same-site)', async () => {
    await expectError(await call('getKioskState', {}, { Origin: 'http://evil.example' }), 401, 'unauthorized');
    await expectError(await call('getKioskState', {}, { Origin: `http://127.0.0.1:${host.port + 1}` }), 401, 'unauthorized');
    await expectError(await call('getKioskState', {}, { Origin: 'null' }), 401, 'unauthorized');
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: host.port, path: '/', headers: { Host: 'evil.example:80' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(421);
  });

  it('refuses an unknown method, wrong types and bad JSON with typed errors', async () => {
    await expectError(await call('dropTables', {}), 404, 'unknown_method');
    await expectError(await call('staffSignIn', { pin: 1234 }), 400, 'invalid_input');
    await expectError(await call('staffSignIn', '{"pin":'), 400, 'invalid_input');
    await expectError(await call('getKioskState', { surprise: 1 }), 400, 'invalid_input');
  });

  it('refuses an oversized body with 413 and keeps serving', async () => {
    await expectError(await call('staffSignIn', { pin: '1'.repeat(MAX_CALL_BYTES + 10) }), 413, 'payload_too_large');
    expect((await call('getKioskState', {})).status).toBe(200);
  });

  it('survives a burst of malformed calls and still answers', async () => {
    const junk = ['', 'null', '[]', '"x"', '{"pin":null}', '\u0000\u0001', '{'.repeat(5000)];
    const responses = await Promise.all(junk.map((body) => call('staffSignIn', body)));
    for (const response of responses) expect([400, 413]).toContain(response.status);
    expect((await call('getKioskState', {})).status).toBe(200);
  });

  it('pushes events over an authorised WebSocket and refuses one without the cookie or the Origin', async () => {
    const origin = session.origin;
    const wsUrl = `${origin.replace('http', 'ws')}/api/events`;
    for (const refused of [new WebSocket(wsUrl, { origin }), new WebSocket(wsUrl, { headers: { Cookie: session.cookie } })]) {
      await new Promise<void>((resolve) => refused.on('error', () => resolve()));
    }

    const socket = new WebSocket(wsUrl, { origin, headers: { Cookie: session.cookie } });
    await new Promise<void>((resolve, reject) => {
      socket.on('open', () => resolve());
      socket.on('error', reject);
    });
    // Other events (connectivity, scanners) may arrive first: wait for the staff session one.
    const received = new Promise<unknown>((resolve) =>
      socket.on('message', (data) => {
        const envelope = JSON.parse(String(data)) as { event: string };
        if (envelope.event === 'staffSession') resolve(envelope);
      }),
    );
    await call('staffSignIn', { staffNo: '1001', pin: '1111' });
    expect(await received).toMatchObject({ event: 'staffSession', payload: { staff: { role: 'cashier' } } });
    socket.close();
  });
});
