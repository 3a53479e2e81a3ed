/**
 * The portal client checks every answer against the Portal API document: a real HTTP server on
 * 127.0.0.1 answers with the right status but a body of the wrong shape, and each call becomes a
 * typed PortalError `bad_response` (reason invalid_response, transient) instead of a cast.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PortalClient } from '../../../src/main/sync/portal-client/client';
import { PortalError } from '../../../src/main/sync/portal-client/errors';
import { SyncEngine, batchTransport } from '../../../src/main/sync/engine';
import { SqliteOutboxStore } from '../../../src/main/sync/outbox';
import { recordWalletTransaction, walletOutboxHandlers } from '../../../src/main/cashier/wallet-ledger';
import { openKioskDatabase } from '../../../src/main/db/database';
import { appendAudit } from '../../../src/main/staff/audit';

const TOKEN = { accessToken: 'tok', tokenType: 'Bearer', expiresAt: new Date(Date.now() + 3_600_000).toISOString(), deviceId: 'kiosk-01', lastSeq: 0 };
const MEMBER = { memberNo: '2024000001', cardBarcode: 'A20240000011B', name: '山田 太郎', nameKana: 'ヤマダ タロウ', status: 'active', maskedEmail: 't***@e***.jp', portalRegistered: false, balance: 5000, asOf: new Date().toISOString() };

const REVIEW = {
  requestId: '5b0a3f5e-8a63-4c4e-9a55-2f1f3b1c9d01', memberNo: '2024000002', maskedNewEmail: 'h***@e***.jp', status: 'requested', requestedAt: new Date().toISOString(),
  maskedCurrentEmail: 'h***@d***.jp', name: '佐藤 花子', nameKana: 'サトウ ハナコ', birthDate: '2006-01-23', requestedAtDevice: 'Demo kiosk 02',
};

/** What the server answers per path (status 200/201 as documented, body as the test sets it). */
let answers: Record<string, { status: number; body: unknown }> = {};
let server: Server;
let baseUrl = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    const path = (req.url ?? '/').split('?')[0] as string;
    const answer = path === '/v1/auth/device-token' ? { status: 200, body: TOKEN } : answers[path];
    const text = JSON.stringify(answer?.body ?? null);
    res.writeHead(answer?.status ?? 404, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const client = () => new PortalClient({ baseUrl, deviceId: 'kiosk-01', deviceSecret: 'device-secret-value', timeoutMs: 2_000 });

async function failureOf(call: Promise<unknown>): Promise<PortalError> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PortalError);
  return error as PortalError;
}

describe('portal client: answers are checked against the contract', () => {
  it('a well-formed answer passes and comes back as sent', async () => {
    answers = { '/v1/members/2024000001': { status: 200, body: MEMBER } };
    expect(await client().getMember('2024000001')).toEqual(MEMBER);
  });

  it.each([
    ['a member without its balance', '/v1/members/2024000001', { ...MEMBER, balance: undefined }, (c: PortalClient) => c.getMember('2024000001'), '/balance'],
    ['a member status outside the enum', '/v1/members/2024000001', { ...MEMBER, status: 'zombie' }, (c: PortalClient) => c.getMember('2024000001'), '/status'],
    ['a roster page whose members is a string', '/v1/roster', { members: 'all', nextCursor: '1', hasMore: false, asOf: MEMBER.asOf }, (c: PortalClient) => c.getRoster(null), '/members'],
    ['a verification without its expiry', '/v1/verifications', { verificationId: 'v', maskedEmail: 'x' }, (c: PortalClient) => c.sendVerificationCode({ purpose: 'signup', memberNo: '2024000001', email: 'a@b.jp' }), '/expiresAt'],
    ['a batch answer with a string seq', '/v1/batch', { results: [{ clientRequestId: 'x', seq: '1', kind: 'wallet.topup', outcome: 'applied', status: 201, replayed: false }], lastSeq: 1 }, (c: PortalClient) => c.submitBatch([{ clientRequestId: 'x', seq: 1, kind: 'wallet.topup', payload: {} }]), '/results/0/seq'],
    ['a review without the birth date (issue 12)', `/v1/store/email-changes/${REVIEW.requestId}/review`, { ...REVIEW, birthDate: undefined }, (c: PortalClient) => c.reviewEmailChange(REVIEW.requestId), '/birthDate'],
    ['a store list whose items is a string', '/v1/store/email-changes', { storeId: 'store-1', items: 'all' }, (c: PortalClient) => c.listStoreEmailChanges(), '/items'],
    ['a health answer of another status', '/v1/health', { status: 'maybe', version: '1' }, (c: PortalClient) => c.health(), '/status'],
  ])('%s → PortalError bad_response naming the field', async (_name, path, body, call, pointer) => {
    answers = { [path]: { status: path === '/v1/verifications' ? 201 : 200, body } };
    const error = await failureOf(call(client()));
    expect(error).toMatchObject({ name: 'PortalError', code: 'bad_response', reason: 'invalid_response', disposition: 'transient' });
    expect(error.message).toContain(pointer);
  });

  it('a device token of the wrong shape refuses the sign-in', async () => {
    const bad = createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...TOKEN, tokenType: 'Basic' }));
    });
    await new Promise<void>((resolve) => bad.listen(0, '127.0.0.1', resolve));
    try {
      const c = new PortalClient({ baseUrl: `http://127.0.0.1:${(bad.address() as AddressInfo).port}`, deviceId: 'k', deviceSecret: 's', timeoutMs: 2_000 });
      expect(await failureOf(c.authenticate())).toMatchObject({ code: 'bad_response', reason: 'invalid_response' });
    } finally {
      bad.closeAllConnections();
      await new Promise<void>((resolve) => bad.close(() => resolve()));
    }
  });

  it('the sync engine keeps the operation queued and retries (transient), never settles it on a wrong-shaped answer', async () => {
    answers = { '/v1/batch': { status: 200, body: { results: [{ clientRequestId: 'not-ours', seq: 1, outcome: 'applied' }], lastSeq: 'one' } } };
    const db = openKioskDatabase(':memory:');
    try {
      const store = new SqliteOutboxStore(db, walletOutboxHandlers(Date.now), appendAudit);
      const engine = new SyncEngine({ store, transport: batchTransport(client()), random: () => 0.5 });
      recordWalletTransaction(db, { memberNo: '2024000001', kind: 'topup', amount: 500, now: Date.now() });
      await engine.drainOnce();
      const metrics = engine.metrics();
      expect(metrics.depth).toBe(1);
      expect(metrics.deadLetters).toBe(0);
      expect(metrics.lastError).toMatchObject({ reason: 'invalid_response', code: 'bad_response' });
    } finally {
      db.close();
    }
  });
});
