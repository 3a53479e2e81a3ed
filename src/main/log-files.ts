/**
 * The kiosk's log files: JSON lines written by pino into `<data>/logs/kiosk.<n>.log`, rotated
 * by pino-roll when a file reaches LOG_FILE_MAX_BYTES, keeping LOG_FILES_KEPT older files
 * besides the current one (so at most (kept + 1) × cap on disk). A kiosk started by a desktop
 * session has no terminal: these files are what staff send when a store calls for help.
 *
 * Redaction is pino's formatter here too (hooks.logMethod on the message, formatters.log on any
 * merged object), so nothing reaches a file without passing `redact` — also lines that did not
 * come through createKioskLog.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import pinoRoll from 'pino-roll';

export type LogLevel = 'info' | 'warn' | 'error';

export const LOG_FILE_MAX_BYTES = 1024 * 1024;
export const LOG_FILES_KEPT = 4;
const FILE_BASE = 'kiosk';
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

/**
 * Opens the rotating files in `dir`. pino-roll opens its file asynchronously: lines logged
 * before it is ready wait in memory (a start-up's worth) and are written in order.
 */
export function openLogFiles(options: {
  dir: string;
  redact: (text: string) => string;
  maxBytes?: number;
  keep?: number;
}): LogFiles {
  mkdirSync(options.dir, { recursive: true });
  let roll: Writable | null = null;
  let failed = false;
  const waiting: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (roll) roll.write(chunk.toString());
      else if (!failed) waiting.push(chunk.toString());
      done();
    },
  });
  const opening = pinoRoll({
    file: join(options.dir, FILE_BASE),
    extension: '.log',
    size: `${Math.max(1, Math.floor((options.maxBytes ?? LOG_FILE_MAX_BYTES) / 1024))}k`,
    limit: { count: options.keep ?? LOG_FILES_KEPT },
    mkdir: true,
  }).then(
    (stream) => {
      roll = stream;
      for (const chunk of waiting.splice(0)) roll.write(chunk);
      return roll;
    },
    (error: unknown) => {
      // The kiosk keeps running (stdout still has every line); the files are what is lost.
      failed = true;
      waiting.length = 0;
      console.error(`log: the log files in ${options.dir} cannot be written (${error instanceof Error ? error.message : String(error)}): check the data folder's permissions and free space.`);
      return null;
    },
  );
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
    write: (level, line) => logger[level](line),
    async close() {
      logger.flush();
      const stream = await opening;
      if (!stream) return;
      await new Promise<void>((resolve) => {
        stream.once('close', () => resolve());
        stream.end();
      });
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
