import { EventEmitter } from 'node:events';
import { KioskError, type KioskErrorShape } from '../../shared/errors';
import {
  isKioskMethod,
  KIOSK_METHODS,
  kioskApi,
  type HostMode,
  type KioskEventEnvelope,
  type KioskEventName,
  type KioskEventPayload,
  type KioskInput,
  type KioskMethod,
  type KioskOutput,
  type KioskResult,
  type Connectivity,
} from '../../shared/kiosk-api';
import { resolveDeviceIdentity, type DeviceIdentity, type KioskConfig } from '../config';
import { openKioskDatabase, type SqliteDatabase } from '../db/database';
import { classifyDatabaseError } from '../db/errors';
import { fileKeyProvider, SealingKey, type DraftKeyProvider } from '../db/sealing';
import type { CoreBasics, CoreModule, HandlerMap } from '../kiosk-module';
import { createKioskLog, type KioskLog } from '../log';
import { seedDemoStaff, StaffService } from '../staff';
import { sealOutboxPayloads, type OutboxHandlers } from '../sync/outbox';
import { METHOD_ACCESS } from '../../shared/method-roles';
import { DEMO_DEVICE_ID, DEMO_DEVICE_SECRET } from '../../portal/demo-seed';
import type { SettingsSource } from '../settings';
import { createRooms } from './rooms';
import { createSyncServices, type SyncServices } from './services';
import { logFilesDir } from '../log-files';
import { checkAtRestKey, type AtRestKeyStatus } from './key-check';
import type { KioskHostControl } from '../host-control';

export interface KioskCoreOptions {
  config: KioskConfig;
  hostMode: HostMode;
  version: string;
  /** The portal the kiosk talks to; `embedded` when it is the in-process reference portal. */
  portal: { url: string; embedded: boolean };
  demo: boolean;
  now?: () => number;
  log?: (line: string) => void;
  /** Seals counter drafts; default: a 0600 key file in the data folder (the Electron app passes safeStorage). */
  draftKeyProvider?: DraftKeyProvider;
  /** The host's stop and restart (Electron glue, web host); none: leaving kiosk mode is refused. */
  host?: KioskHostControl;
  /** Where the first-admin set-up code is printed: stdout by default, never the log files. */
  announce?: (line: string) => void;
  /**
   * When the sync services (reachability probes, outbox drain, audit anchor) start: `now` (the
   * default, for in-process callers), or `afterFirstPaintMs` after the attract screen has its
   * state (or when the host calls `startBackgroundWork()`, whichever comes first). Hosts pass the
   * latter: the first probe loads Node's fetch (undici, 100–200 ms of CPU on the loop), which was
   * on the path to the ready line and, started at the first paint, held the attract screen's
   * next requests (its fonts, the home screen's chunk) behind it (issue 18).
   */
  backgroundStart?: 'now' | { afterFirstPaintMs: number };
}

/**
 * What the attract screen asks while it comes up: answered at once, even while first-start work
 * (demo staff PIN hashes) still runs. Every other call waits for that work to finish.
 */
const FIRST_PAINT_METHODS: ReadonlySet<string> = new Set(['getKioskState', 'getScannerOverview', 'getWedgeSettings']);

/** The attract screen's last call before it can be tapped: background work may start once it is answered. */
const ATTRACT_READY_METHOD = 'getKioskState';

/**
 * The platform-agnostic kiosk core: owns the database, the services and the event stream.
 * Both hosts call `call(method, input)` with whatever arrived over their wire; the core
 * validates it against the shared schemas and always answers with an envelope.
 */
export class KioskCore {
  readonly events = new EventEmitter();
  private readonly now: () => number;
  private readonly log: KioskLog;
  private db: SqliteDatabase | null = null;
  private databaseProblem: KioskErrorShape | null = null;
  /** Whether the at-rest key opens what it sealed (checked at start; the staff status screen shows it). */
  private atRestKey: AtRestKeyStatus = { state: 'ok' };
  private staff: StaffService | null = null;
  private sync: SyncServices | null = null;
  /** First-start work that runs after the core answers (seeding staff: slow scrypt hashes). */
  private firstStart: Promise<void> = Promise.resolve();
  /** That work until it begins (beginFirstStart): null once begun or when there is none. */
  private firstStartWork: (() => Promise<void>) | null = null;
  /** Once first-start work is over, calls run without an extra turn of the event loop (as they always did). */
  private firstStartDone = true;
  /** The one at-rest key of the core: drafts, queued payloads, roster names and names on register rows are sealed with it (see rooms.ts). */
  private readonly sealingKey: SealingKey;
  /** The device credential, resolved once from the configuration. */
  private readonly device: DeviceIdentity;
  private readonly modules: CoreModule[];
  /** The settings in force (the settings room), for what the core itself builds (staff sessions). */
  private readonly settings: SettingsSource;
  private readonly handlers: HandlerMap;
  private backgroundStarted = false;
  private closed = false;
  private backgroundTimer: NodeJS.Timeout | null = null;

  private constructor(private readonly options: KioskCoreOptions) {
    this.now = options.now ?? Date.now;
    // Every line of the core and its services is redacted (no PII, no device secret), whatever sink the host passes.
    // …and also goes to the rotating log files in the data folder (staff status screen, export).
    this.log = createKioskLog({ ...(options.log ? { sink: options.log } : {}), secrets: [options.config.deviceSecret ?? '', DEMO_DEVICE_SECRET], filesDir: logFilesDir(options.config.dataDir) });
    this.sealingKey = new SealingKey(options.draftKeyProvider ?? fileKeyProvider(options.config.dataDir));
    // Demo mode talks to the reference portal's seeded demo device.
    this.device = resolveDeviceIdentity(options.config, options.demo, { id: DEMO_DEVICE_ID, secret: DEMO_DEVICE_SECRET });
    const rooms = this.createModules();
    this.modules = rooms.modules;
    this.settings = rooms.settings;
    this.handlers = Object.assign({}, ...this.modules.map((module) => module.handlers)) as HandlerMap;
    const missing = KIOSK_METHODS.filter((method) => !this.handlers[method]);
    if (missing.length > 0) throw new Error(`Kiosk API methods without a handler: ${missing.join(', ')}`);
  }

  static async create(options: KioskCoreOptions): Promise<KioskCore> {
    const core = new KioskCore(options);
    await core.openDatabase();
    if (!core.databaseProblem) {
      for (const module of core.modules) await module.start?.();
      if ((options.backgroundStart ?? 'now') === 'now') core.startBackgroundWork();
    }
    return core;
  }

  /** After the attract screen's state went out, once: the sync starts when the screen's own requests are served. */
  private scheduleBackgroundWork(): void {
    const { backgroundStart } = this.options;
    if (this.backgroundStarted || this.backgroundTimer || backgroundStart === undefined || backgroundStart === 'now') return;
    this.backgroundTimer = setTimeout(() => this.startBackgroundWork(), backgroundStart.afterFirstPaintMs);
  }

  /** Starts the sync services and the first-start work once (reachability, outbox drain, audit anchor, staff seeding); see `backgroundStart`. */
  startBackgroundWork(): void {
    if (this.backgroundStarted || this.closed) return;
    this.backgroundStarted = true;
    if (this.backgroundTimer) clearTimeout(this.backgroundTimer);
    void this.beginFirstStart();
    this.sync?.start();
  }

  /** Begins the first-start work if it has not begun; resolves when it is over. */
  private beginFirstStart(): Promise<void> {
    const work = this.firstStartWork;
    if (work) {
      this.firstStartWork = null;
      this.firstStart = work();
    }
    return this.firstStart;
  }

  /** Validates and runs one kiosk API call. Never throws: failures come back as typed errors. */
  async call(method: unknown, rawInput: unknown): Promise<KioskResult<unknown>> {
    if (!isKioskMethod(method)) {
      return failure(new KioskError('unknown_method', `There is no kiosk API method named ${methodName(method)}.`));
    }
    const parsed = kioskApi[method].input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      return failure(
        new KioskError('invalid_input', `The input of ${method} is not valid.`, {
          issues: parsed.error.issues.slice(0, 10).map((issue) => ({ path: issue.path.map(String), message: issue.message })),
        }),
      );
    }
    if (!this.firstStartDone && !FIRST_PAINT_METHODS.has(method)) await this.beginFirstStart();
    try {
      // THE role table (src/shared/method-roles.ts) decides who may call what, before any handler runs.
      const { session } = METHOD_ACCESS[method];
      if (session !== 'none') {
        if (!this.staff) throw new KioskError(this.databaseProblem?.code ?? 'db_unavailable', this.databaseProblem?.message ?? 'The database is not open.');
        this.staff.require(session, { allowPinChange: method === 'staffChangeOwnPin' });
      }
      const handler = this.handlers[method] as unknown as (input: unknown) => unknown;
      const value = await handler(parsed.data);
      if (method === ATTRACT_READY_METHOD) this.scheduleBackgroundWork();
      // The output schema guards the renderer against the core's own mistakes.
      return { ok: true, value: kioskApi[method].output.parse(value) };
    } catch (error) {
      if (error instanceof KioskError) return failure(error);
      if (isSqliteError(error)) return failure(classifyDatabaseError(error, this.options.config.databaseFile));
      this.log(`kiosk: ${method} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return failure(new KioskError('internal', 'Something went wrong inside the kiosk.'));
    }
  }

  /** Typed helper for in-process callers (tests, Electron main). */
  async invoke<M extends KioskMethod>(method: M, input: KioskInput<M>): Promise<KioskResult<KioskOutput<M>>> {
    return (await this.call(method, input)) as KioskResult<KioskOutput<M>>;
  }

  /** The database and sync services, for in-process callers (tests, benchmarks); null when the database is down. */
  services(): { db: SqliteDatabase; sync: SyncServices } | null {
    return this.db && this.sync ? { db: this.db, sync: this.sync } : null;
  }

  onEvent(listener: (envelope: KioskEventEnvelope) => void): () => void {
    this.events.on('event', listener);
    return () => this.events.off('event', listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.backgroundTimer) clearTimeout(this.backgroundTimer);
    await this.firstStart;
    await this.sync?.shutdown();
    for (const module of [...this.modules].reverse()) await module.stop?.();
    this.staff?.dispose();
    this.db?.close();
    this.db = null;
    await this.log.close();
  }

  private emit<E extends KioskEventName>(event: E, payload: KioskEventPayload<E>): void {
    this.events.emit('event', { event, payload } satisfies KioskEventEnvelope<E>);
  }

  private async openDatabase(): Promise<void> {
    const { config } = this.options;
    try {
      this.db = openKioskDatabase(config.databaseFile);
    } catch (error) {
      // The kiosk still starts and tells staff what is wrong, instead of crashing.
      const problem = classifyDatabaseError(error, config.databaseFile);
      this.databaseProblem = problem.toJSON();
      this.log(`kiosk: database problem (${problem.code}): ${problem.message}`);
      return;
    }
    this.staff = new StaffService({
      db: this.db,
      now: this.now,
      lockoutSeconds: config.pinLockoutSeconds,
      idleSeconds: () => this.settings.current().session.staffIdleSeconds,
      onSessionChange: (session) => this.emit('staffSession', session),
    });
    // Off the path to the first tap: hashing PINs takes the thread pool a few hundred ms of CPU,
    // which the browser needs while it builds the attract screen. It starts with the background
    // work, or at once when a call needs staff (see beginFirstStart).
    const staff = this.staff;
    this.firstStartDone = false;
    this.firstStartWork = () =>
      seedDemoStaff(staff, { demo: this.options.demo, initialAdminPin: config.initialAdminPin, log: this.log })
        .catch((error: unknown) => {
          this.log(`kiosk: staff accounts could not be created: ${error instanceof Error ? error.message : String(error)}`);
        })
        .finally(() => {
          this.firstStartDone = true;
        });
    // Queued sign-ups and email changes carry personal data: their payloads are sealed at rest
    // (with the key of the moment: after a wipe, the next payload gets the fresh key).
    const sealing = () => this.sealingKey.current();
    sealOutboxPayloads(this.db, {
      seal: (payload, clientRequestId) => sealing().seal(payload, `outbox:${clientRequestId}`).toString('base64'),
      open: (sealed, clientRequestId) => sealing().open(Buffer.from(sealed, 'base64'), `outbox:${clientRequestId}`),
    });
    this.atRestKey = this.checkAtRestKey(this.db);
    this.sync = this.createSync(this.db);
  }

  /** A lost key never stops the kiosk: money is never sealed; staff are told what personal data is gone. */
  private checkAtRestKey(db: SqliteDatabase): AtRestKeyStatus {
    let cipher;
    try {
      cipher = this.sealingKey.current();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.log(`kiosk: at-rest key unavailable: ${message}`);
      return { state: 'unavailable', message };
    }
    const status = checkAtRestKey(db, cipher, this.now());
    if (status.state === 'replaced') this.log(`kiosk: the at-rest key was replaced; personal data lost: ${status.report.operations.length} queued operation(s), ${status.report.drafts} draft(s)`);
    return status;
  }

  private createSync(db: SqliteDatabase): SyncServices {
    const { config, portal } = this.options;
    const handlers: OutboxHandlers = Object.assign({}, ...this.modules.map((module) => module.outboxHandlers ?? {}));
    const sync = createSyncServices({
      db,
      portalUrl: portal.url,
      // Demo mode talks to the reference portal's seeded demo device.
      deviceId: this.device.id,
      deviceSecret: this.device.secret,
      handlers,
      healthIntervalMs: config.healthIntervalMs,
      sealing: () => this.sealingKey.current(),
      log: this.log,
    });
    sync.connectivity.onChange((snapshot) => this.emit('connectivity', { state: snapshot.state, checkedAt: snapshot.checkedAt, lastOnlineAt: snapshot.lastOnlineAt }));
    return sync;
  }

  private connectivity(): Connectivity {
    if (!this.sync) return { state: 'offline', checkedAt: null, lastOnlineAt: null };
    const { state, checkedAt, lastOnlineAt } = this.sync.connectivity.snapshot();
    return { state, checkedAt, lastOnlineAt };
  }

  private async endSession(): Promise<void> {
    for (const module of this.modules) await module.endSession?.();
  }

  /** The composition root's one place that hands every room its interfaces (./rooms). */
  private createModules(): ReturnType<typeof createRooms> {
    const { config, hostMode, version, portal, demo } = this.options;
    const unavailable = () =>
      new KioskError(this.databaseProblem?.code ?? 'db_unavailable', this.databaseProblem?.message ?? 'The database is not open.');
    const basics: CoreBasics = { config, hostMode, version, demo, portalLink: portal, startedAt: this.now(), now: this.now, log: this.log, emit: (event, payload) => this.emit(event, payload) };
    return createRooms(
      basics,
      {
        db: () => {
          if (!this.db) throw unavailable();
          return this.db;
        },
        staff: () => {
          if (!this.staff) throw unavailable();
          return this.staff;
        },
        sync: () => {
          if (!this.sync) throw unavailable();
          return this.sync;
        },
        sealing: () => this.sealingKey.current(),
        forgetSealingKey: () => this.sealingKey.forget(),
      },
      { connectivity: () => this.connectivity(), databaseProblem: () => this.databaseProblem, atRestKey: () => this.atRestKey, endSession: () => this.endSession() },
      this.device.id,
      { host: this.options.host ?? null, announce: this.options.announce ?? ((line) => void process.stdout.write(`${line}\n`)) },
    );
  }
}

function failure(error: KioskError): KioskResult<never> {
  return { ok: false, error: error.toJSON() };
}

/** A hostile caller's method name for the message: any value, even one whose toString throws. */
function methodName(method: unknown): string {
  try {
    return JSON.stringify(String(method)).slice(0, 80);
  } catch {
    return `(a ${typeof method})`;
  }
}

function isSqliteError(error: unknown): boolean {
  return error instanceof Error && error.name === 'SqliteError';
}
