/**
 * Which printers have the cash drawer (settings: printers.drawers). A store may have two printers
 * and one drawer: only the ticked ones get ESC p. Never chosen (null, every store before this
 * setting): the first printer, as before. A drawer names a printer of the list, once.
 */
import { describe, expect, it } from 'vitest';
import { cashierSettingsOf } from '../../../src/main/core/settings-views';
import { checkSettings, DEFAULT_SETTINGS, drawerPrinterUris, updateSettings } from '../../../src/shared/config/settings';
import { resolveSettings } from '../../../src/shared/config/settings-env';

const A = 'tcp:127.0.0.1:9100';
const B = 'serial:/dev/ttyUSB0?baudRate=38400';

describe('printers with the cash drawer', () => {
  it('never chosen: the first printer (a stored document from before the setting keeps working)', () => {
    expect(DEFAULT_SETTINGS.printers.drawers).toBeNull();
    const before = checkSettings({ printers: { uris: [A, B], memberName: false } });
    expect(before.ok).toBe(true);
    if (!before.ok) return;
    expect(before.value.printers.drawers).toBeNull();
    expect(cashierSettingsOf(before.value).drawerPrinters).toEqual([A]);
    expect(drawerPrinterUris({ uris: [], drawers: null })).toEqual([]);
  });

  it('chosen: exactly those printers, in the list’s order; none is allowed', () => {
    expect(drawerPrinterUris({ uris: [A, B], drawers: [B] })).toEqual([B]);
    expect(drawerPrinterUris({ uris: [A, B], drawers: [B, A] })).toEqual([A, B]);
    const current = { ...DEFAULT_SETTINGS, printers: { uris: [A, B], memberName: false, drawers: null } };
    const none = updateSettings(current, { 'printers.drawers': [] });
    expect(none.ok).toBe(true);
    if (none.ok) {
      expect(cashierSettingsOf(none.value.settings).drawerPrinters).toEqual([]);
      expect(none.value.changes).toEqual([{ key: 'printers.drawers', old: null, new: [], restart: false }]);
    }
  });

  it('refuses a drawer on a printer that is not listed, or listed twice, saying what to fix in both languages', () => {
    const current = { ...DEFAULT_SETTINGS, printers: { uris: [A, B], memberName: false, drawers: null } };
    const stranger = updateSettings(current, { 'printers.drawers': ['tcp:10.0.0.9:9100'] });
    expect(stranger.ok).toBe(false);
    if (!stranger.ok) {
      expect(stranger.issues).toHaveLength(1);
      expect(stranger.issues[0]).toMatchObject({ path: 'printers.drawers.0', key: 'settings.drawerNotPrinter' });
      expect(stranger.issues[0]?.message.en).toContain('tcp:10.0.0.9:9100');
      expect(stranger.issues[0]?.message.ja).toContain('キャッシュドロア');
    }
    const twice = updateSettings(current, { 'printers.drawers': [B, B] });
    expect(twice.ok ? [] : twice.issues.map((item) => [item.path, item.key])).toEqual([['printers.drawers.1', 'settings.duplicate']]);
    // Not a list of addresses at all: refused at the boundary.
    expect(updateSettings(current, { 'printers.drawers': 'first' }).ok).toBe(false);
  });

  it('a printer list changed by KIOSK_PRINTERS under a stored drawer choice: the choice gives way to the first printer and staff are told', () => {
    const stored = { ...DEFAULT_SETTINGS, printers: { uris: [A, B], memberName: false, drawers: [B] } };
    const result = resolveSettings(stored, { KIOSK_PRINTERS: A });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.settings.printers.drawers).toBeNull();
    expect(cashierSettingsOf(result.value.settings).drawerPrinters).toEqual([A]);
    expect(result.value.storedIssues.map((item) => item.path)).toEqual(['printers.drawers.0']);
  });
});
