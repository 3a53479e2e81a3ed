import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KioskCore } from '../../../src/main/core/kiosk-core';
import { LATEST_SCHEMA_VERSION } from '../../../src/main/db/migrations';
import { startTestCore } from '../../helpers/core';
import { makeTempDir } from '../../helpers/temp-dir';

let temp: ReturnType<typeof makeTempDir>;
let core: KioskCore | undefined;
beforeEach(() => (temp = makeTempDir()));
afterEach(async () => {
  await core?.close();
  core = undefined;
  temp.cleanup();
});

describe('KioskCore.call', () => {
  it('answers a valid call with an ok envelope', async () => {
    core = await startTestCore(temp.dir);
    const result = await core.call('getKioskState', {});
    expect(result).toMatchObject({ ok: true, value: { hostMode: 'web', demo: true, defaultLanguage: 'ja', idleTimeoutSeconds: 90, idleWarningSeconds: 20, databaseProblem: null } });
  });

  it.each([
    ['an unknown method', 'dropTables', {}, 'unknown_method'],
    ['a non-string method', 42, {}, 'unknown_method'],
    ['a prototype key as method', '__proto__', {}, 'unknown_method'],
    // Found by the hostile-API property test: String() of this object throws.
    ['a method whose toString is not a function', { toString: false }, {}, 'unknown_method'],
    ['wrong types', 'staffSignIn', { pin: 1111 }, 'invalid_input'],
    ['a malformed PIN', 'staffSignIn', { pin: '12a4' }, 'invalid_input'],
    ['unknown fields', 'getKioskState', { extra: true }, 'invalid_input'],
    ['an array for an object', 'staffSignIn', ['1111'], 'invalid_input'],
    ['a string for an object', 'getKioskState', 'hello', 'invalid_input'],
  ])('refuses %s with a typed error', async (_what, method, input, code) => {
    core = await startTestCore(temp.dir);
    const result = await core.call(method, input);
    expect(result).toMatchObject({ ok: false, error: { code } });
    // And keeps serving.
    expect((await core.call('getKioskState', {})).ok).toBe(true);
  });

  it('needs a staff session for the status screen, then reports the database and portal', async () => {
    core = await startTestCore(temp.dir);
    expect(await core.call('getStaffStatus', {})).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
    expect(await core.call('staffSignIn', { staffNo: '3001', pin: '3333' })).toMatchObject({ ok: true, value: { staff: { role: 'admin' } } });
    const status = await core.call('getStaffStatus', {});
    expect(status).toMatchObject({
      ok: true,
      value: {
        version: '0.0.0-test',
        database: { path: join(temp.dir, 'kiosk.sqlite'), schemaVersion: LATEST_SCHEMA_VERSION, problem: null },
        portal: { url: 'http://127.0.0.1:9', embedded: false },
      },
    });
  });

  it('starts with a corrupt database and says so instead of crashing', async () => {
    mkdirSync(temp.dir, { recursive: true });
    writeFileSync(join(temp.dir, 'kiosk.sqlite'), Buffer.alloc(4096, 7));
    core = await startTestCore(temp.dir);
    const state = await core.call('getKioskState', {});
    expect(state).toMatchObject({ ok: true, value: { databaseProblem: { code: 'db_corrupt' } } });
    expect(await core.call('staffSignIn', { staffNo: '3001', pin: '3333' })).toMatchObject({ ok: false, error: { code: 'db_corrupt' } });
  });

  it('emits staff session events', async () => {
    core = await startTestCore(temp.dir);
    const events: string[] = [];
    core.onEvent((e) => events.push(e.event));
    await core.call('staffSignIn', { staffNo: '1001', pin: '1111' });
    await core.call('staffSignOut', {});
    expect(events.filter((e) => e === 'staffSession')).toHaveLength(2);
  });
});
