/**
 * The print spooler: receipts go into a durable queue first and the caller goes on at once; the
 * spooler prints the oldest waiting job whenever the printer says it can (connected and `ready`),
 * and otherwise waits for the printer's next status change. A printer that is off, unplugged, out
 * of paper or open never blocks a sale and never loses its receipt.
 *
 * Delivery is at least once: a job is marked printed after the printer took its bytes, so a
 * crash between the two prints it again after the restart (a second receipt, never none).
 */
import { errorMessage } from '../reconnect';
import { TypedEmitter } from '../emitter';
import { isPrintable } from './escpos';
import { PrinterNotReadyError } from './types';
import type { PrinterDriver, PrinterStatus } from './types';

/** One receipt to print. `document` is printer-neutral (a ReceiptLine document); bytes are made at print time. */
export interface PrintJob {
  id: string;
  document: string;
  /** Open the cash drawer with this receipt (a cash top-up). */
  kickDrawer: boolean;
  /** Wall-clock ms when the job was queued. */
  enqueuedAt: number;
}

/**
 * The durable queue the core implements (a table in its database). Each method may be sync
 * (better-sqlite3) or async.
 */
export interface PrintJobStore {
  /** Stores the job durably (committed) before returning; the same id twice is stored once. */
  enqueue(job: PrintJob): void | Promise<void>;
  /** The oldest job not yet printed. */
  next(): PrintJob | undefined | Promise<PrintJob | undefined>;
  /** The printer took the job's bytes; it is not offered again. */
  markPrinted(id: string, at: number): void | Promise<void>;
  /** The job can never print (its document does not render); it is not offered again. */
  markFailed(id: string, reason: string, at: number): void | Promise<void>;
  /** Jobs not yet printed. */
  pendingCount(): number | Promise<number>;
}

/** Turns a job's document into the printer's bytes (e.g. ReceiptLine → ESC/POS in cp932). */
export type RenderJob = (document: string) => Uint8Array;

export type SpoolerStatus =
  | { state: 'idle' }
  | { state: 'printing'; jobId: string; pending: number }
  | { state: 'waiting'; pending: number; printer: PrinterStatus }
  | { state: 'failing'; jobId: string; message: string; retryInMs: number };

export interface SpoolerEvents {
  status: SpoolerStatus;
  printed: { jobId: string; at: number; drawerOpened: boolean };
  /** The drawer was opened ahead of a receipt that has to wait (the change must not). */
  drawerOpened: { jobId: string };
  /** A job that can never print was set aside (so it does not hold up the receipts behind it). */
  failed: { jobId: string; reason: string };
}

export interface PrintSpoolerOptions {
  /** Wall clock for `enqueuedAt` / printed-at (default Date.now). */
  wallClock?: () => number;
  /** After a write failure with no status change, the next try (default 5000 ms). */
  retryMs?: number;
}

export class PrintSpooler extends TypedEmitter<SpoolerEvents> {
  private currentStatus: SpoolerStatus = { state: 'idle' };
  private pumping: Promise<void> | undefined;
  private again = false;
  private running = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private unsubscribe: (() => void) | undefined;
  /** Jobs whose drawer already opened ahead of their receipt (kept in memory: a restart kicks once more). */
  private readonly drawerOpenedFor = new Set<string>();
  private readonly wallClock: () => number;
  private readonly retryMs: number;

  constructor(
    private readonly printer: PrinterDriver,
    private readonly store: PrintJobStore,
    private readonly render: RenderJob,
    options: PrintSpoolerOptions = {},
  ) {
    super();
    this.wallClock = options.wallClock ?? Date.now;
    this.retryMs = options.retryMs ?? 5_000;
  }

  get status(): SpoolerStatus {
    return this.currentStatus;
  }

  /** Starts following the printer and prints what is waiting (jobs left from before a restart too). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = this.printer.on('status', (status) => {
      if (status.state === 'connected' && isPrintable(status.condition)) this.wake();
      else if (this.currentStatus.state === 'waiting') this.setStatus({ ...this.currentStatus, printer: status });
    });
    this.wake();
  }

  /** Stops printing further jobs; a job being sent finishes. Waiting jobs stay in the store. */
  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.clearRetry();
    await this.pumping;
  }

  /**
   * Queues a receipt durably and returns once it is stored: the caller never waits for paper.
   * When the job must wait and asks for the drawer, the drawer opens now.
   */
  async submit(job: Omit<PrintJob, 'enqueuedAt'> & { enqueuedAt?: number }): Promise<PrintJob> {
    const stored: PrintJob = { ...job, enqueuedAt: job.enqueuedAt ?? this.wallClock() };
    await this.store.enqueue(stored);
    this.wake();
    return stored;
  }

  /** Runs the print loop now (or once more after the current run). Never throws. */
  private wake(): void {
    if (!this.running) return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = this.pump().finally(() => {
      this.pumping = undefined;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  private async pump(): Promise<void> {
    this.clearRetry();
    while (this.running) {
      let job: PrintJob | undefined;
      try {
        job = await this.store.next();
      } catch (error) {
        this.scheduleRetry('', `the print queue cannot be read: ${errorMessage(error)}`);
        return;
      }
      if (!job) {
        this.setStatus({ state: 'idle' });
        return;
      }
      const status = this.printer.status;
      if (status.state !== 'connected' || !isPrintable(status.condition)) {
        await this.hold(job, status);
        return;
      }
      let bytes: Uint8Array;
      try {
        bytes = this.render(job.document);
      } catch (error) {
        if (!(await this.setAside(job, `the receipt cannot be rendered: ${errorMessage(error)}`))) return;
        continue;
      }
      const drawerAlreadyOpened = this.drawerOpenedFor.has(job.id);
      this.setStatus({ state: 'printing', jobId: job.id, pending: await this.pending() });
      try {
        await this.printer.print(bytes, { kickDrawer: job.kickDrawer && !drawerAlreadyOpened });
      } catch (error) {
        if (error instanceof PrinterNotReadyError) {
          await this.hold(job, error.status);
          return;
        }
        this.scheduleRetry(job.id, errorMessage(error));
        return;
      }
      const at = this.wallClock();
      try {
        await this.store.markPrinted(job.id, at);
      } catch (error) {
        // Printed but not recorded: it will print again after the retry (at least once).
        this.scheduleRetry(job.id, `printed, but the queue cannot be updated: ${errorMessage(error)}`);
        return;
      }
      this.drawerOpenedFor.delete(job.id);
      this.emit('printed', { jobId: job.id, at, drawerOpened: job.kickDrawer });
    }
  }

  /** Marks a job that can never print as failed; false when even that cannot be stored (retry later). */
  private async setAside(job: PrintJob, reason: string): Promise<boolean> {
    try {
      await this.store.markFailed(job.id, reason, this.wallClock());
    } catch (error) {
      this.scheduleRetry(job.id, `${reason}; the queue cannot be updated: ${errorMessage(error)}`);
      return false;
    }
    this.drawerOpenedFor.delete(job.id);
    this.emit('failed', { jobId: job.id, reason });
    return true;
  }

  /** The printer cannot print: the job waits (and its drawer opens now if the printer can take that). */
  private async hold(job: PrintJob, printer: PrinterStatus): Promise<void> {
    this.setStatus({ state: 'waiting', pending: await this.pending(), printer });
    // A printer that does not answer is probably off, and so is the drawer it powers.
    if (!job.kickDrawer || this.drawerOpenedFor.has(job.id) || printer.state !== 'connected' || printer.condition.kind === 'no-reply') return;
    try {
      await this.printer.openDrawer();
      this.drawerOpenedFor.add(job.id);
      this.emit('drawerOpened', { jobId: job.id });
    } catch {
      // The drawer kicks with the receipt when the printer is back.
    }
  }

  private async pending(): Promise<number> {
    try {
      return await this.store.pendingCount();
    } catch {
      return 0;
    }
  }

  private scheduleRetry(jobId: string, message: string): void {
    this.clearRetry();
    if (!this.running) return;
    this.setStatus({ state: 'failing', jobId, message, retryInMs: this.retryMs });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.wake();
    }, this.retryMs);
  }

  private clearRetry(): void {
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  private setStatus(status: SpoolerStatus): void {
    this.currentStatus = status;
    this.emit('status', status);
  }
}
