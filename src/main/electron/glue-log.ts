/**
 * The Electron glue's own log: what happens before the core (and its log) exists — the start,
 * the app ready, the window, a failure to start, a crash of the main process. A kiosk started
 * by a desktop session has no terminal, so these lines must reach the same rotating files in
 * the data folder as the core's (src/main/log-files.ts, one shared destination per folder).
 *
 * Before the data folder is known (the configuration is read) the lines go to stdout only and
 * are kept in memory (bounded); `useDataDir` writes them to the files, in order, and from then
 * on every line goes to both. Every line is redacted as the core's are (src/main/log.ts).
 */
import { createKioskLog, levelOfLine, type KioskLog } from '../log';
import { logFilesDir, type LogLevel } from '../log-files';

/** Lines kept before the data folder is known: the start of the glue writes a handful. */
const EARLY_LINES_KEPT = 200;

export interface GlueLog extends KioskLog {
  /** From now on, lines also go to `<dataDir>/logs`; the early lines are written there first. */
  useDataDir(dataDir: string, secrets: readonly string[]): void;
}

export function createGlueLog(options: { sink?: (line: string) => void } = {}): GlueLog {
  // Without a sink, createKioskLog prints to stdout (the one place that does).
  const sink = options.sink ? { sink: options.sink } : {};
  let stdout: KioskLog = createKioskLog(sink);
  let files: KioskLog | null = null;
  const early: Array<{ level: LogLevel; line: string }> = [];
  const write = (level: LogLevel, line: string): void => {
    stdout[level](line);
    if (files) files[level](line);
    else if (early.length < EARLY_LINES_KEPT) early.push({ level, line });
  };
  return Object.assign((line: string) => write(levelOfLine(String(line)), String(line)), {
    info: (line: string) => write('info', line),
    warn: (line: string) => write('warn', line),
    error: (line: string) => write('error', line),
    useDataDir(dataDir: string, secrets: readonly string[]) {
      if (files) return;
      stdout = createKioskLog({ ...sink, secrets });
      files = createKioskLog({ sink: () => undefined, secrets, filesDir: logFilesDir(dataDir) });
      for (const { level, line } of early.splice(0)) files[level](line);
    },
    async close() {
      await files?.close();
      files = null;
    },
  });
}

/** The part of `process` the crash logging listens on. */
export interface CrashSource {
  on(event: 'uncaughtException', listener: (error: Error) => void): unknown;
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
}

function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/**
 * A crash of the main process (where the core runs in the app) is written to the log files
 * before the process ends, with exit code 1 so the session that started the kiosk restarts it
 * (Electron would otherwise show a native error dialog over the kiosk). A rejected promise
 * nobody awaited is logged as an error; the kiosk carries on, as Electron does.
 */
export function logCrashes(source: CrashSource, log: KioskLog, exit: (code: number) => void): void {
  source.on('uncaughtException', (error) => {
    log.error(`kiosk: crashed (uncaught exception), exiting so the session restarts the kiosk: ${describeError(error)}`);
    exit(1);
  });
  source.on('unhandledRejection', (reason) => {
    log.error(`kiosk: unhandled promise rejection: ${describeError(reason)}`);
  });
}

/** A failure to start, for the log: what failed and what to do next. */
export function startFailureLine(error: unknown): string {
  return `kiosk: failed to start; check the data folder (permissions, free space) and the configuration, then start the kiosk again: ${describeError(error)}`;
}
