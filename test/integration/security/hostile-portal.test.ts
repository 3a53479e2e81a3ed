/**
 * The portal client and the sync engine against a hostile portal (issue 7, item 4): wrong types,
 * a 50 MB body, a body that drips in past the timeout, invalid JSON, 200 with a problem document,
 * resets. Every answer becomes a typed PortalError; the kiosk buffers at most its response limit;
 * nothing in the outbox is lost, settled on a guess or dead-lettered.
 */
import { appendAudit } from '../../../src/main/staff/audit';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openKioskDatabase, type SqliteDatabase } from '../../../src/main/db/database';
import { PortalClient } from '../../../src/main/sync/portal-client/client';
import { PortalError, SYNC_REASONS } from '../../../src/main/sync/portal-client/errors';
import { SyncEngine, batchTransport } from '../../../src/main/sync/engine';
import { SqliteOutboxStore } from '../../../src/main/sync/outbox';
import { recordWalletTransaction, walletOutboxHandlers } from '../../../src/main/cashier/wallet-ledger';
import { createKioskLog } from '../../../src/main/log';

type Behaviour = (req: IncomingMessage, res: ServerResponse) => void;

const FIFTY_MB = 50 * 1024 * 1024;
const TOKEN = JSON.stringify({ accessToken: 'tok', tokenType: 'Bearer', expiresAt: new Date(Date.now() + 3_600_000).toISOString(), deviceId: 'kiosk-01', lastSeq: 0 });

let server: Server;
let baseUrl = '';
let behaviour: Behaviour = (_req, res) => res.end();
const drips = new Set<NodeJS.Timeout>();

function json(res: ServerResponse, status: number, body: string, type = 'application/json'): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** The hostile behaviours, each for every path except the device sign-in (which answers a token). */
const HOSTILE: Record<string, Behaviour> = {
  'invalid JSON': (_req, res) => json(res, 200, '{"results": [ {"clientRe'),
  'HTML error page': (_req, res) => json(res, 502, '<html><body>Bad gateway</body></html>', 'text/html'),
  'wrong types': (_req, res) => json(res, 200, JSON.stringify({ results: 'all good', lastSeq: 'many' })),
  'wrong types inside results': (_req, res) => json(res, 200, JSON.stringify({ results: [{ clientRequestId: 42, seq: '1', outcome: 'applied' }], lastSeq: 1 })),
  'an unknown outcome': (_req, res) => json(res, 200, JSON.stringify({ results: [{ clientRequestId: 'x', seq: 1, outcome: 'maybe' }], lastSeq: 1 })),
  'null body': (_req, res) => json(res, 200, 'null'),
  '200 with a problem document': (_req, res) =>
    json(res, 200, JSON.stringify({ type: 'about:blank', title: 'Internal error', status: 500, code: 'internal' }), 'application/problem+json'),
  '500 with a problem document': (_req, res) => json(res, 500, JSON.stringify({ type: 'about:blank', title: 'Boom', status: 500, code: 'internal' }), 'application/problem+json'),
  'connection reset': (req) => req.socket.destroy(),
  'a declared 50 MB body': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': FIFTY_MB });
    res.write('{"results":[');
    // Never sends the rest: the client must give up on the declared length alone.
  },
  'an undeclared 50 MB body': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    let sent = 0;
    const pump = (): void => {
      while (sent < 50 && !res.destroyed) {
        sent += 1;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      if (!res.destroyed) res.end();
    };
    res.on('error', () => undefined);
    pump();
  },
  'a slow drip past the timeout': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{');
    const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write(' ')), 50);
    drips.add(timer);
    res.on('close', () => clearInterval(timer));
  },
};

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    if (req.url === '/v1/auth/device-token') return json(res, 200, TOKEN);
    behaviour(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const timer of drips) clearInterval(timer);
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function client(): PortalClient {
  return new PortalClient({ baseUrl, deviceId: 'kiosk-01', deviceSecret: 'device-secret-value', timeoutMs: 400, maxResponseBytes: 1024 * 1024 });
}

describe('portal client against a hostile portal', () => {
  it.each(Object.keys(HOSTILE))('%s → a typed PortalError with a reason code', async (name) => {
    behaviour = HOSTILE[name] as Behaviour;
    const heapBefore = process.memoryUsage().arrayBuffers;
    const error = await client()
      .submitBatch([{ clientRequestId: 'x', seq: 1, kind: 'wallet.topup', payload: {} }])
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(PortalError);
    const portalError = error as PortalError;
    expect(SYNC_REASONS).toContain(portalError.reason);
    // Hostile answers are the portal's fault: transient, retried, never a permanent refusal of the operation.
    expect([name, portalError.disposition]).toEqual([name, 'transient']);
    // Bounded memory: nowhere near the 50 MB the server offered.
    expect(process.memoryUsage().arrayBuffers - heapBefore).toBeLessThan(20 * 1024 * 1024);
  });

  it('gives the reasons staff can act on', async () => {
    const reasonOf = async (name: string) => {
      behaviour = HOSTILE[name] as Behaviour;
      return (await client().health().catch((e: PortalError) => e)) as PortalError;
    };
    expect((await reasonOf('a slow drip past the timeout')).reason).toBe('timeout');
    expect((await reasonOf('invalid JSON')).reason).toBe('invalid_response');
    expect((await reasonOf('an undeclared 50 MB body')).code).toBe('response_too_large');
    expect((await reasonOf('a declared 50 MB body')).code).toBe('response_too_large');
    expect((await reasonOf('connection reset')).reason).toMatch(/connection_reset|network_failure/);
  });

  it('refuses a device token of the wrong shape', async () => {
    const bad = createServer((req, res) => {
      req.resume();
      json(res, 200, JSON.stringify({ accessToken: 12, expiresAt: 'soon' }));
    });
    await new Promise<void>((resolve) => bad.listen(0, '127.0.0.1', resolve));
    try {
      const c = new PortalClient({ baseUrl: `http://127.0.0.1:${(bad.address() as AddressInfo).port}`, deviceId: 'k', deviceSecret: 's', timeoutMs: 400 });
      await expect(c.authenticate()).rejects.toMatchObject({ name: 'PortalError', reason: 'invalid_response' });
    } finally {
      bad.closeAllConnections();
      await new Promise<void>((resolve) => bad.close(() => resolve()));
    }
  });
});

describe('the outbox behind a hostile portal', () => {
  let db: SqliteDatabase;
  beforeAll(() => {
    db = openKioskDatabase(':memory:');
    db.transaction(() => {
      for (let i = 0; i < 5; i++) recordWalletTransaction(db, { memberNo: '2024000001', kind: 'topup', amount: 100 + i, now: Date.now() });
    })();
  });
  afterAll(() => db.close());

  it('keeps every operation pending, in order, through any sequence of hostile answers', async () => {
    const lines: string[] = [];
    const engine = new SyncEngine({
      store: new SqliteOutboxStore(db, walletOutboxHandlers(Date.now), appendAudit),
      transport: batchTransport(client()),
      log: createKioskLog({ sink: (line) => lines.push(line), secrets: ['device-secret-value'] }),
    });
    const before = db.prepare('SELECT client_request_id AS id FROM outbox ORDER BY seq').all();
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...Object.keys(HOSTILE)), { minLength: 1, maxLength: 3 }), async (names) => {
        for (const name of names) {
          behaviour = HOSTILE[name] as Behaviour;
          const step = await engine.drainOnce();
          expect([name, step.kind]).toEqual([name, 'failed']);
        }
        expect(engine.metrics()).toMatchObject({ depth: 5, deadLetters: 0 });
      }),
      { numRuns: 8 },
    );
    expect(db.prepare('SELECT client_request_id AS id FROM outbox ORDER BY seq').all()).toEqual(before);
    expect(db.prepare("SELECT count(*) AS n FROM wallet_transactions WHERE state = 'pending'").get()).toEqual({ n: 5 });
    expect(lines.join('\n')).not.toContain('device-secret-value');
  });
});
