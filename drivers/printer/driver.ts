/**
 * The ESC/POS receipt printer driver over any link (serial, USB, TCP). It reconnects on the
 * scanners' schedule (../reconnect.ts: capped backoff, never gives up); while connected it polls the
 * real-time status (DLE EOT 1, 2, 4) and reports it as a tagged union. Status queries and
 * receipts never interleave on the wire (a DLE EOT inside a receipt's image data would be
 * misread): every exchange runs one at a time.
 */
import type { BackoffOptions } from '../backoff';
import { TypedEmitter } from '../emitter';
import { errorMessage, Reconnector } from '../reconnect';
import { monotonicNow } from '../types';
import type { Clock } from '../types';
import { decodeStatus, drawerKick, isPrintable, isStatusReply, realtimeDrawerKick, statusQuery } from './escpos';
import type { DrawerPin, PrinterCondition, StatusBytes, StatusQuery } from './escpos';
import { PrinterNotReadyError } from './types';
import type { PrinterDriver, PrinterEvents, PrinterLink, PrinterStatus, PrinterTransport, PrintOptions } from './types';

export interface EscPosPrinterOptions {
  /** Printer id for logs and the device page; default: the transport's (`serial:/dev/ttyUSB0`). */
  id?: string;
  /** `dle-eot` (default) asks the printer; `none` is for links without a return path: always ready. */
  statusMode?: 'dle-eot' | 'none';
  /** How often the status is polled while connected (default 2000 ms). */
  pollMs?: number;
  /** How long to wait for one status byte (default 500 ms). */
  replyTimeoutMs?: number;
  drawerPin?: DrawerPin;
  now?: Clock;
  reconnect?: BackoffOptions;
}

interface Waiter {
  resolve(byte: number | undefined): void;
  timer: ReturnType<typeof setTimeout>;
}

const QUERIES: readonly StatusQuery[] = [1, 2, 4];

export class EscPosPrinterDriver extends TypedEmitter<PrinterEvents> implements PrinterDriver {
  readonly printerId: string;
  readonly kind: PrinterTransport['kind'];
  private currentStatus: PrinterStatus = { state: 'stopped' };
  private link: PrinterLink | undefined;
  private running = false;
  private readonly reconnector: Reconnector<PrinterLink>;
  private readonly now: Clock;
  private readonly pollMs: number;
  private readonly replyTimeoutMs: number;
  private pollTimer: ReturnType<typeof setTimeout> | undefined;
  private unwatch: (() => void) | undefined;
  /** Status bytes received and not yet consumed (bounded: stale bytes are dropped before each query). */
  private replies: number[] = [];
  private waiter: Waiter | undefined;
  /** The tail of the one-at-a-time chain of wire exchanges. */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly transport: PrinterTransport,
    private readonly options: EscPosPrinterOptions = {},
  ) {
    super();
    this.printerId = options.id ?? transport.defaultId;
    this.kind = transport.kind;
    this.now = options.now ?? monotonicNow;
    this.reconnector = new Reconnector<PrinterLink>(
      {
        isRunning: () => this.running,
        open: () => this.transport.open({ onData: (bytes) => this.onData(bytes), onLost: (reason) => void this.lost(reason) }),
        opened: (link) => this.opened(link),
        discard: (link) => link.close(),
        state: () => this.currentStatus.state,
        report: (status) => this.setStatus(status),
      },
      options.reconnect,
    );
    this.pollMs = options.pollMs ?? 2_000;
    this.replyTimeoutMs = options.replyTimeoutMs ?? 500;
  }

  get status(): PrinterStatus {
    return this.currentStatus;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    const problem = await this.transport.preflight?.();
    if (problem !== undefined) {
      this.setStatus({ state: 'error', message: problem });
      return;
    }
    this.unwatch = this.transport.watch?.(() => this.reconnector.retryNow());
    await this.reconnector.attempt();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.unwatch?.();
    this.unwatch = undefined;
    this.clearTimers();
    await this.release();
    this.setStatus({ state: 'stopped' });
  }

  refreshStatus(): Promise<PrinterStatus> {
    return this.exclusive(async () => {
      await this.poll();
      return this.currentStatus;
    });
  }

  print(bytes: Uint8Array, options: PrintOptions = {}): Promise<void> {
    return this.exclusive(async () => {
      const link = await this.readyLink();
      const kick = options.kickDrawer ? drawerKick(this.options.drawerPin) : undefined;
      await this.send(link, kick ? concat(bytes, kick) : bytes);
    });
  }

  openDrawer(): Promise<void> {
    return this.exclusive(async () => {
      const link = this.link;
      if (!link || this.currentStatus.state !== 'connected') throw new PrinterNotReadyError(this.currentStatus);
      const condition = await this.poll();
      // A printer that is offline buffers ESC p until it is back: use the real-time pulse then.
      await this.send(link, condition && isPrintable(condition) ? drawerKick(this.options.drawerPin) : realtimeDrawerKick(this.options.drawerPin));
    });
  }

  /** Polls and returns the link when the printer can print now; throws PrinterNotReadyError otherwise. */
  private async readyLink(): Promise<PrinterLink> {
    const condition = await this.poll();
    const link = this.link;
    if (!link || !condition || !isPrintable(condition)) throw new PrinterNotReadyError(this.currentStatus);
    return link;
  }

  private async send(link: PrinterLink, bytes: Uint8Array): Promise<void> {
    try {
      await link.write(bytes);
    } catch (error) {
      void this.lost(`write failed: ${errorMessage(error)}`);
      throw error;
    }
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const result = this.chain.then(task, task);
    this.chain = result.catch(() => undefined);
    return result;
  }

  /** The link is open: connected, status unknown until the first poll answers. */
  private async opened(link: PrinterLink): Promise<void> {
    this.link = link;
    const since = this.now();
    this.setStatus({ state: 'connected', device: link.device, since, condition: { kind: 'no-reply' }, checkedAt: since });
    await this.exclusive(() => this.poll());
  }

  /** One round of DLE EOT queries; updates the status (emitting only on a change) and re-arms the poll. */
  private async poll(): Promise<PrinterCondition | undefined> {
    this.clearPollTimer();
    const link = this.link;
    if (!link || this.currentStatus.state !== 'connected') return undefined;
    let condition: PrinterCondition;
    if (this.options.statusMode === 'none') {
      condition = { kind: 'ready', paperNearEnd: false };
    } else {
      const bytes: StatusBytes = {};
      try {
        for (const n of QUERIES) {
          const reply = await this.ask(link, n);
          if (reply === undefined) break;
          if (n === 1) bytes.printer = reply;
          else if (n === 2) bytes.offlineCause = reply;
          else bytes.paperSensor = reply;
        }
      } catch (error) {
        await this.lost(`status query failed: ${errorMessage(error)}`);
        return undefined;
      }
      condition = decodeStatus(bytes);
    }
    const current = this.currentStatus;
    if (this.link !== link || current.state !== 'connected') return undefined;
    const changed = JSON.stringify(current.condition) !== JSON.stringify(condition);
    this.currentStatus = { ...current, condition, checkedAt: this.now() };
    if (changed) this.emit('status', this.currentStatus);
    this.armPoll();
    return condition;
  }

  private async ask(link: PrinterLink, n: StatusQuery): Promise<number | undefined> {
    this.replies = [];
    await link.write(statusQuery(n));
    return this.nextReply();
  }

  private nextReply(): Promise<number | undefined> {
    const byte = this.replies.shift();
    if (byte !== undefined) return Promise.resolve(byte);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        resolve(undefined);
      }, this.replyTimeoutMs);
      this.waiter = { resolve, timer };
    });
  }

  private onData(bytes: Uint8Array): void {
    for (const byte of bytes) {
      if (!isStatusReply(byte)) continue;
      const waiter = this.waiter;
      if (waiter) {
        this.waiter = undefined;
        clearTimeout(waiter.timer);
        waiter.resolve(byte);
      } else if (this.replies.length < 16) {
        this.replies.push(byte);
      }
    }
  }

  private armPoll(): void {
    this.clearPollTimer();
    if (!this.running) return;
    this.pollTimer = setTimeout(() => {
      this.pollTimer = undefined;
      void this.exclusive(() => this.poll());
    }, this.pollMs);
  }

  private async lost(reason: string): Promise<void> {
    if (!this.running || !this.link) return;
    await this.release();
    this.reconnector.retryLater(reason);
  }

  private async release(): Promise<void> {
    const link = this.link;
    this.link = undefined;
    this.clearPollTimer();
    const waiter = this.waiter;
    this.waiter = undefined;
    if (waiter) {
      clearTimeout(waiter.timer);
      waiter.resolve(undefined);
    }
    await link?.close();
  }

  private setStatus(status: PrinterStatus): void {
    this.currentStatus = status;
    this.emit('status', status);
  }

  private clearPollTimer(): void {
    if (this.pollTimer !== undefined) clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
  }

  private clearTimers(): void {
    this.reconnector.cancel();
    this.clearPollTimer();
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
