import { describe, expect, it } from 'vitest';
import { businessDay } from '../../../src/main/cashier/sales';

describe('the business day of the register', () => {
  it('is the store time zone day, never the process one: 08:30 JST is that day', () => {
    const at0830Jst = Date.UTC(2026, 10, 30, 23, 30); // 2026-11-30 23:30 UTC
    expect(businessDay(at0830Jst)).toBe('2026-12-01');
    expect(businessDay(at0830Jst, 'Asia/Tokyo')).toBe('2026-12-01');
    expect(businessDay(at0830Jst, 'Europe/London')).toBe('2026-11-30');
    // One minute before midnight in Tokyo is still the previous day.
    expect(businessDay(Date.UTC(2026, 10, 30, 14, 59), 'Asia/Tokyo')).toBe('2026-11-30');
  });
});
