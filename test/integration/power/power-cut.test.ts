import { beforeAll, describe, expect, it } from 'vitest';
import { ensureLazyFs } from '../../helpers/lazyfs';
import { runPowerCuts } from '../../helpers/power-cut';

/**
 * Power cuts, not just kills (issue 13): a SIGKILL leaves written bytes in the page cache, so it
 * cannot tell a synced commit from an unsynced one; LazyFS drops what was not fsynced. The
 * kiosk core runs with its data folder on LazyFS and is cut at random points (the portal down
 * for every third run, so operations are queued at the cut) and restarted each time.
 * `npm run bench` runs the same at 200 cuts, with a synchronous=NORMAL control row that loses
 * acknowledged transactions.
 */
const CUTS = 10;

beforeAll(async () => {
  // The first run builds LazyFS (and installs its Debian packages): minutes, once.
  await ensureLazyFs();
}, 20 * 60_000);

describe('power cuts of the kiosk (LazyFS)', () => {
  it(`${CUTS} cuts: every acknowledged transaction at the portal exactly once, ledgers agree, the database intact, the draft resumes`, { timeout: 150_000 }, async () => {
    const report = await runPowerCuts({ cuts: CUTS });
    expect(report.neededPerson).toBe(0);
    expect(report.acknowledged).toBeGreaterThanOrEqual(CUTS);
    // The portal was down for some runs: operations were waiting in the outbox at a cut.
    expect(report.maxQueuedAtCut).toBeGreaterThan(0);
    expect(report.lost).toEqual([]);
    expect(report.duplicated).toEqual([]);
    expect(report.stuck).toBe(false);
    expect(report.integrity).toBe('ok');
    expect(report.ledgerMismatches).toEqual([]);
    expect(report.balanceMismatches).toEqual([]);
    // The draft holds the last e-mail whose save was acknowledged (or one saved after it); none saved: nothing to resume.
    const { lastAcknowledged, startedAfter, found } = report.draft;
    if (lastAcknowledged) expect([lastAcknowledged, ...startedAfter].map((email) => `${email} true`)).toContain(found);
    else expect(found === 'none' || startedAfter.some((email) => found === `${email} true`)).toBe(true);
  });
});
