/**
 * The spooler with an in-memory job store and the real ESC/POS driver over an in-memory link:
 * the caller never waits for the printer, jobs print in order once the printer can, a drawer
 * opens for the change even when its receipt has to wait, nothing is lost when a write fails.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { EscPosPrinterDriver } from '../../../drivers/printer/driver';
import { PrintSpooler } from '../../../drivers/printer/spooler';
import { MemoryPrintJobStore } from '../../helpers/memory-print-store';
import { MemoryPrinterTransport } from '../../helpers/memory-printer-transport';
import { until } from '../../helpers/printer-fixtures';

const encoder = new TextEncoder();
/** A stand-in renderer: the document's text and a cut (GS V 0). */
const render = (document: string) => {
  if (document === 'POISON') throw new Error('bad document');
  return Uint8Array.from([...encoder.encode(document), 0x1d, 0x56, 0]);
};

let printer: EscPosPrinterDriver | undefined;
let spooler: PrintSpooler | undefined;

afterEach(async () => {
  await spooler?.stop();
  await printer?.stop();
  spooler = undefined;
  printer = undefined;
});

async function setup(options: { present?: boolean; store?: MemoryPrintJobStore } = {}) {
  const transport = new MemoryPrinterTransport();
  transport.present = options.present ?? true;
  printer = new EscPosPrinterDriver(transport, { pollMs: 20, replyTimeoutMs: 50, reconnect: { initialMs: 10, maxMs: 40 } });
  const store = options.store ?? new MemoryPrintJobStore();
  spooler = new PrintSpooler(printer, store, render, { retryMs: 30 });
  await printer.start();
  spooler.start();
  return { transport, store, spooler, printer, fake: transport.printer };
}

describe('print spooler', () => {
  it('takes jobs while the printer is off and prints them in order when it comes', async () => {
    const { transport, store, spooler: s, fake } = await setup({ present: false });
    await s.submit({ id: 'job-1', document: 'FIRST', kickDrawer: false });
    await s.submit({ id: 'job-2', document: 'SECOND', kickDrawer: false });
    await until(() => s.status.state === 'waiting' && s.status.pending === 2, 'both waiting');
    expect(s.status).toMatchObject({ printer: { state: 'disconnected' } });
    expect(fake.received.length).toBe(0);
    transport.present = true;
    await until(() => store.pendingCount() === 0, 'both printed');
    const text = fake.received.toString('latin1');
    expect(text.indexOf('FIRST')).toBeGreaterThanOrEqual(0);
    expect(text.indexOf('SECOND')).toBeGreaterThan(text.indexOf('FIRST'));
    expect(s.status).toEqual({ state: 'idle' });
  });

  it('prints what the store kept from before a restart', async () => {
    const store = new MemoryPrintJobStore();
    store.enqueue({ id: 'left-over', document: 'LEFT OVER', kickDrawer: false, enqueuedAt: 1 });
    const { fake } = await setup({ store });
    await until(() => store.pendingCount() === 0, 'the left-over job printed');
    expect(fake.received.toString('latin1')).toContain('LEFT OVER');
  });

  it('opens the drawer at once (real-time pulse) when a cash receipt must wait for paper, and does not kick again when it prints', async () => {
    const { fake, store, spooler: s } = await setup();
    fake.condition = { kind: 'paper-out', coverOpen: false };
    await until(() => printer?.status.state === 'connected' && printer.status.condition.kind === 'paper-out', 'paper out');
    const opened: string[] = [];
    s.on('drawerOpened', (e) => opened.push(e.jobId));
    await s.submit({ id: 'cash', document: 'CASH TOPUP', kickDrawer: true });
    await until(() => opened.length === 1, 'the drawer opened');
    expect([...fake.received]).toEqual([0x10, 0x14, 1, 0, 1]);
    fake.condition = { kind: 'ready', paperNearEnd: false };
    await until(() => store.pendingCount() === 0, 'printed');
    expect(fake.received.toString('latin1')).toContain('CASH TOPUP');
    expect(fake.drawerKicks()).toEqual([]);
  });

  it('kicks the drawer right after the receipt when the printer is ready', async () => {
    const { fake, store, spooler: s } = await setup();
    await s.submit({ id: 'cash', document: 'CASH', kickDrawer: true });
    await until(() => store.pendingCount() === 0, 'printed');
    expect(fake.drawerKicks()).toHaveLength(1);
    expect(fake.drawerKicks()[0]).toBeGreaterThan(fake.lastCutAt());
  });

  it('keeps a job whose write failed and prints it after the reconnect', async () => {
    const { transport, store, spooler: s, fake } = await setup();
    transport.failNextWrite = true;
    const failures: string[] = [];
    s.on('status', (status) => {
      if (status.state === 'failing') failures.push(status.message);
    });
    await s.submit({ id: 'job', document: 'AFTER RESET', kickDrawer: false });
    await until(() => store.pendingCount() === 0, 'printed after the reconnect');
    expect(failures).toEqual(['connection reset']);
    expect(transport.opens).toBe(2);
    expect(fake.received.toString('latin1')).toContain('AFTER RESET');
  });

  it('sets aside a job that cannot render and prints the ones behind it', async () => {
    const { transport, store, spooler: s, fake } = await setup({ present: false });
    const failed: string[] = [];
    s.on('failed', (e) => failed.push(`${e.jobId}: ${e.reason}`));
    await s.submit({ id: 'bad', document: 'POISON', kickDrawer: false });
    await s.submit({ id: 'good', document: 'GOOD', kickDrawer: false });
    transport.present = true;
    await until(() => store.pendingCount() === 0, 'the good job printed');
    expect(failed).toEqual(['bad: the receipt cannot be rendered: bad document']);
    expect(fake.received.toString('latin1')).toContain('GOOD');
  });

  it('does not pulse the drawer of a printer that does not answer (switched off)', async () => {
    const { fake, spooler: s } = await setup();
    fake.condition = { kind: 'no-reply' };
    await until(() => printer?.status.state === 'connected' && printer.status.condition.kind === 'no-reply', 'no reply');
    await s.submit({ id: 'cash', document: 'CASH', kickDrawer: true });
    await until(() => s.status.state === 'waiting', 'waiting');
    expect(fake.received.length).toBe(0);
  });

  it('stores a job once however often it is submitted', async () => {
    const { store, spooler: s, fake } = await setup({ present: false });
    await s.submit({ id: 'same', document: 'ONCE', kickDrawer: false });
    await s.submit({ id: 'same', document: 'ONCE', kickDrawer: false });
    expect(store.pendingCount()).toBe(1);
    expect(fake.received.length).toBe(0);
  });
});
