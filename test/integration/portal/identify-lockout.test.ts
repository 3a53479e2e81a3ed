/**
 * Birthdate guessing at POST /v1/members/identify: wrong birthdates are counted per member number
 * in the portal's SQLite; the limit locks the number (429 identify_locked, even for the right
 * birthdate) for one window; a right birthdate before the limit resets the count.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPortalDatabase } from '../../../src/portal/db';
import { DEFAULT_LIMITS } from '../../../src/portal/service';
import type { PortalServerHandle, PortalServerOptions } from '../../../src/portal/server';
import { deviceToken, http, newDevice, seedMembers, startTestPortal } from '../../fixtures/portal/harness';
import { makeTempDir } from '../../helpers/temp-dir';

const RIGHT = '2005-01-01';
const WRONG = '2005-01-02';
const WINDOW_S = DEFAULT_LIMITS.identify.windowMs / 1000;

let now = Date.UTC(2026, 3, 1, 9, 0, 0);
let portal: PortalServerHandle;
let token = '';
let temp: ReturnType<typeof makeTempDir>;

async function start(overrides: Partial<PortalServerOptions> = {}): Promise<void> {
  portal = await startTestPortal({ now: () => now, dbPath: join(temp.dir, 'portal.sqlite'), ...overrides });
  token = await deviceToken(portal.url, await newDevice(portal.url));
}

const identify = (memberNo: string, birthDate: string) =>
  http(portal.url, 'POST', '/v1/members/identify', { memberNo, birthDate }, { authorization: `Bearer ${token}` });

beforeEach(async () => {
  now = Date.UTC(2026, 3, 1, 9, 0, 0);
  temp = makeTempDir('identify-lockout-');
  await start();
});
afterEach(async () => {
  await portal.close();
  temp.cleanup();
});

describe('birthdate guessing is limited per member number', () => {
  it('the 5th wrong birthdate locks the number for 15 minutes; even the right one is refused until then', async () => {
    expect(DEFAULT_LIMITS.identify).toEqual({ maxWrongBirthdates: 5, windowMs: 15 * 60_000 });
    const [a, b] = await seedMembers(portal.url, 2, 3200000000);
    for (let left = 4; left >= 1; left--) {
      const wrong = await identify(a as string, WRONG);
      expect([wrong.status, wrong.body.code, wrong.body.details]).toEqual([422, 'birthdate_mismatch', { attemptsRemaining: left }]);
      now += 60_000;
    }
    const locked = await identify(a as string, WRONG);
    expect([locked.status, locked.body.code]).toEqual([429, 'identify_locked']);
    expect(locked.headers.get('retry-after')).toBe(String(WINDOW_S));
    expect(locked.body).toMatchObject({ retryAfterSeconds: WINDOW_S, details: { retryAfterSeconds: WINDOW_S, maxWrongBirthdates: 5, lockedUntil: new Date(now + WINDOW_S * 1000).toISOString() } });

    // The right birthdate is refused while locked, and nothing about the member leaks.
    now += 10 * 60_000;
    const right = await identify(a as string, RIGHT);
    expect([right.status, right.body.code, right.body.retryAfterSeconds]).toEqual([429, 'identify_locked', 5 * 60]);
    expect(JSON.stringify(right.body)).not.toMatch(/maskedEmail|profile|会員/);

    // Counting is per member number: another member is not affected.
    expect((await identify(b as string, RIGHT)).status).toBe(200);
    expect((await identify('9999999999', RIGHT)).body.code).toBe('member_not_found');

    // Once the window has passed the right birthdate works again, and the count starts over.
    now += 5 * 60_000;
    expect((await identify(a as string, RIGHT)).status).toBe(200);
    expect((await identify(a as string, WRONG)).body.details).toEqual({ attemptsRemaining: 4 });
  });

  it('a right birthdate before the limit resets the count; so does a window that passes', async () => {
    const [a] = (await seedMembers(portal.url, 1, 3210000000)) as [string];
    for (let i = 0; i < 4; i++) await identify(a, WRONG);
    expect((await identify(a, RIGHT)).status).toBe(200);
    for (let left = 4; left >= 1; left--) expect((await identify(a, WRONG)).body.details).toEqual({ attemptsRemaining: left });

    // The window counts from the first wrong try: 15 minutes later four old ones no longer count.
    now += WINDOW_S * 1000;
    expect((await identify(a, WRONG)).body).toMatchObject({ code: 'birthdate_mismatch', details: { attemptsRemaining: 4 } });
    expect((await identify(a, RIGHT)).status).toBe(200);
  });

  it('the lock is kept in the portal database: a restarted portal still refuses', async () => {
    const [a] = (await seedMembers(portal.url, 1, 3220000000)) as [string];
    for (let i = 0; i < 5; i++) await identify(a, WRONG);
    await portal.close();
    const db = openPortalDatabase(join(temp.dir, 'portal.sqlite'));
    // The lock table arrived with the portal's migration 3; later migrations keep it.
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(3);
    expect(db.prepare('SELECT failures, locked_until FROM identify_failures WHERE member_no = ?').get(a)).toEqual({ failures: 5, locked_until: now + WINDOW_S * 1000 });
    db.close();
    await start();
    expect((await identify(a, RIGHT)).body.code).toBe('identify_locked');
  });

  it('follows the configured limits (PORTAL_IDENTIFY_MAX_WRONG / PORTAL_IDENTIFY_WINDOW_SECONDS)', async () => {
    await portal.close();
    await start({ limits: { identify: { maxWrongBirthdates: 2, windowMs: 60_000 } } });
    const [a] = (await seedMembers(portal.url, 1, 3230000000)) as [string];
    expect((await identify(a, WRONG)).body.details).toEqual({ attemptsRemaining: 1 });
    const locked = await identify(a, WRONG);
    expect(locked.body).toMatchObject({ code: 'identify_locked', retryAfterSeconds: 60, details: { maxWrongBirthdates: 2 } });
    now += 59_000;
    expect((await identify(a, RIGHT)).body).toMatchObject({ code: 'identify_locked', retryAfterSeconds: 1 });
    now += 1_000;
    expect((await identify(a, RIGHT)).status).toBe(200);
  });
});
