/**
 * Receipts on the store's printers: a durable `print_jobs` row per configured printer, written in
 * the SAME transaction as the sale (so a sale never exists without its receipt, and a printer
 * that is off or out of paper never blocks or loses one), and a spooler per printer URI
 * (drivers/printer) that prints them when the printer can. The document holds member data: it is
 * sealed at rest and dropped once printed, except each printer's last (the reprint).
 */
import { randomUUID } from 'node:crypto';
import { createPrinter, PrintSpooler, type EscPosPrinterDriver, type PrintJob, type PrintJobStore, type PrinterStatus } from '../../../drivers/printer';
import type { RegisterPrinter } from '../../shared/api/register';
import { receiptDocument, type ReceiptInput } from '../../shared/receipt';
import type { SqliteDatabase } from '../db/database';
import type { SealingSource } from '../db/sealing';
import { prepared } from '../db/sql';
import { receiptEscPos } from './receipt-render';

const aad = (id: string) => `print_jobs:${id}`;

/** A sale's receipt, the 会計控え copy of a void, or a reprint (marked 再発行 on the paper). */
export type PrintJobKind = 'receipt' | 'copy' | 'reprint';

function conditionOf(status: PrinterStatus): RegisterPrinter['condition'] {
  if (status.state !== 'connected') return 'disconnected';
  const c = status.condition;
  if (c.kind === 'ready') return c.paperNearEnd ? 'paper-near-end' : 'ready';
  return c.kind;
}

interface JobRow {
  id: string;
  document_sealed: Buffer | null;
  kick_drawer: number;
  enqueued_at: number;
}

/** The spooler's durable queue for one printer, on the kiosk's database. */
export class SqlitePrintJobStore implements PrintJobStore {
  constructor(
    private readonly db: () => SqliteDatabase,
    private readonly printer: string,
    private readonly sealing: SealingSource,
  ) {}

  enqueue(job: PrintJob): void {
    prepared(this.db(), "INSERT OR IGNORE INTO print_jobs (id, printer, kind, document_sealed, kick_drawer, enqueued_at) VALUES (?, ?, 'receipt', ?, ?, ?)").run(
      job.id,
      this.printer,
      this.sealing().seal(job.document, aad(job.id)),
      job.kickDrawer ? 1 : 0,
      job.enqueuedAt,
    );
  }

  next(): PrintJob | undefined {
    const row = prepared(this.db(), "SELECT id, document_sealed, kick_drawer, enqueued_at FROM print_jobs WHERE printer = ? AND state = 'waiting' ORDER BY enqueued_at, rowid LIMIT 1").get(this.printer) as
      | JobRow
      | undefined;
    if (!row) return undefined;
    // A document that does not open (a foreign key after a restore) renders as nothing: the spooler sets it aside.
    let document = '';
    try {
      if (row.document_sealed) document = this.sealing().open<string>(row.document_sealed, aad(row.id));
    } catch {
      document = '';
    }
    return { id: row.id, document, kickDrawer: row.kick_drawer === 1, enqueuedAt: row.enqueued_at };
  }

  markPrinted(id: string, at: number): void {
    const db = this.db();
    db.transaction(() => {
      prepared(db, "UPDATE print_jobs SET state = 'printed', done_at = ? WHERE id = ?").run(at, id);
      // A job of no sale (the student's hand-off slip) is never reprinted: its document goes at once.
      prepared(db, 'UPDATE print_jobs SET document_sealed = NULL WHERE id = ? AND client_request_id IS NULL').run(id);
      // Member data leaves the disk once on paper; the printer's last receipt stays for a reprint.
      prepared(db, "UPDATE print_jobs SET document_sealed = NULL WHERE printer = ? AND state != 'waiting' AND id != ? AND document_sealed IS NOT NULL").run(this.printer, id);
    }).immediate();
  }

  markFailed(id: string, reason: string, at: number): void {
    prepared(this.db(), "UPDATE print_jobs SET state = 'failed', done_at = ?, failure = ?, document_sealed = NULL WHERE id = ?").run(at, reason.slice(0, 200), id);
  }

  pendingCount(): number {
    return (prepared(this.db(), "SELECT count(*) AS n FROM print_jobs WHERE printer = ? AND state = 'waiting'").get(this.printer) as { n: number }).n;
  }
}

export interface ReceiptSettings {
  /** Printer URIs (settings: printers.uris): serial:…, tcp:host:9100, usb:vid:pid. */
  printers: string[];
  /** The printers among them with the cash drawer on their drawer port (settings: printers.drawers). */
  drawers: string[];
  storeName: string;
  storeAddress: string;
  /** Print the member's name (settings: printers.memberName); the member number is always printed. */
  memberName: boolean;
  timeZone: string;
}

/** One printer of the register: its driver, spooler and last status. */
interface SpooledPrinter {
  uri: string;
  driver: EscPosPrinterDriver;
  spooler: PrintSpooler;
}

export class ReceiptPrinting {
  private printers: SpooledPrinter[] = [];
  /** Opening and closing printers one change at a time (a second change waits for the first). */
  private changing: Promise<void> = Promise.resolve();
  private stopped = false;
  /** Configured printers that could not be started (a bad URI): shown on the device page with the reason. */
  private broken: Array<{ uri: string; message: string }> = [];

  /** `settings` is read at each use: the store header, time zone and printer list in force. */
  constructor(
    private readonly settings: () => ReceiptSettings,
    private readonly db: () => SqliteDatabase,
    private readonly sealing: SealingSource,
    private readonly log: (line: string) => void,
    private readonly onStatus: (printers: RegisterPrinter[]) => void = () => undefined,
  ) {}

  get enabled(): boolean {
    return this.settings().printers.length > 0;
  }

  /** The store's name as the receipt header prints it. */
  get storeName(): string {
    return this.settings().storeName;
  }

  /** Starts a driver and a spooler for each configured printer (receipts left from before a restart print too). */
  start(): Promise<void> {
    this.stopped = false;
    return this.reopen();
  }

  /**
   * Brings the open printers in line with the printer list in force: a removed printer's driver
   * is closed (its waiting receipts stay in print_jobs and print if it comes back), an added one
   * is opened and prints what waits for it; unchanged printers are left alone, mid-receipt or not.
   */
  reopen(): Promise<void> {
    this.changing = this.changing.then(() => this.reconcile());
    return this.changing;
  }

  private async reconcile(): Promise<void> {
    if (this.stopped) return;
    const wanted = this.settings().printers;
    const removed = this.printers.filter((p) => !wanted.includes(p.uri));
    this.broken = this.broken.filter((b) => wanted.includes(b.uri));
    this.printers = this.printers.filter((p) => wanted.includes(p.uri));
    for (const p of removed) await this.close(p);
    for (const uri of wanted) {
      if (this.stopped || this.printers.some((p) => p.uri === uri)) continue;
      await this.open(uri);
    }
    if (removed.length > 0) this.onStatus(this.statuses());
  }

  private async open(uri: string): Promise<void> {
    try {
      const driver = createPrinter(uri);
      const spooler = new PrintSpooler(driver, new SqlitePrintJobStore(this.db, uri, this.sealing), (document) => receiptEscPos(document));
      driver.on('status', () => this.onStatus(this.statuses()));
      spooler.on('failed', ({ reason }) => this.log(`printer ${uri}: a receipt was set aside (${reason})`));
      this.printers.push({ uri, driver, spooler });
      await driver.start();
      spooler.start();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.broken = [...this.broken.filter((b) => b.uri !== uri), { uri, message }];
      this.log(`printer ${uri}: not started (${message})`);
    }
  }

  private async close(p: SpooledPrinter): Promise<void> {
    try {
      await p.spooler.stop();
      await p.driver.stop();
    } catch (error) {
      this.log(`printer ${p.uri}: not closed cleanly (${error instanceof Error ? error.message : String(error)})`);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.changing;
    const printers = this.printers;
    this.printers = [];
    this.broken = [];
    for (const p of printers) await this.close(p);
  }

  /** Each printer's status (the register's warning before a sale, the device page). */
  statuses(): RegisterPrinter[] {
    return this.printers.map((p) => ({
      uri: p.uri,
      connected: p.driver.status.state === 'connected',
      condition: conditionOf(p.driver.status),
      pending: p.spooler.status.state === 'waiting' || p.spooler.status.state === 'printing' ? p.spooler.status.pending : 0,
    }));
  }

  /** How many printers are configured (started or not). */
  get configured(): number {
    return this.settings().printers.length;
  }

  /** Whether the cash drawer hangs on this printer's drawer port. */
  hasDrawer(uri: string): boolean {
    return this.settings().drawers.includes(uri);
  }

  /** Each started printer's driver and waiting receipts, and the ones that could not start (device page, drawer). */
  devices(): { started: Array<{ uri: string; driver: EscPosPrinterDriver; pending: number }>; broken: ReadonlyArray<{ uri: string; message: string }> } {
    const pending = (p: SpooledPrinter) => (p.spooler.status.state === 'waiting' || p.spooler.status.state === 'printing' ? p.spooler.status.pending : 0);
    return { started: this.printers.map((p) => ({ uri: p.uri, driver: p.driver, pending: pending(p) })), broken: this.broken };
  }

  /** The receipt's document for a ledger transaction. */
  document(input: Omit<ReceiptInput, 'store' | 'timeZone' | 'memberName'> & { memberName: string }): string {
    const { memberName, ...rest } = input;
    const settings = this.settings();
    return receiptDocument({
      ...rest,
      store: { name: settings.storeName, addressLine: settings.storeAddress },
      timeZone: settings.timeZone,
      ...(settings.memberName && memberName ? { memberName } : {}),
    });
  }

  /**
   * Writes the receipt's jobs (one per printer) inside the caller's transaction: the sale and its
   * receipts commit together. Nothing is written without a printer. `kickDrawer` opens the drawer
   * with the receipt on the printers that have one, never on the others.
   */
  writeJobs(db: SqliteDatabase, clientRequestId: string, document: string, kickDrawer: boolean, kind: PrintJobKind, now: number): void {
    const insert = prepared(db, 'INSERT INTO print_jobs (id, printer, client_request_id, kind, document_sealed, kick_drawer, enqueued_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const { printers, drawers } = this.settings();
    for (const [index, uri] of printers.entries()) {
      const id = `${clientRequestId}:${kind}:${index}:${now}`;
      insert.run(id, uri, clientRequestId, kind, this.sealing().seal(document, aad(id)), kickDrawer && drawers.includes(uri) ? 1 : 0, now);
    }
  }

  /**
   * After the portal answered: the waiting jobs of this sale (of one kind when given) get the
   * final document (with the balance, when known), then the spoolers are woken (`submit` of a
   * stored id only wakes them).
   */
  release(clientRequestId: string, document: string | null, kind?: PrintJobKind): void {
    const db = this.db();
    const rows = (
      kind === undefined
        ? prepared(db, "SELECT id, printer, kick_drawer, enqueued_at FROM print_jobs WHERE client_request_id = ? AND state = 'waiting'").all(clientRequestId)
        : prepared(db, "SELECT id, printer, kick_drawer, enqueued_at FROM print_jobs WHERE client_request_id = ? AND kind = ? AND state = 'waiting'").all(clientRequestId, kind)
    ) as Array<{ id: string; printer: string; kick_drawer: number; enqueued_at: number }>;
    for (const row of rows) {
      if (document !== null) prepared(db, "UPDATE print_jobs SET document_sealed = ? WHERE id = ? AND state = 'waiting'").run(this.sealing().seal(document, aad(row.id)), row.id);
      const printer = this.printers.find((p) => p.uri === row.printer);
      void printer?.spooler.submit({ id: row.id, document: document ?? '', kickDrawer: row.kick_drawer === 1, enqueuedAt: row.enqueued_at }).catch((error: unknown) => {
        this.log(`printer ${row.printer}: ${error instanceof Error ? error.message : String(error)}`);
      });
    }
  }

  /**
   * The sale of the last receipt (or 会計控え) this kiosk handed to its printers, whether printed or
   * still waiting; null when there is none (a declined sale's receipt never printed).
   */
  lastReceipt(): string | null {
    const row = prepared(
      this.db(),
      "SELECT client_request_id AS id FROM print_jobs WHERE client_request_id IS NOT NULL AND kind IN ('receipt', 'copy') AND state != 'failed' ORDER BY enqueued_at DESC, rowid DESC LIMIT 1",
    ).get() as { id: string } | undefined;
    return row?.id ?? null;
  }

  /**
   * A document of no sale (the student's hand-off slip) queued durably on every running printer;
   * the spooler drops its document once printed. Answers how many printers took it.
   */
  async printDocument(document: string): Promise<number> {
    let queued = 0;
    for (const p of this.printers) {
      await p.spooler.submit({ id: `slip:${randomUUID()}`, document, kickDrawer: false });
      queued++;
    }
    return queued;
  }
}
