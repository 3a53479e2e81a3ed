import { describe, expect, it } from 'vitest';
import type { ConnectivityState } from '../../../src/shared/api/common';
import { RosterSchedule } from '../../../src/main/members';
import { ManualClock } from '../../fixtures/portal/harness';

function setUp(intervalMs = 60_000) {
  const clock = new ManualClock();
  let state: ConnectivityState = 'online';
  const pulls: number[] = [];
  const logged: string[] = [];
  let failNext = false;
  const roster = {
    pull: () => {
      pulls.push(clock.now());
      if (failNext) {
        failNext = false;
        return Promise.reject(new Error('portal said 503'));
      }
      return Promise.resolve({ pages: 1 });
    },
  };
  const schedule = new RosterSchedule({ roster, connectivity: () => state, clock, intervalMs, log: (line) => logged.push(line) });
  return {
    clock,
    schedule,
    pulls,
    logged,
    setState: (next: ConnectivityState) => (state = next),
    failNextPull: () => (failNext = true),
  };
}

describe('the roster pull schedule (members room)', () => {
  it('pulls every interval while online, skips the ticks while offline, and stops for good', () => {
    const t = setUp(1_000);
    const start = t.clock.now();
    t.schedule.start();
    t.clock.advance(3_000);
    expect(t.pulls.map((at) => at - start)).toEqual([1_000, 2_000, 3_000]);
    t.setState('offline');
    t.clock.advance(2_000);
    expect(t.pulls).toHaveLength(3);
    t.setState('online');
    t.schedule.stop();
    t.clock.advance(5_000);
    expect(t.pulls).toHaveLength(3);
    expect(t.clock.pending()).toBe(0);
  });

  it('pulls at once when the kiosk comes back online, but not twice within a few seconds', () => {
    const t = setUp();
    t.schedule.start();
    t.schedule.connectivityChanged('online');
    expect(t.pulls).toHaveLength(1);
    t.clock.advance(4_000);
    t.schedule.connectivityChanged('online');
    expect(t.pulls).toHaveLength(1);
    t.schedule.connectivityChanged('offline');
    t.clock.advance(2_000);
    t.schedule.connectivityChanged('online');
    expect(t.pulls).toHaveLength(2);
    t.schedule.stop();
  });

  it('a failed pull is logged and the next tick tries again', async () => {
    const t = setUp(1_000);
    t.failNextPull();
    t.schedule.start();
    t.clock.advance(1_000);
    await expect.poll(() => t.logged).toEqual(['roster: portal said 503']);
    t.clock.advance(1_000);
    expect(t.pulls).toHaveLength(2);
    t.schedule.stop();
  });
});
