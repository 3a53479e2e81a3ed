import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Reconnector, type ReconnectStatus } from '../../../drivers/reconnect';

/** A device that is missing for the first `missing` opens, then opens. */
function setUp(missing: number) {
  let running = true;
  let state = 'stopped';
  let opens = 0;
  const reports: ReconnectStatus[] = [];
  const discarded: number[] = [];
  const reconnector = new Reconnector<number>(
    {
      isRunning: () => running,
      open: () => {
        opens += 1;
        return opens <= missing ? Promise.reject(new Error('no such device')) : Promise.resolve(opens);
      },
      opened: () => {
        state = 'connected';
      },
      discard: (device) => {
        discarded.push(device);
        return Promise.resolve();
      },
      state: () => state,
      report: (status) => {
        state = status.state;
        reports.push(status);
      },
    },
    { initialMs: 100, maxMs: 400 },
  );
  return { reconnector, reports, discarded, opens: () => opens, state: () => state, stop: () => (running = false) };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('the one reconnect schedule (scanners and printers)', () => {
  it('waits a capped, doubling backoff between failed opens, and starts over once connected', async () => {
    const t = setUp(4);
    await t.reconnector.attempt();
    await vi.advanceTimersByTimeAsync(100 + 200 + 400 + 400);
    expect(t.state()).toBe('connected');
    expect(t.reports.filter((r) => r.state === 'disconnected').map((r) => r.state === 'disconnected' && r.retryInMs)).toEqual([100, 200, 400, 400]);
    expect(t.reports.filter((r) => r.state === 'connecting').map((r) => r.attempt)).toEqual([1, 2, 3, 4, 5]);
    t.reconnector.retryLater('unplugged');
    expect(t.reports.at(-1)).toEqual({ state: 'disconnected', reason: 'unplugged', retryInMs: 100, attempt: 1 });
    t.reconnector.cancel();
  });

  it('a hot-plug event cuts the wait short; nothing is tried after stop, and a late open is released', async () => {
    const t = setUp(1);
    await t.reconnector.attempt();
    expect(t.state()).toBe('disconnected');
    t.reconnector.retryNow();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.state()).toBe('connected');
    expect(t.opens()).toBe(2);
    t.reconnector.retryNow();
    expect(t.opens()).toBe(2);

    const late = setUp(0);
    const pending = late.reconnector.attempt();
    late.stop();
    await pending;
    expect(late.discarded).toEqual([1]);
    late.reconnector.retryLater('gone');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(late.opens()).toBe(1);
  });
});
