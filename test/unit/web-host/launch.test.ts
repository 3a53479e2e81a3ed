/**
 * The web host's credential (issue 12, finding 5): the page gets in only through the one-time
 * launch URL; what `/` serves carries nothing that can call the API; a call needs the session
 * cookie AND the kiosk's Origin; malformed addresses answer 400, never 500.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { KioskCore } from '../../../src/main/core/kiosk-core';
import { startWebHost, type WebHost } from '../../../src/main/web-host/server';
import { startTestCore } from '../../helpers/core';
import { openLaunchUrl } from '../../helpers/kiosk-launch';
import { makeTempDir } from '../../helpers/temp-dir';

let temp: ReturnType<typeof makeTempDir>;
let core: KioskCore;
let host: WebHost;

beforeEach(async () => {
  temp = makeTempDir();
  const rendererDir = join(temp.dir, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  // The renderer's own index.html (the build copies it): whatever the page would carry is checked.
  writeFileSync(join(rendererDir, 'index.html'), readFileSync(fileURLToPath(new URL('../../../src/renderer/index.html', import.meta.url)), 'utf8'));
  core = await startTestCore(join(temp.dir, 'data'));
  host = await startWebHost({ core, rendererDir, port: 0 });
});
afterEach(async () => {
  await host.close();
  await core.close();
  temp.cleanup();
});

/** A raw request with exactly the headers given (fetch would add Origin on its own in some cases). */
function raw(path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

function wsOpens(url: string, options: WebSocket.ClientOptions): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, options);
    socket.on('open', () => {
      socket.close();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

describe('web host credential', () => {
  it('gives nothing usable for the API to a program that fetches the page', async () => {
    const origin = `http://127.0.0.1:${host.port}`;
    const page = await raw('/');
    expect(page.headers['set-cookie']).toBeUndefined();
    // Whatever token-like string the page carries, tried every way a credential could travel.
    const candidates = [...new Set(page.text.match(/[A-Za-z0-9_\-+/=]{20,}/g) ?? [])];
    for (const candidate of candidates) {
      const ways: Record<string, string>[] = [
        { 'X-Kiosk-Secret': candidate },
        { 'X-Kiosk-Secret': candidate, Origin: origin },
        { Cookie: `kiosk_session_${host.port}=${candidate}`, Origin: origin },
      ];
      for (const headers of ways) {
        const answer = await raw('/api/call/getKioskState', { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: '{}' });
        expect(answer.status, `a call with ${Object.keys(headers).join(' + ')} from the page`).toBe(401);
      }
      expect(await wsOpens(`ws://127.0.0.1:${host.port}/api/events?secret=${encodeURIComponent(candidate)}`, { origin })).toBe(false);
    }
    // And with nothing at all.
    expect((await raw('/api/call/getKioskState', { method: 'POST', headers: { Origin: origin }, body: '{}' })).status).toBe(401);
  });

  it('exchanges the launch token once for an HttpOnly, SameSite=Strict session cookie and drops the token from the address', async () => {
    const first = await raw(new URL(host.launchUrl).pathname + new URL(host.launchUrl).search);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    const cookie = String(first.headers['set-cookie']);
    expect(cookie).toMatch(new RegExp(`^kiosk_session_${host.port}=[A-Za-z0-9_-]{43}; `));
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/');

    const again = await raw(new URL(host.launchUrl).pathname + new URL(host.launchUrl).search);
    expect(again.status).toBe(403);
    expect(again.headers['set-cookie']).toBeUndefined();
    expect(again.text).toContain('SIGUSR1');

    const session = cookie.split(';')[0] as string;
    const page = await raw('/', { headers: { Cookie: session } });
    expect(page.status).toBe(200);
    expect(page.text).toContain('<div id="app">');
    const call = await raw('/api/call/getKioskState', { method: 'POST', headers: { Cookie: session, Origin: `http://127.0.0.1:${host.port}` }, body: '{}' });
    expect(call.status).toBe(200);
  });

  it('shows how to get in instead of the kiosk when the browser has no session', async () => {
    const page = await raw('/');
    expect(page.status).toBe(401);
    expect(page.text).toContain('起動用リンク');
    expect(page.text).toContain('launch link');
    expect(page.text).not.toContain('<div id="app">');
  });

  it('refuses a wrong launch token', async () => {
    const wrong = await raw(`/?launch=${'A'.repeat(43)}`);
    expect(wrong.status).toBe(403);
    expect(wrong.headers['set-cookie']).toBeUndefined();
    // The real token still works afterwards: guessing does not burn it.
    expect((await openLaunchUrl(host.launchUrl)).cookie).toMatch(/^kiosk_session_/);
  });

  it('a new launch link replaces the unused one, and its exchange replaces the earlier session', async () => {
    const firstSession = await openLaunchUrl(host.launchUrl);
    const unused = host.newLaunchUrl();
    const latest = host.newLaunchUrl();
    expect((await raw(new URL(unused).pathname + new URL(unused).search)).status).toBe(403);
    const secondSession = await openLaunchUrl(latest);
    expect((await secondSession.call('getKioskState', {})).status).toBe(200);
    expect((await firstSession.call('getKioskState', {})).status).toBe(401);
  });

  it('answers malformed addresses with 400, never 500', async () => {
    for (const path of ['/%', '/%E0%A4%A', '/assets/%zz.js', '/%/x']) {
      expect((await raw(path)).status, path).toBe(400);
    }
    // An absolute-form or protocol-relative target never names another host.
    expect((await raw('//evil.example/')).status).not.toBe(500);
    expect((await raw('http://evil.example/')).status).toBe(400);
  });
});
