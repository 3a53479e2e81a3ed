import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { KioskCore } from '../../../src/main/core/kiosk-core';
import { startWebHost, type WebHost } from '../../../src/main/web-host/server';
import { MAX_CALL_BYTES } from '../../../src/shared/kiosk-api';
import { startTestCore } from '../../helpers/core';
import { makeTempDir } from '../../helpers/temp-dir';

let temp: ReturnType<typeof makeTempDir>;
let core: KioskCore;
let host: WebHost;

beforeEach(async () => {
  temp = makeTempDir();
  const rendererDir = join(temp.dir, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<meta name="kiosk-secret" content="__KIOSK_SECRET__">');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  core = await startTestCore(join(temp.dir, 'data'));
  host = await startWebHost({ core, rendererDir, port: 0 });
});
afterEach(async () => {
  await host.close();
  await core.close();
  temp.cleanup();
});

function call(method: string, body: string | object, headers: Record<string, string> = {}) {
  return fetch(`${host.url}api/call/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Kiosk-Secret': host.secret, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function expectError(response: Response, status: number, code: string): Promise<void> {
  expect(response.status).toBe(status);
  expect(await response.json()).toMatchObject({ ok: false, error: { code } });
}

describe('web host kiosk API', () => {
  it('serves index.html with this run’s secret and strict security headers', async () => {
    const response = await fetch(host.url);
    expect(await response.text()).toContain(`content="${host.secret}"`);
    expect(response.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect((await fetch(`${host.url}assets/app.js`)).status).toBe(200);
    expect((await fetch(`${host.url}assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${host.url}..%2f..%2fetc%2fpasswd.js`)).status).toBe(404);
  });

  it('answers a valid call', async () => {
    const response = await call('getKioskState', {});
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, value: { hostMode: 'web' } });
  });

  it('refuses a missing or wrong secret with 401 unauthorized', async () => {
    await expectError(await fetch(`${host.url}api/call/getKioskState`, { method: 'POST', body: '{}' }), 401, 'unauthorized');
    await expectError(await call('getKioskState', {}, { 'X-Kiosk-Secret': 'x'.repeat(host.secret.length) }), 401, 'unauthorized');
    await expectError(await call('getKioskState', {}, { 'X-Kiosk-Secret': 'short' }), 401, 'unauthorized');
  });

  it('refuses calls from another origin even with the secret', async () => {
    await expectError(await call('getKioskState', {}, { Origin: 'http://evil.example' }), 401, 'unauthorized');
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const { request } = await import('node:http');
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

  it('pushes events over an authorised WebSocket and refuses one without the secret', async () => {
    const origin = host.url.replace(/\/$/, '');
    const wsUrl = `${origin.replace('http', 'ws')}/api/events`;
    const refused = new WebSocket(`${wsUrl}?secret=nope`, { origin });
    await new Promise<void>((resolve) => refused.on('error', () => resolve()));

    const socket = new WebSocket(`${wsUrl}?secret=${encodeURIComponent(host.secret)}`, { origin });
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
    await call('staffSignIn', { pin: '1111' });
    expect(await received).toMatchObject({ event: 'staffSession', payload: { staff: { role: 'cashier' } } });
    socket.close();
  });
});
