/**
 * Serial (RS-232 / USB-CDC) scanner driver on `serialport` v13's binding layer. It reads the binding
 * directly (no stream, no parser): one read loop, our own framer, and a clean "device gone" signal
 * when a read fails, which drives the reconnect-with-backoff in DriverBase.
 */
import { existsSync } from 'node:fs';
import { splitAimId, stripAffixes } from '../aim';
import { DriverBase } from '../base';
import type { BackoffOptions } from '../backoff';
import type { Clock, ScannerDeviceInfo } from '../types';
import type { SerialOptions } from './config';
import { LineFramer } from './framer';
import type { SerialFrame } from './framer';

export interface SerialOpenOptions {
  path: string;
  baudRate: number;
  dataBits: 5 | 6 | 7 | 8;
  parity: 'none' | 'even' | 'odd' | 'mark' | 'space';
  stopBits: 1 | 1.5 | 2;
  lock?: boolean;
}

/** The part of a serialport binding port the driver uses. */
export interface SerialPortHandle {
  readonly isOpen: boolean;
  read(buffer: Buffer, offset: number, length: number): Promise<{ bytesRead: number }>;
  close(): Promise<void>;
}

/** The part of a serialport binding (bindings-cpp, binding-mock) the driver uses. */
export interface SerialBinding {
  open(options: SerialOpenOptions): Promise<SerialPortHandle>;
}

export interface SerialDriverDeps {
  /** Defaults to serialport's native binding, loaded on first connect. */
  binding?: SerialBinding;
  now?: Clock;
  reconnect?: BackoffOptions;
}

const READ_CHUNK = 1024;
/** How often an open port's device node is checked for an unplug the read did not report. */
const NODE_WATCH_MS = 1_000;
/** Characters of a too-long line kept for the log. */
const TRUNCATED_HEAD = 64;

export class SerialScannerDriver extends DriverBase {
  readonly kind = 'serial' as const;
  private readonly framer: LineFramer;
  private readonly decoder: (bytes: Uint8Array) => string;
  private port: SerialPortHandle | undefined;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private nodeWatch: ReturnType<typeof setInterval> | undefined;
  private binding: SerialBinding | undefined;

  constructor(
    readonly options: SerialOptions,
    deps: SerialDriverDeps = {},
  ) {
    super({ sourceId: options.id ?? `serial:${options.path}`, now: deps.now, reconnect: deps.reconnect });
    this.binding = deps.binding;
    this.framer = new LineFramer({ terminator: options.terminator, maxLength: options.maxLength });
    this.decoder = options.encoding === 'utf8' ? utf8Decoder() : decodeLatin1;
  }

  /** Bytes held for an unfinished line; bounded by `maxLength` (exposed for memory assertions). */
  get bufferedBytes(): number {
    return this.framer.bufferedBytes;
  }

  protected async connect(): Promise<ScannerDeviceInfo> {
    const binding = this.binding ?? (this.binding = await loadNativeBinding());
    const { path, baudRate, dataBits, parity, stopBits } = this.options;
    const port = await binding.open({ path, baudRate, dataBits, parity, stopBits });
    this.port = port;
    this.framer.reset();
    void this.readLoop(port);
    this.watchDeviceNode(port, path);
    return { description: `${path} (${baudRate} ${dataBits}${parity.charAt(0).toUpperCase()}${stopBits})` };
  }

  /**
   * A second way to notice an unplug: the device node (/dev/ttyACM0, a udev by-id link) goes away.
   * The pending read normally fails at once, but a hang-up can go unreported by the poller; the
   * node is checked only when it existed at open (injected test bindings use made-up paths).
   */
  private watchDeviceNode(port: SerialPortHandle, path: string): void {
    this.clearNodeWatch();
    if (!existsSync(path)) return;
    this.nodeWatch = setInterval(() => {
      if (this.port !== port) return this.clearNodeWatch();
      if (!existsSync(path)) void this.lost(`${path} is gone (unplugged)`);
    }, NODE_WATCH_MS);
    this.nodeWatch.unref?.();
  }

  private clearNodeWatch(): void {
    if (this.nodeWatch !== undefined) clearInterval(this.nodeWatch);
    this.nodeWatch = undefined;
  }

  protected async disconnect(): Promise<void> {
    const port = this.port;
    this.port = undefined;
    this.clearNodeWatch();
    this.clearIdleTimer();
    this.framer.reset();
    if (port?.isOpen) {
      try {
        await port.close();
      } catch {
        // Closing a port whose device vanished can fail; the handle is dropped either way.
      }
    }
  }

  private async readLoop(port: SerialPortHandle): Promise<void> {
    const buffer = Buffer.alloc(READ_CHUNK);
    while (this.port === port && this.running) {
      let bytesRead: number;
      try {
        ({ bytesRead } = await port.read(buffer, 0, READ_CHUNK));
      } catch (error) {
        if (this.port !== port || !this.running) return; // closed by us
        await this.lost(`read failed: ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
      if (this.port !== port) return;
      const at = this.now();
      for (const frame of this.framer.push(buffer.subarray(0, bytesRead), at)) this.deliver(frame);
      if (this.options.terminator === 'idle') this.armIdleTimer();
    }
  }

  private armIdleTimer(): void {
    this.clearIdleTimer();
    if (!this.framer.hasPartialLine) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      const frame = this.framer.flushIdle();
      if (frame) this.deliver(frame, this.now());
    }, this.options.idleMs);
  }

  private clearIdleTimer(): void {
    if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  private deliver(frame: SerialFrame, receivedAt: number = frame.terminatorAt): void {
    const text = this.decoder(frame.bytes);
    if (frame.truncated) {
      this.warn(`scan of ${frame.totalLength} bytes exceeds maxLength ${this.options.maxLength}; discarded`);
      this.emitScan({
        data: text.slice(0, TRUNCATED_HEAD),
        receivedAt,
        terminatorAt: frame.terminatorAt,
        truncated: { totalLength: frame.totalLength },
      });
      return;
    }
    const stripped = stripAffixes(text, this.options.prefix, this.options.suffix);
    const { symbology, data } = this.options.aim ? splitAimId(stripped) : { symbology: undefined, data: stripped };
    if (data.length === 0) return; // a bare prefix/suffix or AIM id carries no barcode
    this.emitScan({ data, ...(symbology ? { symbology } : {}), receivedAt, terminatorAt: frame.terminatorAt });
  }
}

async function loadNativeBinding(): Promise<SerialBinding> {
  const { SerialPort } = await import('serialport');
  return SerialPort.binding as unknown as SerialBinding;
}

function decodeLatin1(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += String.fromCharCode(byte);
  return out;
}

function utf8Decoder(): (bytes: Uint8Array) => string {
  const decoder = new TextDecoder('utf-8', { fatal: false });
  return (bytes) => decoder.decode(bytes);
}
