import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/main/config';
import { KioskCore } from '../../../src/main/core/kiosk-core';
import { enqueueOperation } from '../../../src/main/sync/outbox';
import { recordWalletTransaction } from '../../../src/main/cashier/wallet-ledger';
import { DEMO_DEVICE_ID } from '../../../src/portal/demo-seed';
import type { PortalServerHandle } from '../../../src/portal/server';
import type { SignupPayload } from '../../../src/shared/portal-api/types';
import { seedMembers, startTestPortal } from '../../fixtures/portal/harness';
import { startTestCore } from '../../helpers/core';
import { ok } from '../../helpers/register';
import { makeTempDir } from '../../helpers/temp-dir';

/**
 * A lost or damaged at-rest key (issue 13): the kiosk still starts, every queued money operation
 * is sent (money is never sealed), the sealed sign-up behind which they wait no longer blocks the
 * queue, and the staff status says exactly what personal data is gone.
 */
const SIGNUP: SignupPayload = {
  memberNo: '2024000001',
  email: 'lost.key@example.ac.jp',
  profile: {
    name: '鍵 失子',
    nameKana: 'カギ ウシナコ',
    phone: '+819012345678',
    postalCode: '1000001',
    address: { prefecture: '東京都', city: '千代田区', town: '千代田' },
    university: '東京大学',
    faculty: '工学部',
    studentNo: 'A7654321',
  },
  locale: 'ja',
};

let temp: ReturnType<typeof makeTempDir>;
let portal: PortalServerHandle;
let core: KioskCore | null = null;
beforeEach(async () => {
  temp = makeTempDir('key-loss-');
  portal = await startTestPortal({ dbPath: join(temp.dir, 'portal.sqlite') });
});
afterEach(async () => {
  await core?.close();
  core = null;
  await portal.close();
  temp.cleanup();
});

/** Offline: a top-up, a sealed sign-up, then a payment are queued in that order. */
async function queueWhileOffline(dataDir: string, memberNo: string): Promise<string[]> {
  core = await startTestCore(dataDir);
  const { db } = core.services() ?? (() => { throw new Error('no database'); })();
  const now = Date.now();
  const topup = recordWalletTransaction(db, { memberNo, kind: 'topup', amount: 700, now, offline: true });
  db.transaction(() => enqueueOperation(db, { kind: 'signup.create', memberKey: SIGNUP.memberNo, payload: SIGNUP, now }))();
  const payment = recordWalletTransaction(db, { memberNo, kind: 'payment', amount: 300, now, offline: true });
  const stored = db.prepare('SELECT kind, payload FROM outbox ORDER BY seq').all() as Array<{ kind: string; payload: string }>;
  // Only the sign-up is sealed; the money operations are readable without the key.
  expect(stored.map((row) => [row.kind, row.payload.includes('$sealed')])).toEqual([
    ['wallet.topup', false],
    ['signup.create', true],
    ['wallet.payment', false],
  ]);
  await core.close();
  core = null;
  return [topup.clientRequestId, payment.clientRequestId];
}

async function restartAndDrain(dataDir: string): Promise<KioskCore> {
  core = await startTestCore(dataDir, { healthIntervalMs: 200 }, portal.url);
  const services = core.services();
  if (!services) throw new Error('the kiosk did not start');
  for (let i = 0; i < 400; i++) {
    const pending = services.db.prepare("SELECT count(*) AS n FROM outbox WHERE state = 'pending'").get() as { n: number };
    if (pending.n === 0) break;
    services.sync.engine.kick();
    await new Promise((r) => setTimeout(r, 25));
  }
  return core;
}

describe('a lost at-rest key', () => {
  for (const how of ['removed', 'damaged'] as const) {
    it(`${how}: the kiosk starts, sends every money operation, and staff see exactly what personal data is lost`, async () => {
      const [memberNo] = await seedMembers(portal.url, 1, 3800000000, 10_000);
      const dataDir = join(temp.dir, 'kiosk');
      const money = await queueWhileOffline(dataDir, memberNo as string);
      if (how === 'removed') rmSync(join(dataDir, 'draft.key'));
      else writeFileSync(join(dataDir, 'draft.key'), Buffer.alloc(5));

      const restarted = await restartAndDrain(dataDir);
      const ledger = portal.service.ledger({ deviceId: DEMO_DEVICE_ID });
      expect(ledger.transactions.map((t) => t.clientRequestId).sort()).toEqual([...money].sort());
      expect(ledger.balances[memberNo as string]).toBe(10_000 + 700 - 300);
      const { db } = restarted.services() as NonNullable<ReturnType<KioskCore['services']>>;
      // The lost sign-up was answered by the portal (refused as malformed) and waits among the dead letters; nothing pending.
      expect(db.prepare('SELECT kind, state, last_error_code AS code FROM outbox').all()).toEqual([{ kind: 'signup.create', state: 'dead', code: 'invalid_request' }]);

      await ok(restarted, 'staffSignIn', { staffNo: '1001', pin: '1111' });
      const status = await ok(restarted, 'getStaffStatus', {});
      expect(status.atRestKey).toMatchObject({ state: 'replaced', report: { operations: [{ kind: 'signup.create', memberNo: SIGNUP.memberNo, seq: 2 }], drafts: 0 } });
      if (how === 'damaged') expect(readdirSync(dataDir).some((name) => name.startsWith('draft.key.damaged-'))).toBe(true);
      expect(existsSync(join(dataDir, 'draft.key'))).toBe(true);
    });
  }

  it('a key that cannot be read at all: the kiosk still starts, sends the money operations, and staff see the key as unavailable', async () => {
    const [memberNo] = await seedMembers(portal.url, 1, 3800000200, 10_000);
    const dataDir = join(temp.dir, 'kiosk');
    const money = await queueWhileOffline(dataDir, memberNo as string);
    const config = { ...loadConfig({ KIOSK_DATA_DIR: dataDir, KIOSK_HEALTH_INTERVAL_SECONDS: '0.2' }) };
    const unreadable = { description: 'a broken keychain', load: (): Buffer => { throw new Error('the OS keychain refused'); } };
    core = await KioskCore.create({ config, hostMode: 'web', version: '0.0.0-test', portal: { url: portal.url, embedded: false }, demo: true, log: () => undefined, draftKeyProvider: unreadable });
    const services = core.services();
    if (!services) throw new Error('the kiosk did not start');
    for (let i = 0; i < 400 && portal.service.ledger({ deviceId: DEMO_DEVICE_ID }).transactions.length < 1; i++) {
      services.sync.engine.kick();
      await new Promise((r) => setTimeout(r, 25));
    }
    // The top-up goes; the sealed sign-up cannot be opened, so it (and the payment behind it) waits for the key.
    expect(portal.service.ledger({ deviceId: DEMO_DEVICE_ID }).transactions.map((t) => t.clientRequestId)).toEqual([money[0]]);
    await ok(core, 'staffSignIn', { staffNo: '1001', pin: '1111' });
    expect((await ok(core, 'getStaffStatus', {})).atRestKey).toMatchObject({ state: 'unavailable' });
  });

  it('an intact key: nothing is reported, queued sign-ups still open', async () => {
    const [memberNo] = await seedMembers(portal.url, 1, 3800000100, 10_000);
    const dataDir = join(temp.dir, 'kiosk');
    await queueWhileOffline(dataDir, memberNo as string);
    const restarted = await restartAndDrain(dataDir);
    await ok(restarted, 'staffSignIn', { staffNo: '1001', pin: '1111' });
    expect((await ok(restarted, 'getStaffStatus', {})).atRestKey).toEqual({ state: 'ok' });
  });
});
