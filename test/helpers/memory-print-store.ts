/** The PrintJobStore contract in memory, for spooler tests (the core keeps it in SQLite). */
import type { PrintJob, PrintJobStore } from '../../drivers/printer/spooler';

export class MemoryPrintJobStore implements PrintJobStore {
  readonly jobs: Array<PrintJob & { printedAt?: number; failed?: string }> = [];

  enqueue(job: PrintJob): void {
    if (this.jobs.some((j) => j.id === job.id)) return;
    this.jobs.push({ ...job });
  }

  next(): PrintJob | undefined {
    const job = this.jobs.find((j) => j.printedAt === undefined && j.failed === undefined);
    return job && { id: job.id, document: job.document, kickDrawer: job.kickDrawer, enqueuedAt: job.enqueuedAt };
  }

  markPrinted(id: string, at: number): void {
    const job = this.jobs.find((j) => j.id === id);
    if (job) job.printedAt = at;
  }

  markFailed(id: string, reason: string): void {
    const job = this.jobs.find((j) => j.id === id);
    if (job) job.failed = reason;
  }

  pendingCount(): number {
    return this.jobs.filter((j) => j.printedAt === undefined && j.failed === undefined).length;
  }
}
