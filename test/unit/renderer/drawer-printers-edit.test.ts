/**
 * The settings screen's drawer ticks (printers section): what it sends is what it shows ticked,
 * for the printer list as edited; nothing when that is what the kiosk does already.
 */
import { describe, expect, it } from 'vitest';
import { drawerPrintersEdit, settingFieldKind } from '../../../src/renderer/src/components/settings/settings-fields';

const A = 'tcp:10.0.0.1:9100';
const B = 'tcp:10.0.0.2:9100';

describe('drawer printers on the settings screen', () => {
  it('is a list of ticks, not a text field', () => {
    expect(settingFieldKind('printers.drawers', null)).toBe('drawerPrinters');
  });

  it('never chosen (the first printer): nothing is sent while the first printer stays the ticked one', () => {
    expect(drawerPrintersEdit([A], [A], null)).toBeUndefined();
    // A second printer added after it, unticked: still the first printer alone, nothing to send.
    expect(drawerPrintersEdit([A, B], [A], null)).toBeUndefined();
    // A printer put first, unticked: the tick stays where the screen shows it.
    expect(drawerPrintersEdit([B, A], [A], null)).toEqual([A]);
    expect(drawerPrintersEdit([A, B], [B], null)).toEqual([B]);
    expect(drawerPrintersEdit([A, B], [], null)).toEqual([]);
  });

  it('chosen before: sent when the ticks or the list change it; a tick on a printer no longer listed is dropped', () => {
    expect(drawerPrintersEdit([A, B], [B], [B])).toBeUndefined();
    expect(drawerPrintersEdit([A, B], [A, B], [B])).toEqual([A, B]);
    // B's address edited to another: its old tick goes (the screen shows the new one unticked).
    expect(drawerPrintersEdit([A, 'tcp:10.0.0.3:9100'], [B], [B])).toEqual([]);
  });
});
