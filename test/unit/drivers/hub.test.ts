import { describe, expect, it } from 'vitest';
import { ScannerHub } from '../../../src/main/scanner/hub';
import type { ScanEvent, SourceStatus } from '../../../src/main/scanner/hub';
import { SimulatorScannerDriver } from '../../../drivers/simulator/driver';
import { formatAppToken, formatMemberCardCodabar, formatMemberCardCode128 } from '../../../src/shared/barcode/formats';
import { janWithCheck } from '../../../src/shared/barcode/render';
import { checkRuleSet } from '../../../src/shared/barcode/rule-set';
import { compileRuleSet } from '../../../src/shared/barcode/scan-rules';

function setup(options: { dedupeWindowMs?: number; logSize?: number } = {}) {
  let clock = 1_000;
  const now = () => clock;
  const front = new SimulatorScannerDriver({ id: 'front', now });
  const back = new SimulatorScannerDriver({ id: 'back', now });
  const hub = new ScannerHub([front, back], { now, ...options });
  const scans: ScanEvent[] = [];
  const statuses: SourceStatus[] = [];
  hub.on('scan', (e) => scans.push(e));
  hub.on('status', (s) => statuses.push(s));
  return { hub, front, back, scans, statuses, advance: (ms: number) => (clock += ms) };
}

describe('ScannerHub', () => {
  it('merges sources into one stream of classified scan events', async () => {
    const { hub, front, back, scans } = setup();
    await hub.start();
    front.inject(formatMemberCardCodabar('0012345678'), ']F0');
    back.inject(formatAppToken('charge', new Uint8Array(13).fill(7)), ']C0');
    back.inject(janWithCheck('490123456789'), ']E0');
    expect(scans.map((s) => [s.id, s.sourceId, s.classification.kind])).toEqual([
      ['scan-1', 'front', 'memberCard'],
      ['scan-2', 'back', 'appToken'],
      ['scan-3', 'back', 'unknown'],
    ]);
    expect(scans[0]).toMatchObject({ data: 'A00123456782A', symbology: ']F0', classification: { memberNo: '0012345678' }, receivedAt: 1000 });
    expect(scans[1]?.classification).toMatchObject({ mode: 'charge' });
    expect(scans[2]?.classification).toEqual({ kind: 'unknown', reason: 'product_code', ruleId: 'product-jan' });
    await hub.stop();
  });

  it('drops double reads of the same code across sources within the window', async () => {
    const { hub, front, back, scans, advance } = setup({ dedupeWindowMs: 800 });
    await hub.start();
    const card = formatMemberCardCode128('0000000042');
    front.inject(card);
    advance(300);
    back.inject(card); // second scanner saw the same card: a double read
    advance(300);
    front.inject(card); // still under the scanner: the window slides
    advance(799);
    front.inject(formatMemberCardCode128('0000000043'));
    advance(1);
    front.inject(card); // 800 ms after its last sighting: a new scan
    expect(scans.map((s) => s.data)).toEqual([card, formatMemberCardCode128('0000000043'), card]);
    const [frontStatus, backStatus] = hub.statuses();
    expect(frontStatus).toMatchObject({ scanCount: 3, duplicatesDropped: 1, lastScanAt: 2400 });
    expect(backStatus).toMatchObject({ scanCount: 0, duplicatesDropped: 1 });
    expect(hub.dedupeTableSize).toBeLessThanOrEqual(2);
    await hub.stop();
  });

  it('escapes and cuts unknown data for display', async () => {
    const { hub, front, scans } = setup();
    await hub.start();
    front.inject(`\u0000\u0001${'z'.repeat(100)}`);
    expect(scans[0]?.data).toBe(`\\x00\\x01${'z'.repeat(62)}…(+38)`);
    expect(scans[0]?.classification).toEqual({ kind: 'unknown', reason: 'not_printable' });
    front.inject('y'.repeat(500));
    expect(scans[1]?.classification).toEqual({ kind: 'unknown', reason: 'too_long' });
    await hub.stop();
  });

  it('keeps a bounded ring buffer of recent scans, oldest first', async () => {
    const { hub, front } = setup({ logSize: 5, dedupeWindowMs: 0 });
    await hub.start();
    for (let i = 0; i < 12; i++) front.inject(`code-${i}`);
    expect(hub.recentScans().map((s) => s.data)).toEqual(['code-7', 'code-8', 'code-9', 'code-10', 'code-11']);
    await hub.stop();
  });

  it('keeps per-source status: connected, errors, last error', async () => {
    const { hub, front, statuses } = setup();
    await hub.start();
    expect(hub.statuses().map((s) => [s.sourceId, s.connected])).toEqual([
      ['front', true],
      ['back', true],
    ]);
    front.simulateDisconnect('cable pulled');
    expect(hub.statuses()[0]).toMatchObject({ connected: false, errorCount: 1, lastError: { message: 'cable pulled' }, status: { state: 'disconnected' } });
    front.simulateReconnect();
    expect(hub.statuses()[0]).toMatchObject({ connected: true, errorCount: 1 });
    expect(statuses.filter((s) => s.sourceId === 'front').map((s) => s.status.state)).toEqual(['connected', 'disconnected', 'connected']);
    await hub.stop();
    expect(hub.statuses().every((s) => s.status.state === 'stopped' && !s.connected)).toBe(true);
  });

  it('classifies with the rule set in force at each scan (an admin edit applies at once)', async () => {
    let clock = 0;
    const sim = new SimulatorScannerDriver({ now: () => clock++ });
    const checked = checkRuleSet({ version: 1, rules: [{ id: 'any10', kind: 'memberCard', characters: 'digits', length: { min: 10, max: 10 }, number: { dropCheckDigit: false } }] });
    if (!checked.ok) throw new Error('rule set');
    let rules = compileRuleSet({ ...checked.value, rules: [] });
    const hub = new ScannerHub([sim], { rules: () => rules });
    const scans: ScanEvent[] = [];
    hub.on('scan', (e) => scans.push(e));
    await hub.start();
    sim.inject('0123456789');
    expect(scans[0]?.classification).toEqual({ kind: 'unknown', reason: 'unrecognised' });
    rules = compileRuleSet(checked.value);
    sim.inject('1123456789');
    expect(scans[1]?.classification).toEqual({ kind: 'memberCard', memberNo: '1123456789', ruleId: 'any10' });
    await hub.stop();
  });

  it('builds its drivers from URIs and refuses duplicate source ids', async () => {
    const hub = ScannerHub.fromUris(['sim?id=a', 'wedge']);
    expect(hub.statuses().map((s) => [s.sourceId, s.kind])).toEqual([
      ['a', 'sim'],
      ['wedge', 'wedge'],
    ]);
    expect(() => hub.addDriver(new SimulatorScannerDriver({ id: 'a' }))).toThrow('duplicate scanner source id a');
    expect(() => ScannerHub.fromUris(['serial:/dev/x?bogus=1'])).toThrow('unknown parameter bogus');
    await hub.start();
    await hub.removeDriver('a');
    expect(hub.statuses().map((s) => s.sourceId)).toEqual(['wedge']);
    await hub.stop();
  });

  it('plays a simulator script', async () => {
    const sim = new SimulatorScannerDriver({ script: [{ afterMs: 1, data: 'one' }, { afterMs: 1, data: 'two', symbology: ']C0' }] });
    const hub = new ScannerHub([sim]);
    const scans: ScanEvent[] = [];
    hub.on('scan', (e) => scans.push(e));
    await hub.start();
    for (let i = 0; i < 100 && scans.length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    await hub.stop();
    expect(scans.map((s) => [s.data, s.symbology])).toEqual([
      ['one', undefined],
      ['two', ']C0'],
    ]);
  });
});
