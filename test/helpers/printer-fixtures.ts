/** A top-up receipt and helpers shared by the printer tests. */
import type { ReceiptInput } from '../../src/shared/receipt/layout';

/** 2026-12-01 08:30 in Tokyo (23:30 UTC the day before). */
export const AT_0830_JST = Date.UTC(2026, 10, 30, 23, 30);

export function topUpReceipt(overrides: Partial<ReceiptInput> = {}): ReceiptInput {
  return {
    store: { name: '大学生協 中央店', addressLine: '東京都文京区本郷7-3-1 03-1234-5678' },
    kind: 'topup',
    amount: 3000,
    cashReceived: 5000,
    change: 2000,
    balanceAfter: 12345,
    memberNo: '2024000123',
    cashier: '佐藤',
    at: AT_0830_JST,
    timeZone: 'Asia/Tokyo',
    clientRequestId: '3f2a9c10-1b2c-4d3e-8f40-0123456789ab',
    ...overrides,
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `condition` every 10 ms; fails with `what` after `limitMs`. */
export async function until(condition: () => boolean, what: string, limitMs = 10_000): Promise<void> {
  for (let waited = 0; waited < limitMs; waited += 10) {
    if (condition()) return;
    await sleep(10);
  }
  throw new Error(`timed out waiting for ${what}`);
}
