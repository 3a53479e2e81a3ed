/** The scanner room's public entry: the hub of every scanner source and its kiosk API. */
import type { ScanEvent } from './hub';

export { createScannerModule, joinScannerEntries, type ScannerModule, type ScannerModuleDeps, type ScannerModuleOptions } from './scanner-module';
export type { ScanEvent, SourceStatus } from './hub';

/** A recent scan by id, with its full data (app tokens included); null when gone. */
export type ScanLookup = (scanId: string) => ScanEvent | null;
