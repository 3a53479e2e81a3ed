/**
 * The set-up code's time limit within one run: a code works for 30 minutes after it was printed
 * (on the set-up's own clock, a fake one here); typed later, right or wrong, it is refused with
 * `setup_code_expired` and a new code is printed at that moment, which works for its own 30 minutes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KioskError } from '../../../src/shared/errors';
import { FirstAdminSetup, SETUP_CODE_TTL_MS } from '../../../src/main/staff';
import { makeTempDir } from '../../helpers/temp-dir';

let temp: ReturnType<typeof makeTempDir>;
let clock: number;
let printed: string[];
let codes: string[];

beforeEach(() => {
  temp = makeTempDir('first-admin-expiry-');
  clock = 1_800_000_000_000;
  printed = [];
  codes = ['11112222', '33334444', '55556666'];
});
afterEach(() => temp.cleanup());

function setup(): FirstAdminSetup {
  return new FirstAdminSetup({
    dataDir: temp.dir,
    db: () => {
      throw new Error('no database in this test: nothing is created');
    },
    staff: () => ({
      countStaff: () => 0,
      addStaff: () => Promise.reject(new Error('not created in this test')),
      signIn: () => Promise.reject(new Error('not signed in in this test')),
    }),
    now: () => clock,
    enabled: true,
    announce: (line) => printed.push(line),
    log: () => undefined,
    newCode: () => codes.shift() ?? '99990000',
  });
}

async function refusal(work: Promise<unknown>): Promise<{ code: string; details?: unknown }> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof KioskError)) throw new Error(`expected a KioskError, got ${String(error)}`);
  return { code: error.code, details: error.details };
}

const MINUTE = 60_000;

describe('first administrator set-up code: 30 minutes', () => {
  it('works until 30 minutes after it was printed; then it is refused, a new code is printed, and the new one works', async () => {
    const kiosk = setup();
    await kiosk.renew();
    expect(printed).toEqual(['Kiosk set-up code (first administrator, works once, for 30 minutes): 11112222']);

    clock += SETUP_CODE_TTL_MS - MINUTE;
    await expect(kiosk.check('11112222')).resolves.toBeUndefined();

    clock += MINUTE;
    expect(await refusal(kiosk.check('11112222'))).toEqual({ code: 'setup_code_expired', details: { validMinutes: 30 } });
    expect(printed).toHaveLength(2);
    expect(printed[1]).toMatch(/: 33334444$/);
    // The old code stays refused (now simply not the code); the new one works for its own half hour.
    expect((await refusal(kiosk.check('11112222'))).code).toBe('setup_code_wrong');
    clock += SETUP_CODE_TTL_MS - MINUTE;
    await expect(kiosk.check('33334444')).resolves.toBeUndefined();
  });

  it('an expired code cannot create the administrator either, and a wrong code after the time also gets a new one', async () => {
    const kiosk = setup();
    await kiosk.renew();
    clock += SETUP_CODE_TTL_MS + 5 * MINUTE;
    expect((await refusal(kiosk.createAdmin({ code: '11112222', staffNo: '0101', pin: '2580' }))).code).toBe('setup_code_expired');
    expect(printed.at(-1)).toMatch(/: 33334444$/);
    clock += SETUP_CODE_TTL_MS;
    expect((await refusal(kiosk.check('00000000'))).code).toBe('setup_code_expired');
    expect(printed.at(-1)).toMatch(/: 55556666$/);
  });

  it('a clock set back by 30 minutes or more does not keep a code alive', async () => {
    const kiosk = setup();
    await kiosk.renew();
    clock -= SETUP_CODE_TTL_MS;
    expect((await refusal(kiosk.check('11112222'))).code).toBe('setup_code_expired');
  });
});
