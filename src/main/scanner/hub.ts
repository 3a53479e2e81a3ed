/**
 * ScannerHub: one stream of classified scans from every scanner source.
 * - merges the drivers' `scan` events;
 * - drops double reads: the same data seen again within `dedupeWindowMs` of its last sighting,
 *   from any source (a card held under the scanner keeps being suppressed);
 * - classifies with the barcode rule set in force (src/shared/barcode/scan-rules.ts; never throws);
 * - keeps per-source status and a bounded ring buffer of recent scans for the live log.
 * Pure Node (no electron); the clock and id generator are injected.
 */
import { EventEmitter } from 'node:events';
import { displayScanData } from '../../shared/barcode';
import { classifyScan, DEFAULT_COMPILED_RULE_SET, type CompiledRuleSet, type ScanClassification } from '../../shared/barcode/scan-rules';
import { createDriver } from '../../../drivers/uri';
import type { DriverDeps } from '../../../drivers/uri';
import { monotonicNow } from '../../../drivers/types';
import type { Clock, RawScan, ScannerDriver, ScannerKind, ScannerStatus, ScannerWarning } from '../../../drivers/types';

export interface ScanEvent {
  /** Unique per hub, increasing: `scan-1`, `scan-2`, ... */
  id: string;
  seq: number;
  sourceId: string;
  /** The data; for unknowns escaped and cut for display (the raw data may be garbage). */
  data: string;
  symbology?: string;
  classification: ScanClassification;
  /** Driver time (monotonic ms) when the scan was complete. */
  receivedAt: number;
  terminatorAt?: number;
}

export interface SourceStatus {
  sourceId: string;
  kind: ScannerKind;
  status: ScannerStatus;
  connected: boolean;
  scanCount: number;
  duplicatesDropped: number;
  lastScanAt?: number;
  errorCount: number;
  lastError?: { message: string; at: number };
}

export interface ScannerHubOptions {
  /** The barcode rule set in force, read at each scan (the admin's edits apply at once); default: the default rules. */
  rules?: () => CompiledRuleSet;
  /** Same data within this many ms of its last sighting is a double read (default 800). */
  dedupeWindowMs?: number;
  /** Scans kept for the live log (default 200). */
  logSize?: number;
  /** Longest data shown for unknown scans (default 64 characters). */
  displayMaxChars?: number;
  now?: Clock;
}

export interface ScannerHubEvents {
  scan: [ScanEvent];
  status: [SourceStatus];
}

interface Source {
  driver: ScannerDriver;
  state: SourceStatus;
  unsubscribe: Array<() => void>;
}

export class ScannerHub extends EventEmitter<ScannerHubEvents> {
  private readonly sources = new Map<string, Source>();
  private readonly rules: () => CompiledRuleSet;
  private readonly dedupeWindowMs: number;
  private readonly logSize: number;
  private readonly displayMaxChars: number;
  private readonly now: Clock;
  /** data → last time it was seen; pruned to the dedupe window, so bounded by the scan rate. */
  private readonly lastSeen = new Map<string, number>();
  private readonly log: ScanEvent[] = [];
  private logStart = 0;
  private seq = 0;
  private started = false;

  constructor(drivers: readonly ScannerDriver[] = [], options: ScannerHubOptions = {}) {
    super();
    this.rules = options.rules ?? (() => DEFAULT_COMPILED_RULE_SET);
    this.dedupeWindowMs = options.dedupeWindowMs ?? 800;
    this.logSize = Math.max(1, options.logSize ?? 200);
    this.displayMaxChars = options.displayMaxChars ?? 64;
    this.now = options.now ?? monotonicNow;
    for (const driver of drivers) this.addDriver(driver);
  }

  /** Builds the drivers for `uris` (see drivers/uri.ts); throws ScannerUriError for a bad URI, before starting anything. */
  static fromUris(uris: readonly string[], deps: DriverDeps = {}, options: ScannerHubOptions = {}): ScannerHub {
    const drivers = uris.map((uri) => createDriver(uri, deps));
    return new ScannerHub(drivers, { now: deps.now, ...options });
  }

  addDriver(driver: ScannerDriver): void {
    if (this.sources.has(driver.sourceId)) throw new Error(`duplicate scanner source id ${driver.sourceId}`);
    const state: SourceStatus = {
      sourceId: driver.sourceId,
      kind: driver.kind,
      status: driver.status,
      connected: driver.status.state === 'connected',
      scanCount: 0,
      duplicatesDropped: 0,
      errorCount: 0,
    };
    const source: Source = { driver, state, unsubscribe: [] };
    source.unsubscribe.push(
      driver.on('scan', (scan) => this.onScan(source, scan)),
      driver.on('status', (status) => this.onStatus(source, status)),
      driver.on('warning', (warning) => this.onWarning(source, warning)),
    );
    this.sources.set(driver.sourceId, source);
    if (this.started) void this.startSource(source);
  }

  async removeDriver(sourceId: string): Promise<void> {
    const source = this.sources.get(sourceId);
    if (!source) return;
    this.sources.delete(sourceId);
    for (const unsubscribe of source.unsubscribe) unsubscribe();
    await source.driver.stop();
  }

  driver(sourceId: string): ScannerDriver | undefined {
    return this.sources.get(sourceId)?.driver;
  }

  async start(): Promise<void> {
    this.started = true;
    await Promise.all([...this.sources.values()].map((source) => this.startSource(source)));
  }

  async stop(): Promise<void> {
    this.started = false;
    await Promise.all([...this.sources.values()].map((source) => source.driver.stop().catch((error: unknown) => this.recordError(source, String(error)))));
  }

  /** Per-source status, in the order sources were added. */
  statuses(): SourceStatus[] {
    return [...this.sources.values()].map((source) => ({ ...source.state }));
  }

  /** The last scans, oldest first (at most `logSize`). */
  recentScans(): ScanEvent[] {
    return [...this.log.slice(this.logStart), ...this.log.slice(0, this.logStart)];
  }

  /** Entries in the double-read table (bounded by the scans of the last dedupe window). */
  get dedupeTableSize(): number {
    return this.lastSeen.size;
  }

  private async startSource(source: Source): Promise<void> {
    try {
      await source.driver.start();
    } catch (error) {
      // Drivers report missing devices as status; a throw here is a bug or a bad setup, shown per source.
      this.recordError(source, `start failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private onScan(source: Source, scan: RawScan): void {
    const now = this.now();
    if (this.isDoubleRead(scan.data, now)) {
      source.state.duplicatesDropped++;
      return;
    }
    const classification: ScanClassification = scan.truncated ? { kind: 'unknown', reason: 'too_long' } : classifyScan(scan.data, scan.symbology, this.rules());
    this.seq++;
    const event: ScanEvent = {
      id: `scan-${this.seq}`,
      seq: this.seq,
      sourceId: source.driver.sourceId,
      data: classification.kind === 'unknown' ? displayScanData(scan.data, this.displayMaxChars) : scan.data,
      ...(scan.symbology ? { symbology: scan.symbology } : {}),
      classification,
      receivedAt: scan.receivedAt,
      ...(scan.terminatorAt !== undefined ? { terminatorAt: scan.terminatorAt } : {}),
    };
    source.state.scanCount++;
    source.state.lastScanAt = now;
    this.appendLog(event);
    this.emit('scan', event);
  }

  private isDoubleRead(data: string, now: number): boolean {
    for (const [seen, at] of this.lastSeen) {
      // Map iteration is insertion order and entries are re-inserted when seen, so the oldest come first.
      if (now - at < this.dedupeWindowMs) break;
      this.lastSeen.delete(seen);
    }
    const previous = this.lastSeen.get(data);
    this.lastSeen.delete(data);
    this.lastSeen.set(data, now);
    return previous !== undefined && now - previous < this.dedupeWindowMs;
  }

  private appendLog(event: ScanEvent): void {
    if (this.log.length < this.logSize) {
      this.log.push(event);
      return;
    }
    this.log[this.logStart] = event;
    this.logStart = (this.logStart + 1) % this.logSize;
  }

  private onStatus(source: Source, status: ScannerStatus): void {
    source.state.status = status;
    source.state.connected = status.state === 'connected';
    if (status.state === 'disconnected') this.recordError(source, status.reason, false);
    if (status.state === 'error') this.recordError(source, status.message, false);
    this.emit('status', { ...source.state });
  }

  private onWarning(source: Source, warning: ScannerWarning): void {
    this.recordError(source, warning.message);
  }

  private recordError(source: Source, message: string, announce = true): void {
    source.state.errorCount++;
    source.state.lastError = { message, at: this.now() };
    if (announce) this.emit('status', { ...source.state });
  }
}
