/**
 * Hostile input through both hosts of the kiosk API (issue 7, item 4; DESIGN.md §5.3): random
 * method names, random JSON of every shape, garbage bytes, oversized and chunked bodies over real
 * HTTP to the web host, and random calls and sender frames through the Electron IPC handler.
 * Every answer is an envelope with a known error code, never `internal`; the host keeps
 * answering; the queued operation and the audit chain are untouched.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KioskCore } from '../../../src/main/core/kiosk-core';
import { registerKioskIpc } from '../../../src/main/electron/ipc';
import { APP_ORIGIN } from '../../../src/main/electron/security';
import { verifyAuditChain } from '../../../src/main/staff/audit';
import { recordWalletTransaction } from '../../../src/main/cashier/wallet-ledger';
import { startWebHost, type WebHost } from '../../../src/main/web-host/server';
import { KIOSK_ERROR_CODES } from '../../../src/shared/errors';
import { CALL_CHANNEL } from '../../../src/shared/kiosk-names';
import { KIOSK_METHODS, MAX_CALL_BYTES, type KioskResult } from '../../../src/shared/kiosk-api';
import { startTestCore } from '../../helpers/core';
import { openLaunchUrl, type KioskLaunchSession } from '../../helpers/kiosk-launch';
import { makeTempDir } from '../../helpers/temp-dir';

let temp: ReturnType<typeof makeTempDir>;
let core: KioskCore;
let host: WebHost;
let session: KioskLaunchSession;
let queuedId = '';

beforeAll(async () => {
  temp = makeTempDir('hostile-api-');
  const rendererDir = join(temp.dir, 'renderer');
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<title>kiosk page</title>');
  core = await startTestCore(join(temp.dir, 'data'), { env: { KIOSK_SCANNERS: 'sim,wedge' } });
  host = await startWebHost({ core, rendererDir, port: 0 });
  session = await openLaunchUrl(host.launchUrl);
  const db = core.services()?.db;
  if (!db) throw new Error('database not open');
  queuedId = db.transaction(() => recordWalletTransaction(db, { memberNo: '2024000001', kind: 'topup', amount: 1000, now: Date.now() }))().clientRequestId;
});
afterAll(async () => {
  await host.close();
  await core.close();
  temp.cleanup();
});

/** One raw HTTP call: any method path, any body bytes, optional chunking (no Content-Length). */
function rawCall(path: string, body: Buffer, options: { chunked?: boolean; cookie?: string } = {}): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${host.url.replace(/\/$/, '')}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: options.cookie ?? session.cookie,
        origin: session.origin,
        ...(options.chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': body.length }),
      },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    // The host may answer 413 and stop reading a huge body: a reset while we still write is fine.
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? resolve({ status: -1, text: '' }) : reject(error)));
    if (options.chunked) {
      for (let offset = 0; offset < body.length; offset += 64 * 1024) req.write(body.subarray(offset, offset + 64 * 1024));
      req.end();
    } else req.end(body);
  });
}

function expectEnvelope(text: string): KioskResult<unknown> {
  const parsed = JSON.parse(text) as KioskResult<unknown>;
  expect(typeof parsed.ok).toBe('boolean');
  if (!parsed.ok) {
    expect(KIOSK_ERROR_CODES).toContain(parsed.error.code);
    // A stack trace never reaches the page (DESIGN.md §5.3).
    expect(parsed.error.message).not.toMatch(/\n\s+at /);
    expect(parsed.error.code).not.toBe('internal');
  }
  return parsed;
}

const methodName = fc.oneof(fc.constantFrom(...KIOSK_METHODS), fc.stringMatching(/^[A-Za-z0-9_]{1,64}$/), fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty'));
/** Inputs of every JSON shape, plus near-misses of real inputs (extra keys, wrong types, huge strings). */
const hostileInput = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.record({ pin: fc.oneof(fc.string(), fc.integer(), fc.constant(null)), extra: fc.anything() }, { requiredKeys: [] }),
  fc.record({ memberNo: fc.string({ maxLength: 12 }), data: fc.string({ maxLength: 300 }), id: fc.oneof(fc.integer(), fc.double(), fc.string()) }, { requiredKeys: [] }),
  fc.constant({ __proto__: { polluted: true } }),
  fc.constant(JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}')),
  fc.string({ maxLength: 2000 }).map((s) => ({ data: s, memberNo: s, email: s, code: s })),
);

describe('web host under hostile calls', () => {
  it('answers random methods with random JSON with a typed envelope', async () => {
    await fc.assert(
      fc.asyncProperty(methodName, hostileInput, async (method, input) => {
        const body = Buffer.from(JSON.stringify(input) ?? 'null');
        const res = await rawCall(`/api/call/${encodeURIComponent(method)}`, body);
        if (res.status === 404 && !/^[A-Za-z0-9_]{1,64}$/.test(method)) return;
        expect(res.status).not.toBe(500);
        expectEnvelope(res.text);
      }),
      { numRuns: 250 },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('answers garbage bytes (not JSON, not UTF-8) with 400 invalid_input', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 4096 }), async (bytes) => {
        const res = await rawCall('/api/call/getKioskState', Buffer.from(bytes));
        const parsed = expectEnvelope(res.text);
        let isJson = true;
        try {
          JSON.parse(Buffer.from(bytes).toString('utf8'));
        } catch {
          isJson = false;
        }
        if (!isJson) expect([res.status, parsed.ok ? 'ok' : parsed.error.code]).toEqual([400, 'invalid_input']);
      }),
      { numRuns: 100 },
    );
  });

  it('refuses oversized bodies, declared or chunked, with 413 and keeps answering', async () => {
    const justOver = Buffer.alloc(MAX_CALL_BYTES + 1, 0x20);
    const declared = await rawCall('/api/call/getKioskState', justOver);
    expect(declared.status).toBe(413);
    const chunked = await rawCall('/api/call/getKioskState', Buffer.alloc(5 * 1024 * 1024, 0x5b), { chunked: true });
    expect([413, -1]).toContain(chunked.status);
    if (chunked.status === 413) expect(expectEnvelope(chunked.text)).toMatchObject({ ok: false, error: { code: 'payload_too_large' } });
    const atLimit = Buffer.from(JSON.stringify({ pin: '1'.repeat(MAX_CALL_BYTES - 20) }));
    expect(atLimit.length).toBeLessThanOrEqual(MAX_CALL_BYTES);
    expect(expectEnvelope((await rawCall('/api/call/staffSignIn', atLimit)).text)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const after = await rawCall('/api/call/getKioskState', Buffer.from('{}'));
    expect(expectEnvelope(after.text)).toMatchObject({ ok: true });
  });

  it('refuses every call without the session cookie, whatever cookie it carries', async () => {
    const name = session.cookie.slice(0, session.cookie.indexOf('='));
    await fc.assert(
      fc.asyncProperty(methodName, fc.string({ maxLength: 60 }), async (method, value) => {
        const cookie = `${name}=${value.replace(/[^\x21-\x7e]|;/g, '')}`;
        fc.pre(cookie !== session.cookie);
        const res = await rawCall(`/api/call/${encodeURIComponent(method)}`, Buffer.from('{}'), { cookie });
        expect([401, 404]).toContain(res.status);
      }),
      { numRuns: 60 },
    );
  });
});

describe('Electron IPC under hostile calls', () => {
  function ipcHandler(): (event: unknown, method: unknown, input: unknown) => Promise<KioskResult<unknown>> {
    let handler: ((event: unknown, method: unknown, input: unknown) => Promise<KioskResult<unknown>>) | undefined;
    const ipcMain = { handle: (channel: string, h: typeof handler) => channel === CALL_CHANNEL && (handler = h) };
    registerKioskIpc(ipcMain as never, core, () => undefined);
    if (!handler) throw new Error('no IPC handler registered');
    return handler;
  }

  it('answers random methods and inputs from the app frame with a typed envelope', async () => {
    const handler = ipcHandler();
    const trusted = { senderFrame: { url: `${APP_ORIGIN}/`, parent: null } };
    await fc.assert(
      fc.asyncProperty(fc.oneof(methodName, fc.anything()), fc.oneof(hostileInput, fc.anything()), async (method, input) => {
        const result = await handler(trusted, method, input);
        expectEnvelope(JSON.stringify(result));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses every call from any other frame', async () => {
    const handler = ipcHandler();
    const frame = fc.oneof(
      fc.constant(null),
      fc.record({ url: fc.oneof(fc.webUrl(), fc.constantFrom('file:///etc/passwd', 'app://kiosk.evil/', 'app://evil/', 'about:blank', 'app://user:pw@kiosk/')), parent: fc.constant(null) }),
      fc.record({ url: fc.constant(`${APP_ORIGIN}/`), parent: fc.constant({}) }),
    );
    await fc.assert(
      fc.asyncProperty(frame, fc.constantFrom(...KIOSK_METHODS), async (senderFrame, method) => {
        expect(await handler({ senderFrame }, method, {})).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
      }),
      { numRuns: 100 },
    );
  });
});

describe('after the storm', () => {
  it('lost nothing: the queued operation is still queued and the audit chain verifies', () => {
    const db = core.services()?.db;
    if (!db) throw new Error('database not open');
    expect(db.prepare("SELECT state FROM outbox WHERE client_request_id = ?").get(queuedId)).toEqual({ state: 'pending' });
    expect(verifyAuditChain(db)).toMatchObject({ ok: true });
  });
});
