/**
 * Time zone names (store settings): canonical names are known without building a
 * DateTimeFormat (its first construction loads ICU's locale data on the core's start-up path,
 * issue 18); aliases and unknown names still get the runtime's own answer.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isIanaTimeZone } from '../../../src/shared/config/settings';

afterEach(() => vi.restoreAllMocks());

describe('isIanaTimeZone', () => {
  it('knows canonical names from the runtime list, without a DateTimeFormat', () => {
    const format = vi.spyOn(Intl, 'DateTimeFormat');
    expect(isIanaTimeZone('Asia/Tokyo')).toBe(true);
    expect(isIanaTimeZone('Europe/Berlin')).toBe(true);
    expect(format).not.toHaveBeenCalled();
  });

  it('asks the runtime for aliases and refuses unknown or malformed names', () => {
    expect(isIanaTimeZone('Asia/Calcutta')).toBe(true);
    expect(isIanaTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isIanaTimeZone('../etc/passwd')).toBe(false);
  });
});
