/**
 * The kiosk's log files: JSON lines written by pino into `<data>/logs/kiosk.<n>.log`. A file
 * never grows past LOG_FILE_MAX_BYTES: the line that would cross the cap starts the next file,
 * and only LOG_FILES_KEPT older files are kept besides the current one (so at most
 * (kept + 1) × cap on disk). A kiosk started by a desktop session has no terminal: these files
 * are what staff send when a store calls for help.
 *
 * The files are written synchronously by a small rotating destination (below) rather than
 * pino-roll: pino-roll rotates on the stream's next drain after the cap is crossed, so a burst
 * overshoots it (17 KB over a 4 KB cap, measured under load); the cap here is exact.
 *
 * Redaction is pino's formatter here too (hooks.logMethod on the message, formatters.log on any
 * merged object), so nothing reaches a file without passing `redact` — also lines that did not
 * come through createKioskLog.
 */
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';

export type LogLevel = 'info' | 'warn' | 'error';

export const LOG_FILE_MAX_BYTES = 1024 * 1024;
export const LOG_FILES_KEPT = 4;
const FILE_PATTERN = /^kiosk\.(\d+)\.log$/;
const PINO_LEVELS: Record<number, LogLevel> = { 30: 'info', 40: 'warn', 50: 'error' };

/** Where the kiosk's log files live in its data folder. */
export function logFilesDir(dataDir: string): string {
  return join(dataDir, 'logs');
}

export interface LogFiles {
  /** The pino logger behind the files (already redacting). */
  readonly logger: Logger;
  write(level: LogLevel, line: string): void;
  close(): Promise<void>;
}

export interface LogEntry {
  /** Epoch milliseconds. */
  at: number;
  level: LogLevel;
  message: string;
}

/** A synchronous append-only destination that starts a new numbered file before one would pass `maxBytes`. */
class RotatingFile extends Writable {
  private fd: number | null = null;
  private number: number;
  private size = 0;

  constructor(
    private readonly dir: string,
    private readonly maxBytes: number,
    private readonly keep: number,
  ) {
    super();
    const numbers = logFileNames(dir).map((name) => Number(FILE_PATTERN.exec(name)?.[1]));
    this.number = numbers.at(-1) ?? 1;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    try {
      this.append(chunk);
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  private append(chunk: Buffer): void {
    if (this.fd === null) this.open();
    if (this.size > 0 && this.size + chunk.length > this.maxBytes) {
      closeSync(this.fd as number);
      this.number += 1;
      this.open();
      this.prune();
    }
    writeSync(this.fd as number, chunk);
    this.size += chunk.length;
  }

  private open(): void {
    const file = join(this.dir, `kiosk.${this.number}.log`);
    this.fd = openSync(file, 'a', 0o600);
    this.size = statSync(file).size;
  }

  private prune(): void {
    const names = logFileNames(this.dir);
    for (const name of names.slice(0, Math.max(0, names.length - this.keep - 1))) rmSync(join(this.dir, name), { force: true });
  }

  override _final(done: (error?: Error | null) => void): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    done();
  }
}

/** One rotating destination per folder in a process: the Electron glue and the core write the same files, and the cap holds for both. */
const shared = new Map<string, { destination: RotatingFile; users: number }>();

function sharedDestination(dir: string, maxBytes: number, keep: number): RotatingFile {
  const key = resolve(dir);
  const existing = shared.get(key);
  if (existing && !existing.destination.writableEnded) {
    existing.users += 1;
    return existing.destination;
  }
  mkdirSync(dir, { recursive: true });
  const destination = new RotatingFile(dir, maxBytes, keep);
  let reported = false;
  destination.on('error', (error) => {
    // The kiosk keeps running (stdout still has every line); the files are what is lost.
    if (!reported) console.error(`log: the log files in ${dir} cannot be written (${error.message}): check the data folder's permissions and free space.`);
    reported = true;
  });
  shared.set(key, { destination, users: 1 });
  return destination;
}

async function releaseDestination(dir: string, destination: RotatingFile): Promise<void> {
  const key = resolve(dir);
  const entry = shared.get(key);
  if (entry?.destination === destination) {
    entry.users -= 1;
    if (entry.users > 0) return;
    shared.delete(key);
  }
  if (destination.writableEnded) return;
  await new Promise<void>((resolveEnd) => destination.end(() => resolveEnd()));
}

/**
 * Opens the rotating files in `dir`; a folder that cannot be written loses the files, never the
 * kiosk. Opening the same folder twice in one process shares one destination (the first opener's
 * cap and count), each opener with its own redaction; the files close with the last user.
 */
export function openLogFiles(options: {
  dir: string;
  redact: (text: string) => string;
  maxBytes?: number;
  keep?: number;
}): LogFiles {
  const destination = sharedDestination(options.dir, options.maxBytes ?? LOG_FILE_MAX_BYTES, options.keep ?? LOG_FILES_KEPT);
  let closed = false;
  const redactDeep = (value: unknown): unknown => JSON.parse(options.redact(JSON.stringify(value)));
  const logger = pino(
    {
      base: undefined,
      timestamp: pino.stdTimeFunctions.epochTime,
      hooks: {
        logMethod(args, method) {
          const redacted = args.map((arg) => (typeof arg === 'string' ? options.redact(arg) : arg)) as Parameters<typeof method>;
          method.apply(this, redacted);
        },
      },
      formatters: { log: (object) => redactDeep(object) as Record<string, unknown> },
    },
    destination,
  );
  return {
    logger,
    write: (level, line) => {
      if (!closed && !destination.writableEnded) logger[level](line);
    },
    async close() {
      if (closed) return;
      closed = true;
      await releaseDestination(options.dir, destination);
    },
  };
}

/** The log files in `dir`, oldest first. */
export function logFileNames(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .map((name) => ({ name, number: Number(FILE_PATTERN.exec(name)?.[1] ?? NaN) }))
    .filter((file) => Number.isInteger(file.number))
    .sort((a, b) => a.number - b.number)
    .map((file) => file.name);
}

/** Every entry of the log files, oldest first; lines that are not kiosk JSON are skipped. */
export function readLogEntries(dir: string): LogEntry[] {
  const entries: LogEntry[] = [];
  for (const name of logFileNames(dir)) {
    for (const line of readFileSync(join(dir, name), 'utf8').split('\n')) {
      if (!line) continue;
      try {
        const parsed = JSON.parse(line) as { time?: unknown; level?: unknown; msg?: unknown };
        const level = PINO_LEVELS[Number(parsed.level)];
        if (level && typeof parsed.time === 'number' && typeof parsed.msg === 'string') entries.push({ at: parsed.time, level, message: parsed.msg });
      } catch {
        // A line cut short by a power loss: skipped.
      }
    }
  }
  return entries;
}

/** The newest warnings and errors, newest first. */
export function recentProblems(dir: string, limit: number): LogEntry[] {
  return readLogEntries(dir)
    .filter((entry) => entry.level !== 'info')
    .slice(-limit)
    .reverse();
}

/** The whole log as text for staff to send, one line per entry, redacted once more on the way out. */
export function exportLogText(dir: string, redact: (text: string) => string): { text: string; lines: number } {
  const entries = readLogEntries(dir);
  const text = entries.map((entry) => `${new Date(entry.at).toISOString()} ${entry.level.toUpperCase().padEnd(5)} ${redact(entry.message)}`).join('\n');
  return { text: entries.length > 0 ? `${text}\n` : '', lines: entries.length };
}
